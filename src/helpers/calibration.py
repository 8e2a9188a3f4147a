"""Scores you can trust, and an "I don't know": temperature scaling and abstention.

A classifier's softmax score is not a probability until it is checked: a fine-tuned model
often says 0.9 where it is right 70 % of the time. Two steps, both fitted on **validation**
and measured on test:

- **Temperature scaling** (Guo et al., 2017, "On calibration of modern neural networks"):
  one number ``T`` divides every logit; :func:`fit_temperature` chooses it by the lowest
  validation log-loss. It never changes which label is on top. :func:`apply_temperature`
  folds ``1 / T`` into the model's last linear layer and records ``T`` in its config
  (``calibration_temperature``), so ``pipeline("audio-classification")`` scores come out
  calibrated for every model family, with nothing to install.
- **Expected calibration error** (:func:`expected_calibration_error`): the gap between
  the top score and the accuracy, averaged over score bins (:func:`reliability_bins` for
  the diagram), with a bootstrap interval over clips (:func:`ece_interval`).
- **An "I don't know"** (:func:`choose_threshold`): the lowest calibrated top score still
  answered, chosen on validation so that a stated share of clips is answered
  (``coverage``). Stored in the config as ``abstain_below``; :func:`abstains` and the
  helpers that write results (``scripts/classify.py``, the demo) report such a clip as
  :data:`ABSTAIN_LABEL` with its top label and score, never as a silently wrong intent.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from helpers.inference import ABSTAIN_LABEL, THRESHOLD_KEY, abstains, threshold_of

__all__ = ["ABSTAIN_LABEL", "THRESHOLD_KEY", "abstains", "threshold_of"]  # re-exported

#: Score bins of the expected calibration error and the reliability diagram.
ECE_BINS = 10
#: Config key written by :func:`apply_temperature` (:func:`store_threshold` writes
#: ``THRESHOLD_KEY``, which :mod:`helpers.inference` reads).
TEMPERATURE_KEY = "calibration_temperature"


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """Row-wise softmax of ``logits / temperature``."""
    z = np.asarray(logits, dtype=np.float64) / float(temperature)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _check(logits, labels) -> tuple[np.ndarray, np.ndarray]:
    logits, labels = np.asarray(logits, dtype=np.float64), np.asarray(labels)
    if logits.ndim != 2 or len(logits) != len(labels) or len(labels) == 0:
        raise ValueError(
            f"Need one row of logits per label (got logits {logits.shape}, {len(labels)} "
            "labels): pass the model's raw outputs for the same clips."
        )
    return logits, labels.astype(int)


def log_loss(logits, labels, temperature: float = 1.0) -> float:
    """Mean negative log-probability of the true label at ``temperature``."""
    logits, labels = _check(logits, labels)
    probs = softmax(logits, temperature)
    return float(-np.mean(np.log(np.clip(probs[np.arange(len(labels)), labels], 1e-12, 1))))


def fit_temperature(logits, labels, *, bounds: tuple[float, float] = (0.05, 20.0)) -> float:
    """The temperature with the lowest log-loss on these (validation) logits.

    A one-dimensional bounded search over ``log T`` (SciPy); ``T > 1`` softens
    over-confident scores, ``T < 1`` sharpens timid ones.
    """
    from scipy.optimize import minimize_scalar

    logits, labels = _check(logits, labels)
    found = minimize_scalar(
        lambda log_t: log_loss(logits, labels, float(np.exp(log_t))),
        bounds=(np.log(bounds[0]), np.log(bounds[1])),
        method="bounded",
    )
    return float(np.exp(found.x))


def reliability_bins(probs, labels, *, bins: int = ECE_BINS) -> list[dict]:
    """Per bin of the top score (equal widths over 0–1): clips, mean top score, accuracy."""
    probs, labels = np.asarray(probs, dtype=np.float64), np.asarray(labels).astype(int)
    top = probs.max(axis=1)
    right = probs.argmax(axis=1) == labels
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(top, edges[1:-1], right=True), 0, bins - 1)
    rows = []
    for b in range(bins):
        inside = which == b
        rows.append({
            "low": float(edges[b]), "high": float(edges[b + 1]), "clips": int(inside.sum()),
            "confidence": float(top[inside].mean()) if inside.any() else None,
            "accuracy": float(right[inside].mean()) if inside.any() else None,
        })  # fmt: skip
    return rows


def expected_calibration_error(probs, labels, *, bins: int = ECE_BINS) -> float:
    """Σ over score bins of (share of clips) × |accuracy − mean top score|."""
    rows = reliability_bins(probs, labels, bins=bins)
    total = sum(r["clips"] for r in rows)
    return float(
        sum(r["clips"] / total * abs(r["accuracy"] - r["confidence"]) for r in rows if r["clips"])
    )


def ece_interval(
    probs, labels, *, bins: int = ECE_BINS, resamples: int = 2000, seed: int = 0
) -> tuple[float, float]:
    """95 % bootstrap interval (over clips) of :func:`expected_calibration_error`."""
    probs, labels = np.asarray(probs), np.asarray(labels)
    rng = np.random.default_rng(seed)
    values = [
        expected_calibration_error(probs[rows], labels[rows], bins=bins)
        for rows in rng.integers(0, len(labels), (resamples, len(labels)))
    ]
    low, high = np.quantile(values, [0.025, 0.975])
    return float(low), float(high)


def ece_change(
    probs_before, probs_after, labels, *, bins: int = ECE_BINS, resamples: int = 2000, seed: int = 0
) -> tuple[float, tuple[float, float]]:
    """ECE(after) − ECE(before) on the same clips, with a 95 % **paired** bootstrap interval
    (each resample draws the same clips for both): the honest test of whether calibration
    moved the error, which two separate intervals are not."""
    before, after, labels = map(np.asarray, (probs_before, probs_after, labels))
    if before.shape != after.shape or len(before) != len(labels):
        raise ValueError("ece_change needs both models' scores for the same clips.")
    rng = np.random.default_rng(seed)
    draws = [
        expected_calibration_error(after[rows], labels[rows], bins=bins)
        - expected_calibration_error(before[rows], labels[rows], bins=bins)
        for rows in rng.integers(0, len(labels), (resamples, len(labels)))
    ]
    point = expected_calibration_error(after, labels, bins=bins) - expected_calibration_error(
        before, labels, bins=bins
    )
    low, high = np.quantile(draws, [0.025, 0.975])
    return float(point), (float(low), float(high))


def describe_ece_change(probs_before, probs_after, labels) -> str:
    """``"ECE change -0.008 (95% CI -0.031 to +0.012, paired over 84 clips): within the
    noise"``, or which way it moved beyond the noise."""
    point, (low, high) = ece_change(probs_before, probs_after, labels)
    if low > 0 or high < 0:
        verdict = f"beyond the noise: calibration made it {'worse' if point > 0 else 'better'}"
    else:
        verdict = "within the noise"
    return (
        f"ECE change {point:+.3f} (95% CI {low:+.3f} to {high:+.3f}, paired over "
        f"{len(np.asarray(labels))} clips): {verdict}"
    )


