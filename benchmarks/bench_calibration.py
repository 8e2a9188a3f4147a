"""Calibration and "I don't know", measured: ECE before and after, abstention in and out of scope.

For each model (as :mod:`benchmarks.bench_onnx` builds them): every class score of the
bundled validation and test splits (:func:`helpers.calibration.split_probabilities`), the
temperature fitted on validation and folded into the model, the abstention threshold
chosen on the calibrated validation scores for ``--coverage``; then, on the test split
(never used to fit either), the expected calibration error before and after with 95 %
bootstrap intervals, and the share of clips answered "unknown": in scope (the test
clips) and out of scope (``data/out-of-scope``: other requests by the same held-out
voices), each with its Wilson interval.

Usage (repository root, offline, alone on the machine):
    python -m benchmarks.bench_calibration [--models ...] [--coverage 0.9] [--smoke]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np

from benchmarks.common import command_line, save

MODELS = ["demo-wav2vec2", "whisper-tiny.en-7s"]
COLUMNS = [
    "model", "test_accuracy", "temperature", "ece_before", "ece_before_ci95", "ece_after",
    "ece_after_ci95", "threshold", "unknown_in_scope", "unknown_in_scope_ci95",
    "unknown_out_of_scope", "unknown_out_of_scope_ci95",
]  # fmt: skip


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=MODELS, choices=MODELS)
    parser.add_argument("--coverage", type=float, default=0.9)
    parser.add_argument("--smoke", action="store_true", help="the demo model on 8 clips a split")
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)

    from benchmarks.bench_onnx import model_folder
    from helpers import calibration
    from helpers.data import load_bundled_minds14, load_out_of_scope
    from helpers.inference import load_classifier
    from helpers.stats import wilson_interval

    minds = load_bundled_minds14()
    outside = load_out_of_scope()
    models = ["demo-wav2vec2"] if args.smoke else args.models
    if args.smoke:  # the code path, not a figure
        minds = {name: split.select(range(8)) for name, split in minds.items()}
        outside = outside.select(range(8))
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for name in models:
            folder, _ = model_folder(name, Path(work))
            classifier = load_classifier(folder, device="cpu")
            truth = np.asarray(minds["test"]["intent_class"])
            before = calibration.split_probabilities(classifier, minds["test"])
            fit = calibration.calibrate(classifier, minds["validation"], coverage=args.coverage)
            after = calibration.split_probabilities(classifier, minds["test"])
            far = calibration.split_probabilities(classifier, outside)
            threshold = fit["threshold"]
            inside_n = int((after.max(1) < threshold).sum())
            outside_n = int((far.max(1) < threshold).sum())
            ece = {
                key: (calibration.expected_calibration_error(p, truth),
                      calibration.ece_interval(p, truth))
                for key, p in (("before", before), ("after", after))
            }  # fmt: skip
            rows.append({
                "model": name,
                "test_accuracy": round(float((after.argmax(1) == truth).mean()), 4),
                "temperature": round(fit["temperature"], 3),
                "ece_before": round(ece["before"][0], 4),
                "ece_before_ci95": [round(x, 4) for x in ece["before"][1]],
                "ece_after": round(ece["after"][0], 4),
                "ece_after_ci95": [round(x, 4) for x in ece["after"][1]],
                "threshold": round(threshold, 4),
                "unknown_in_scope": round(inside_n / len(truth), 4),
                "unknown_in_scope_ci95": [
                    round(x, 4) for x in wilson_interval(inside_n, len(truth))
                ],
                "unknown_out_of_scope": round(outside_n / len(far), 4),
                "unknown_out_of_scope_ci95": [
                    round(x, 4) for x in wilson_interval(outside_n, len(far))
                ],
            })  # fmt: skip
    name = "calibration_smoke" if args.smoke else "calibration"
    save(name, rows, COLUMNS, command_line("bench_calibration", argv), args.out)
    return rows


if __name__ == "__main__":
    main()
