"""Rebuild the bundled synthetic MInDS-14 stand-in in data/minds14-synthetic/.

Usage: python scripts/make_dataset.py [--seed 0] [--out data/minds14-synthetic]
       python scripts/make_dataset.py --out-of-scope [--out data/out-of-scope]
       python scripts/make_dataset.py --multilingual [--out data/minds14-multilingual]
--out-of-scope writes the out-of-scope requests instead (speech about other things, by the
test voices): what helpers.calibration's "I don't know" is measured on. --multilingual writes
the multilingual stand-in (12 locales, six voices each: train, validation and test files).
Needs espeak-ng and ffmpeg (`sudo apt-get install espeak-ng ffmpeg`).
"""

import argparse
import time
from pathlib import Path

from helpers import paths
from tooling import synth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--out-of-scope", action="store_true")
    parser.add_argument("--multilingual", action="store_true")
    args = parser.parse_args()
    if args.out_of_scope:
        out = args.out or paths.data_dir() / "out-of-scope"
        print(f"{synth.write_out_of_scope(out, seed=args.seed)} out-of-scope clips -> {out}")
        return
    default = "minds14-multilingual" if args.multilingual else "minds14-synthetic"
    out = args.out or paths.data_dir() / default
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    build = synth.build_multilingual_dataset if args.multilingual else synth.build_dataset
    dataset = build(seed=args.seed)
    for split, ds in dataset.items():
        ds.to_parquet(str(out / f"{split}.parquet"))
        print(f"{split}: {ds.num_rows} clips -> {out / f'{split}.parquet'}")
    size = sum(f.stat().st_size for f in out.glob("*.parquet")) / 1e6
    print(f"Done in {time.perf_counter() - start:.0f} s, {size:.1f} MB of parquet.")


if __name__ == "__main__":
    main()
