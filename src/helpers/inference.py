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
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from helpers.audio import load_audio_file, read_audio, resample, validate_waveform

AudioLike = str | Path | dict | np.ndarray


def load_classifier(model: str | Path, *, device: str | None = None):
    """``pipeline("audio-classification")`` for a Hub id or a saved folder.

    A folder exported by :func:`helpers.deploy.export_onnx` gets an
    :class:`helpers.deploy.OnnxClassifier` instead (onnxruntime on the CPU), which answers
    the same calls.
    """
    from transformers import pipeline

    from helpers.deploy import OnnxClassifier, is_onnx_folder
    from helpers.env import pick_device

    if is_onnx_folder(model):
        return OnnxClassifier(model)

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


def classify_file(
    classifier, path: str | Path, *, top_k: int = 3, verbose: bool = True
) -> list[dict]:
    """Top-``top_k`` records for an audio file (any format FFmpeg decodes, any rate).

    ``verbose=False`` drops the one-line "Resampled ..." message.
    """
    return classify(classifier, Path(path), top_k=top_k, verbose=verbose)


class BatchResults(list):
    """:func:`classify_batch`'s records in input order (``[]`` for a skipped input), plus
    ``skipped``: ``(input index, one-sentence reason)`` for every input left out."""

    def __init__(self, *args):
        super().__init__(*args)
        self.skipped: list[tuple[int, str]] = []


def exact_batching(feature_extractor) -> bool:
    """True when padding clips into one batch cannot change any clip's scores.

    AST and Whisper extractors pad or cut every clip to the same fixed input, and waveform
    extractors that return an ``attention_mask`` let the model ignore padding. wav2vec2-base
    style extractors (``return_attention_mask=False``: group norm, no mask) do not: zero
    padding shifts their scores (the demo model on the bundled test clips: up to 0.014 at
    2 % padding, 0.10 and flipped top labels at 10 %; BENCHMARKS.md, batch inference).
    """
    from helpers.encoders import family_of_extractor

    if family_of_extractor(feature_extractor) != "waveform":
        return True
    return bool(getattr(feature_extractor, "return_attention_mask", False))


def classify_batch(
    classifier,
    items: Iterable[AudioLike],
    *,
    top_k: int = 3,
    batch_size: int = 8,
    max_padding: float | None = None,
    errors: str = "skip",
    verbose: bool = False,
    on_result=None,
) -> BatchResults:
    """Records for many inputs (in input order), up to ``batch_size`` clips per forward pass.

    - **Bad inputs** (unreadable, empty, silent, too short: :class:`AudioInputError`) are
      skipped and listed in ``results.skipped`` with their reason; the others are
      classified. ``errors="raise"`` stops at the first one instead.
    - **Padding policy**: ``max_padding=None`` (default) gives the same scores as one-by-one
      :func:`classify` (up to float rounding): clips of any length share a batch when
      :func:`exact_batching` holds for the model, otherwise only clips of equal length do.
      A float lets clips within that fraction of a batch's longest clip share it on any
      model: fewer, fuller batches, but scores drift on models without an attention mask.
    - Inputs are read and prepared ``batch_size × 8`` at a time, so memory stays bounded
      however many there are. ``on_result(index, records)``, if given, is called for each
      input as soon as its forward pass is done (e.g. to save results as they come).
    """
    if errors not in ("skip", "raise"):
        raise ValueError(f"errors={errors!r}: use 'skip' or 'raise'.")
    from helpers.audio import AudioInputError

    rate = classifier.feature_extractor.sampling_rate
    if max_padding is None:
        max_padding = 1.0 if exact_batching(classifier.feature_extractor) else 0.0
    results = BatchResults()
    pending: list[tuple[int, dict]] = []
    for index, item in enumerate(items):
        results.append([])
        try:
            pending.append((index, to_model_input(item, rate, verbose=verbose)))
        except AudioInputError as error:
            if errors == "raise":
                raise
            results.skipped.append((index, str(error)))
        if len(pending) >= batch_size * 8:
            _classify_prepared(classifier, pending, results, top_k, batch_size, max_padding,
                               on_result)  # fmt: skip
            pending = []
    _classify_prepared(classifier, pending, results, top_k, batch_size, max_padding, on_result)
    return results


