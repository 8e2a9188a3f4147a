"""Execute every notebook headless with its offline overrides; write executed copies.

Usage: python scripts/run_notebooks.py [--out build/notebooks] [NOTEBOOK ...]
"""

import argparse
import os
import sys
from pathlib import Path

from helpers.paths import REPO_ROOT
from tooling import notebooks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "build" / "notebooks")
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args()
    # A non-interactive backend set for the caller (the tests set Agg) would leave the
    # executed copies without figures: kernels use Jupyter's inline backend.
    os.environ.pop("MPLBACKEND", None)
    paths = args.notebooks or notebooks.notebook_paths()
    timings = {}
    for path in paths:
        print(f"Running {path.name} (offline demo) ...", flush=True)
        out, seconds = notebooks.execute_notebook(path.resolve(), args.out)
        timings[path.name] = seconds
        print(f"  done in {seconds:.0f} s -> {out}", flush=True)
    notebooks.write_timings(timings, args.out / "timings.json")
    print(f"\nExecuted notebooks (with outputs and figures) are in {args.out}")
    print("Open them with: .venv/bin/jupyter lab " + str(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
