"""95 % intervals and paired comparisons (helpers.stats)."""

import numpy as np
import pytest
from sklearn.metrics import f1_score

from helpers import stats


@pytest.mark.parametrize(
    ("correct", "total", "expected"),
    [(0, 10, (0.0, 0.2775)), (5, 10, (0.2366, 0.7634)), (36, 84, None)],
)
def test_wilson_interval_matches_published_values(correct, total, expected):
    if expected is None:  # the closed form: (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n)
        p, n, z = correct / total, total, 1.959964
        centre, half = p + z**2 / (2 * n), z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
        expected = ((centre - half) / (1 + z**2 / n), (centre + half) / (1 + z**2 / n))
    low, high = stats.wilson_interval(correct, total)
    assert (low, high) == pytest.approx(expected, abs=1e-4)


def test_wilson_interval_narrows_with_more_clips_and_refuses_nonsense():
    small, large = stats.accuracy_interval(0.75, 56), stats.accuracy_interval(0.75, 1000)
    assert small[0] < large[0] < 0.75 < large[1] < small[1]
    with pytest.raises(ValueError, match="total=0"):
        stats.wilson_interval(0, 0)
    with pytest.raises(ValueError, match="between 0"):
        stats.wilson_interval(11, 10)
    assert stats.describe_accuracy(36 / 84, 84) == "42.9% (95% CI 32.8–53.5%)"


def test_macro_f1_and_its_bootstrap_interval():
    rng = np.random.default_rng(0)
    truth = rng.integers(0, 14, 84)
    predicted = np.where(rng.random(84) < 0.5, truth, rng.integers(0, 14, 84))
    point = f1_score(truth, predicted, labels=range(14), average="macro", zero_division=0)
    assert stats._macro_f1(truth[None], predicted[None], range(14))[0] == pytest.approx(point)
    low, high = stats.f1_interval(truth, predicted, labels=range(14))
    assert low < point < high and 0.1 < high - low < 0.4  # 84 clips: about ±10 points
    assert stats.f1_interval(truth, predicted, labels=range(14)) == (low, high)  # seeded


def test_compare_says_when_a_difference_is_noise_and_when_it_is_not():
    rng = np.random.default_rng(1)
    truth = rng.integers(0, 14, 56)
    a = truth.copy()
    b = truth.copy()
    b[:2] = (b[:2] + 1) % 14  # b wrong on 2 of 56 clips: the size of notebook 05's choice
    close = stats.compare(truth, a, b, names=("unfrozen", "frozen"))
    assert close.difference == pytest.approx(2 / 56) and (close.only_a, close.only_b) == (2, 0)
    assert not close.beyond_noise and close.p_value == pytest.approx(0.5)
    assert "within the noise" in str(close)
    b[:28] = (b[:28] + 1) % 14  # wrong on half the clips
    far = stats.compare(truth, a, b, names=("unfrozen", "frozen"))
    assert far.beyond_noise and far.p_value < 1e-6 and "unfrozen is better" in str(far)
    assert "McNemar p < 0.001" in str(far) and "McNemar p = 0.50" in str(close)
    # McNemar's exact two-sided p for 1 against 7 discordant clips
    c = truth.copy()
    c[:7] = (c[:7] + 1) % 14
    d = truth.copy()
    d[7:8] = (d[7:8] + 1) % 14
    assert stats.compare(truth, d, c).p_value == pytest.approx(0.0703, abs=1e-4)
    with pytest.raises(ValueError, match="same"):
        stats.compare(truth, a[:10], b)


