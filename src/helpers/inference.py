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

from helpers.audio import load_audio_file, read_audio, resample, validate_waveform
from helpers.hub import Origin, hub_model_exists, is_local_model, resolve_model

AudioLike = str | Path | dict | np.ndarray


#: Files a saved model folder needs for ``pipeline("audio-classification", model=folder)``.
MODEL_FILES = ("config.json", "preprocessor_config.json")

#: A public wav2vec2-base fine-tuned on MInDS-14 en-US, used by notebook 05 when no model of
#: your own is at hand (e.g. on Colab, where notebook 03's outputs are on another machine).
#: Its model card reports 76.1 % accuracy (batch 8, lr 5e-5, 10 epochs) on its own random
#: 20 % split of the 563 clips, which is not our split: clips it was trained on may be in
#: our test split, so its accuracy here is not a held-out number.
PUBLIC_MINDS14_MODEL = "saketag73/wav2vec2-base-finetuned-minds-1"

#: The offline demo classifier (tiny stand-in, bundled synthetic data).
DEMO_MODEL = "wav2vec2-minds14-demo"


def missing_model_files(folder: str | Path) -> list[str]:
    """What a folder lacks to be a complete saved model (``[]`` when complete)."""
    folder = Path(folder)
    missing = [name for name in MODEL_FILES if not (folder / name).is_file()]
    weights = ("model.safetensors", "model.safetensors.index.json")
    if not any((folder / name).is_file() for name in weights):
        missing.append("model.safetensors")
    return missing


def find_model(
    preferred: str | Path | None = None, *, public_fallback: str | None = PUBLIC_MINDS14_MODEL
) -> tuple[str, Origin]:
    """The model to classify with, and a sentence saying which one and where it came from.

    In order: ``preferred`` when it is a *complete* saved folder (an interrupted training
    run leaves only checkpoints, and is skipped with a sentence) or a Hub id that can be
    loaded; else ``public_fallback`` from the Hub; else, offline, the bundled demo
    classifier. Returns ``(folder or Hub id, origin)``.
    """
    from helpers.paths import tiny_model_dir
    from helpers.training import DEFAULT_OUTPUT_DIR

    preferred = Path(preferred) if preferred is not None else DEFAULT_OUTPUT_DIR
    reasons = []
    if preferred.expanduser().is_dir():
        missing = missing_model_files(preferred)
        if not missing:
            return resolve_model(preferred)
        reasons.append(
            f"{preferred} is not a complete saved model (no {', '.join(missing)}; an "
            "interrupted training run leaves only checkpoints)."
        )
    elif _looks_like_hub_id(str(preferred)):
        try:
            model, origin = resolve_model(str(preferred), source="hub")
            if not is_local_model(model) and origin.note.endswith("from the Hub."):
                if not hub_model_exists(model):
                    raise LookupError(
                        f"{preferred} is neither a folder here nor a model on the Hub "
                        "(notebook 03 saves one there; on Colab each notebook runs on its "
                        "own machine, so set MODEL to your pushed Hub id)."
                    )
            return model, origin
        except (ConnectionError, LookupError) as error:
            reasons.append(str(error))
    else:
        reasons.append(
            f"No fine-tuned model at {preferred} (notebook 03 saves one there; on Colab "
            "each notebook runs on its own machine, so set MODEL to your pushed Hub id)."
        )
    if public_fallback:
        try:
            model, origin = resolve_model(public_fallback, source="hub")
        except ConnectionError:
            pass
        else:
            note = (
                f"{' '.join(reasons)} Using the public MInDS-14 checkpoint {public_fallback} "
                "from the Hub (wav2vec2-base fine-tuned by a community user; its card reports "
                "76.1 % on its own split, which may overlap our test split)."
            )
            return model, Origin("model", origin.name, True, note)
    folder = tiny_model_dir(DEMO_MODEL)
    note = (
        f"{' '.join(reasons)} Using the OFFLINE DEMO classifier {folder}: a tiny wav2vec2 "
        "stand-in trained on the bundled synthetic calls (see data/README.md)."
    )
    return str(folder), Origin("model", str(folder), False, note)


def _looks_like_hub_id(text: str) -> bool:
    parts = text.split("/")
    return (
        len(parts) == 2
        and all(parts)
        and not text.startswith((".", "~"))
        and not any(p in {".", ".."} for p in parts)
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
        array, rate = read_audio(audio)
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
    inputs = {  # to the model's device; float inputs in the model's dtype (bf16 on a GPU)
        k: v.to(model.device, dtype=model.dtype) if v.is_floating_point() else v.to(model.device)
        for k, v in inputs.items()
    }
    with torch.no_grad():
        logits = model(**inputs).logits[0]
    probabilities = torch.softmax(logits.float(), dim=-1).cpu()
    scores, ids = probabilities.topk(min(top_k, probabilities.numel()))
    return [
        {"label": model.config.id2label[int(i)], "score": float(s)}
        for s, i in zip(scores, ids, strict=True)
    ]


def evaluate_split(
    classifier, split, *, label_column: str = "intent_class", batch_size: int = 16
) -> dict:
    """Accuracy of ``classifier`` on a ``datasets`` split, the way notebooks 03 and 05 report it.

    The split is decoded at the model's rate with ``cast_column`` (the same FFmpeg
    resampling as training), each clip is read once, clips are classified whole (no
    truncation), one by one (``max_padding=0``: no padding can shift a score). Returns
    ``{"accuracy", "f1_macro", "predicted", "truth"}`` (label names).
    """
    from datasets import Audio

    rate = classifier.feature_extractor.sampling_rate
    audio = split.cast_column("audio", Audio(sampling_rate=rate))["audio"]
    results = classify_batch(classifier, audio, top_k=1, batch_size=batch_size, max_padding=0.0)
    names = split.features[label_column].names
    predicted = [r[0]["label"] for r in results]
    truth = [names[i] for i in split[label_column]]
    from sklearn.metrics import f1_score

    return {
        "accuracy": float(np.mean([p == t for p, t in zip(predicted, truth, strict=True)])),
        "f1_macro": float(f1_score(truth, predicted, labels=names, average="macro")),
        "predicted": predicted,
        "truth": truth,
    }
