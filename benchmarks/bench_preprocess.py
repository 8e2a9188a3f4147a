"""Preprocessing throughput: decode + resample + feature extraction, clips/s.

Compares, on the same clips in the same run, the `preprocess_function` of the Transformers
audio-classification guide (1-second cut) with the helpers' path (`make_preprocess`: checks,
full length), and the helpers' path spread over all CPU cores (`num_proc`).

Usage (repository root): python -m benchmarks.bench_preprocess [--clips N] [--smoke]
"""

import argparse
import os
import statistics

from datasets import Audio
from transformers import AutoFeatureExtractor

from benchmarks.common import command_line, save
from helpers import features, paths
from helpers.data import clip_durations, load_bundled_minds14


def main(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=252)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="32 clips, 1 repeat")
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)
    clips, repeats = (32, 1) if args.smoke else (args.clips, args.repeats)

    train = load_bundled_minds14()["train"].select(range(clips))
    train = train.select_columns(["audio"]).cast_column("audio", Audio(sampling_rate=16000))
    extractor = AutoFeatureExtractor.from_pretrained(paths.tiny_model_dir("wav2vec2"))
    max_length = features.choose_max_length(clip_durations(train))
    total_audio_s = float(clip_durations(train).sum())
    cores = os.cpu_count() or 1
    paths_to_run = {
        "Transformers guide (1-s cut)": (features.seed_preprocess_function(extractor), {}),
        "helpers (checks, full length)": (features.make_preprocess(extractor, max_length), {}),
        f"helpers, num_proc={cores}": (
            features.make_preprocess(extractor, max_length),
            {"num_proc": cores} if cores > 1 else {},
        ),
    }
    rows = []
    for name, (function, kwargs) in paths_to_run.items():
        speeds, kept = [], 0.0
        for _ in range(repeats):
            result, clips_per_s = features.map_throughput(
                train, function, remove_columns="audio", **kwargs
            )
            speeds.append(clips_per_s)
            kept = sum(len(v) for v in result["input_values"]) / 16000
        speed = statistics.median(speeds)
        rows.append(
            {
                "path": name,
                "clips_per_s": speed,
                "audio_kept": kept / total_audio_s,
                "audio_s_per_s": speed * kept / clips,
            }
        )
    base = rows[0]["clips_per_s"]
    for row in rows:
        row["vs_original_clips"] = row["clips_per_s"] / base
    command = command_line("bench_preprocess", argv)
    save(
        "preprocess" + ("_smoke" if args.smoke else ""),
        rows,
        ["path", "clips_per_s", "vs_original_clips", "audio_kept", "audio_s_per_s"],
        command,
        args.out,
    )
    return rows


if __name__ == "__main__":
    main()
