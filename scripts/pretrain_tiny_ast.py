"""Pre-train the tiny AST stand-in used by the offline AST notebook.

Writes data/tiny-models/ast-pretrained/ (safetensors ``ASTForAudioClassification`` with
10 AudioSet-style labels + an AST feature extractor + pretraining.json with the settings
and measured history). Same kind of corpus as the wav2vec2 stand-in's (voices and word
orders the bundled dataset does not use, no intents), longer utterances to fill more of
AST's 10.24-s input. See src/tooling/pretraining.py for what it learns and why. Needs
espeak-ng and ffmpeg; about 25 minutes on 2 CPU cores. The defaults are the settings the
committed checkpoint was made with (a test compares them with its pretraining.json).

Usage: python scripts/pretrain_tiny_ast.py [--utterances 1600] [--epochs 20]
"""

import argparse
import json
import time

import torch

from helpers import paths
from tooling import pretraining

#: Words per pre-training utterance (fewest, most): about 3 to 8 s of speech.
WORDS = (3, 10)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--utterances", type=int, default=1600)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    return parser


def main() -> None:
    args = build_parser().parse_args()
    torch.set_num_threads(2)
    start = time.perf_counter()
    print("Synthesising the pre-training corpus ...")
    corpus, words = pretraining.make_corpus(args.utterances, words=WORDS, seed=args.seed)
    print(f"Pre-training on {len(corpus)} utterances, {len(words)} words + silence ...")
    model, (mean, std), history = pretraining.pretrain_ast(
        corpus, len(words) + 1, epochs=args.epochs, seed=args.seed
    )
    out = pretraining.save_ast(
        model, mean, std, paths.data_dir() / "tiny-models" / "ast-pretrained"
    )
    report = {
        "task": "word under each patch column (vocabulary + silence) + AudioSet-style clip labels",
        "utterances": len(corpus),
        "words_per_utterance": list(WORDS),
        "vocabulary_size": len(words),
        "voices": [v.espeak_voice for v in pretraining.pretraining_voices(seed=args.seed)],
        "epochs": args.epochs,
        "seed": args.seed,
        "normalisation": {"mean": mean, "std": std},
        "history": history,
        "seconds": round(time.perf_counter() - start),
    }
    (out / "pretraining.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"Saved to {out} in {report['seconds']} s")


if __name__ == "__main__":
    main()
