"""Execution time of each notebook, headless, with the offline overrides (as in CI), and
the results each one prints (``metadata.tutorial.results``), which README's results table
is written from (``python -m benchmarks.report``).

Usage (repository root, alone on the machine): python -m benchmarks.bench_notebooks [--smoke]
(--smoke runs notebook 01 only.)
"""

import argparse
import json
import tempfile
from pathlib import Path

from benchmarks.common import command_line, save
from tooling import notebooks


def main(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--out", default=None)
    parser.add_argument(
        "--executed-dir", type=Path, default=None, help="keep the executed copies here"
    )
    args = parser.parse_args(argv)
    paths = notebooks.notebook_paths()[:1] if args.smoke else notebooks.notebook_paths()
    rows, results = [], []
    if not args.smoke:
        notebooks.start_clean()  # measured as on a fresh machine, with nothing left over
    with tempfile.TemporaryDirectory() as tmp:
        executed = args.executed_dir or Path(tmp)
        for path in paths:
            _, seconds = notebooks.execute_notebook(path, executed)
            rows.append({"notebook": path.name, "seconds": seconds})
            print(rows[-1], flush=True)
            found = executed / f"{path.stem}.results.json"
            if found.is_file():
                for name, value in json.loads(found.read_text()).items():
                    results.append({"notebook": path.name, "result": name, "value": value})
    rows.append({"notebook": "total", "seconds": sum(r["seconds"] for r in rows)})
    command = command_line("bench_notebooks", argv)
    if results and not args.smoke:
        save("notebook_results", results, ["notebook", "result", "value"], command, args.out)
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
