"""Transcribe, then classify (notebook 06's text route): greedy decoding against beam search.

    python -m benchmarks.bench_transcribe [--model ID] [--beams 1 5] [--smoke] [--out DIR]

On the bundled validation and test splits (MInDS-14's seeded splits, as the notebooks make
them): each decoding setting transcribes both splits with ``helpers.transcripts`` (no
cache), measures the word error rate, chooses the text classifier on the validation
transcripts exactly as notebook 06 does, and tests it once on the test transcripts.
``s_per_clip`` is the transcription's wall-clock time per clip (both splits) on this machine,
``text_accuracy`` the text route's test accuracy with its Wilson interval.
"""

from __future__ import annotations

import argparse
import time

from benchmarks.common import command_line, save

COLUMNS = ["model", "beams", "clips", "wer_validation", "wer_test", "s_per_clip",
           "text_accuracy", "text_accuracy_ci95", "chosen"]  # fmt: skip


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="openai/whisper-tiny.en")
    parser.add_argument("--beams", type=int, nargs="+", default=[1, 5])
    parser.add_argument(
        "--smoke", action="store_true", help="4 clips of 2 intents per split, greedy only"
    )
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)

    from helpers.data import load_minds14, make_splits
    from helpers.stats import accuracy_interval
    from helpers.transcripts import (
        fit_text_classifier,
        load_transcriber,
        split_waveforms,
        transcribe,
        word_error_rate,
    )

    minds, _ = load_minds14("bundled")
    minds = make_splits(minds, seed=42)
    beams = [1] if args.smoke else args.beams
    if args.smoke:  # two intents, a few clips each: the code path, not a figure
        minds = {
            name: minds[name].filter(lambda c: c < 2, input_columns="intent_class")
            for name in ("train", "validation", "test")
        }
        minds = {name: split.select(range(min(4, split.num_rows))) for name, split in minds.items()}
    transcriber, _ = load_transcriber(args.model, device="cpu")
    rate = transcriber.feature_extractor.sampling_rate
    waveforms = {name: split_waveforms(minds[name], rate) for name in ("validation", "test")}
    rows = []
    for beam in beams:
        heard, wer, start = {}, {}, time.perf_counter()
        for name in ("validation", "test"):
            heard[name] = transcribe(transcriber, waveforms[name], beams=beam)
            wer[name] = round(word_error_rate(minds[name]["transcription"], heard[name]), 4)
        clips = sum(len(w) for w in waveforms.values())
        seconds = (time.perf_counter() - start) / clips
        model, choice = fit_text_classifier(
            minds["train"]["transcription"], minds["train"]["intent_class"],
            heard["validation"], minds["validation"]["intent_class"], seed=42,
        )  # fmt: skip
        truth = minds["test"]["intent_class"]
        correct = int(sum(p == t for p, t in zip(model.predict(heard["test"]), truth, strict=True)))
        accuracy = correct / len(truth)
        rows.append({
            "model": args.model, "beams": beam, "clips": clips,
            "wer_validation": wer["validation"], "wer_test": wer["test"],
            "s_per_clip": round(seconds, 3), "text_accuracy": round(accuracy, 4),
            "text_accuracy_ci95": [round(x, 4) for x in accuracy_interval(accuracy, len(truth))],
            "chosen": f"{choice.features}, C={choice.C:g}",
        })  # fmt: skip
    name = "transcribe_smoke" if args.smoke else "transcribe"
    save(name, rows, COLUMNS, command_line("bench_transcribe", argv), args.out)
    return rows


if __name__ == "__main__":
    main()
