"""Pre-train the tiny wav2vec2 stand-in used by the offline fine-tuning demo.

Writes data/tiny-models/wav2vec2-pretrained/ (safetensors encoder + feature extractor +
pretraining.json with the settings and measured history). See src/tooling/pretraining.py
for what it learns and why. Needs espeak-ng and ffmpeg; about 28 minutes on 2 CPU cores.
The defaults are the settings the committed checkpoint was made with (a test compares
them with its pretraining.json).

Usage: python scripts/pretrain_tiny_wav2vec2.py [--utterances 1600] [--mel-epochs 3] [--epochs 20]
"""

import argparse
import json
import time

import torch

from helpers import paths
from tooling import pretraining


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--utterances", type=int, default=1600)
    parser.add_argument("--mel-epochs", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    return parser


def main() -> None:
    args = build_parser().parse_args()
    torch.set_num_threads(2)
    start = time.perf_counter()
    print("Synthesising the pre-training corpus ...")
    corpus, words = pretraining.make_corpus(args.utterances, seed=args.seed)
    print(f"Pre-training on {len(corpus)} utterances, {len(words)} words + silence ...")
    model, history = pretraining.pretrain(
        corpus, len(words) + 1, mel_epochs=args.mel_epochs, epochs=args.epochs, seed=args.seed
    )
    out = pretraining.save_encoder(model, paths.data_dir() / "tiny-models" / "wav2vec2-pretrained")
    report = {
        "task": "log-mel regression, then frame-level word recognition (vocabulary + silence)",
        "utterances": len(corpus),
        "vocabulary_size": len(words),
        "voices": [v.espeak_voice for v in pretraining.pretraining_voices(seed=args.seed)],
        "mel_epochs": args.mel_epochs,
        "epochs": args.epochs,
        "seed": args.seed,
        "history": history,
        "seconds": round(time.perf_counter() - start),
    }
    (out / "pretraining.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"Saved to {out} in {report['seconds']} s")


if __name__ == "__main__":
    main()
