"""Execute every notebook headless with its offline overrides; write executed copies.

Usage: python scripts/run_notebooks.py [--out build/notebooks] [NOTEBOOK ...]
Without NOTEBOOK arguments every notebook runs, in order, from a clean state: an earlier
run's notebooks/outputs is first moved to notebooks/outputs-previous (one kept).
"""

import argparse
import os
import sys
from pathlib import Path

import nbformat

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
    if not args.notebooks:  # all of them: from a clean state, as on a fresh machine
        notebooks.start_clean()
    for path in paths:
        print(f"Running {path.name} (offline demo) ...", flush=True)
        out, seconds = notebooks.execute_notebook(path.resolve(), args.out)
        print(f"  done in {seconds:.0f} s -> {out}", flush=True)
    noise = {
        path.name: notebooks.output_noise(nbformat.read(args.out / path.name, as_version=4))
        for path in paths
    }
    for name, found in noise.items():
        for line in found:
            print(f"{name}, {line}")
    if any(noise.values()):
        print("The executed notebooks printed the noise listed above: fix it before publishing.")
        return 1
    print(f"\nExecuted notebooks (with outputs and figures) are in {args.out}")
    print("Open them with: .venv/bin/jupyter lab " + str(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
