"""Execution time of each notebook, headless, with the offline overrides (as in CI).

Usage (repository root): python -m benchmarks.bench_notebooks [--smoke]
(--smoke runs notebook 01 only.)
"""

import argparse
import tempfile
from pathlib import Path

from benchmarks.common import command_line, save
from tooling import notebooks


def main(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)
    paths = notebooks.notebook_paths()[:1] if args.smoke else notebooks.notebook_paths()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            _, seconds = notebooks.execute_notebook(path, Path(tmp))
            rows.append({"notebook": path.name, "seconds": seconds})
            print(rows[-1], flush=True)
    rows.append({"notebook": "total", "seconds": sum(r["seconds"] for r in rows)})
    command = command_line("bench_notebooks", argv)
    save(
        "notebooks" + ("_smoke" if args.smoke else ""),
        rows,
        ["notebook", "seconds"],
        command,
        args.out,
    )
    return rows


if __name__ == "__main__":
    main()
