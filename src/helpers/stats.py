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

**Speakers.** Clips of one voice are not independent: a model that fails one test voice
fails many of its clips together. Where the speakers are known (the bundled stand-in's
voices, a folder's speaker column), :func:`speaker_interval` resamples voices, not clips,
and :func:`compare` widens its interval to the speaker-level one when that is wider. With
two or three voices that bootstrap is coarse: it can only move between the voices' own
accuracies, and can come out narrower than Wilson's. Neither interval is exact with so few
voices, so every judgement here uses the wider (more cautious) of the two.

**One rule for "learnt something"** (:func:`check_learning`): the lower end of the 95 %
interval is above chance. The interval is the more cautious of Wilson's and the speaker
bootstrap's where both exist.
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


def speaker_interval(
    correct: Sequence[bool],
    speakers: Sequence,
    *,
    resamples: int = 2000,
    seed: int = 0,
) -> tuple[float, float]:
    """Percentile bootstrap of accuracy over **speakers**: resample voices with replacement and
    pool their clips (a cluster bootstrap). ``correct[i]`` and ``speakers[i]`` describe clip
    ``i``. ValueError with fewer than two speakers (nothing to resample)."""
    correct, speakers = np.asarray(correct, dtype=float), np.asarray(speakers)
    if correct.shape != speakers.shape or correct.size == 0:
        raise ValueError("speaker_interval needs one speaker per clip, for a non-empty split.")
    voices = np.unique(speakers).size
    if voices < 2:
        raise ValueError(
            f"A speaker-level interval needs two or more speakers; this split has {voices}."
        )
    scores = _over_speakers(speakers, resamples, seed, lambda rows: correct[rows].mean(axis=1))
    low, high = np.quantile(scores, [(1 - CONFIDENCE) / 2, (1 + CONFIDENCE) / 2])
    return float(low), float(high)


def with_interval(value: float, interval: tuple[float, float]) -> str:
    """``"42.9% (95% CI 32.8–53.5%)"``."""
    low, high = interval
    return f"{value:.1%} (95% CI {100 * low:.1f}–{high:.1%})"


def describe_accuracy(accuracy: float, total: int) -> str:
    """An accuracy on ``total`` clips with its Wilson interval, e.g. for a validation split."""
    return with_interval(accuracy, accuracy_interval(accuracy, total))


def describe_result(result: dict) -> str:
    """An :func:`helpers.inference.evaluate_split` result in one line: accuracy with its Wilson
    interval (over clips) and, where the speakers are known, the interval over speakers;
    macro-F1 with its bootstrap interval; the number of clips (and voices).

    ``"72.6% (95% CI 62.3–81.0% over clips; 58.3–86.9% over 3 speakers), macro-F1 71.2%
    (95% CI 60.1–80.3%) on 84 clips"``
    """
    low, high = result["accuracy_ci95"]
    intervals = f"95% CI {100 * low:.1f}–{high:.1%} over clips"
    clips = f"{result['clips']} clips"
    if result.get("accuracy_ci95_speakers") is not None:
        n = len(set(result["speakers"]))
        s_low, s_high = result["accuracy_ci95_speakers"]
        intervals += f"; {100 * s_low:.1f}–{s_high:.1%} over {n} speakers"
        clips += f" from {n} speakers"
    return (
        f"{result['accuracy']:.1%} ({intervals}), macro-F1 "
        f"{with_interval(result['f1_macro'], result['f1_macro_ci95'])} on {clips}"
    )


@dataclass(frozen=True)
class Comparison:
    """``a`` against ``b`` on the same clips; ``difference`` = metric(a) − metric(b)."""

    a: str
    b: str
    difference: float
    interval: tuple[float, float]
    p_value: float | None  # McNemar's exact test on the discordant clips (accuracy only)
    only_a: int  # clips a gets right and b wrong
    only_b: int
    #: ``"clips"`` (bootstrap over clips) or ``"speakers"`` (over voices, where that was wider)
    resampled: str = "clips"
    metric: str = "accuracy"

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
            + (" (the interval reaches 0)" if 0 in (round(low, 1), round(high, 1)) else "")
        )
        over = "" if self.resampled == "clips" else ", resampling speakers"
        test = ""
        if self.p_value is not None:
            p_text = "p < 0.001" if self.p_value < 0.001 else f"p = {self.p_value:.2f}"
            test = f"; McNemar {p_text}"
        what = "" if self.metric == "accuracy" else f" of {self.metric}"
        return (
            f"{self.a} − {self.b}: {100 * self.difference:+.1f} points{what} (95% CI {low:+.1f} "
            f"to {high:+.1f}{over}; {self.only_a} clips only {self.a} gets right, {self.only_b} "
            f"only {self.b}{test}): {verdict}"
        )


