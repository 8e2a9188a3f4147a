"""Classify every audio file in a folder with a fine-tuned model; one CSV row per file.

    python scripts/classify.py PATH [--model DIR_OR_ID] [--out results.csv] [--top-k 3]
                               [--batch-size 8] [--window-s S] [--hop-s S] [--max-whole-s S]
                               [--resume | --overwrite] [--quiet]

PATH is searched at any depth for WAV/FLAC/OGG/MP3 files (any rate, mono or stereo).
--model: a saved model folder (PyTorch, or ONNX from scripts/export_onnx.py) or a Hub id,
used as named or refused in one sentence (exit 2).
Without it: notebook 03's folder, else the public MInDS-14 checkpoint (its labels checked),
else (offline) the bundled demo classifier, said in one sentence.
Rows (file, label, score, top_k, duration_s, windows, error) are written as they are
produced, so an interrupted run keeps them; --resume adds only the files the CSV lacks.
A model calibrated with helpers.calibration carries an abstention threshold: a file whose
top score is below it gets the label "unknown" (score and top_k still say what it leant
towards), never a silently uncertain intent.
Files that cannot be used get a row with the reason and are listed in the summary; long
recordings are classified by overlapping windows in bounded memory. Exit status: 0 when
every file was classified, 1 when some were skipped, 2 on bad arguments (a model that
cannot be had, a folder without audio files, an existing --out).
"""

import argparse
import sys
from pathlib import Path

from helpers import env, inference, models


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="folder of recordings")
    parser.add_argument("--model", default=None, help="saved model folder or Hub id")
    parser.add_argument("--out", type=Path, default=Path("results.csv"))
    parser.add_argument("--top-k", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--window-s", type=float, default=None, help="window for long files")
    parser.add_argument("--hop-s", type=float, default=None, help="default: half a window")
    parser.add_argument("--max-whole-s", type=float, default=None, help="longest whole clip")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--resume", action="store_true", help="add the files --out lacks")
    group.add_argument("--overwrite", action="store_true", help="replace an existing --out")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    if not args.path.is_dir():
        parser.error(f"{args.path} is not a folder: pass the folder that holds the recordings.")
    try:  # a model you named is used or refused; only the default falls back
        model, origin = models.find_model(args.model)
    except (FileNotFoundError, ConnectionError, LookupError) as error:
        parser.error(str(error))
    bars = env.quiet_off_terminal()  # no bar redraws in a log file or a pipe
    print(origin.note)
    classifier = inference.load_classifier(model)
    try:
        _, summary = inference.classify_folder(
            classifier, args.path, out=args.out, top_k=args.top_k, batch_size=args.batch_size,
            window_s=args.window_s, hop_s=args.hop_s, max_whole_s=args.max_whole_s,
            resume=args.resume, overwrite=args.overwrite, progress=bars and not args.quiet,
        )  # fmt: skip
    except (FileExistsError, FileNotFoundError) as error:  # --out exists; no audio files
        parser.error(str(error))
    print(summary)
    return 1 if summary.skipped else 0


if __name__ == "__main__":
    sys.exit(main())
