"""PyTorch against its ONNX export (fp32 and dynamic int8) on the CPU: accuracy, size, latency.

For each model: export it with :func:`helpers.deploy.export_onnx` (fp32, then int8), score
the bundled test split with each runtime the way notebooks report it
(:func:`helpers.inference.evaluate_split`: whole clips, one at a time), and time one forward
pass on a 5-s clip (the model alone, after the feature extractor; median of repeats).
``agreement`` is the share of test clips whose top-1 label equals PyTorch's, and
``max_score_diff`` the largest difference in any class probability from PyTorch's over
those clips, ``vs_pytorch_pts`` the paired accuracy difference from PyTorch fp32 on the
same clips (:func:`helpers.stats.compare`: points, 95 % bootstrap interval, McNemar's p).
``eval_s`` is the whole split, feature extraction included.

Models: ``demo-wav2vec2`` (the bundled offline demo classifier, ``data/tiny-models``),
``whisper-tiny.en-7s`` (the real tiny.en encoder with a head trained on the bundled data by
``scripts/train.py --preset demo``: a 7-s window), ``wav2vec2-base-random`` (the full-size
architecture with random weights: size and speed only, its accuracy means nothing).

Usage (repository root, offline, alone on the machine):
    python -m benchmarks.bench_onnx [--models ...] [--smoke]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.common import command_line, save

ROOT = Path(__file__).resolve().parents[1]
MODELS = ["demo-wav2vec2", "whisper-tiny.en-7s", "wav2vec2-base-random"]
COLUMNS = [
    "model", "runtime", "size_mb", "test_accuracy", "test_accuracy_ci95", "agreement",
    "max_score_diff", "vs_pytorch_pts", "latency_ms", "eval_s",
]  # fmt: skip


def model_folder(name: str, work: Path) -> tuple[Path, bool]:
    """The saved PyTorch classifier behind ``name`` and whether its accuracy means anything."""
    if name == "demo-wav2vec2":
        return ROOT / "data/tiny-models/wav2vec2-minds14-demo", True
    if name == "whisper-tiny.en-7s":
        from helpers.paths import whisper_offline_dir

        out = work / "whisper"
        command = [
            sys.executable, str(ROOT / "scripts/train.py"), "--source", "bundled",
            "--model-id", str(whisper_offline_dir()), "--preset", "demo", "--output-dir", str(out),
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"training the Whisper classifier failed:\n{done.stderr[-2000:]}")
        return out, True
    if name == "wav2vec2-base-random":
        from transformers import Wav2Vec2FeatureExtractor

        from benchmarks.models import build

        model, _, _ = build("wav2vec2-base")
        out = work / "wav2vec2-base-random"
        model.save_pretrained(out)
        Wav2Vec2FeatureExtractor(return_attention_mask=False).save_pretrained(out)
        return out, False
    raise ValueError(f"unknown model {name!r}: choose from {', '.join(MODELS)}")


def folder_size_mb(folder: Path, names: tuple[str, ...]) -> float:
    return sum((folder / n).stat().st_size for n in names if (folder / n).is_file()) / 1e6


def forward_latency_ms(classifier, seconds: float, repeats: int) -> float:
    """Median milliseconds of one forward pass on one clip (features prepared beforehand)."""
    import torch

    extractor = classifier.feature_extractor
    rate = extractor.sampling_rate
    clip = np.random.default_rng(0).standard_normal(int(seconds * rate)).astype(np.float32) * 0.1
    features = dict(extractor(clip, sampling_rate=rate, return_tensors="np"))
    if hasattr(classifier, "session"):
        names = classifier.input_names
        # as OnnxClassifier feeds them: the mask as int64, the features as float32
        inputs = {n: features[n].astype(np.int64 if n == "attention_mask" else np.float32)
                  for n in names}  # fmt: skip

        def run():
            classifier.session.run(["logits"], inputs)
    else:
        import inspect

        model = classifier.model
        names = [n for n in extractor.model_input_names if n in features]
        if (
            "attention_mask" in features
            and "attention_mask" in inspect.signature(model.forward).parameters
        ):
            names.append("attention_mask")  # the real-frames Whisper head pools with it
        tensors = {n: torch.from_numpy(features[n]).to(model.device) for n in names}

        def run():
            with torch.inference_mode():
                model(**tensors)

    times = []
    for i in range(repeats + 2):
        start = time.perf_counter()
        run()
        if i >= 2:
            times.append(time.perf_counter() - start)
    return 1000 * float(np.median(times))


def test_scores(classifier, split) -> tuple[dict, np.ndarray]:
    """``evaluate_split``'s result (timed) and every test clip's class probabilities."""
    from datasets import Audio

    from helpers.inference import evaluate_split

    start = time.perf_counter()
    result = evaluate_split(classifier, split)
    result["eval_s"] = time.perf_counter() - start
    rate = classifier.feature_extractor.sampling_rate
    audio = split.cast_column("audio", Audio(sampling_rate=rate))["audio"]
    labels = classifier.model.config.id2label
    rows = []
    for clip in audio:
        item = {"raw": clip.get_all_samples().data.numpy().mean(0), "sampling_rate": rate}
        records = classifier(item, top_k=len(labels))
        by_label = {r["label"]: r["score"] for r in records}
        rows.append([by_label[labels[i]] for i in range(len(labels))])
    return result, np.asarray(rows)


def paired_difference(truth, predicted, reference) -> str:
    """``predicted`` − ``reference`` accuracy on the same clips, in points with its 95 %
    interval and McNemar's p (``helpers.stats.compare``)."""
    from helpers.stats import compare

    result = compare(truth, predicted, reference)
    low, high = (100 * x for x in result.interval)
    p_text = "" if result.p_value is None else f", p = {result.p_value:.2f}"
    return f"{100 * result.difference:+.1f} ({low:+.1f} to {high:+.1f}{p_text})"


