"""Write the tiny offline checkpoints to data/tiny-models/{wav2vec2,ast}/ (seeded, safetensors).

Usage: python scripts/make_tiny_checkpoints.py [--seed 0]
"""

import argparse

from helpers import paths
from tooling import checkpoints


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    for name, build in checkpoints.TINY_MODELS.items():
        out = build(paths.data_dir() / "tiny-models" / name, seed=args.seed)
        size = sum(f.stat().st_size for f in out.iterdir()) / 1e6
        print(f"{name}: {out} ({size:.2f} MB)")


if __name__ == "__main__":
    main()
