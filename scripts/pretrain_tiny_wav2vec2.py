"""Pre-train the tiny wav2vec2 stand-in used by the offline fine-tuning demo.

Writes data/tiny-models/wav2vec2-pretrained/ (safetensors encoder + feature extractor +
pretraining.json with the settings and measured history). See helpers/pretraining.py
for what it learns and why. Needs espeak-ng and ffmpeg; takes a few minutes on 2 CPU cores.

Usage: python scripts/pretrain_tiny_wav2vec2.py [--utterances 1600] [--mel-epochs 3] [--epochs 8]
"""

import argparse
import json
import time

import torch

from helpers import paths, pretraining


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--utterances", type=int, default=1600)
    parser.add_argument("--mel-epochs", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
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