def _classify_prepared(
    classifier, pending, results, top_k, batch_size, max_padding, on_result=None
) -> None:
    lengths = [x["raw"].size for _, x in pending]
    for batch in length_batches(lengths, batch_size, max_padding):
        inputs = [pending[i][1] for i in batch]
        outputs = classifier(inputs, top_k=top_k, batch_size=len(batch))
        for i, predictions in zip(batch, outputs, strict=True):
            results[pending[i][0]] = _records(predictions)
            if on_result is not None:
                on_result(pending[i][0], results[pending[i][0]])


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


#: Window length (s) for long recordings on waveform models (wav2vec2, HuBERT): they take
#: any length, so this only bounds memory and the time one forward pass takes.
WAVEFORM_WINDOW_S = 10.0
#: Recordings up to this long (s) go to a waveform model whole; longer ones by windows.
WAVEFORM_MAX_WHOLE_S = 30.0
#: What :func:`classify_folder` writes, one row per file.
CSV_COLUMNS = ("file", "label", "score", "top_k", "duration_s", "windows", "error")
#: The label a file gets when its top score is below the model's abstention threshold.
ABSTAIN_LABEL = "unknown"
#: Config key of that threshold (:func:`helpers.calibration.store_threshold` writes it).
THRESHOLD_KEY = "abstain_below"


def threshold_of(model_or_config) -> float | None:
    """The abstention threshold a model's config holds, or ``None``."""
    config = getattr(model_or_config, "config", model_or_config)
    value = getattr(config, THRESHOLD_KEY, None)
    return float(value) if value is not None else None


def abstains(records: list[dict], threshold: float | None) -> bool:
    """True when the top record's score is below ``threshold`` (``None``: never)."""
    return threshold is not None and bool(records) and records[0]["score"] < threshold


def default_window_s(feature_extractor) -> tuple[float, float]:
    """``(window_s, max_whole_s)``: the window for long recordings and the longest whole clip.

    Whisper and AST extractors pad or cut every clip to their fixed input (Whisper: its
    ``chunk_length``, AST: ``max_length`` frames of 10 ms), so a longer file would be cut
    silently: it is classified by windows of that length. Waveform models take any length:
    whole up to :data:`WAVEFORM_MAX_WHOLE_S`, else windows of :data:`WAVEFORM_WINDOW_S`.
    """
    from helpers.encoders import family_of_extractor

    family = family_of_extractor(feature_extractor)
    if family == "whisper":
        window = float(feature_extractor.n_samples) / feature_extractor.sampling_rate
        return window, window
    if family == "ast":
        # frames = 1 + (samples - 400) // 160 at 16 kHz: the samples that fill max_length
        window = (int(feature_extractor.max_length) * 160 + 240) / 16000
        return window, window
    return WAVEFORM_WINDOW_S, WAVEFORM_MAX_WHOLE_S


def classify_long(
    classifier,
    path: str | Path,
    *,
    top_k: int = 3,
    window_s: float | None = None,
    hop_s: float | None = None,
    batch_size: int = 8,
) -> tuple[list[dict], int]:
    """Classify a long recording by overlapping windows, in bounded memory.

    The file is decoded one window at a time (:func:`helpers.audio.iter_windows`; default
    window from :func:`default_window_s`, hop half a window), each window classified, and
    the class probabilities averaged over the windows that hold sound (silent or too-short
    windows are left out). Returns ``(records, windows used)``; raises
    :class:`AudioInputError` when the file cannot be decoded or no window holds sound.
    """
    import itertools

    from helpers.audio import MIN_DURATION_S, SILENCE_DBFS, AudioInputError, iter_windows

    rate = classifier.feature_extractor.sampling_rate
    window_s = window_s or default_window_s(classifier.feature_extractor)[0]
    hop_s = hop_s or window_s / 2
    names = classifier.model.config.id2label
    total = np.zeros(len(names), dtype=np.float64)
    used = 0
    sounding = (
        {"raw": w, "sampling_rate": rate}
        for _, w in iter_windows(path, rate, window_s=window_s, hop_s=hop_s)
        if w.size >= MIN_DURATION_S * rate and np.abs(w).max() >= 10 ** (SILENCE_DBFS / 20)
    )
    while batch := list(itertools.islice(sounding, batch_size)):
        for predictions in classifier(batch, top_k=len(names), batch_size=len(batch)):
            for p in predictions:
                total[classifier.model.config.label2id[p["label"]]] += p["score"]
            used += 1
    if used == 0:
        raise AudioInputError(
            f"{path} holds no window with sound (every {window_s:g}-s window is silent or "
            "shorter than 0.1 s): check the recording."
        )
    mean = total / used
    best = np.argsort(-mean)[:top_k]
    return [{"label": names[int(i)], "score": float(mean[i])} for i in best], used