def compare(
    truth: Sequence,
    predicted_a: Sequence,
    predicted_b: Sequence,
    *,
    names: tuple[str, str] = ("a", "b"),
    speakers: Sequence | None = None,
    metric: str = "accuracy",
    labels: Sequence | None = None,
    resamples: int = 2000,
    seed: int = 0,
) -> Comparison:
    """Paired comparison of two models' predictions on the same clips.

    ``metric``: ``"accuracy"`` (bootstrap interval of the difference, McNemar's exact test)
    or ``"macro-F1"`` (bootstrap interval of the macro-F1 difference over ``labels``; no
    McNemar, which tests accuracy). Judge a choice on the metric it targets: a class-weighted
    loss aims at the rare classes, so at macro-F1. With ``speakers`` (one per clip, two or
    more voices) the difference is also bootstrapped over voices, and the wider of the two
    intervals is the one reported and judged.
    """
    from scipy.stats import binomtest

    if metric not in ("accuracy", "macro-F1"):
        raise ValueError(f"metric={metric!r}: compare knows 'accuracy' and 'macro-F1'.")
    truth, predicted_a, predicted_b = map(np.asarray, (truth, predicted_a, predicted_b))
    if not (predicted_a.shape == predicted_b.shape == truth.shape) or truth.size == 0:
        raise ValueError("compare needs both models' predictions for the same, non-empty clips.")
    right_a, right_b = predicted_a == truth, predicted_b == truth
    only_a = int(np.sum(right_a & ~right_b))
    only_b = int(np.sum(~right_a & right_b))
    classes = sorted(set(truth.tolist())) if labels is None else list(labels)

    def difference(rows: np.ndarray) -> np.ndarray:  # rows: (resamples, clips) indices
        if metric == "accuracy":
            return (right_a[rows].astype(float) - right_b[rows]).mean(axis=1)
        f1_a = _macro_f1(truth[rows], predicted_a[rows], classes)
        return f1_a - _macro_f1(truth[rows], predicted_b[rows], classes)

    rng = np.random.default_rng(seed)
    point = float(difference(np.arange(truth.size)[None])[0])
    boot = difference(rng.integers(0, truth.size, (resamples, truth.size)))
    low, high = np.quantile(boot, [(1 - CONFIDENCE) / 2, (1 + CONFIDENCE) / 2])
    resampled = "clips"
    if speakers is not None:
        speakers = np.asarray(speakers)
        if speakers.shape != truth.shape:
            raise ValueError("compare needs one speaker per clip.")
        if len(set(speakers.tolist())) >= 2:
            voice_boot = _over_speakers(speakers, resamples, seed, difference)
            v_low, v_high = np.quantile(voice_boot, [(1 - CONFIDENCE) / 2, (1 + CONFIDENCE) / 2])
            if v_high - v_low > high - low:
                low, high, resampled = v_low, v_high, "speakers"
    p_value = None
    if metric == "accuracy":
        discordant = only_a + only_b
        p_value = float(binomtest(only_a, discordant).pvalue) if discordant else 1.0
    return Comparison(
        names[0], names[1], point, (float(low), float(high)), p_value, only_a, only_b,
        resampled, metric,
    )  # fmt: skip


