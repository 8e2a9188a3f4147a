"""A Gradio demo around any audio-classification model: upload a file or talk to it.

``build_demo(model)`` returns a ``gradio.Blocks`` app: an audio input (upload **or**
microphone), the top-k labels with their scores as bars, and a line with the clip's
duration and the model's origin (an offline demo or the real thing, from
:func:`helpers.models.find_model`). Each recording goes through
:func:`classify_recording`, the same path as :func:`helpers.inference.classify_folder`:
up to the model's whole-clip length it is decoded whole, a longer one is classified by
windows in bounded memory, and a silent, too-short or unreadable input is answered with
the same one-sentence message as everywhere else in the helpers (never a stack trace).

It is a server, so :func:`launch` listens on 127.0.0.1 unless told otherwise, says so in one
sentence when it shares a public link (opt-in), limits the upload size, and queues
requests so that several at once wait their turn instead of competing for the model.
``python scripts/demo.py --model DIR_OR_ID`` runs it from a terminal. Gradio is an
optional dependency (``pip install -e ".[demo]"``; Colab has it preinstalled).
"""

from __future__ import annotations

import os
from pathlib import Path

#: Largest upload accepted, in bytes (Gradio refuses bigger files before they reach the
#: model): 100 MB, 54 minutes of 16-kHz mono WAV (:func:`upload_minutes`).
MAX_UPLOAD = 100 * 1024**2
#: Longest recording classified (s); longer ones are refused in one sentence. Past the
#: upload limit as WAV: 3 hours arrive only compressed (MP3, OGG, FLAC), or from a script.
MAX_SECONDS = 3 * 3600
#: Requests served at once; the others wait in the queue (one model, one forward pass).
CONCURRENCY = 1
#: Requests that may wait in the queue before new ones are turned away.
QUEUE_SIZE = 64
#: System fonts only: Gradio's default theme would fetch Google Fonts from a CDN.
_FONTS = ["ui-sans-serif", "system-ui", "sans-serif"]
_MONO = ["ui-monospace", "monospace"]