@dataclass
class FolderSummary:
    """What :func:`classify_folder` did: counts, skipped files with reasons, speed."""

    files: int = 0
    classified: int = 0
    already_done: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    audio_seconds: float = 0.0
    windowed: int = 0
    csv: Path | None = None
    #: files answered "unknown" (top score below the model's ``abstain_below``), and it
    abstained: int = 0
    threshold: float | None = None

    @property
    def files_per_s(self) -> float:
        return self.classified / self.seconds if self.seconds else 0.0

    def __str__(self) -> str:
        lines = [
            f"{self.files} files: {self.classified} classified, {len(self.skipped)} skipped"
            + (f", {self.already_done} already in {self.csv}" if self.already_done else "")
            + f" in {self.seconds:.1f} s ({self.files_per_s:.1f} files/s, "
            f"{self.audio_seconds / max(self.seconds, 1e-9):.0f} s of audio per second)"
        ]
        if self.threshold is not None:
            lines.append(
                f"{self.abstained} answered '{ABSTAIN_LABEL}': top score below "
                f"{self.threshold:.2f}, the model's abstention threshold (its top label and "
                "score are in the row)"
            )
        if self.windowed:
            plural = "s" if self.windowed != 1 else ""
            lines.append(f"{self.windowed} long recording{plural} classified by windows")
        lines += [f"  skipped {name}: {reason}" for name, reason in self.skipped]
        if self.csv:
            lines.append(f"results: {self.csv}")
        return "\n".join(lines)