def _over_speakers(speakers: np.ndarray, resamples: int, seed: int, statistic) -> np.ndarray:
    """``statistic`` (of a ``(rows, clips)`` index array) on ``resamples`` bootstrap draws
    over speakers: each draw takes as many voices as there are, with replacement, and all
    their clips (:func:`speaker_interval` and :func:`compare` both draw here). Draws of equal
    total length are evaluated together."""
    names, which = np.unique(speakers, return_inverse=True)
    members = [np.flatnonzero(which == k) for k in range(names.size)]
    picks = np.random.default_rng(seed).integers(0, names.size, (resamples, names.size))
    draws = [np.concatenate([members[k] for k in row]) for row in picks]
    values = np.empty(resamples)
    for length in {len(d) for d in draws}:
        same = [i for i, d in enumerate(draws) if len(d) == length]
        values[same] = statistic(np.stack([draws[i] for i in same]))
    return values


def score_predictions(
    truth: Sequence[str], predicted: Sequence[str], labels: Sequence[str], *, speakers=None
) -> dict:
    """Accuracy and macro-F1 of label names ``predicted`` against ``truth``, with their 95 %
    intervals, in the dict :func:`helpers.inference.evaluate_split` returns (any route to a
    prediction, audio or text, is reported the same way): ``{"accuracy", "accuracy_ci95",
    "f1_macro", "f1_macro_ci95", "clips", "predicted", "truth"}``, and with ``speakers``
    (one per clip, two or more voices) ``"speakers"`` and ``"accuracy_ci95_speakers"``.
    """
    from sklearn.metrics import f1_score

    truth, predicted = list(truth), list(predicted)
    if len(truth) != len(predicted) or not truth:
        raise ValueError("score_predictions needs one prediction per clip, for a non-empty split.")
    hits = [p == t for p, t in zip(predicted, truth, strict=True)]
    correct = sum(hits)
    result = {
        "accuracy": correct / len(truth),
        "accuracy_ci95": wilson_interval(correct, len(truth)),
        "f1_macro": float(f1_score(truth, predicted, labels=list(labels), average="macro")),
        "f1_macro_ci95": f1_interval(truth, predicted, labels=list(labels)),
        "clips": len(truth),
        "predicted": predicted,
        "truth": truth,
    }
    if speakers is not None and len(set(speakers)) >= 2:
        result["speakers"] = list(speakers)
        result["accuracy_ci95_speakers"] = speaker_interval(hits, list(speakers))
    return result


def predictions(trainer, dataset) -> np.ndarray:
    """Class ids a `Trainer`'s model predicts for ``dataset`` (e.g. the validation split)."""
    return np.asarray(trainer.predict(dataset).predictions).argmax(-1)


@dataclass(frozen=True)
class LearningCheck:
    """The course's one rule: a model has learnt something when the lower end of its
    accuracy's 95 % interval is above chance. ``interval`` is the one judged (the more
    cautious of Wilson's and the speaker bootstrap's), ``kind`` names it."""

    accuracy: float
    interval: tuple[float, float]
    chance: float
    kind: str

    @property
    def learnt(self) -> bool:
        return self.interval[0] > self.chance

    def __str__(self) -> str:
        low, high = (100 * x for x in self.interval)
        if self.learnt:
            return (
                f"Learnt something: the lower end of the 95% interval ({self.kind}, "
                f"{low:.1f}–{high:.1f}%) is above chance ({self.chance:.1%})."
            )
        return (
            f"Not clearly above chance: the 95% interval ({self.kind}, {low:.1f}–{high:.1f}%) "
            f"reaches chance ({self.chance:.1%}), so this model has not shown that it learnt "
            "anything; check the data, the labels and the learning rate."
        )