def test_speaker_interval_resamples_voices_and_is_wider_than_wilson_when_voices_differ():
    # three voices of 28 clips: one the model gets almost all right, one half, one almost none
    correct = np.r_[np.ones(27), 0, np.ones(14), np.zeros(14), np.ones(2), np.zeros(26)]
    speakers = np.repeat(["v02", "v11", "v12"], 28)
    low, high = stats.speaker_interval(correct, speakers)
    wilson = stats.wilson_interval(int(correct.sum()), correct.size)
    assert low < wilson[0] and high > wilson[1]  # voices disagree: clips are not independent
    # it can only move between the voices' own accuracies (pooled over resampled voices)
    assert 2 / 28 <= low and high <= 27 / 28
    assert stats.speaker_interval(correct, speakers) == (low, high)  # seeded
    # voices that agree give an interval no wider than the voices' spread
    same = np.tile(np.r_[np.ones(14), np.zeros(14)], 3)
    assert stats.speaker_interval(same, speakers) == (0.5, 0.5)
    with pytest.raises(ValueError, match="two or more speakers"):
        stats.speaker_interval(correct, ["v02"] * correct.size)
    with pytest.raises(ValueError, match="one speaker per clip"):
        stats.speaker_interval(correct, speakers[:10])


def test_compare_widens_to_the_speaker_interval_when_voices_disagree():
    truth = np.zeros(84, dtype=int)
    speakers = np.repeat(["v02", "v11", "v12"], 28)
    a = truth.copy()
    b = truth.copy()
    b[:10] = 1  # b loses 10 clips, all from one voice
    by_clips = stats.compare(truth, a, b)
    by_voice = stats.compare(truth, a, b, speakers=speakers)
    assert by_clips.resampled == "clips" and by_clips.beyond_noise
    assert by_voice.resampled == "speakers" and not by_voice.beyond_noise
    assert by_voice.difference == by_clips.difference
    assert "resampling speakers" in str(by_voice) and "within the noise" in str(by_voice)


def test_check_learning_is_one_rule_on_the_more_cautious_interval():
    chance = 1 / 14
    clear = stats.check_learning({"accuracy": 0.42, "accuracy_ci95": (0.32, 0.53)}, chance)
    assert clear.learnt and str(clear).startswith("Learnt something") and "Wilson" in str(clear)
    at_chance = stats.check_learning({"accuracy": 0.071, "accuracy_ci95": (0.033, 0.147)}, chance)
    assert not at_chance.learnt and "not shown that it learnt" in str(at_chance)
    # Wilson clears chance, the speaker bootstrap does not: the cautious one is judged
    voices = {"accuracy": 0.2, "accuracy_ci95": (0.12, 0.3), "accuracy_ci95_speakers": (0.05, 0.4)}
    check = stats.check_learning(voices, chance)
    assert not check.learnt and check.kind == "bootstrap over speakers"
    assert str(check).count(".") >= 1 and "\n" not in str(check)


def test_describe_result_names_both_intervals():
    result = {
        "accuracy": 0.5, "accuracy_ci95": (0.4, 0.6), "f1_macro": 0.45,
        "f1_macro_ci95": (0.35, 0.55), "clips": 84,
    }  # fmt: skip
    assert stats.describe_result(result) == (
        "50.0% (95% CI 40.0–60.0% over clips), macro-F1 45.0% (95% CI 35.0–55.0%) on 84 clips"
    )
    result |= {"speakers": ["a"] * 42 + ["b"] * 42, "accuracy_ci95_speakers": (0.3, 0.7)}
    assert "30.0–70.0% over 2 speakers" in stats.describe_result(result)
    assert stats.describe_result(result).endswith("on 84 clips from 2 speakers")