def _last_linear(model):
    """The model's output layer: its last ``nn.Linear`` with one output per label."""
    import torch

    layers = [
        module for module in model.modules()
        if isinstance(module, torch.nn.Linear) and module.out_features == model.config.num_labels
    ]  # fmt: skip
    if not layers:
        raise ValueError(
            f"{type(model).__name__} has no linear layer with one output per label, so a "
            "temperature cannot be folded into it: divide its logits yourself."
        )
    return layers[-1]


def apply_temperature(model, temperature: float) -> None:
    """Make ``model``'s logits ``logits / temperature`` for good: the last linear layer's
    weight and bias are divided by it, and the config records the total temperature
    (``calibration_temperature``; applied twice, they multiply). Top-1 never changes."""
    import torch

    if not temperature > 0:
        raise ValueError(f"temperature={temperature} must be positive.")
    layer = _last_linear(model)
    with torch.no_grad():
        layer.weight.div_(temperature)
        if layer.bias is not None:
            layer.bias.div_(temperature)
    previous = float(getattr(model.config, TEMPERATURE_KEY, 1.0) or 1.0)
    setattr(model.config, TEMPERATURE_KEY, previous * float(temperature))


def choose_threshold(top_scores, *, coverage: float = 0.9) -> float:
    """The top score below which a clip is not answered, chosen so that ``coverage`` of
    these (validation) clips are answered: their ``1 - coverage`` quantile."""
    if not 0 < coverage <= 1:
        raise ValueError(f"coverage={coverage} must be a share in (0, 1].")
    top = np.asarray(top_scores, dtype=np.float64)
    if coverage == 1:
        return 0.0
    return float(np.quantile(top, 1 - coverage, method="lower"))


