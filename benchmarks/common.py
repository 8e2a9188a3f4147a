"""Shared pieces of the benchmark scripts: machine description, tables, JSON output."""

from __future__ import annotations

import json
import platform
import time
from pathlib import Path

from helpers.env import library_versions

RESULTS_DIR = Path(__file__).parent / "results"


def machine() -> dict:
    """CPU/GPU, core count and library versions of this run."""
    import os

    import torch

    info = {
        "date": time.strftime("%Y-%m-%d"),
        "platform": f"{platform.system()} {platform.machine()}",
        "cpu_cores": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
    }
    info.update(library_versions())
    return info


def command_line(module: str, argv: list[str] | None) -> str:
    """The command that reproduces this run, with its arguments (``--out`` left out)."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    if "--out" in args:
        i = args.index("--out")
        del args[i : i + 2]
    return " ".join([f"python -m benchmarks.{module}", *args])


def table(rows: list[dict], columns: list[str]) -> str:
    """A Markdown table of ``rows`` (dicts) restricted to ``columns``."""

    def fmt(value):
        if isinstance(value, float):
            return f"{value:,.3g}" if abs(value) < 100 else f"{value:,.0f}"
        return "–" if value is None else str(value)

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(fmt(r.get(c, "")) for c in columns) + " |" for r in rows]
    return "\n".join(lines)


def save(name: str, rows: list[dict], columns: list[str], command: str, out_dir=None) -> Path:
    """Print the table and write ``{machine, command, rows}`` as JSON; returns the path."""
    out = Path(out_dir) if out_dir else RESULTS_DIR
    out.mkdir(parents=True, exist_ok=True)
    print(table(rows, columns))
    path = out / f"{name}.json"
    path.write_text(
        json.dumps({"machine": machine(), "command": command, "rows": rows}, indent=2) + "\n"
    )
    print(f"\nwritten to {path}")
    return path