def main(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=MODELS, choices=MODELS)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--smoke", action="store_true", help="the demo model, 8 test clips")
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)
    if args.smoke:
        args.models, args.repeats = ["demo-wav2vec2"], 2

    import torch

    from helpers.data import load_minds14
    from helpers.deploy import ONNX_FILE, OnnxClassifier, export_onnx
    from helpers.inference import load_classifier

    torch.set_num_threads(args.threads)
    minds, _ = load_minds14("bundled")
    split = minds["test"].select(range(8)) if args.smoke else minds["test"]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in args.models:
            folder, accuracy_means = model_folder(name, work)
            runtimes = [("pytorch", load_classifier(folder), folder, ("model.safetensors",))]
            for kind in ("fp32", "int8"):
                out = export_onnx(folder, work / f"{name}-{kind}", int8=kind == "int8")
                runtimes.append(
                    (f"onnx {kind}", OnnxClassifier(out, threads=args.threads), out, (ONNX_FILE,))
                )
            reference = None
            for runtime, classifier, saved, files in runtimes:
                result, scores = test_scores(classifier, split)
                if reference is None:
                    reference = (result["predicted"], scores)
                same = np.mean(np.asarray(result["predicted"]) == np.asarray(reference[0]))
                row = {
                    "model": name,
                    "runtime": runtime,
                    "size_mb": folder_size_mb(saved, files),
                    "test_accuracy": result["accuracy"] if accuracy_means else None,
                    "test_accuracy_ci95": (
                        "–".join(f"{100 * x:.1f}" for x in result["accuracy_ci95"]) + " %"
                        if accuracy_means
                        else None
                    ),
                    "agreement": float(same),
                    "max_score_diff": float(np.abs(scores - reference[1]).max()),
                    "vs_pytorch_pts": (
                        paired_difference(result["truth"], result["predicted"], reference[0])
                        if accuracy_means and runtime != "pytorch"
                        else None
                    ),
                    "latency_ms": forward_latency_ms(classifier, 5.0, args.repeats),
                    "eval_s": result["eval_s"],
                    "clips": result["clips"],
                }
                rows.append(row)
                print(row, flush=True)
    command = command_line("bench_onnx", argv)
    save("onnx" + ("_smoke" if args.smoke else ""), rows, COLUMNS, command, args.out)
    return rows


if __name__ == "__main__":
    main()