def store_threshold(model_or_config, threshold: float) -> None:
    """Record the abstention threshold in the config (``abstain_below``)."""
    config = getattr(model_or_config, "config", model_or_config)
    setattr(config, THRESHOLD_KEY, float(threshold))


def abstention_rate(top_scores, threshold: float) -> float:
    """Share of clips whose top score is below ``threshold``."""
    return float(np.mean(np.asarray(top_scores) < threshold))


def split_probabilities(classifier, split, *, audio_column: str = "audio", batch_size: int = 16):
    """Every label's score for every clip of a ``datasets`` split, ``(clips, labels)`` in
    label-id order: decoded at the model's rate and classified whole, one by one, exactly
    as :func:`helpers.inference.evaluate_split` measures accuracy. Works for a ``pipeline``
    and for an ONNX export (:class:`helpers.deploy.OnnxClassifier`) alike."""
    from datasets import Audio

    from helpers.inference import classify_batch

    rate = classifier.feature_extractor.sampling_rate
    names = classifier.model.config.id2label
    audio = split.cast_column(audio_column, Audio(sampling_rate=rate))[audio_column]
    results = classify_batch(
        classifier, audio, top_k=len(names), batch_size=batch_size, max_padding=0.0,
        errors="raise",
    )  # fmt: skip
    column = {label: int(i) for i, label in names.items()}
    probs = np.zeros((len(results), len(names)))
    for row, records in enumerate(results):
        for record in records:
            probs[row, column[record["label"]]] = record["score"]
    return probs


def calibrate(classifier, validation, *, coverage: float = 0.9, label_column: str = "intent_class"):
    """Fit the temperature on ``validation``, fold it into ``classifier.model`` (a
    ``pipeline``'s PyTorch model: calibrate before an ONNX export, which then carries it),
    choose the abstention threshold on the calibrated validation scores for ``coverage``
    and store both in the config. Returns ``{"temperature", "threshold", "coverage",
    "ece_before", "ece_after"}`` on validation (the fit's own data: measure on test)."""
    labels = np.asarray(validation[label_column])
    probs = split_probabilities(classifier, validation)
    logits = np.log(np.clip(probs, 1e-12, 1))  # softmax(log p / T) = softmax(logits / T)
    temperature = fit_temperature(logits, labels)
    calibrated = softmax(logits, temperature)
    apply_temperature(classifier.model, temperature)
    threshold = choose_threshold(calibrated.max(axis=1), coverage=coverage)
    store_threshold(classifier.model, threshold)
    return {
        "temperature": temperature, "threshold": threshold, "coverage": coverage,
        "ece_before": expected_calibration_error(probs, labels),
        "ece_after": expected_calibration_error(calibrated, labels),
    }  # fmt: skip


def save_calibrated(
    classifier, source: str | Path, out_dir: str | Path, *, overwrite: bool = False
) -> Path:
    """Save a classifier :func:`calibrate` has calibrated (weights with the temperature
    folded in, config with ``calibration_temperature`` and ``abstain_below``, feature
    extractor) to ``out_dir``, with ``source``'s provenance, so an offline demo model stays
    labelled as one. The folder loads like any other (``pipeline``, ``load_classifier``,
    ``scripts/classify.py``, :func:`helpers.deploy.export_onnx`). An existing ``out_dir``
    is refused unless ``overwrite=True``; an uncalibrated classifier is refused."""
    from helpers.hub import carry_origin
    from helpers.models import resolve_model

    if threshold_of(classifier.model) is None:
        raise ValueError(
            "This classifier has no abstention threshold: run calibrate(classifier, validation) "
            "before save_calibrated."
        )
    out = Path(out_dir)
    if Path(source).exists() and out.resolve() == Path(source).resolve():
        raise ValueError(
            f"{out} is the model's own folder: save the calibrated copy to a new folder, so the "
            "model as trained (and its checkpoints) stays as it is."
        )
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise FileExistsError(
            f"{out} already exists: choose another folder, or pass overwrite=True to replace it."
        )
    _, origin = resolve_model(source)
    if out.exists():
        shutil.rmtree(out)
    classifier.save_pretrained(out)
    carry_origin(source, out, origin)
    return out
