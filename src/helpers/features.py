"""Preprocessing for wav2vec2-style models: input length from the data, checked batches.

Length policy (what :func:`make_preprocess` does):

- every clip is checked (:func:`helpers.audio.validate_waveform`) and must already be at
  the feature extractor's sampling rate (resample with ``cast_column`` first);
- clips longer than ``max_length`` samples are **truncated** to it (their end is dropped);
- shorter clips are **not padded** here: the training collator pads each batch to its
  longest clip (dynamic padding), which wastes far less compute than padding every clip
  to ``max_length``.

The feature extractor normalises each clip to zero mean and unit variance
(``do_normalize=True`` for wav2vec2-base).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import numpy as np

from helpers.audio import check_sampling_rate, read_audio, validate_waveform

#: The encoder families the helpers support, told apart by their feature extractor.
FAMILIES = ("waveform", "ast", "whisper")

#: wav2vec2's convolutional encoder emits one frame per 320 samples (20 ms at 16 kHz).
WAV2VEC2_FRAME_SAMPLES = 320
#: 25 ms at 16 kHz: the window of AST's filterbank frames, and the receptive field of one
#: wav2vec2 frame.
WINDOW_SAMPLES = 400


def family_of_extractor(feature_extractor) -> str:
    """The family a feature extractor belongs to, from its class."""
    name = type(feature_extractor).__name__
    if name == "WhisperFeatureExtractor":
        return "whisper"
    if name == "ASTFeatureExtractor":
        return "ast"
    if getattr(feature_extractor, "model_input_names", [None])[0] == "input_values" and hasattr(
        feature_extractor, "do_normalize"
    ):
        return "waveform"
    raise ValueError(
        f"{name} is not a feature extractor of a supported family ({', '.join(FAMILIES)})."
    )


def n_frames(n_samples: int, hop: int, window: int = WINDOW_SAMPLES) -> int:
    """Whole windows of ``window`` samples, one every ``hop`` samples, in ``n_samples``.

    AST's extractor: ``hop=160`` (10 ms); wav2vec2's feature encoder: ``hop=320``.
    """
    return max(0, 1 + (n_samples - window) // hop)


def choose_max_length(
    durations_s,
    *,
    percentile: float = 95.0,
    sampling_rate: int = 16000,
    multiple_of: int = WAV2VEC2_FRAME_SAMPLES,
) -> int:
    """Input length in samples covering ``percentile`` % of clips entirely.

    Rounded up to a multiple of ``multiple_of`` samples (whole 20-ms wav2vec2 frames).
    """
    durations_s = np.asarray(durations_s, dtype=np.float64)
    if durations_s.size == 0:
        raise ValueError("No durations given: pass the clip durations in seconds.")
    if not 0 < percentile <= 100:
        raise ValueError(f"percentile={percentile} must be in (0, 100].")
    samples = np.percentile(durations_s, percentile) * sampling_rate
    return int(math.ceil(samples / multiple_of) * multiple_of)


def share_of_audio_kept(durations_s, max_seconds: float) -> float:
    """Fraction of all audio (by time) that survives truncation to ``max_seconds``."""
    durations_s = np.asarray(durations_s, dtype=np.float64)
    return float(np.minimum(durations_s, max_seconds).sum() / durations_s.sum())


def duration_summary(durations_s) -> dict[str, float]:
    """Count, mean, median, 95th percentile, min and max of clip durations (seconds)."""
    d = np.asarray(durations_s, dtype=np.float64)
    return {
        "clips": int(d.size),
        "mean_s": float(d.mean()),
        "median_s": float(np.median(d)),
        "p95_s": float(np.percentile(d, 95)),
        "min_s": float(d.min()),
        "max_s": float(d.max()),
    }


def make_preprocess(
    feature_extractor, max_length: int | None = None, *, audio_column: str = "audio"
) -> Callable[..., dict]:
    """A ``Dataset.map(batched=True)`` function: checks, truncates, extracts features.

    Use ``dataset.map(preprocess, batched=True, remove_columns=audio_column)``; pass
    ``with_indices=True`` too and errors name the dataset row. For waveform extractors
    (wav2vec2, HuBERT) ``max_length`` is in samples (see the module docstring for the
    length policy), and ``None`` keeps every clip whole (how validation and test clips are
    classified); AST and Whisper extractors pad or cut every clip to their own fixed
    length (``helpers.encoders.set_input_length``) and ``max_length`` must be ``None``.
    Each row also gets ``num_samples``: the clip's length before padding or truncation.
    """
    rate = feature_extractor.sampling_rate
    fixed = family_of_extractor(feature_extractor) != "waveform"
    if fixed and max_length is not None:
        raise ValueError(
            f"{type(feature_extractor).__name__} pads to its own fixed length; set it with "
            "helpers.encoders.set_input_length and pass max_length=None."
        )
    if not fixed and max_length is not None and max_length <= 0:
        raise ValueError(f"max_length={max_length} must be a positive number of samples.")
    cut = not fixed and max_length is not None
    length_kwargs = {"max_length": max_length, "truncation": True} if cut else {}

    def preprocess(batch: dict, indices: list[int] | None = None) -> dict:
        arrays = []
        for i, audio in enumerate(batch[audio_column]):
            name = f"row {indices[i]}" if indices is not None else f"clip {i} of the batch"
            array, audio_rate = read_audio(audio)
            check_sampling_rate(audio_rate, rate, name=name)
            arrays.append(validate_waveform(array, rate, name=name))
        features = feature_extractor(arrays, sampling_rate=rate, **length_kwargs)
        features["num_samples"] = [len(a) for a in arrays]
        return features

    return preprocess


def seed_preprocess_function(feature_extractor) -> Callable[[dict], dict]:
    """``preprocess_function`` of the Transformers audio-classification guide, unchanged.

    https://huggingface.co/docs/transformers/tasks/audio_classification (1-second cut).

    Kept for side-by-side comparisons; it keeps only the first 16,000 samples of each clip.
    """

    def preprocess_function(examples):
        audio_arrays = [x["array"] for x in examples["audio"]]
        inputs = feature_extractor(
            audio_arrays,
            sampling_rate=feature_extractor.sampling_rate,
            max_length=16000,
            truncation=True,
        )
        return inputs

    return preprocess_function


def map_throughput(dataset, function, *, batch_size: int = 32, **map_kwargs) -> tuple:
    """Run ``dataset.map(function, batched=True)`` without the cache; ``(result, clips/s)``.

    Includes decoding and resampling of the ``audio`` column, as a real run does.
    """
    start = time.perf_counter()
    result = dataset.map(
        function,
        batched=True,
        batch_size=batch_size,
        load_from_cache_file=False,
        **map_kwargs,
    )
    seconds = time.perf_counter() - start
    return result, dataset.num_rows / seconds
