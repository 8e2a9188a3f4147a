"""Render the executed notebooks (build/notebooks) to a static site (build/site/index.html).

Usage: python scripts/build_site.py [--notebooks build/notebooks] [--out build/site]
"""

import argparse
import sys
from pathlib import Path

from helpers.paths import REPO_ROOT
from tooling.site import build_site


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", type=Path, default=REPO_ROOT / "build" / "notebooks")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "build" / "site")
    args = parser.parse_args()
    index = build_site(args.notebooks, args.out)
    print(f"Static site: {index} (open it in a browser)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