def upload_minutes(rate: int, *, max_bytes: int = MAX_UPLOAD, bytes_per_sample: int = 2) -> int:
    """Whole minutes of mono PCM WAV (16-bit by default) at ``rate`` Hz that fit in an upload."""
    return int(max_bytes / (rate * bytes_per_sample) // 60)


def classify_recording(
    classifier, path: str | Path, *, top_k: int = 5, max_seconds: float = MAX_SECONDS
) -> tuple[list[dict], float, int]:
    """``(records, duration_s, windows)`` for one recording of any length.

    Up to the model's whole-clip length (:func:`helpers.inference.default_window_s`) the
    file is decoded whole and classified once (``windows`` = 1); longer, by windows
    (:func:`helpers.inference.classify_long`). Raises :class:`helpers.audio.AudioInputError`
    with one sentence for a missing, unreadable, empty, silent or too-short file, or one
    longer than ``max_seconds``.
    """
    from helpers.audio import AudioInputError, estimated_duration_s, load_audio_file
    from helpers.inference import classify, classify_long, default_window_s

    duration = estimated_duration_s(path)
    if duration is not None and duration > max_seconds:
        raise AudioInputError(
            f"{Path(path).name} is {duration / 60:.0f} minutes long, more than this demo's "
            f"{max_seconds / 60:.0f}-minute limit: cut it, or classify it with "
            "scripts/classify.py, which has no limit."
        )
    window_s, max_whole_s = default_window_s(classifier.feature_extractor)
    if duration is not None and duration > max_whole_s:
        records, windows = classify_long(classifier, path, top_k=top_k, window_s=window_s)
        return records, duration, windows
    rate = classifier.feature_extractor.sampling_rate
    waveform, _ = load_audio_file(path, sampling_rate=rate, allow_silence=False, verbose=False)
    audio = {"array": waveform, "sampling_rate": rate}
    return classify(classifier, audio, top_k=top_k, verbose=False), waveform.size / rate, 1


def describe_result(duration_s: float, windows: int, origin) -> str:
    """The line under the scores: duration, windows, and where the model came from."""
    length = f"{duration_s:.1f} s" if duration_s < 120 else f"{duration_s / 60:.1f} min"
    how = "classified whole" if windows == 1 else f"classified in {windows} windows, averaged"
    kind = "real model" if origin.real else "OFFLINE DEMO model: its answers are not real ones"
    return f"{length}, {how}. Model: {origin.name} ({kind})."


def build_demo(model: str | Path | None = None, *, top_k: int = 5, device: str | None = None):
    """The Gradio app for ``model`` (a saved folder, a Hub id, or ``None`` for the default).

    The model is found exactly as :func:`helpers.models.find_model` finds it: one you
    name is used or refused in one sentence; only ``None`` falls back, said in one sentence.
    """
    gr = _gradio()
    from helpers.audio import AudioInputError
    from helpers.inference import ABSTAIN_LABEL, abstains, load_classifier, threshold_of
    from helpers.models import find_model

    model_ref, origin = find_model(model)
    print(origin)
    classifier = load_classifier(model_ref, device=device)
    n_labels = len(classifier.model.config.id2label)
    top_k = min(top_k, n_labels)
    threshold = threshold_of(classifier.model)  # helpers.calibration's, if it was given one

    def answer(path):
        if not path:
            raise gr.Error("No audio yet: upload a file or record with the microphone.")
        try:
            records, duration, windows = classify_recording(classifier, path, top_k=top_k)
        except AudioInputError as error:
            raise gr.Error(_public_message(str(error), path)) from None
        scores = {r["label"]: r["score"] for r in records}
        line = describe_result(duration, windows, origin)
        if abstains(records, threshold):  # an "I don't know", never a silently wrong intent
            line = (
                f"**Answer: {ABSTAIN_LABEL}.** The top score ({records[0]['label']}, "
                f"{records[0]['score']:.2f}) is below {threshold:.2f}, the threshold chosen "
                f"on validation: the recording may ask for something the {n_labels} labels "
                f"do not cover. {line}"
            )
        return scores, line

    with gr.Blocks(title="Spoken-intent classifier", analytics_enabled=False) as demo:
        gr.Markdown(
            "## What does the caller want?\n"
            "Upload a recording or record one with the microphone, then press **Classify**. "
            f"Model: `{origin.name}`" + ("" if origin.real else " (an offline demo model).")
        )
        audio = gr.Audio(sources=["upload", "microphone"], type="filepath", label="Recording")
        button = gr.Button("Classify", variant="primary")
        scores = gr.Label(num_top_classes=top_k, label=f"Top {top_k} intents")
        details = gr.Markdown(elem_id="details")
        button.click(answer, inputs=audio, outputs=[scores, details], api_name="classify")
    demo.queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE)
    return demo


def launch(
    demo,
    *,
    host: str = "127.0.0.1",
    port: int | None = None,
    share: bool = False,
    inline: bool | None = None,
    block: bool = True,
):
    """Serve ``demo``: on ``host`` (127.0.0.1, this machine only, unless you say otherwise),
    with a public ``*.gradio.live`` link only when ``share=True`` (said in one sentence).

    Returns what ``Blocks.launch`` returns; ``block=False`` leaves it running in the
    background (tests, notebooks).
    """
    if share:
        print(
            "Sharing is on: anyone with the public link printed below can use this demo (and "
            "your machine's compute) for the next 72 hours, or until you stop it."
        )
    elif host not in ("127.0.0.1", "localhost"):
        print(f"Listening on {host}: other machines on that network can reach this demo.")
    return demo.launch(
        server_name=host,
        server_port=port,
        share=share,
        inline=inline,
        prevent_thread_lock=not block,
        max_file_size=MAX_UPLOAD,
        show_error=True,
        quiet=not block,  # a terminal needs the address printed; a notebook shows the app
        theme=_gradio().themes.Default(font=_FONTS, font_mono=_MONO),
    )


def _public_message(message: str, path: str) -> str:
    """The helpers' sentence, with Gradio's temporary upload path shortened to the file name."""
    return message.replace(str(path), Path(path).name)


def _gradio():
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no telemetry calls
    try:
        import gradio as gr
    except ImportError:
        raise ImportError(
            "The demo needs Gradio: run `pip install gradio` (Colab has it preinstalled), or "
            '`pip install -e ".[demo]"` in this repository.'
        ) from None
    return gr
