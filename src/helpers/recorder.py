"""Record your own takes into the folder layout notebook 07 loads.

Every take, wherever it comes from (Colab's browser recorder, a Gradio microphone, a file,
or synthesised takes offline), goes through one method, :meth:`TakeRecorder.save`:

- it is decoded if needed, down-mixed to mono and resampled to 16 kHz;
- it is refused with one sentence (:class:`TakeRefused`), leaving nothing on disk, when it
  is unreadable, silent, shorter than :data:`MIN_TAKE_S` or clipped;
- else it is written as ``<root>/<label>/<speaker>_<NNNN>.wav`` (16-bit PCM, 16 kHz mono),
  the number continuing after the highest one that speaker has in that folder, so that
  nothing is ever overwritten, and a row ``file_name,label,speaker`` is added to
  ``<root>/metadata.csv``: :func:`helpers.folders.load_audio_folder` reads the speaker from
  it and splits by speaker.

:meth:`TakeRecorder.summary` counts the takes per label (and per speaker) and says what is
still missing before training makes sense. :func:`colab_recorder` and
:func:`gradio_recorder` are the two ways to record in a notebook; both end in ``save``.
"""

from __future__ import annotations

import base64
import csv
import re
import wave
from collections import Counter
from pathlib import Path

import numpy as np

from helpers.audio import AudioInputError

#: Sampling rate of every saved take (Hz): what every model of the course reads.
TAKE_RATE = 16000
#: Shortest take kept (s): a word or two of speech; a click or a cut-off take is shorter.
MIN_TAKE_S = 0.5
#: A sample at or above this magnitude (full scale is 1.0) counts as clipped.
CLIP_LEVEL = 0.999
#: A take is refused as clipped when this many consecutive samples sit at full scale: a
#: single full-scale peak can be legitimate, a run of them is the microphone overloading.
CLIP_RUN = 3
#: Takes per label the summary aims for by default. Notebook 07's learning curve measures
#: what a count buys on voices the model never heard: on the bundled voices (takes drawn
#: from up to 8 voices, so more takes also meant more voices) 10 per label was the smallest
#: count whose mean reached 80 % (83.3 %, 95 % CI 72.2–91.3, 2026-12-06). Measure your own.
TARGET_TAKES = 10
#: Speakers a split by speaker needs without split folders: two to train on, one for
#: validation, one for test (:func:`helpers.folders.split_by_group`).
SPLIT_SPEAKERS = 4

_SPEAKER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")  # no "_": it ends the speaker in a name
_LABEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


class TakeRefused(AudioInputError):
    """A take was not saved; the message says why in one sentence and what to do."""


def _check_name(value: str, what: str) -> str:
    value = str(value).strip()
    speaker = what == "Speaker"
    if not (_SPEAKER if speaker else _LABEL).match(value):
        allowed = "letters, digits and hyphens only (no spaces or underscores)" if speaker else (
            "letters, digits, hyphens and underscores only (no spaces)"
        )  # fmt: skip
        bad = r"[^A-Za-z0-9-]+" if speaker else r"[^A-Za-z0-9_-]+"
        raise ValueError(
            f"{what} {value!r} cannot name files: use {allowed}, e.g. "
            f"{re.sub(bad, '-', value).strip('-') or 'me'!r}."
        )
    return value


def clipped_run(waveform: np.ndarray, *, level: float = CLIP_LEVEL) -> int:
    """The longest run of consecutive samples at or above ``level`` in magnitude."""
    at_top = np.abs(np.asarray(waveform)) >= level
    if not at_top.any():
        return 0
    edges = np.flatnonzero(np.diff(np.concatenate([[0], at_top.astype(np.int8), [0]])))
    return int((edges[1::2] - edges[::2]).max())


