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
