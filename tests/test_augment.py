"""Augmentation for few speakers, and the takes-per-label learning curve."""

import os

import numpy as np
import pytest

from helpers import augment, paths, training

RATE = 16000


def _tone(freq=200.0, seconds=1.0, peak=0.5):
    t = np.arange(int(seconds * RATE)) / RATE
    return (peak * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def _pitch(wave):
    spectrum = np.abs(np.fft.rfft(wave * np.hanning(len(wave))))
    return np.fft.rfftfreq(len(wave), 1 / RATE)[spectrum.argmax()]


@pytest.mark.parametrize("factor", [0.9, 1.1])
def test_speed_moves_tempo_and_pitch_together(factor):
    out = augment.change_speed(_tone(), RATE, factor)
    assert len(out) == pytest.approx(RATE / factor, rel=0.002)
    assert _pitch(out) == pytest.approx(200 * factor, abs=2)
    with pytest.raises(ValueError, match="must be positive"):
        augment.change_speed(_tone(), RATE, 0)


def test_noise_lands_at_the_asked_snr_and_gain_at_the_asked_level():
    rng = np.random.default_rng(0)
    clean = _tone()
    noisy = augment.add_noise(clean, 20.0, rng)
    snr = 10 * np.log10(np.mean(clean**2) / np.mean((noisy - clean) ** 2))
    assert snr == pytest.approx(20.0, abs=0.3)
    louder = augment.change_gain(clean, 6.0)
    assert np.sqrt(np.mean(louder**2) / np.mean(clean**2)) == pytest.approx(10 ** (6 / 20))


def test_augment_is_seeded_bounded_and_changes_the_clip():
    loud = _tone(peak=0.98)
    a = augment.augment(loud, RATE, np.random.default_rng(1))
    b = augment.augment(loud, RATE, np.random.default_rng(1))
    np.testing.assert_array_equal(a, b)
    assert np.abs(a).max() <= 1.0 and a.dtype == np.float32
    assert not np.array_equal(a[: len(loud)], loud[: len(a)])
    assert 0.85 * RATE <= len(a) <= 1.15 * RATE


def test_augmented_copies_keep_the_labels_and_the_rate(bundled):
    split = bundled["train"].select(range(3))
    copies = augment.augmented_copies(split, copies=2, seed=0)
    assert copies.num_rows == 6
    assert copies["intent_class"] == [y for y in split["intent_class"] for _ in range(2)]
    assert copies.features["intent_class"] == split.features["intent_class"]
    first = copies[0]["audio"]
    assert int(first["sampling_rate"]) == 8000  # the clip's own rate: prepare_dataset resamples
    again = augment.augmented_copies(split, copies=2, seed=0)
    np.testing.assert_array_equal(
        np.asarray(again[1]["audio"]["array"]), copies[1]["audio"]["array"]
    )
    with pytest.raises(ValueError, match="at least one"):
        augment.augmented_copies(split, copies=0)


@pytest.mark.skipif(
    not (paths.whisper_offline_dir() / "model.safetensors").is_file() and not os.environ.get("CI"),
    reason="run `python scripts/convert_whisper.py` (scripts/setup.sh does) first",
)
def test_augmented_copies_join_the_cached_training_split_only(bundled):
    from datasets import DatasetDict
    from transformers import AutoFeatureExtractor

    from helpers.data import label_maps
    from helpers.encoders import cache_encoder_outputs

    model_dir = paths.whisper_offline_dir()
    splits = DatasetDict(
        train=bundled["train"].select(range(4)), validation=bundled["validation"].select(range(2))
    ).rename_column("intent_class", "label")
    extractor = AutoFeatureExtractor.from_pretrained(model_dir)
    encoded, window = training.prepare_dataset(splits, extractor, label_column="label")
    label2id, id2label = label_maps(splits["train"].features["label"].names)
    model = training.load_model(model_dir, label2id, id2label, feature_extractor=extractor)
    cached = cache_encoder_outputs(model, encoded)
    grown = augment.cache_augmented_training(
        model, splits, cached, extractor, window, copies=1, seed=0
    )
    assert grown["train"].num_rows == 8 and grown["validation"] is cached["validation"]
    assert list(grown["train"]["label"]) == list(cached["train"]["label"]) * 2
    originals = np.asarray(grown["train"]["pooled_features"][:4])
    np.testing.assert_allclose(originals, np.asarray(cached["train"]["pooled_features"]))
    assert not np.allclose(np.asarray(grown["train"]["pooled_features"][4:]), originals)


def _blobs(rng, per_label, labels=4, dim=16, spread=1.5):
    """Pooled features of ``labels`` classes, each a Gaussian blob: learnable, not trivially."""
    from datasets import Dataset, Features, Sequence, Value

    centres = np.random.default_rng(99).normal(size=(labels, dim))
    y = np.repeat(np.arange(labels), per_label)
    x = centres[y] + spread * rng.normal(size=(len(y), dim))
    features = Features({"pooled_features": Sequence(Value("float32")), "label": Value("int64")})
    return Dataset.from_dict({"pooled_features": x.tolist(), "label": y.tolist()}, features)


def test_the_takes_curve_learns_more_from_more_takes_and_leaves_out_the_whole_split(
    tmp_path, capsys, tiny_pooled_model
):
    from datasets import DatasetDict

    model = tiny_pooled_model
    rng = np.random.default_rng(0)
    cached = DatasetDict(train=_blobs(rng, 12), validation=_blobs(rng, 10), test=_blobs(rng, 25))
    rows = training.takes_learning_curve(
        model, cached, None, tmp_path / "curve", takes=(1, 8, 12, 20), seeds=(0, 1), steps=600,
        learning_rate=3e-2,
    )  # fmt: skip
    assert "Left out of the curve: 12, 20 takes per label (the training split has 12" in (
        capsys.readouterr().out
    )
    assert [(r["takes"], r["seed"]) for r in rows] == [(1, 0), (1, 1), (8, 0), (8, 1)]
    assert all(r["clips"] == 100 for r in rows)
    summary, smallest = training.summarise_curve(rows, useful=0.6)
    one, eight = summary
    assert eight["accuracy"] > one["accuracy"] and eight["accuracy"] > 0.6  # chance 0.25
    assert eight["interval"][0] < eight["accuracy"] < eight["interval"][1]
    assert eight["seeds"][0] <= eight["accuracy"] <= eight["seeds"][1]
    assert smallest == (1 if one["accuracy"] >= 0.6 else 8)
    assert training.summarise_curve(rows, useful=0.99)[1] is None
    assert not (tmp_path / "curve").exists()  # nothing of the curve's runs is kept
    from helpers.plots import plot_takes_curve

    fig = plot_takes_curve(summary, chance=0.25, useful=0.6, title="t")
    assert [int(t) for t in fig.axes[0].get_xticks()] == [1, 8]
    with pytest.raises(ValueError, match="No point of the curve was measured"):
        plot_takes_curve([], chance=0.25, useful=0.6, title="t")