def check_take(
    array, sampling_rate: int, *, name: str = "take", min_seconds: float = MIN_TAKE_S
) -> np.ndarray:
    """The take as float32 mono at :data:`TAKE_RATE`, or :class:`TakeRefused` with one
    sentence (empty, NaN, shorter than ``min_seconds``, silent, clipped).

    Integer PCM (what Gradio's microphone gives) is scaled to [-1, 1]; stereo is averaged;
    another rate is resampled with FFmpeg (:func:`helpers.audio.resample`).
    """
    from helpers.audio import resample, validate_waveform

    raw = np.asarray(array)
    try:
        waveform = validate_waveform(
            raw, sampling_rate, name=name, min_duration_s=min_seconds, allow_silence=False
        )
    except AudioInputError as error:
        raise TakeRefused(f"Not saved: {error}") from None
    # clipping is judged before resampling, which smooths the flat tops away
    run = clipped_run(waveform)
    if run >= CLIP_RUN:
        raise TakeRefused(
            f"Not saved: {name} is clipped ({run} samples in a row at full scale): move "
            "further from the microphone or lower its input level, then record it again."
        )
    if int(sampling_rate) != TAKE_RATE:
        waveform = resample(waveform, int(sampling_rate), TAKE_RATE)
    return np.clip(waveform, -1.0, 1.0).astype(np.float32)


def decode_take(source, *, name: str = "take") -> tuple[np.ndarray, int]:
    """Decode a recorded file (a path, raw bytes, or a ``data:`` URL as a browser gives)
    with FFmpeg: ``(float32 mono at TAKE_RATE, TAKE_RATE)``; :class:`TakeRefused` if it
    cannot be read."""
    from torchcodec.decoders import AudioDecoder

    from helpers.audio import ffmpeg_reason

    if isinstance(source, str) and source.startswith("data:"):
        header, _, payload = source.partition(",")
        if ";base64" not in header:
            raise TakeRefused(f"Not saved: {name} is a data URL without base64 audio.")
        source = base64.b64decode(payload)
    if isinstance(source, (str, Path)):
        source = str(source)
        if not Path(source).is_file():
            raise TakeRefused(f"Not saved: {source} does not exist: check the path.")
    if isinstance(source, (bytes, bytearray)) and not source:
        raise TakeRefused(f"Not saved: {name} is empty (0 bytes): record it again.")
    try:
        samples = AudioDecoder(source, sample_rate=TAKE_RATE).get_all_samples()
    except Exception as error:  # torchcodec raises RuntimeError/ValueError from FFmpeg
        raise TakeRefused(
            f"Not saved: {name} could not be decoded as audio ({ffmpeg_reason(error)}): "
            "record it again."
        ) from None
    data = samples.data.numpy()
    return (data.mean(axis=0) if data.ndim == 2 else data).astype(np.float32), TAKE_RATE


