"""`scripts/train.py --data-dir` end to end: time, CPU time and memory; Whisper sizes compared.

Writes a folder of recordings (``metadata.csv`` with a speaker column, as notebook 07's
example) from the bundled voices and runs ``scripts/train.py --data-dir`` on it in a
subprocess, as a learner would: file checks, decoding and resampling, speaker-disjoint
splits, the frozen encoder run once per clip, the real-frames head trained with `Trainer`,
the test split once. ``--copies K`` writes K variants of every bundled clip (speed
0.9-1.1x, gain -6 to +6 dB, white noise at 20-35 dB SNR, up to 0.3 s of leading
silence; each keeps its voice, so splits stay speaker-disjoint) to reach a few thousand
clips. Variants of one sentence are near-duplicates: read their accuracy as a check that it
learns, and the time and memory as the benchmark.

Usage (repository root, offline, alone on the machine):
    python -m benchmarks.bench_train_folder --models openai/whisper-tiny.en openai/whisper-base
    python -m benchmarks.bench_train_folder --copies 10 --name train_folder_large
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

from benchmarks.common import command_line, save

REPO_ROOT = Path(__file__).resolve().parents[1]

COLUMNS = [
    "model",
    "clips",
    "wall_s",
    "cpu_s",
    "peak_rss_gb",
    "encode_ms_per_clip",
    "test_accuracy",
    "test_ci95",
    "test_ci95_speakers",
]


def _variant(audio: np.ndarray, rng: np.random.Generator, rate: int) -> np.ndarray:
    speed = rng.uniform(0.9, 1.1)
    positions = np.arange(0, len(audio) - 1, speed)
    out = np.interp(positions, np.arange(len(audio)), audio)
    out = out * 10 ** (rng.uniform(-6, 6) / 20)
    power = np.mean(out**2) + 1e-12
    out = out + rng.normal(0, np.sqrt(power / 10 ** (rng.uniform(20, 35) / 10)), len(out))
    lead = np.zeros(int(rng.uniform(0, 0.3) * rate))
    return np.concatenate([lead, out])


def write_folder(root: Path, copies: int, seed: int = 0, classes: int | None = None) -> int:
    """The bundled clips (``copies`` = 0) or ``copies`` variants of each, as 16-kHz WAVs
    (only the first ``classes`` intents when given)."""
    from datasets import Audio, concatenate_datasets

    from helpers.data import load_minds14, speakers_of

    minds, _ = load_minds14("bundled")
    clips = concatenate_datasets(list(minds.values())).cast_column("audio", Audio(16000))
    names = clips.features["intent_class"].names
    if classes:
        clips = clips.filter(lambda e: e["intent_class"] < classes)
    speakers = speakers_of(clips)
    rng = np.random.default_rng(seed)
    rows = []
    for i, example in enumerate(clips):
        audio = np.asarray(example["audio"]["array"], dtype=np.float64)
        label = names[example["intent_class"]]
        takes = [audio] if copies == 0 else [_variant(audio, rng, 16000) for _ in range(copies)]
        for k, take in enumerate(takes):
            name = f"{label}/{i:04d}_{k}.wav"
            (root / label).mkdir(parents=True, exist_ok=True)
            with wave.open(str(root / name), "wb") as out:
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(16000)
                out.writeframes((np.clip(take, -1, 1) * 32767).astype("<i2").tobytes())
            rows.append({"file_name": name, "label": label, "speaker": speakers[i]})
    with open(root / "metadata.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["file_name", "label", "speaker"])
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def run_train(folder: Path, model: str, out: Path, threads: int) -> dict:
    """One ``scripts/train.py --data-dir`` run: its JSON, wall and CPU seconds, peak memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    # train.py under a launcher that prints its own peak memory last (RUSAGE_CHILDREN here
    # would keep the largest of all runs so far, not this run's)
    launcher = (
        "import resource, runpy, sys; sys.argv = sys.argv[1:]; "
        "runpy.run_path(sys.argv[0], run_name='__main__'); "
        "peak = max(resource.getrusage(w).ru_maxrss for w in "
        "(resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)); print(f'\\npeak_rss_kb {peak}')"
    )
    train = str(REPO_ROOT / "scripts" / "train.py")
    command = [sys.executable, "-c", launcher, train, "--data-dir", str(folder),
               "--model-id", model, "--output-dir", str(out)]  # fmt: skip
    # a fresh datasets cache per run: each run builds the folder's dataset as a learner's first
    env = {**os.environ, "OMP_NUM_THREADS": str(threads), "HF_DATASETS_CACHE": str(out) + "-cache"}
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"train.py failed for {model}:\n{done.stderr[-3000:]}")
    peak_kb = int(done.stdout.rsplit("peak_rss_kb ", 1)[1].split()[0])
    text = done.stdout[: done.stdout.rindex("peak_rss_kb")]
    metrics = json.loads(text[text.rindex("\n{") :])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "metrics": metrics,
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "peak_rss_gb": round(peak_kb / 2**20, 2),  # Linux reports kB; mapped Arrow pages count
    }


def main(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=["openai/whisper-tiny.en"])
    parser.add_argument("--copies", type=int, default=0, help="variants per bundled clip")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--classes", type=int, help="only the first N intents")
    parser.add_argument("--name", default="train_folder")
    parser.add_argument("--smoke", action="store_true", help="3 intents, one model: a check")
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    if args.smoke:
        args.classes, args.copies, args.name = 3, 0, "train_folder_smoke"
        args.models = args.models[:1]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "recordings"
        clips = write_folder(folder, args.copies, classes=args.classes)
        print(f"{clips} clips written to a folder", flush=True)
        for model in args.models:
            result = run_train(folder, model, Path(tmp) / model.replace("/", "_"), args.threads)
            m = result["metrics"]
            rows.append(
                {
                    "model": model,
                    "clips": clips,
                    "wall_s": result["wall_s"],
                    "cpu_s": result["cpu_s"],
                    "peak_rss_gb": result["peak_rss_gb"],
                    "encode_ms_per_clip": round(1000 * m["seconds"]["encode"] / clips, 1),
                    "test_accuracy": m["test_accuracy"],
                    "test_ci95": m["test_accuracy_ci95"],
                    "test_ci95_speakers": m["test_accuracy_ci95_speakers"],
                }
            )
            print(rows[-1], flush=True)
    save(args.name, rows, COLUMNS, command_line("bench_train_folder", argv), args.out)
    return rows


if __name__ == "__main__":
    main()
