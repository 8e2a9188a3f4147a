"""Transcribe, then classify: the text route to an intent (notebook 06).

The baseline every audio intent model has to beat: a speech recogniser writes down what
the caller said, and a text classifier reads the intent from the words.

- :func:`load_transcriber` and :func:`transcribe`: transformers' ``automatic-speech-
  recognition`` pipeline (Whisper), clips batched by length, the transcripts cached in a
  JSON file keyed by model, decoding settings and the audio itself, so a rerun transcribes
  nothing twice;
- :func:`word_error_rate`: jiwer's WER on normalised text (lower case, no punctuation);
- :func:`text_classifier` and :func:`fit_text_classifier`: scikit-learn's TF-IDF over word
  and character n-grams + logistic regression, the features and the regularisation chosen
  on validation (lowest log-loss) with ``GridSearchCV`` over a predefined split (fit on the
  training texts, scored on the validation texts), then refit on the training texts alone;
- :func:`disagreements`: the clips where one route is right and the other wrong, with
  what was said and what was heard.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

#: Clips transcribed per forward pass (sorted by length, so a batch holds similar lengths).
ASR_BATCH = 16
#: Beams of the search (1 = greedy). The pipeline's own default is 5, openai's choice.
ASR_BEAMS = 1
#: A batch may write at most this many tokens per second of its longest clip, plus
#: :data:`TOKEN_MARGIN`: generous for speech (about 3 words, 4 tokens a second), and it
#: stops a recogniser that repeats itself from writing on to Whisper's 448-token limit.
TOKENS_PER_SECOND = 6
TOKEN_MARGIN = 10
#: Whisper's decoder holds 448 positions; its start tokens take up to 4 of them (start of
#: transcript, language, task, no timestamps; the English-only models use 2, an upper bound).
START_TOKENS = 4
MAX_NEW_TOKENS = 448 - START_TOKENS


def normalise(text: str | None) -> str:
    """Lower case, punctuation removed, single spaces: how both WER and the text classifier
    read text, so "Hello, I'd like..." and "hello id like" are the same words."""
    import jiwer

    compose = jiwer.Compose(
        [
            jiwer.ToLowerCase(),
            jiwer.RemovePunctuation(),
            jiwer.RemoveMultipleSpaces(),
            jiwer.Strip(),
        ]
    )
    return compose(text or "")


# ---------------------------------------------------------------- speech recognition


def load_transcriber(model: str, *, device: str | None = None):
    """``pipeline("automatic-speech-recognition")`` for a Whisper Hub id or folder, in fp16
    on a CUDA GPU (bf16 where native), fp32 elsewhere, and its
    :class:`helpers.hub.Origin`. Offline, a Hub id that :func:`helpers.models.resolve_model`
    knows (Whisper tiny.en, base) is its converted copy of the real weights; any other
    fails in one sentence."""
    import torch
    from transformers import pipeline

    from helpers.env import pick_device
    from helpers.models import resolve_model
    from helpers.training import mixed_precision

    reference, origin = resolve_model(model)
    device = device or pick_device(verbose=False)
    precision = mixed_precision(device)
    dtype = torch.bfloat16 if precision["bf16"] else torch.float16 if precision["fp16"] else None
    transcriber = pipeline(
        "automatic-speech-recognition", model=reference, device=device, dtype=dtype
    )
    transcriber.model_name = str(model)  # the cache key names the model asked for
    return transcriber, origin


def token_budget(seconds: float) -> int:
    """Most tokens a batch whose longest clip lasts ``seconds`` may write."""
    return min(MAX_NEW_TOKENS, math.ceil(TOKENS_PER_SECOND * seconds) + TOKEN_MARGIN)


def _settings(transcriber, beams: int) -> str:
    """What a cached transcript depends on besides the audio: the model asked for, a
    fingerprint of its weights (a folder retrained in place is another model), the precision
    it runs in, the beams and the token budget's rule."""
    model = transcriber.model
    name = getattr(transcriber, "model_name", model.name_or_path)
    weights = hashlib.sha1()
    params = list(model.parameters())
    for p in params[:3] + params[-3:]:
        weights.update(p.detach().flatten()[:4096].float().cpu().numpy().tobytes())
    return (
        f"{name}|weights={weights.hexdigest()[:12]}|{model.dtype}|beams={beams}|"
        f"tokens={TOKENS_PER_SECOND}s+{TOKEN_MARGIN}"
    )


def _clip_key(waveform: np.ndarray, settings: str) -> str:
    digest = hashlib.sha1(settings.encode())
    digest.update(np.ascontiguousarray(waveform, dtype=np.float32).tobytes())
    return digest.hexdigest()