def write_wav(path: Path, waveform: np.ndarray, rate: int = TAKE_RATE) -> None:
    """16-bit PCM mono WAV; refuses to replace an existing file (``open(..., "xb")``)."""
    pcm = np.round(np.clip(waveform, -1.0, 1.0) * 32767).astype("<i2")
    with open(path, "xb") as handle, wave.open(handle, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(int(rate))
        out.writeframes(pcm.tobytes())


class TakeRecorder:
    """Saves checked takes into ``root`` (see the module docstring) and counts them.

    ``labels``: what you will record (folder names); ``speaker``: who records by default
    (a take may name another); ``target``: takes per label the summary aims for.
    ``root`` may be new, or a folder this recorder (or anything writing the same
    ``metadata.csv``) made before: numbering continues, nothing is overwritten.
    """

    def __init__(self, root, labels, *, speaker: str = "me", target: int = TARGET_TAKES):
        from helpers.folders import METADATA_FILE, SPLIT_NAMES, audio_files

        self.root = Path(root)
        self.labels = [_check_name(label, "Label") for label in labels]
        if len(set(self.labels)) < 2:
            raise ValueError("Give at least two different labels: a classifier needs two.")
        split_like = [label for label in self.labels if label.lower() in SPLIT_NAMES]
        if split_like:
            raise ValueError(
                f"Label(s) {', '.join(split_like)} are read as split folders by audiofolder: "
                "rename them (e.g. 'test' → 'test-call')."
            )
        self.speaker = _check_name(speaker, "Speaker")
        self.target = int(target)
        self.metadata = self.root / METADATA_FILE
        if self.root.is_dir() and not self.metadata.is_file() and audio_files(self.root):
            raise FileExistsError(
                f"{self.root} already holds audio files without a {METADATA_FILE}: record "
                "into a new folder (the recorder never mixes its takes with other files)."
            )
        if self.metadata.is_file():
            with open(self.metadata, newline="", encoding="utf-8") as handle:
                header = next(csv.reader(handle), [])
            if header[:3] != ["file_name", "label", "speaker"]:
                raise ValueError(
                    f"{self.metadata} has the columns {header}, not file_name,label,speaker: "
                    "record into a new folder."
                )

    def _rows(self) -> list[dict]:
        if not self.metadata.is_file():
            return []
        with open(self.metadata, newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    def _next_path(self, label: str, speaker: str) -> Path:
        folder = self.root / label
        pattern = re.compile(rf"^{re.escape(speaker)}_(\d+)\.wav$")
        taken = [int(m[1]) for p in folder.glob("*.wav") if (m := pattern.match(p.name))]
        taken += [
            int(m[1])
            for row in self._rows()
            if row["label"] == label and (m := pattern.match(Path(row["file_name"]).name))
        ]
        return folder / f"{speaker}_{max(taken, default=0) + 1:04d}.wav"

    def save(
        self, audio, label: str, *, sampling_rate: int | None = None, speaker: str | None = None
    ) -> Path:
        """Check and save one take; returns its path or raises :class:`TakeRefused`.

        ``audio``: a waveform (with ``sampling_rate``), a ``(rate, samples)`` tuple as
        Gradio gives it, or a file path / bytes / ``data:`` URL (decoded with FFmpeg).
        """
        if label not in self.labels:
            raise TakeRefused(
                f"Not saved: {label!r} is not one of the labels {self.labels}: pick one of "
                "them (or make a recorder with that label)."
            )
        speaker = _check_name(speaker, "Speaker") if speaker else self.speaker
        name = f"the take for {label!r}"
        if isinstance(audio, tuple) and len(audio) == 2 and np.ndim(audio[1]) >= 1:
            sampling_rate, audio = audio  # Gradio's numpy audio: (rate, samples)
        if audio is None:
            raise TakeRefused(f"Not saved: {name} is empty (nothing was recorded).")
        if isinstance(audio, (str, Path, bytes, bytearray)):
            audio, sampling_rate = decode_take(audio, name=name)
        elif sampling_rate is None:
            raise TakeRefused(f"Not saved: {name} has no sampling rate: pass sampling_rate=.")
        waveform = check_take(audio, sampling_rate, name=name)
        path = self._next_path(label, speaker)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_wav(path, waveform)
        try:
            new = not self.metadata.is_file()
            with open(self.metadata, "a", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                if new:
                    writer.writerow(["file_name", "label", "speaker"])
                writer.writerow([path.relative_to(self.root).as_posix(), label, speaker])
        except OSError:
            path.unlink(missing_ok=True)  # a take without its row would not load
            raise
        return path

    def counts(self) -> dict[str, Counter]:
        """``{label: Counter({speaker: takes})}`` from ``metadata.csv``, every label listed."""
        counts = {label: Counter() for label in self.labels}
        for row in self._rows():
            counts.setdefault(row["label"], Counter())[row["speaker"]] += 1
        return counts

    def missing(self, speaker: str | None = None) -> dict[str, int]:
        """Takes each label still needs to reach ``target`` (labels already there left out);
        with ``speaker``, counting that speaker's takes only (a friend records their own)."""

        def have(by_speaker: Counter) -> int:
            return by_speaker[speaker] if speaker else sum(by_speaker.values())

        return {
            label: self.target - have(c) for label, c in self.counts().items()
            if have(c) < self.target
        }  # fmt: skip

    def summary(self) -> str:
        """Takes per label (per speaker), then what is still missing before training."""
        counts = self.counts()
        speakers = sorted({s for c in counts.values() for s in c})
        lines, width = [], max(len(label) for label in counts)
        for label, by_speaker in counts.items():
            who = ", ".join(f"{s} {n}" for s, n in sorted(by_speaker.items())) or "none yet"
            if len(by_speaker) > SPLIT_SPEAKERS:
                who = f"{len(by_speaker)} speakers"
            lines.append(f"{label:>{width}}: {sum(by_speaker.values()):3d}/{self.target}  ({who})")
        missing = self.missing()
        if missing:
            total = sum(missing.values())
            todo = ", ".join(f"{label} {n}" for label, n in missing.items())
            lines.append(
                f"Still missing: {total} take(s) to reach {self.target} per label ({todo})."
            )
        else:
            lines.append(f"Every label has {self.target} takes or more.")
        if len(speakers) < SPLIT_SPEAKERS:
            lines.append(
                f"Speakers: {len(speakers)} ({', '.join(speakers) or 'none'}). Validation and "
                f"test hold out whole speakers from {SPLIT_SPEAKERS} on; with fewer they are "
                "cut from the same voices and measure how the model does on those voices "
                "only: ask a few more people to record."
            )
        else:
            lines.append(
                f"Speakers: {len(speakers)} ({', '.join(speakers)}): validation and test can "
                "hold out whole speakers."
            )
        return "\n".join(lines)


#: Colab's browser recorder: asks for the microphone, records ``seconds`` with
#: ``MediaRecorder`` (WebM/Opus in Chrome) and returns the recording as a ``data:`` URL.
#: ``google.colab.output.eval_js`` runs it in the notebook's output frame and waits for it.
RECORD_JS = """
async function recordTake(seconds) {
  const stream = await navigator.mediaDevices.getUserMedia({audio: true});
  const recorder = new MediaRecorder(stream);
  const chunks = [];
  recorder.ondataavailable = (event) => chunks.push(event.data);
  const done = new Promise((resolve) => { recorder.onstop = resolve; });
  const note = document.createElement("p");
  note.textContent = "Recording for " + seconds + " s: speak now.";
  document.body.appendChild(note);
  recorder.start();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  recorder.stop();
  await done;
  stream.getTracks().forEach((track) => track.stop());
  note.remove();
  const blob = new Blob(chunks, {type: recorder.mimeType});
  return await new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onloadend = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}
"""


def colab_take(seconds: float = 3.0) -> str:
    """Record one take in Colab's browser (:data:`RECORD_JS`); returns its ``data:`` URL."""
    from google.colab import output  # only on Colab

    return output.eval_js(f"{RECORD_JS}\nrecordTake({float(seconds)})")


#: Refused takes in a row after which :func:`colab_recorder` stops (a muted microphone
#: would otherwise ask forever).
MAX_REFUSED = 3


def colab_recorder(
    recorder: TakeRecorder, label: str, *, takes: int = 1, seconds: float = 3.0,
    speaker: str | None = None,
) -> int:  # fmt: skip
    """Record ``takes`` takes of ``label`` on Colab, one after the other, saving each with
    ``recorder.save`` (as ``speaker``, default the recorder's); a refused take is said in one
    sentence and recorded again, up to :data:`MAX_REFUSED` refusals in a row. Returns the
    number saved."""
    saved = refused = 0
    while saved < takes:
        print(f"{label!r}, take {saved + 1} of {takes}:")
        try:
            path = recorder.save(colab_take(seconds), label, speaker=speaker)
        except TakeRefused as refusal:
            print(refusal)
            refused += 1
            if refused >= MAX_REFUSED:
                print(
                    f"{MAX_REFUSED} takes in a row were refused: check the microphone (is it "
                    f"muted, is the browser allowed to use it?), then run this cell again."
                )
                break
            continue
        saved, refused = saved + 1, 0
        print(f"saved {path.relative_to(recorder.root)}")
    return saved


def gradio_recorder(recorder: TakeRecorder):
    """A Gradio app (a microphone, the label, a Save button) that saves each take with
    ``recorder.save`` and shows the summary or the refusal; ``.launch()`` it inline."""
    try:
        import gradio as gr
    except ImportError:
        raise ImportError(
            "The microphone widget needs Gradio, which is not installed here: run "
            "`pip install gradio` (or `pip install -e '.[demo]'`), then run this cell again."
        ) from None

    def save(audio, label, speaker):
        try:
            path = recorder.save(audio, label, speaker=speaker or None)
        except (TakeRefused, ValueError) as refusal:
            return f"{refusal}\n\n{recorder.summary()}"
        return f"Saved {path.relative_to(recorder.root)}.\n\n{recorder.summary()}"

    with gr.Blocks(title="Record takes") as app:
        audio = gr.Audio(sources=["microphone"], type="numpy", label="Take")
        with gr.Row():
            label = gr.Dropdown(recorder.labels, value=recorder.labels[0], label="Label")
            speaker = gr.Textbox(recorder.speaker, label="Speaker")
        button = gr.Button("Save take")
        status = gr.Textbox(
            recorder.summary(), label="Takes so far", lines=len(recorder.labels) + 3
        )
        button.click(save, [audio, label, speaker], status)
    return app
