"""How sure a number is: 95 % intervals for accuracy and macro-F1, paired comparisons.

Splits in this course hold 56 to a few hundred clips, so one clip moves accuracy by one
to two points. Every accuracy is printed with its 95 % interval:

- accuracy: the Wilson score interval (``scipy.stats.binomtest(...).proportion_ci``), which
  stays inside [0, 1] and is accurate for small splits;
- macro-F1: a percentile bootstrap over clips (seeded).

Two models on the **same** clips are compared by their paired difference: the bootstrap
interval of ``accuracy(a) − accuracy(b)`` over clips, and McNemar's exact test on the
clips only one of them gets right. A difference whose interval includes 0 is noise: keep
the simpler choice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

CONFIDENCE = 0.95


def wilson_interval(
    correct: int, total: int, confidence: float = CONFIDENCE
) -> tuple[float, float]:
    """The Wilson score interval of ``correct / total``; ValueError for an empty split."""
    from scipy.stats import binomtest

    if total <= 0:
        raise ValueError("An accuracy interval needs at least one clip (total=0).")
    if not 0 <= correct <= total:
        raise ValueError(f"correct={correct} must lie between 0 and total={total}.")
    ci = binomtest(int(correct), int(total)).proportion_ci(confidence, method="wilson")
    return float(ci.low), float(ci.high)


def accuracy_interval(accuracy: float, total: int) -> tuple[float, float]:
    """:func:`wilson_interval` from an accuracy and the number of clips it was measured on."""
    return wilson_interval(round(accuracy * total), total)


def _macro_f1(truth: np.ndarray, predicted: np.ndarray, labels: Sequence) -> np.ndarray:
    """Macro-F1 of each row of ``truth``/``predicted`` (shape ``(rows, clips)``), as
    ``sklearn.metrics.f1_score(average="macro", labels=labels, zero_division=0)``."""
    classes = np.asarray(labels)[None, None, :]
    is_true, is_pred = truth[..., None] == classes, predicted[..., None] == classes
    tp = np.sum(is_true & is_pred, axis=1)
    wrong = np.sum(is_true ^ is_pred, axis=1)  # false positives + false negatives
    denominator = 2 * tp + wrong
    f1 = np.divide(2 * tp, denominator, out=np.zeros(tp.shape), where=denominator > 0)
    return f1.mean(axis=1)


def f1_interval(
    truth: Sequence,
    predicted: Sequence,
    *,
    labels: Sequence | None = None,
    resamples: int = 1000,
    seed: int = 0,
) -> tuple[float, float]:
    """Percentile-bootstrap interval of macro-F1 over clips (``labels``: the classes averaged)."""
    truth, predicted = np.asarray(truth), np.asarray(predicted)
    labels = sorted(set(truth.tolist())) if labels is None else list(labels)
    if truth.size < 2 or truth.shape != predicted.shape:
        raise ValueError("A macro-F1 interval needs two or more clips, each with a prediction.")
    rows = np.random.default_rng(seed).integers(0, truth.size, (resamples, truth.size))
    scores = _macro_f1(truth[rows], predicted[rows], labels)
    low, high = np.quantile(scores, [(1 - CONFIDENCE) / 2, (1 + CONFIDENCE) / 2])
    return float(low), float(high)


def with_interval(value: float, interval: tuple[float, float]) -> str:
    """``"42.9% (95% CI 32.8–53.5%)"``."""
    low, high = interval
    return f"{value:.1%} (95% CI {100 * low:.1f}–{high:.1%})"


def describe_accuracy(accuracy: float, total: int) -> str:
    """An accuracy on ``total`` clips with its Wilson interval, e.g. for a validation split."""
    return with_interval(accuracy, accuracy_interval(accuracy, total))


@dataclass(frozen=True)
class Comparison:
    """``a`` against ``b`` on the same clips; ``difference`` = accuracy(a) − accuracy(b)."""

    a: str
    b: str
    difference: float
    interval: tuple[float, float]
    p_value: float  # McNemar's exact test on the discordant clips
    only_a: int  # clips a gets right and b wrong
    only_b: int

    @property
    def beyond_noise(self) -> bool:
        """True when the 95 % interval of the difference excludes 0."""
        return self.interval[0] > 0 or self.interval[1] < 0

    def __str__(self) -> str:
        low, high = (100 * x for x in self.interval)
        verdict = (
            f"beyond the noise: {self.a if self.difference > 0 else self.b} is better"
            if self.beyond_noise
            else "within the noise"
        )
        p_text = "p < 0.001" if self.p_value < 0.001 else f"p = {self.p_value:.2f}"
        return (
            f"{self.a} − {self.b}: {100 * self.difference:+.1f} points (95% CI {low:+.1f} to "
            f"{high:+.1f}; {self.only_a} clips only {self.a} gets right, {self.only_b} only "
            f"{self.b}; McNemar {p_text}): {verdict}"
        )


def compare(
    truth: Sequence,
    predicted_a: Sequence,
    predicted_b: Sequence,
    *,
    names: tuple[str, str] = ("a", "b"),
    resamples: int = 2000,
    seed: int = 0,
) -> Comparison:
    """Paired comparison of two models' predictions on the same clips (bootstrap + McNemar)."""
    from scipy.stats import binomtest

    truth, predicted_a, predicted_b = map(np.asarray, (truth, predicted_a, predicted_b))
    if not (predicted_a.shape == predicted_b.shape == truth.shape) or truth.size == 0:
        raise ValueError("compare needs both models' predictions for the same, non-empty clips.")
    right_a, right_b = predicted_a == truth, predicted_b == truth
    only_a = int(np.sum(right_a & ~right_b))
    only_b = int(np.sum(~right_a & right_b))
    diffs = right_a.astype(float) - right_b.astype(float)
    rng = np.random.default_rng(seed)
    boot = diffs[rng.integers(0, diffs.size, (resamples, diffs.size))].mean(axis=1)
    low, high = np.quantile(boot, [(1 - CONFIDENCE) / 2, (1 + CONFIDENCE) / 2])
    discordant = only_a + only_b
    p_value = binomtest(only_a, discordant).pvalue if discordant else 1.0
    return Comparison(
        names[0], names[1], float(diffs.mean()), (float(low), float(high)), float(p_value),
        only_a, only_b,
    )  # fmt: skip


def predictions(trainer, dataset) -> np.ndarray:
    """Class ids a `Trainer`'s model predicts for ``dataset`` (e.g. the validation split)."""
    return np.asarray(trainer.predict(dataset).predictions).argmax(-1)
