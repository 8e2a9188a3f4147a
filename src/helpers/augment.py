"""Waveform augmentation for few speakers: make the voices you have sound like more voices.

A model trained on one to three voices has to work for anyone. Three transforms, applied
to **training** clips only (validation and test stay as recorded, or they would no longer
measure what the model does on real input):

- **speed perturbation** (:func:`change_speed`, factor 0.9–1.1): the clip is resampled and
  played at the original rate, so tempo *and* pitch move together, as between speakers
  (Ko et al., 2015, "Audio augmentation for speech recognition", the Kaldi recipe);
- **added noise** (:func:`add_noise`, white noise at 15–35 dB SNR): a different room or
  microphone;
- **gain** (:func:`change_gain`, ±6 dB): a louder or quieter speaker.

:func:`augment` draws all three from a seeded generator; :func:`augmented_copies` makes
``copies`` augmented versions of each clip of a split, as extra rows, which is how the
frozen-encoder recipe (notebooks 05 and 07) uses augmentation: the encoder runs once per
copy and the head trains on the originals and the copies together.
"""

from __future__ import annotations

import numpy as np

#: Speed factors drawn uniformly from this range (1.0: unchanged).
SPEED_RANGE = (0.9, 1.1)
#: Signal-to-noise ratios (dB) of the added white noise, drawn uniformly.
SNR_RANGE_DB = (15.0, 35.0)
#: Gain changes (dB), drawn uniformly.
GAIN_RANGE_DB = (-6.0, 6.0)


def change_speed(waveform: np.ndarray, rate: int, factor: float) -> np.ndarray:
    """``waveform`` played ``factor`` times faster (> 1: shorter and higher; < 1: longer and
    lower), at the same ``rate``: resampled by ``1 / factor`` (factor rounded to 1/100) with
    SciPy's polyphase filter, which low-passes before it drops samples. In-process, so a
    few hundred copies take a second, not an FFmpeg start each."""
    from scipy.signal import resample_poly

    if factor <= 0:
        raise ValueError(f"factor={factor} must be positive (1.0 leaves the clip unchanged).")
    steps = round(100 * factor)
    waveform = np.asarray(waveform, dtype=np.float32)
    if steps == 100:
        return waveform
    return resample_poly(waveform, 100, steps).astype(np.float32)


def add_noise(waveform: np.ndarray, snr_db: float, rng: np.random.Generator) -> np.ndarray:
    """``waveform`` plus white noise ``snr_db`` dB below its RMS level."""
    waveform = np.asarray(waveform, dtype=np.float32)
    rms = float(np.sqrt(np.mean(np.square(waveform, dtype=np.float64))))
    noise = rng.standard_normal(waveform.shape).astype(np.float32)
    return waveform + noise * np.float32(rms * 10 ** (-snr_db / 20))


def change_gain(waveform: np.ndarray, gain_db: float) -> np.ndarray:
    """``waveform`` ``gain_db`` dB louder (negative: quieter)."""
    return np.asarray(waveform, dtype=np.float32) * np.float32(10 ** (gain_db / 20))


def augment(
    waveform: np.ndarray,
    rate: int,
    rng: np.random.Generator,
    *,
    speed_range: tuple[float, float] = SPEED_RANGE,
    snr_range_db: tuple[float, float] = SNR_RANGE_DB,
    gain_range_db: tuple[float, float] = GAIN_RANGE_DB,
) -> np.ndarray:
    """One augmented version of ``waveform``: speed, then noise, then gain, each drawn from
    its range by ``rng``; kept within [-1, 1]."""
    out = change_speed(waveform, rate, float(rng.uniform(*speed_range)))
    out = add_noise(out, float(rng.uniform(*snr_range_db)), rng)
    out = change_gain(out, float(rng.uniform(*gain_range_db)))
    return np.clip(out, -1.0, 1.0)


def augmented_copies(
    split, *, copies: int = 2, seed: int = 42, audio_column: str = "audio", **ranges
):
    """A ``Dataset`` of ``copies`` augmented versions of every clip of ``split`` (a training
    split), the other columns kept; seeded, so a rerun makes the same copies. ``ranges``
    (``speed_range=``, ``snr_range_db=``, ``gain_range_db=``) go to :func:`augment`."""
    from datasets import Audio, Dataset

    from helpers.audio import read_audio, to_mono

    if copies < 1:
        raise ValueError(f"copies={copies}: ask for at least one augmented copy per clip.")
    rng = np.random.default_rng(seed)
    columns = [c for c in split.column_names if c != audio_column]
    rows = {c: [] for c in [audio_column, *columns]}
    for example in split:
        array, rate = read_audio(example[audio_column])
        waveform = to_mono(np.asarray(array, dtype=np.float32))
        for _ in range(copies):
            augmented = augment(waveform, rate, rng, **ranges)
            rows[audio_column].append({"array": augmented, "sampling_rate": rate})
            for column in columns:
                rows[column].append(example[column])
    features = split.features.copy()
    features[audio_column] = Audio()
    return Dataset.from_dict(rows, features=features)


