"""Classify audio with a fine-tuned model: files, arrays, dataset rows; one or many.

Everything goes through :func:`to_model_input`, which turns any of those into the
``{"raw": float32 mono array, "sampling_rate": model rate}`` dict the
``audio-classification`` pipeline handles without surprises:

- files in any format FFmpeg decodes (WAV/FLAC/OGG/MP3…) are decoded with torchcodec;
- any sampling rate is resampled to the model's (with a one-line message), because the
  pipeline itself needs torchaudio for that, and a bare array is silently assumed to be
  at the model's rate;
- stereo is down-mixed, integer PCM converted; empty, silent (peak below −60 dBFS),
  too-short (< 0.1 s), NaN or undecodable input raises
  :class:`helpers.audio.AudioInputError` naming the file or input.

Results are plain ``{"label": str, "score": float}`` records, best first.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

from helpers.audio import load_audio_file, resample, validate_waveform

AudioLike = str | Path | dict | np.ndarray


def find_model(preferred: str | Path | None = None) -> tuple[Path, str]:
    """The model notebook 03 saved if present, else the bundled demo classifier.

    Returns ``(folder, sentence saying which)``. The fallback was trained on the bundled
    synthetic data by ``scripts/train.py --preset demo`` (see ``data/README.md``).
    """
    from helpers.paths import tiny_model_dir
    from helpers.training import DEFAULT_OUTPUT_DIR

    folder = Path(preferred) if preferred is not None else DEFAULT_OUTPUT_DIR
    if (folder / "config.json").is_file() and (folder / "model.safetensors").is_file():
        return folder, f"Using the model fine-tuned in notebook 03: {folder}"
    fallback = tiny_model_dir("wav2vec2-minds14-demo")
    return fallback, (
        f"No fine-tuned model at {folder} (run notebook 03 to make one). Using the OFFLINE "
        "DEMO classifier: a tiny wav2vec2 trained on the bundled synthetic calls by "
        f"scripts/train.py --preset demo ({fallback})."
    )


def load_classifier(model: str | Path, *, device: str | None = None):
    """``pipeline("audio-classification")`` for a Hub id or a saved folder."""
    from transformers import pipeline

    from helpers.env import pick_device

    device = device or pick_device(verbose=False)
    return pipeline("audio-classification", model=str(model), device=device)


def to_model_input(audio: AudioLike, model_rate: int, *, name: str | None = None, verbose=True):
    """Any supported audio → ``{"raw": float32 mono array, "sampling_rate": model_rate}``.

    ``audio`` is a file path, a ``datasets`` audio value (``row["audio"]``, a dict or
    decoder with ``array`` and ``sampling_rate``), or a dict ``{"array"|"raw": ...,
    "sampling_rate": ...}``. A bare array is refused: its sampling rate is unknown.
    """
    if isinstance(audio, str | Path):
        waveform, _ = load_audio_file(
            audio, sampling_rate=model_rate, allow_silence=False, verbose=verbose
        )
        return {"raw": waveform, "sampling_rate": model_rate}
    if isinstance(audio, np.ndarray):
        raise TypeError(
            "A bare array has no sampling rate: pass {'array': array, 'sampling_rate': rate} "
            "so it can be resampled to the model's rate if needed."
        )
    try:
        array = audio["raw"] if _has_key(audio, "raw") else audio["array"]
        rate = int(audio["sampling_rate"])
    except (KeyError, TypeError) as error:
        raise TypeError(
            f"Cannot read audio from a {type(audio).__name__}: pass a file path or a dict with "
            "'array' and 'sampling_rate' (a datasets row's ['audio'] works too)."
        ) from error
    label = name or "audio"
    waveform = validate_waveform(np.asarray(array), rate, name=label, allow_silence=False)
    if rate != model_rate:
        if verbose:
            print(f"Resampled {label} from {rate} Hz to {model_rate} Hz.")
        waveform = resample(waveform, rate, model_rate)
    return {"raw": waveform, "sampling_rate": model_rate}


def _has_key(audio, key: str) -> bool:
    return isinstance(audio, dict) and key in audio


def _records(predictions) -> list[dict]:
    return [{"label": p["label"], "score": float(p["score"])} for p in predictions]


def classify(classifier, audio: AudioLike, *, top_k: int = 3, verbose: bool = True) -> list[dict]:
    """Top-``top_k`` ``{label, score}`` records for one file, dataset value or dict."""
    rate = classifier.feature_extractor.sampling_rate
    return _records(classifier(to_model_input(audio, rate, verbose=verbose), top_k=top_k))


def classify_file(classifier, path: str | Path, *, top_k: int = 3) -> list[dict]:
    """Top-``top_k`` records for an audio file (any format FFmpeg decodes, any rate)."""
    return classify(classifier, Path(path), top_k=top_k)


def classify_batch(
    classifier,
    items: Iterable[AudioLike],
    *,
    top_k: int = 3,
    batch_size: int = 16,
    max_padding: float = 0.02,
    verbose: bool = False,
) -> list[list[dict]]:
    """Records for many inputs (in input order), up to ``batch_size`` clips per forward pass.

    Clips in a batch are zero-padded to the longest one, and wav2vec2-base-style models
    (group norm, no attention mask) let that padding shift their scores. So clips are
    sorted by length and a batch only takes clips within ``max_padding`` (a fraction of
    its longest clip) of each other: results then match one-by-one :func:`classify`
    closely, and ``max_padding=0`` reproduces it exactly.
    """
    rate = classifier.feature_extractor.sampling_rate
    inputs = [to_model_input(item, rate, verbose=verbose) for item in items]
    results: list[list[dict]] = [[] for _ in inputs]
    for batch in length_batches([x["raw"].size for x in inputs], batch_size, max_padding):
        outputs = classifier([inputs[i] for i in batch], top_k=top_k, batch_size=len(batch))
        for i, predictions in zip(batch, outputs, strict=True):
            results[i] = _records(predictions)
    return results


def length_batches(lengths: list[int], batch_size: int, max_padding: float) -> list[list[int]]:
    """Indices grouped by similar length: sorted, at most ``batch_size`` per group, and
    the shortest clip at least ``(1 − max_padding)`` × the longest."""
    batches: list[list[int]] = []
    for i in sorted(range(len(lengths)), key=lengths.__getitem__, reverse=True):
        current = batches[-1] if batches else None
        if (
            current is None
            or len(current) >= batch_size
            or lengths[i] < (1 - max_padding) * lengths[current[0]]
        ):
            batches.append([i])
        else:
            current.append(i)
    return batches


def predict_by_hand(model, feature_extractor, waveform: np.ndarray, *, top_k: int = 3):
    """The pipeline's steps written out: extractor → model → softmax → ``id2label``."""
    import torch

    inputs = feature_extractor(
        waveform, sampling_rate=feature_extractor.sampling_rate, return_tensors="pt"
    )
    with torch.no_grad():
        logits = model(**inputs.to(model.device)).logits[0]
    probabilities = torch.softmax(logits.float(), dim=-1).cpu()
    scores, ids = probabilities.topk(min(top_k, probabilities.numel()))
    return [
        {"label": model.config.id2label[int(i)], "score": float(s)}
        for s, i in zip(scores, ids, strict=True)
    ]