def test_compare_on_macro_f1_judges_the_rare_classes():
    # a predicts the rare class 1 right on its 4 clips; b never predicts it but gets five
    # more frequent-class clips right (40 against 39 in all): b wins on accuracy, a on macro-F1
    truth = np.r_[np.zeros(40, int), np.ones(4, int)]
    a = truth.copy()
    a[:5] = 1  # 5 frequent clips wrong
    b = np.zeros(44, int)  # all frequent right, every rare clip wrong
    by_accuracy = stats.compare(truth, a, b, names=("weighted", "plain"))
    by_f1 = stats.compare(truth, a, b, names=("weighted", "plain"), metric="macro-F1")
    assert by_accuracy.difference < 0 < by_f1.difference
    expected = f1_score(truth, a, average="macro") - f1_score(truth, b, average="macro")
    assert by_f1.difference == pytest.approx(expected)
    assert by_f1.p_value is None and "McNemar" not in str(by_f1) and "of macro-F1" in str(by_f1)
    low, high = by_f1.interval
    assert low < by_f1.difference < high
    with pytest.raises(ValueError, match="metric"):
        stats.compare(truth, a, b, metric="f1")
    # by speakers: two voices, the gain only on one of them
    voices = np.repeat(["x", "y"], 22)
    assert stats.compare(truth, a, b, metric="macro-F1", speakers=voices).resampled in (
        "clips", "speakers",
    )  # fmt: skip


def test_an_interval_that_touches_zero_says_so():
    touching = stats.Comparison("a", "b", 0.071, (0.0, 0.161), 0.22, 5, 1)
    assert str(touching).endswith("within the noise (the interval reaches 0)")
    clear = stats.Comparison("a", "b", 0.036, (-0.036, 0.107), 0.62, 3, 1)
    assert str(clear).endswith("within the noise")


def test_scores_by_group_measures_each_group_on_its_own_clips():
    truth = ["a"] * 20 + ["b"] * 20
    predicted = ["a"] * 20 + ["b"] * 10 + ["a"] * 10  # group x all right, group y half
    groups = ["x"] * 10 + ["y"] * 10 + ["x"] * 10 + ["y"] * 10
    scores = stats.scores_by_group(truth, predicted, groups, ["a", "b"])
    assert list(scores) == ["x", "y"]
    assert scores["x"]["accuracy"] == 1.0 and scores["x"]["clips"] == 20
    assert scores["y"]["accuracy"] == 0.5
    assert scores["y"]["accuracy_ci95"] == stats.wilson_interval(10, 20)
    table = stats.group_table(scores, chance=0.5)
    assert table.loc["x", "accuracy %"] == 100.0 and bool(table.loc["x", "above chance"])
    assert not bool(table.loc["y", "above chance"])  # 50 % cannot clear chance 50 %
    assert table.loc["y", "95% CI low"] == round(100 * stats.wilson_interval(10, 20)[0], 1)
    voices = [f"{g}{i % 2}" for i, g in enumerate(groups)]  # two voices in each group
    three = [f"{g}{i % 3}" for i, g in enumerate(groups)]  # three in each
    with_voices = stats.scores_by_group(truth, predicted, groups, ["a", "b"], speakers=three)
    assert "accuracy_ci95_speakers" in with_voices["y"]
    # two voices in a group: their bootstrap is degenerate, so Wilson's interval stays
    two = stats.scores_by_group(truth, predicted, groups, ["a", "b"], speakers=voices)
    assert "accuracy_ci95_speakers" not in two["y"]
    with pytest.raises(ValueError, match="one truth, prediction and group"):
        stats.scores_by_group(truth, predicted, groups[:-1], ["a", "b"])


def test_groups_side_by_side_puts_models_in_columns_and_marks_chance():
    truth = ["a"] * 20 + ["b"] * 20
    groups = (["x"] * 10 + ["y"] * 10) * 2
    good = stats.scores_by_group(truth, truth, groups, ["a", "b"])
    half = ["a"] * 40  # all "a": right on the a-clips only
    coin = stats.scores_by_group(truth, half, groups, ["a", "b"])
    table = stats.groups_side_by_side({"good": good, "coin": coin}, chance=0.5)
    assert list(table.columns) == ["clips", "good", "coin"]
    assert list(table.index) == ["x", "y"] and table.loc["x", "clips"] == 20
    low, high = (100 * v for v in stats.wilson_interval(20, 20))
    assert table.loc["x", "good"] == f"100.0 ({low:.1f}–{high:.1f})"
    assert table.loc["y", "coin"].startswith("50.0 (") and table.loc["y", "coin"].endswith(")*")