def cache_augmented_training(
    model, splits, cached, feature_extractor, input_length: int, *, copies: int = 2,
    seed: int = 42, device: str = "cpu", label_column: str = "label", train: str = "train",
    **ranges,
):  # fmt: skip
    """``cached`` (from :func:`helpers.encoders.cache_encoder_outputs`) with the frozen
    encoder's outputs of ``copies`` augmented versions of every clip of ``splits[train]``
    appended to its training split; the other splits are left as they are.

    ``input_length``: the window :func:`helpers.training.prepare_dataset` chose for the
    originals (its second return value), so that the copies are cut the same way;
    ``ranges`` go to :func:`augment`.
    """
    import copy

    from datasets import DatasetDict, concatenate_datasets

    from helpers.encoders import cache_encoder_outputs
    from helpers.training import prepare_dataset

    extra = augmented_copies(splits[train], copies=copies, seed=seed, **ranges)
    encoded, _ = prepare_dataset(
        DatasetDict(train=extra), feature_extractor, label_column=label_column,
        input_length=input_length,
    )  # fmt: skip
    extra_cached = cache_encoder_outputs(model, encoded, device=device)["train"]
    out = copy.copy(cached)
    out[train] = concatenate_datasets([cached[train], extra_cached.cast(cached[train].features)])
    return out


def compare_augmentation(
    model, splits, cached, feature_extractor, input_length: int, output_dir, *,
    group_column: str, voices: int = 2, trials: int = 2, copies: int = 2, seed: int = 42,
    device: str = "cpu", label_column: str = "label", steps: int = 4000,
    learning_rate: float = 3e-3, **ranges,
):  # fmt: skip
    """Does augmentation help a model trained on few voices? Measured on validation, paired.

    ``trials`` times, ``voices`` training voices are drawn (seeded); the head
    (:func:`helpers.training.train_head_on_cache`) is trained on their clips alone, once as
    recorded and once with ``copies`` augmented copies of each clip; both answer the
    validation split (voices neither run trained on). The answers of all trials are
    compared clip by clip (:func:`helpers.stats.compare`, resampling voices where that is
    wider). Returns ``(comparison, rows)``, one row per trial: the voices and both
    accuracies. No model is kept.
    """
    import copy
    import shutil
    from pathlib import Path

    from datasets import DatasetDict

    from helpers.stats import compare, predictions
    from helpers.training import _remove_if_empty, train_head_on_cache

    speakers = np.asarray(splits["train"][group_column])
    names = sorted(set(speakers.tolist()))
    count = min(voices, len(names))
    truth = np.asarray(cached["validation"]["label"])
    rng = np.random.default_rng(seed)
    answers = {"augmented": [], "as recorded": []}
    rows = []
    for trial in range(trials):
        pick = sorted(rng.choice(names, count, replace=False).tolist())
        keep = np.flatnonzero(np.isin(speakers, pick))
        few = copy.copy(cached)
        few["train"] = cached["train"].select(keep)
        grown = cache_augmented_training(
            model, DatasetDict(train=splits["train"].select(keep)), few, feature_extractor,
            input_length, copies=copies, seed=seed + trial, device=device,
            label_column=label_column, **ranges,
        )  # fmt: skip
        row = {"voices": pick, "clips": len(keep)}
        for name, data in (("as recorded", few), ("augmented", grown)):
            folder = Path(output_dir) / f"augment-{trial}-{name.replace(' ', '-')}"
            trainer = train_head_on_cache(
                copy.deepcopy(model), data, feature_extractor, folder, device=device,
                seed=seed + trial, steps=steps, learning_rate=learning_rate,
            )  # fmt: skip
            answers[name].append(predictions(trainer, cached["validation"]))
            row[name] = float((answers[name][-1] == truth).mean())
            shutil.rmtree(folder, ignore_errors=True)
        rows.append(row)
    _remove_if_empty(output_dir)
    heard = (
        splits["validation"][group_column]
        if group_column in splits["validation"].column_names
        else None
    )
    comparison = compare(
        np.tile(truth, trials), np.concatenate(answers["augmented"]),
        np.concatenate(answers["as recorded"]), names=("augmented", "as recorded"),
        speakers=np.tile(np.asarray(heard), trials) if heard is not None else None,
    )  # fmt: skip
    return comparison, rows
