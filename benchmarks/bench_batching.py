"""Batch inference end to end: batch size × padding policy, speed and drift from one-by-one.

`helpers.inference.classify_batch` through a real `pipeline` on real clips of varied length
(the bundled test split, 84 calls of 2.6–9.3 s, decoded once beforehand): feature
extraction, padding, forward pass, softmax. For each setting: clips/s (median of repeats),
and how far scores move from one-by-one classification (`max_drift`, and `top1_flips`:
clips whose top label changes). Models: the demo wav2vec2 classifier (no attention mask,
so padding can shift scores) and, when converted at setup, the real Whisper tiny.en
encoder with a random 14-way head cut to a 7-s window (fixed-size inputs: batching cannot
shift scores; its scores are meaningless, only the speed and drift are measured).

Usage (repository root): python -m benchmarks.bench_batching [--repeats 3] [--smoke]
"""

import argparse
import statistics
import time

import torch

from benchmarks.common import command_line, save

POLICIES = {"exact (default)": None, "max_padding=0.02": 0.02, "max_padding=0.10": 0.10}


def _whisper_pipeline():
    from transformers import AutoFeatureExtractor, pipeline

    from helpers import encoders, training
    from helpers.data import INTENT_NAMES, label_maps
    from helpers.models import resolve_model

    ref, origin = resolve_model("openai/whisper-tiny.en")
    if not origin.real:
        return None
    extractor = AutoFeatureExtractor.from_pretrained(ref)
    encoders.set_input_length(extractor, 7)
    label2id, id2label = label_maps(INTENT_NAMES)
    torch.manual_seed(0)
    model = training.load_model(ref, label2id, id2label, feature_extractor=extractor, head="stock")
    return pipeline("audio-classification", model=model.eval(), feature_extractor=extractor)


def _clips(n: int) -> list[dict]:
    from datasets import Audio

    from helpers.audio import read_audio
    from helpers.data import load_bundled_minds14

    test = load_bundled_minds14()["test"].select(range(n))
    test = test.cast_column("audio", Audio(sampling_rate=16000))
    return [{"raw": read_audio(a)[0], "sampling_rate": 16000} for a in test["audio"]]


def main(argv=None) -> list[dict]:
    from helpers import inference
    from helpers.paths import tiny_model_dir

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-sizes", nargs="+", type=int, default=[1, 4, 8, 16])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--clips", type=int, default=84)
    parser.add_argument("--smoke", action="store_true", help="demo model, 8 clips, batch 1-2")
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)
    if args.smoke:
        args.batch_sizes, args.repeats, args.clips = [1, 2], 1, 8
    clips = _clips(args.clips)
    pipes = {"wav2vec2 demo": inference.load_classifier(tiny_model_dir("wav2vec2-minds14-demo"))}
    whisper = None if args.smoke else _whisper_pipeline()
    if whisper is not None:
        pipes["whisper-tiny.en 7 s"] = whisper
    rows = []
    for model_name, pipe in pipes.items():
        labels = len(pipe.model.config.id2label)
        single = [inference.classify(pipe, c, top_k=labels, verbose=False) for c in clips]
        reference = [{r["label"]: r["score"] for r in s} for s in single]
        policies = (
            POLICIES
            if not inference.exact_batching(pipe.feature_extractor)
            else {"exact (default)": None}
        )
        for policy, max_padding in policies.items():
            for batch in args.batch_sizes:
                times = []
                for _ in range(args.repeats):
                    start = time.perf_counter()
                    results = inference.classify_batch(
                        pipe, clips, top_k=labels, batch_size=batch, max_padding=max_padding
                    )
                    times.append(time.perf_counter() - start)
                drift = max(
                    abs(r["score"] - ref[r["label"]])
                    for res, ref in zip(results, reference, strict=True)
                    for r in res
                )
                flips = sum(
                    res[0]["label"] != s[0]["label"] for res, s in zip(results, single, strict=True)
                )
                seconds = statistics.median(times)
                rows.append(
                    {
                        "model": model_name,
                        "policy": policy,
                        "batch": batch,
                        "clips_per_s": len(clips) / seconds,
                        "max_drift": float(drift),
                        "top1_flips": int(flips),
                    }
                )
                print(rows[-1], flush=True)
    command = command_line("bench_batching", argv)
    columns = ["model", "policy", "batch", "clips_per_s", "max_drift", "top1_flips"]
    save("batching" + ("_smoke" if args.smoke else ""), rows, columns, command, args.out)
    return rows


if __name__ == "__main__":
    main()