def classify_folder(
    classifier,
    folder: str | Path,
    *,
    out: str | Path | None = None,
    top_k: int = 3,
    batch_size: int = 8,
    window_s: float | None = None,
    hop_s: float | None = None,
    max_whole_s: float | None = None,
    resume: bool = False,
    overwrite: bool = False,
    progress: bool = True,
) -> tuple[list[dict], FolderSummary]:
    """Classify every audio file under ``folder``; one row per file, written as produced.

    Any format FFmpeg decodes, any rate, mono or stereo. A file is checked from its header
    first: up to ``max_whole_s`` seconds it is decoded whole and classified in a batch
    (:func:`classify_batch`: exact padding policy); a longer one by windows
    (:func:`classify_long`, bounded memory; defaults from :func:`default_window_s`); a
    file whose header gives no duration is decoded whole. A
    file that cannot be used gets a row with its one-sentence ``error`` and the run goes
    on. With ``out`` (a CSV path) every row is appended and flushed as soon as it exists,
    so an interrupted run keeps what it computed; ``resume=True`` then skips the files
    already in that CSV. An existing ``out`` is never replaced unless ``overwrite=True``.
    Returns ``(rows, summary)``; rows have :data:`CSV_COLUMNS`. When the model's config
    holds an abstention threshold (``abstain_below``, :mod:`helpers.calibration`), a file
    whose top score is below it gets the label ``unknown`` (its score and ``top_k`` still
    say what the model leant towards), never a silently uncertain intent.
    """
    import csv
    import time

    from tqdm.auto import tqdm

    from helpers.audio import AudioInputError, estimated_duration_s, load_audio_file
    from helpers.folders import audio_files

    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder: check the path.")
    files = audio_files(folder)
    if not files:
        raise FileNotFoundError(
            f"{folder} holds no audio files (WAV, FLAC, OGG or MP3, at any depth): pass the "
            "folder that holds your recordings."
        )
    rate = classifier.feature_extractor.sampling_rate
    default_window, default_whole = default_window_s(classifier.feature_extractor)
    max_whole_s = max_whole_s or default_whole
    threshold = threshold_of(classifier.model)  # set by helpers.calibration, else None
    summary = FolderSummary(files=len(files), csv=Path(out) if out else None, threshold=threshold)
    done: set[str] = set()
    if out is not None:
        out = Path(out)
        if out.exists() and not (resume or overwrite):
            raise FileExistsError(
                f"{out} already exists: pass resume=True (--resume) to add the files it lacks, "
                "overwrite=True (--overwrite) to replace it, or another path."
            )
        if out.exists() and resume:
            with out.open(newline="") as f:
                done = {row["file"] for row in csv.DictReader(f)}
        out.parent.mkdir(parents=True, exist_ok=True)
        handle = out.open("a" if resume and out.exists() else "w", newline="")
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        if handle.tell() == 0:
            writer.writeheader()
    rows: list[dict] = []

    def emit(name, records=(), duration=None, windows=0, error=""):
        unsure = abstains(records, threshold)
        summary.abstained += unsure
        row = {
            "file": name,
            "label": (ABSTAIN_LABEL if unsure else records[0]["label"]) if records else "",
            "score": round(records[0]["score"], 6) if records else "",
            "top_k": "; ".join(f"{r['label']}={r['score']:.4f}" for r in records),
            "duration_s": round(duration, 3) if duration is not None else "",
            "windows": windows,
            "error": error,
        }
        rows.append(row)
        if error:
            summary.skipped.append((name, error))
        else:
            summary.classified += 1
            summary.audio_seconds += duration or 0.0
        if out is not None:
            writer.writerow(row)
            handle.flush()

    pending: list[tuple[str, dict, float]] = []

    def flush_pending():
        if not pending:
            return

        def on_result(i, records):  # a row per file as soon as its forward pass is done
            name, _, duration = pending[i]
            emit(name, records, duration, windows=1)

        results = classify_batch(
            classifier, [x for _, x, _ in pending], top_k=top_k, batch_size=batch_size,
            on_result=on_result,
        )  # fmt: skip
        for i, reason in results.skipped:
            emit(pending[i][0], error=reason)
        pending.clear()

    start = time.perf_counter()
    try:
        for path in tqdm(files, desc="classifying", unit="file", disable=not progress):
            name = path.relative_to(folder).as_posix()
            if name in done:
                summary.already_done += 1
                continue
            try:
                duration = estimated_duration_s(path)
                if duration is not None and duration > max_whole_s:
                    flush_pending()
                    records, windows = classify_long(
                        classifier, path, top_k=top_k, window_s=window_s or default_window,
                        hop_s=hop_s, batch_size=batch_size,
                    )  # fmt: skip
                    summary.windowed += 1
                    emit(name, records, duration, windows=windows)
                    continue
                waveform, _ = load_audio_file(
                    path, sampling_rate=rate, allow_silence=False, verbose=False
                )
            except AudioInputError as error:
                emit(name, error=str(error))
                continue
            pending.append((name, {"raw": waveform, "sampling_rate": rate}, waveform.size / rate))
            if len(pending) >= batch_size * 4:
                flush_pending()
        flush_pending()
    finally:
        summary.seconds = time.perf_counter() - start
        if out is not None:
            handle.close()
    return rows, summary


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
    classifier,
    split,
    *,
    label_column: str = "intent_class",
    audio_column: str = "audio",
    batch_size: int = 16,
) -> dict:
    """Accuracy of ``classifier`` on a ``datasets`` split, the way notebooks 03 and 04 report it.

    The split is decoded at the model's rate with ``cast_column`` (the same FFmpeg
    resampling as training), each clip is read once, clips are classified whole (no
    truncation), one by one (``max_padding=0``: no padding can shift a score). Returns
    ``{"accuracy", "accuracy_ci95", "f1_macro", "f1_macro_ci95", "clips", "predicted",
    "truth"}``: 95 % intervals (Wilson for accuracy, bootstrap for macro-F1,
    :mod:`helpers.stats`) and label names. Where the split's speakers are known
    (:func:`helpers.data.speakers_of`, two or more), also ``"speakers"`` (one per clip) and
    ``"accuracy_ci95_speakers"``, the bootstrap over voices
    (:func:`helpers.stats.speaker_interval`).
    """
    from datasets import Audio

    rate = classifier.feature_extractor.sampling_rate
    audio = split.cast_column(audio_column, Audio(sampling_rate=rate))[audio_column]
    results = classify_batch(
        classifier, audio, top_k=1, batch_size=batch_size, max_padding=0.0, errors="raise"
    )
    names = split.features[label_column].names
    predicted = [r[0]["label"] for r in results]
    truth = [names[i] for i in split[label_column]]
    from helpers.data import speakers_of
    from helpers.stats import score_predictions

    return score_predictions(truth, predicted, names, speakers=speakers_of(split))