def transcribe(
    transcriber,
    waveforms: Sequence[np.ndarray],
    *,
    batch_size: int = ASR_BATCH,
    beams: int = ASR_BEAMS,
    cache: str | Path | None = None,
) -> list[str]:
    """What ``transcriber`` hears in each waveform (float32 mono at its sampling rate), in order.

    Clips are batched by length: Whisper pads every clip to its 30-s window anyway, so this
    saves no encoder work, but each batch may write :func:`token_budget` tokens of its
    longest clip, and similar lengths keep that budget tight. A clip longer than the window
    goes through transformers' sequential long-form decoding (window by window).
    With ``cache`` (a JSON file), transcripts already there are reused and new ones are
    added after every batch, so an interrupted run resumes where it stopped.
    """
    rate = transcriber.feature_extractor.sampling_rate
    settings = _settings(transcriber, beams)
    keys = [_clip_key(w, settings) for w in waveforms]
    cache = Path(cache) if cache else None
    known = json.loads(cache.read_text()) if cache and cache.is_file() else {}
    todo = sorted({k: i for i, k in enumerate(keys) if k not in known}.values(),
                  key=lambda i: len(waveforms[i]))  # fmt: skip
    for start in range(0, len(todo), batch_size):
        batch = todo[start : start + batch_size]
        longest = max(len(waveforms[i]) for i in batch) / rate
        config = _generation_config(transcriber, beams=beams, tokens=token_budget(longest))
        outputs = transcriber(
            [{"raw": waveforms[i], "sampling_rate": rate} for i in batch],
            batch_size=len(batch),
            generate_kwargs={"generation_config": config},
        )
        for i, output in zip(batch, outputs, strict=True):
            known[keys[i]] = output["text"].strip()
        if cache:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(".partial")
            tmp.write_text(json.dumps(known, indent=0, ensure_ascii=False))
            tmp.replace(cache)
    return [known[k] for k in keys]


def _generation_config(transcriber, *, beams: int, tokens: int):
    """The model's own generation settings with ``beams`` and a token budget, passed whole.

    The budget is set as ``max_length`` (the start tokens included) rather than
    ``max_new_tokens``, which transformers would merge with the model's ``max_length`` and
    warn about on every batch."""
    import copy

    config = copy.deepcopy(transcriber.model.generation_config)
    config.num_beams = beams
    config.max_new_tokens = None
    config.max_length = tokens + START_TOKENS
    return config


def split_waveforms(split, rate: int, audio_column: str = "audio") -> list[np.ndarray]:
    """Every clip of a ``datasets`` split as a float32 mono array at ``rate`` (FFmpeg
    resampling through ``cast_column``, as training and :func:`helpers.inference.evaluate_split`
    read it)."""
    from datasets import Audio

    from helpers.audio import read_audio

    audio = split.cast_column(audio_column, Audio(sampling_rate=rate))[audio_column]
    return [read_audio(value)[0] for value in audio]


def word_error_rate(references: Sequence[str], hypotheses: Sequence[str]) -> float:
    """Word error rate of ``hypotheses`` against ``references`` over the whole set (jiwer),
    both :func:`normalise`\\ d. References with no words are skipped (WER is undefined there)."""
    import jiwer

    if len(references) != len(hypotheses):
        raise ValueError(
            f"word_error_rate needs one hypothesis per reference ({len(references)} references, "
            f"{len(hypotheses)} hypotheses)."
        )
    pairs = [(normalise(r), normalise(h)) for r, h in zip(references, hypotheses, strict=True)]
    pairs = [(r, h) for r, h in pairs if r]
    if not pairs:
        raise ValueError("word_error_rate needs at least one reference with words in it.")
    return float(jiwer.wer([r for r, _ in pairs], [h for _, h in pairs]))


def clip_error_rates(references: Sequence[str], hypotheses: Sequence[str]) -> list[float]:
    """Word error rate of each clip (NaN where the reference has no words)."""
    import jiwer

    rates = []
    for reference, hypothesis in zip(references, hypotheses, strict=True):
        reference, hypothesis = normalise(reference), normalise(hypothesis)
        rates.append(float(jiwer.wer(reference, hypothesis)) if reference else math.nan)
    return rates


# ---------------------------------------------------------------- text classification

#: The feature sets the validation split chooses between.
FEATURES = {
    "words": {"analyzer": "word", "ngram_range": (1, 2)},
    "characters": {"analyzer": "char_wb", "ngram_range": (2, 5)},
}
#: Inverse regularisation strengths of the logistic regression tried on validation.
C_GRID = (0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0)


