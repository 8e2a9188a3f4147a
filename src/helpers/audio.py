"""Audio input checks and conversions shared by the loaders, notebooks and inference.

Every function either returns a clean ``float32`` mono waveform or raises
:class:`AudioInputError` with one sentence that names the input and says what to do.

Documented conversions (applied silently, because they lose nothing a classifier needs):

- **stereo → mono**: channels are averaged. A 2-D array is read as
  ``(channels, samples)`` when its first axis is the shorter one (torchcodec's layout),
  otherwise as ``(samples, channels)`` (soundfile's layout).
- **integer PCM → float32**: ``int16`` is divided by 32768, ``int32`` by 2**31,
  ``uint8`` is centred on 128 and divided by 128; ``float64`` is cast to ``float32``.

Not converted silently: a wrong sampling rate. :func:`check_sampling_rate` says how to
resample; :func:`load_audio_file` resamples on request and says so.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

#: Shortest clip accepted by default (seconds). wav2vec2's convolutional encoder needs at
#: least 400 samples at 16 kHz (25 ms) to produce a single frame; 0.1 s leaves headroom.
MIN_DURATION_S = 0.1

#: Peak level (dBFS) below which a clip counts as silent for classification.
SILENCE_DBFS = -60.0

_MAX_CHANNELS = 8


class AudioInputError(ValueError):
    """Audio that cannot be used as given; the message says what to do."""


def to_mono(array: np.ndarray, *, name: str = "audio") -> np.ndarray:
    """Average the channels of a 2-D array; 1-D arrays are returned unchanged.

    Convert integer PCM with :func:`to_float32` first (as :func:`validate_waveform` does):
    the average of integer samples stays on the integer scale.
    """
    array = np.asarray(array)
    if array.ndim == 1:
        return array
    if array.ndim != 2:
        raise AudioInputError(
            f"{name} has shape {array.shape}: pass a 1-D waveform or a 2-D "
            "(channels, samples) array."
        )
    channel_axis = 0 if array.shape[0] <= array.shape[1] else 1
    if array.shape[channel_axis] > _MAX_CHANNELS:
        raise AudioInputError(
            f"{name} has shape {array.shape}, which does not look like audio channels: "
            "pass a 1-D waveform or a (channels, samples) array."
        )
    if array.shape[channel_axis] == 1:
        return array.reshape(-1)
    mean = array.mean(axis=channel_axis, dtype=np.float64)
    return mean.astype(array.dtype) if np.issubdtype(array.dtype, np.floating) else mean


def to_float32(array: np.ndarray, *, name: str = "audio") -> np.ndarray:
    """Convert integer PCM or float64 samples to float32 in [-1, 1]."""
    array = np.asarray(array)
    if array.dtype == np.int16:
        return (array.astype(np.float32) / 32768.0).astype(np.float32)
    if array.dtype == np.int32:
        return (array.astype(np.float64) / 2**31).astype(np.float32)
    if array.dtype == np.uint8:
        return ((array.astype(np.float32) - 128.0) / 128.0).astype(np.float32)
    if np.issubdtype(array.dtype, np.floating):
        return array.astype(np.float32, copy=False)
    raise AudioInputError(
        f"{name} has dtype {array.dtype}: pass float samples in [-1, 1] or int16/int32/uint8 PCM."
    )


def check_sampling_rate(sampling_rate: int, expected: int, *, name: str = "audio") -> None:
    """Raise if ``sampling_rate`` (Hz) differs from the ``expected`` rate (Hz)."""
    if int(sampling_rate) != int(expected):
        raise AudioInputError(
            f"{name} is sampled at {sampling_rate} Hz but {expected} Hz is expected: resample "
            f'it first, e.g. dataset.cast_column("audio", Audio(sampling_rate={expected})) '
            f"or helpers.audio.resample(array, {sampling_rate}, {expected})."
        )


def validate_waveform(
    array: np.ndarray,
    sampling_rate: int,
    *,
    name: str = "audio",
    min_duration_s: float = MIN_DURATION_S,
    allow_silence: bool = True,
) -> np.ndarray:
    """Return ``array`` as float32 mono after checking it is usable.

    Applies the documented conversions (stereo → mono, int PCM → float32) and raises
    :class:`AudioInputError` for an empty clip, NaN/inf samples, a clip shorter than
    ``min_duration_s`` seconds, a non-positive sampling rate (Hz), or, with
    ``allow_silence=False``, a clip whose peak is below ``SILENCE_DBFS``.
    """
    if sampling_rate is None or int(sampling_rate) <= 0:
        raise AudioInputError(
            f"{name} has sampling rate {sampling_rate!r}: pass the rate in Hz, e.g. 16000."
        )
    waveform = to_mono(to_float32(array, name=name), name=name)
    if waveform.size == 0:
        raise AudioInputError(f"{name} is empty (0 samples): check the recording or file.")
    if not np.all(np.isfinite(waveform)):
        bad = int(np.count_nonzero(~np.isfinite(waveform)))
        raise AudioInputError(
            f"{name} contains {bad} NaN/inf samples: fix the upstream processing or replace "
            "them with np.nan_to_num before classifying."
        )
    duration = waveform.size / float(sampling_rate)
    if duration < min_duration_s:
        raise AudioInputError(
            f"{name} is {duration * 1000:.0f} ms long, shorter than the "
            f"{min_duration_s * 1000:.0f} ms minimum: record or pad a longer clip."
        )
    peak = float(np.abs(waveform).max())
    if not allow_silence and peak < 10 ** (SILENCE_DBFS / 20):
        level = "every sample is zero" if peak == 0 else f"peak {20 * np.log10(peak):.0f} dBFS"
        raise AudioInputError(
            f"{name} is silent ({level}): check the recording (muted microphone, wrong input "
            "device?)."
        )
    return waveform


def read_audio(audio) -> tuple[np.ndarray, int]:
    """``(samples, rate_hz)`` of a ``datasets`` audio value or an array/rate dict.

    A ``datasets`` row's ``audio`` is a torchcodec decoder that decodes on every
    ``["array"]`` access, and with torchcodec 0.13 every read after the first of a
    *resampled* clip comes back shifted by 32 samples. So each decoder is read once here and
    its samples kept on it: repeated use of the same value gives identical arrays.
    """
    cached = getattr(audio, "_helpers_samples", None)
    if cached is not None:
        return cached
    if isinstance(audio, dict):
        array = audio["raw"] if "raw" in audio else audio["array"]
        return np.asarray(array), int(audio["sampling_rate"])
    samples = audio["array"]
    result = (np.asarray(samples), int(audio["sampling_rate"]))
    try:
        audio._helpers_samples = result
    except AttributeError:  # an object that takes no attributes: nothing to keep
        pass
    return result


def resample(array: np.ndarray, orig_rate: int, target_rate: int) -> np.ndarray:
    """Resample a 1-D waveform from ``orig_rate`` to ``target_rate`` (Hz) with FFmpeg.

    The one resampler of the course: FFmpeg's (libswresample, default settings), which
    ``datasets`` uses through torchcodec for ``cast_column("audio", Audio(sampling_rate=…))``
    and :func:`load_audio_file` for files. So an in-memory array at another rate reaches the
    model sample for sample as the same clip from a file or a dataset row (a test checks
    it). The ``ffmpeg`` program (the same FFmpeg as torchcodec's libraries) does the work;
    float32 in and out, nothing quantised.
    """
    import shutil
    import subprocess

    waveform = np.ascontiguousarray(array, dtype=np.float32)
    if waveform.ndim != 1:
        raise ValueError(
            f"resample takes a 1-D waveform, got shape {waveform.shape}: downmix first."
        )
    if int(orig_rate) == int(target_rate) or waveform.size == 0:
        return waveform.copy()
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise RuntimeError(
            "Resampling needs the ffmpeg program, which is not on PATH: install FFmpeg "
            "(`sudo apt-get install ffmpeg`; Colab has it)."
        )
    command = [
        ffmpeg, "-nostdin", "-loglevel", "error", "-f", "f32le", "-ar", str(int(orig_rate)),
        "-ac", "1", "-i", "pipe:0", "-ar", str(int(target_rate)), "-f", "f32le", "pipe:1",
    ]  # fmt: skip
    done = subprocess.run(command, input=waveform.astype("<f4").tobytes(), capture_output=True)
    if done.returncode != 0:
        reason = (done.stderr.decode(errors="replace").strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"FFmpeg could not resample {orig_rate} → {target_rate} Hz: {reason}")
    return np.frombuffer(done.stdout, dtype="<f4").astype(np.float32)


def load_audio_file(
    path: str | Path,
    *,
    sampling_rate: int | None = None,
    min_duration_s: float = MIN_DURATION_S,
    allow_silence: bool = True,
    verbose: bool = True,
) -> tuple[np.ndarray, int]:
    """Decode any FFmpeg-readable file (WAV/FLAC/OGG/MP3…) to a float32 mono waveform.

    With ``sampling_rate`` (Hz) the audio is resampled by FFmpeg to that rate, and a
    one-line message says so when the file's own rate differs. Returns
    ``(waveform, rate_hz)``. Missing, unreadable, empty or too-short files raise
    :class:`AudioInputError` naming the file.
    """
    from torchcodec.decoders import AudioDecoder

    path = _existing_file(path)
    try:
        decoder = AudioDecoder(str(path), sample_rate=sampling_rate)
        native_rate = decoder.metadata.sample_rate
        samples = decoder.get_all_samples()
    except Exception as error:  # torchcodec raises RuntimeError/ValueError from FFmpeg
        raise decode_error(path, error) from error
    rate = int(samples.sample_rate)
    if verbose and sampling_rate is not None and native_rate and native_rate != rate:
        print(f"Resampled {path.name} from {native_rate} Hz to {rate} Hz.")
    waveform = samples.data.numpy()
    waveform = validate_waveform(
        waveform, rate, name=str(path), min_duration_s=min_duration_s, allow_silence=allow_silence
    )
    return waveform, rate


def _existing_file(path: str | Path) -> Path:
    from helpers.paths import REPO_ROOT, shown

    path = Path(path)
    if not path.is_file():
        raise AudioInputError(
            f"{path} does not exist or is not a file: check the path (relative paths start "
            f"from {shown(Path.cwd()) if Path.cwd() != REPO_ROOT else 'the repository root'})."
        )
    if path.stat().st_size == 0:
        raise AudioInputError(f"{path} is an empty file (0 bytes): re-record or re-export it.")
    return path


def ffmpeg_reason(error: BaseException) -> str:
    """The decoder's own reason, without torchcodec's ``Function, file.cpp:123,`` prefix."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return re.sub(r"^\w+, \S+\.cpp:\d+, ", "", text).strip()


def decode_error(path: str | Path, error: BaseException) -> AudioInputError:
    """One sentence for a file torchcodec/FFmpeg could not decode, with FFmpeg's reason.

    A readable file with no audio frames (e.g. a WAV header with 0 samples) is reported as
    empty, not as a decoding failure.
    """
    reason = ffmpeg_reason(error)
    if "No audio frames were decoded" in reason:
        return AudioInputError(
            f"{path} holds no audio samples (a valid header with 0 frames): re-record or "
            "re-export it."
        )
    return AudioInputError(
        f"{path} could not be decoded as audio ({type(error).__name__}: {reason}): check that "
        "it is a complete audio file in a format FFmpeg reads (WAV, FLAC, OGG, MP3...)."
    )


def estimated_duration_s(path: str | Path) -> float | None:
    """A file's duration in seconds from its header, without decoding it; ``None`` if unknown.

    Uses the container's duration, else the stream's bit rate and the file size (PCM WAV
    headers carry no duration for torchcodec). Raises :class:`AudioInputError` (one
    sentence, FFmpeg's reason included) when the file cannot be opened as audio.
    """
    from torchcodec.decoders import AudioDecoder

    path = _existing_file(path)
    try:
        metadata = AudioDecoder(str(path)).metadata
    except Exception as error:
        raise decode_error(path, error) from error
    for value in (metadata.duration_seconds_from_header, metadata.duration_seconds):
        if value:
            return float(value)
    if metadata.bit_rate:
        return path.stat().st_size * 8 / float(metadata.bit_rate)
    return None


def iter_windows(
    path: str | Path,
    sampling_rate: int,
    *,
    window_s: float,
    hop_s: float,
):
    """Decode a file window by window at ``sampling_rate`` (Hz), mono: bounded memory.

    Yields ``(start_s, waveform)`` for windows of ``window_s`` seconds starting every
    ``hop_s`` seconds; only one window is decoded at a time, whatever the file's length.
    The last, shorter window is yielded when it holds audio the previous one did not
    (or when it is the only one). Raises :class:`AudioInputError` for undecodable files.
    """
    from torchcodec.decoders import AudioDecoder

    if not 0 < hop_s <= window_s:
        raise ValueError(f"hop_s={hop_s} must be > 0 and at most window_s={window_s}.")
    path = _existing_file(path)
    try:  # channels are averaged below, exactly as load_audio_file does (FFmpeg's own
        # down-mix would scale them differently)
        decoder = AudioDecoder(str(path), sample_rate=sampling_rate)
    except Exception as error:
        raise decode_error(path, error) from error
    full = round(window_s * sampling_rate)
    hop = round(hop_s * sampling_rate)
    start = 0.0
    index = 0
    while True:
        try:
            samples = decoder.get_samples_played_in_range(start, start + window_s)
        except Exception as error:
            if "No audio frames were decoded" in str(error):
                if index == 0:
                    raise decode_error(path, error) from error
                return
            raise decode_error(path, error) from error
        waveform = to_mono(samples.data.numpy(), name=str(path))[:full]
        if waveform.size == 0:
            return
        last = waveform.size < full
        if not last or index == 0 or waveform.size > full - hop:
            yield start, waveform
        if last:
            return
        index += 1
        start = index * hop_s


def spectrogram_db(
    array: np.ndarray,
    sampling_rate: int,
    *,
    window_ms: float = 25.0,
    hop_ms: float = 10.0,
    floor_db: float = -100.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Power spectrogram in dB (Hann window); returns ``(freqs_hz, times_s, power_db)``.

    ``power_db`` has shape ``(len(freqs_hz), len(times_s))``; values are clipped at
    ``floor_db`` so silence does not produce ``-inf``.
    """
    from scipy.signal import spectrogram

    window = round(sampling_rate * window_ms / 1000)
    hop = round(sampling_rate * hop_ms / 1000)
    freqs, times, power = spectrogram(
        np.asarray(array, dtype=np.float64),
        fs=sampling_rate,
        window="hann",
        nperseg=window,
        noverlap=window - hop,
        scaling="spectrum",
        mode="psd",
    )
    return freqs, times, np.maximum(10 * np.log10(power + 1e-20), floor_db)