def check_learning(result: dict, chance: float) -> LearningCheck:
    """:class:`LearningCheck` for an :func:`helpers.inference.evaluate_split` result (or any
    dict with ``accuracy``, ``accuracy_ci95`` and optionally ``accuracy_ci95_speakers``)."""
    interval, kind = tuple(result["accuracy_ci95"]), "Wilson, over clips"
    by_speaker = result.get("accuracy_ci95_speakers")
    if by_speaker is not None and by_speaker[0] < interval[0]:
        interval, kind = tuple(by_speaker), "bootstrap over speakers"
    return LearningCheck(float(result["accuracy"]), interval, float(chance), kind)


def scores_by_group(
    truth: Sequence[str],
    predicted: Sequence[str],
    groups: Sequence[str],
    labels: Sequence[str],
    *,
    speakers: Sequence | None = None,
    min_speakers: int = 3,
) -> dict[str, dict]:
    """:func:`score_predictions` within each group (e.g. each locale), in first-seen order.

    ``groups[i]`` names clip ``i``'s group. Every group gets its own 95 % intervals: a
    locale with 28 test clips is measured to about ±15 points, whatever the total.
    ``speakers``, where known, adds a bootstrap over a group's voices when it has at least
    ``min_speakers``: with two voices that bootstrap can only move between their two
    accuracies (1 of 28 right would read 0–7 %), so such a group keeps Wilson's interval.
    """
    truth, predicted, groups = list(truth), list(predicted), list(groups)
    if not len(truth) == len(predicted) == len(groups):
        raise ValueError("scores_by_group needs one truth, prediction and group per clip.")
    if speakers is not None and len(speakers) != len(truth):
        raise ValueError("scores_by_group needs one speaker per clip.")
    result = {}
    for group in dict.fromkeys(groups):
        rows = [i for i, g in enumerate(groups) if g == group]
        voices = None if speakers is None else [speakers[i] for i in rows]
        if voices is not None and len(set(voices)) < min_speakers:
            voices = None
        result[group] = score_predictions(
            [truth[i] for i in rows], [predicted[i] for i in rows], labels, speakers=voices
        )
    return result


def group_table(scores: dict[str, dict], *, chance: float | None = None, name: str = "locale"):
    """A pandas ``DataFrame`` of :func:`scores_by_group` results, one row per group: clips,
    accuracy and its 95 % interval (the more cautious of Wilson's and the speaker bootstrap,
    as :func:`check_learning` judges), and, with ``chance``, whether the lower end clears it.
    Accuracies are in %, rounded to one decimal."""
    import pandas as pd

    rows = []
    for group, result in scores.items():
        check = check_learning(result, chance or 0.0)
        row = {
            name: group,
            "clips": result["clips"],
            "accuracy %": round(100 * result["accuracy"], 1),
            "95% CI low": round(100 * check.interval[0], 1),
            "95% CI high": round(100 * check.interval[1], 1),
        }
        if chance is not None:
            row["above chance"] = check.learnt
        rows.append(row)
    return pd.DataFrame(rows).set_index(name)


def groups_side_by_side(
    models: dict[str, dict[str, dict]], *, chance: float | None = None, name: str = "locale"
):
    """A compact pandas ``DataFrame``: one row per group, ``clips``, then one column per model
    holding ``"accuracy % (95 % CI low–high)"`` (the interval :func:`group_table` reports).

    ``models``: model name → :func:`scores_by_group` result, on the same clips. With
    ``chance``, a value whose interval reaches chance ends in ``*``. Narrow enough to read
    twelve locales and two or three models without wrapping.
    """
    import pandas as pd

    groups = list(next(iter(models.values())))
    table = pd.DataFrame(index=pd.Index(groups, name=name))
    table["clips"] = [next(iter(models.values()))[g]["clips"] for g in groups]
    for model, scores in models.items():
        cells = []
        for group in groups:
            check = check_learning(scores[group], chance or 0.0)
            low, high = (100 * x for x in check.interval)
            mark = "*" if chance is not None and not check.learnt else ""
            cells.append(f"{100 * scores[group]['accuracy']:.1f} ({low:.1f}–{high:.1f}){mark}")
        table[model] = cells
    return table