def text_classifier(features: str = "words+characters", C: float = 10.0, seed: int = 0):
    """TF-IDF (sublinear counts) over :data:`FEATURES` (``"words"``, ``"characters"`` or both,
    joined by ``+``) → multinomial logistic regression, as one scikit-learn ``Pipeline``
    whose input is raw text (:func:`normalise` is its first step)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    names = features.split("+")
    unknown = [n for n in names if n not in FEATURES]
    if unknown or not names:
        raise ValueError(f"features={features!r}: use {', '.join(FEATURES)} or both joined by '+'.")
    union = FeatureUnion(
        [
            (n, TfidfVectorizer(preprocessor=normalise, sublinear_tf=True, **FEATURES[n]))
            for n in names
        ]
    )
    return Pipeline(
        [
            ("features", union),
            ("classifier", LogisticRegression(C=C, max_iter=2000, random_state=seed)),
        ]
    )


@dataclass(frozen=True)
class TextChoice:
    """What validation chose: the settings, their validation log-loss and accuracy, and the
    whole grid as rows (lowest log-loss first)."""

    features: str
    C: float
    accuracy: float
    log_loss: float
    grid: list[dict]

    def __str__(self) -> str:
        top = max(row["accuracy"] for row in self.grid)
        if self.accuracy < top:
            k = sum(1 for row in self.grid if row["accuracy"] == top)
            aside = f"; {k} other setting(s) reached {top:.1%} accuracy with a higher loss"
        else:
            aside = "; also the highest accuracy"
        return (
            f"chosen on validation (lowest log-loss of {len(self.grid)} settings): "
            f"{self.features}, C={self.C:g}: log-loss {self.log_loss:.3f}, accuracy "
            f"{self.accuracy:.1%}{aside}"
        )


def _texts(texts: Sequence[str], name: str) -> list[str]:
    texts = [t if isinstance(t, str) else "" for t in texts]
    if not any(normalise(t) for t in texts):
        raise ValueError(
            f"The {name} texts hold no words ({len(texts)} empty transcripts): transcribe the "
            "clips first, or check that the transcription column is filled."
        )
    return texts


def fit_text_classifier(
    train_texts: Sequence[str],
    train_labels: Sequence[int],
    val_texts: Sequence[str],
    val_labels: Sequence[int],
    *,
    features: Sequence[str] = ("words", "characters", "words+characters"),
    C: Sequence[float] = C_GRID,
    seed: int = 0,
):
    """Choose the features and ``C`` of :func:`text_classifier` on validation, then fit on
    the training texts alone. Returns ``(fitted pipeline, TextChoice)``.

    Every setting is fit on the training texts and scored on the validation texts (what
    ``GridSearchCV`` with a ``PredefinedSplit`` does). The lowest validation **log-loss**
    wins (as notebook 05 keeps a head at its lowest validation loss): on a few dozen clips
    accuracy moves in steps of one clip and many settings tie, while the loss also weighs
    how sure each answer is. Remaining ties go to the simpler model (fewer features, smaller
    ``C``). Validation texts should be what the test will see (transcripts, when the test
    is transcribed).
    """
    from sklearn.model_selection import GridSearchCV, PredefinedSplit

    train_texts = _texts(train_texts, "training")
    val_texts = _texts(val_texts, "validation")
    if len(train_texts) != len(train_labels) or len(val_texts) != len(val_labels):
        raise ValueError("fit_text_classifier needs one label per text in each split.")
    X = [*train_texts, *val_texts]
    y = np.asarray([*train_labels, *val_labels])
    fold = PredefinedSplit([-1] * len(train_texts) + [0] * len(val_texts))
    search = GridSearchCV(
        text_classifier(seed=seed),
        {"features": [_union(f) for f in features], "classifier__C": list(C)},
        scoring={"accuracy": "accuracy", "log_loss": "neg_log_loss"},
        refit=False,
        cv=fold,
        error_score="raise",
    )
    search.fit(X, y)
    results = search.cv_results_
    rows = [
        {
            "features": "+".join(name for name, _ in params["features"].transformer_list),
            "C": float(params["classifier__C"]),
            "accuracy": float(results["mean_test_accuracy"][i]),
            "log_loss": float(-results["mean_test_log_loss"][i]),
        }
        for i, params in enumerate(results["params"])
    ]
    order = {f: k for k, f in enumerate(features)}
    rows.sort(key=lambda r: (r["log_loss"], order[r["features"]], r["C"]))
    best = rows[0]
    model = text_classifier(best["features"], best["C"], seed=seed)
    model.fit(train_texts, np.asarray(train_labels))
    return model, TextChoice(best["features"], best["C"], best["accuracy"], best["log_loss"], rows)


def _union(features: str):
    return text_classifier(features).named_steps["features"]


# ---------------------------------------------------------------- both routes, side by side


def disagreements(
    truth: Sequence[str],
    audio_predicted: Sequence[str],
    text_predicted: Sequence[str],
    heard: Sequence[str],
    said: Sequence[str],
):
    """A ``pandas`` table of the clips where exactly one route is right: which one, that
    clip's word error rate, the intent, what each route answered, what the recogniser heard
    and what was said. Sorted by the route that is right, then by word error rate."""
    import pandas as pd

    errors = clip_error_rates(said, heard)
    columns = ["right", "WER", "intent", "audio answered", "text answered", "heard", "said"]
    rows = [
        ("audio" if a == t else "text", errors[k], t, a, x, heard[k], said[k])
        for k, (t, a, x) in enumerate(zip(truth, audio_predicted, text_predicted, strict=True))
        if (a == t) != (x == t)
    ]
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["right", "WER"], ascending=[True, False], ignore_index=True)
