import wave

import numpy as np
import pytest

from helpers import audio
from helpers.audio import AudioInputError


def write_wav(path, samples: np.ndarray, rate: int) -> None:
    """int16 WAV; ``samples`` is (n,) or (n, channels)."""
    samples = np.asarray(samples, dtype=np.int16)
    channels = 1 if samples.ndim == 1 else samples.shape[1]
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())


def tone(freq: float, rate: int, seconds: float, amplitude: float = 0.5) -> np.ndarray:
    t = np.arange(round(rate * seconds)) / rate
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def test_to_mono_averages_either_layout():
    left, right = np.ones(100), np.zeros(100)
    np.testing.assert_allclose(audio.to_mono(np.stack([left, right])), 0.5)  # (channels, n)
    np.testing.assert_allclose(audio.to_mono(np.stack([left, right], axis=1)), 0.5)  # (n, ch)
    assert audio.to_mono(np.arange(5)).tolist() == [0, 1, 2, 3, 4]
    assert audio.to_mono(np.ones((1, 50))).shape == (50,)


@pytest.mark.parametrize("shape", [(2, 3, 100), (40, 40)])
def test_to_mono_rejects_non_audio_shapes(shape):
    with pytest.raises(AudioInputError, match="shape"):
        audio.to_mono(np.zeros(shape), name="clip.wav")


def test_to_float32_scales_integer_pcm():
    out = audio.to_float32(np.array([-32768, 0, 16384, 32767], dtype=np.int16))
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, [-1.0, 0.0, 0.5, 32767 / 32768])
    np.testing.assert_allclose(
        audio.to_float32(np.array([-(2**31), 2**30], dtype=np.int32)), [-1, 0.5]
    )
    np.testing.assert_allclose(
        audio.to_float32(np.array([0, 128, 255], dtype=np.uint8)), [-1, 0, 127 / 128]
    )
    assert audio.to_float32(np.zeros(3, dtype=np.float64)).dtype == np.float32
    with pytest.raises(AudioInputError, match="dtype"):
        audio.to_float32(np.array(["a", "b"]))


def test_check_sampling_rate_says_how_to_resample():
    audio.check_sampling_rate(16000, 16000)
    with pytest.raises(AudioInputError) as err:
        audio.check_sampling_rate(8000, 16000, name="row 3")
    message = str(err.value)
    assert "row 3" in message and "8000 Hz" in message
    assert 'cast_column("audio", Audio(sampling_rate=16000))' in message


def test_validate_waveform_converts_stereo_int_pcm():
    stereo = np.stack([np.full(1600, 16384), np.zeros(1600)]).astype(np.int16)
    out = audio.validate_waveform(stereo, 16000)
    assert out.shape == (1600,) and out.dtype == np.float32
    np.testing.assert_allclose(out, 0.25)


@pytest.mark.parametrize(
    "samples, rate, match",
    [
        (np.zeros(0, dtype=np.float32), 16000, "empty"),
        (np.array([0.0, np.nan] * 2000, dtype=np.float32), 16000, "NaN/inf"),
        (np.array([0.0, np.inf] * 2000, dtype=np.float32), 16000, "NaN/inf"),
        (np.zeros(160, dtype=np.float32), 16000, "10 ms long"),
        (np.zeros(16000, dtype=np.float32), 0, "sampling rate"),
    ],
)
def test_validate_waveform_rejects_bad_clips(samples, rate, match):
    with pytest.raises(AudioInputError, match=match) as err:
        audio.validate_waveform(samples, rate, name="my_clip")
    assert "my_clip" in str(err.value)


@pytest.mark.parametrize("seconds", [0.5, 1.0, 2.345, 5.2])
def test_resample_preserves_duration(seconds):
    x = tone(440, 8000, seconds)
    y = audio.resample(x, 8000, 16000)
    assert abs(len(y) - round(seconds * 16000)) <= 1
    assert y.dtype == np.float32


def test_resample_keeps_a_1khz_tone_at_1khz():
    y = audio.resample(tone(1000, 8000, 2.0), 8000, 16000)
    spectrum = np.abs(np.fft.rfft(y * np.hanning(len(y))))
    peak_hz = np.argmax(spectrum) * 16000 / len(y)
    assert abs(peak_hz - 1000) < 2


def test_load_audio_file_downmixes_and_resamples(tmp_path, capsys):
    stereo = np.stack([tone(440, 8000, 1.0), tone(440, 8000, 1.0)], axis=1)
    path = tmp_path / "call.wav"
    write_wav(path, (stereo * 32767).astype(np.int16), 8000)
    waveform, rate = audio.load_audio_file(path, sampling_rate=16000)
    assert rate == 16000 and waveform.ndim == 1 and waveform.dtype == np.float32
    assert abs(len(waveform) - 16000) <= 32  # resampler edge samples
    assert "from 8000 Hz to 16000 Hz" in capsys.readouterr().out
    native, native_rate = audio.load_audio_file(path)
    assert native_rate == 8000 and len(native) == 8000
    np.testing.assert_allclose(native, stereo[:, 0], atol=1e-3)


def test_load_audio_file_errors_name_the_file(tmp_path):
    with pytest.raises(AudioInputError, match=r"missing\.wav does not exist"):
        audio.load_audio_file(tmp_path / "missing.wav")
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    with pytest.raises(AudioInputError, match=r"empty\.wav is an empty file"):
        audio.load_audio_file(empty)
    notes = tmp_path / "notes.wav"
    notes.write_text("this is not audio at all\n" * 20)
    with pytest.raises(AudioInputError, match=r"notes\.wav could not be decoded"):
        audio.load_audio_file(notes)
    short = tmp_path / "short.wav"
    write_wav(short, np.zeros(80, dtype=np.int16), 8000)  # 10 ms
    with pytest.raises(AudioInputError, match=r"short\.wav is 10 ms long"):
        audio.load_audio_file(short)


def test_decode_messages_say_what_is_wrong(tmp_path):
    zero = tmp_path / "zero.wav"
    write_wav(zero, np.zeros(0, dtype=np.int16), 8000)  # a valid header, 0 frames
    with pytest.raises(AudioInputError, match=r"zero\.wav holds no audio samples") as err:
        audio.load_audio_file(zero)
    assert "FFmpeg" not in str(err.value)
    notes = tmp_path / "notes.mp3"
    notes.write_text("this is not audio at all\n" * 20)
    with pytest.raises(AudioInputError) as err:
        audio.load_audio_file(notes)
    # FFmpeg's own reason (kept in __cause__ too), without torchcodec's source location
    reason = audio.ffmpeg_reason(err.value.__cause__)
    assert reason and reason in str(err.value) and ".cpp:" not in str(err.value)


def test_windows_are_decoded_one_at_a_time(tmp_path):
    rate = 8000
    left = tone(440, rate, 25.3, 0.3)
    write_wav(tmp_path / "long.wav", np.stack([left, left], axis=1), rate)  # stereo
    assert audio.estimated_duration_s(tmp_path / "long.wav") == pytest.approx(25.3, abs=0.01)
    windows = list(audio.iter_windows(tmp_path / "long.wav", 16000, window_s=10, hop_s=5))
    assert [start for start, _ in windows] == [0, 5, 10, 15, 20]
    assert [w.size for _, w in windows] == [160000] * 4 + [84800]  # 5.3 s: new audio
    assert all(w.dtype == np.float32 for _, w in windows)
    whole, _ = audio.load_audio_file(tmp_path / "long.wav", sampling_rate=16000, verbose=False)
    np.testing.assert_allclose(windows[1][1], whole[80000:240000], atol=1e-4)  # same mono mix
    short = list(audio.iter_windows(tmp_path / "long.wav", 16000, window_s=20, hop_s=10))
    assert [start for start, _ in short] == [0, 10]  # 20-25.3 s is inside the window at 10 s
    with pytest.raises(ValueError, match="hop_s"):
        next(audio.iter_windows(tmp_path / "long.wav", 16000, window_s=5, hop_s=6))


def test_one_resampler_a_file_a_dataset_row_and_an_array_reach_the_model_identically(
    bundled, tmp_path
):
    """8-kHz clip → 16 kHz three ways; the wav2vec2 extractor sees the same numbers."""
    from datasets import Audio
    from transformers import AutoFeatureExtractor

    from helpers.paths import tiny_model_dir

    test = bundled["test"].select(range(3))
    stored = test.cast_column("audio", Audio(decode=False))
    as_rows = test.cast_column("audio", Audio(sampling_rate=16000))  # training's way
    native = test.cast_column("audio", Audio())  # 8 kHz, as stored
    extractor = AutoFeatureExtractor.from_pretrained(tiny_model_dir("wav2vec2"))
    for i in range(3):
        path = tmp_path / f"clip{i}.ogg"
        path.write_bytes(stored[i]["audio"]["bytes"])
        from_file, rate = audio.load_audio_file(path, sampling_rate=16000, verbose=False)
        from_row = np.asarray(as_rows[i]["audio"]["array"], dtype=np.float32)
        clip = native[i]["audio"]
        from_array = audio.resample(np.asarray(clip["array"]), clip["sampling_rate"], 16000)
        assert rate == 16000 and clip["sampling_rate"] == 8000
        assert np.array_equal(from_file, from_row) and np.array_equal(from_array, from_row)
        inputs = [
            extractor(x, sampling_rate=16000)["input_values"][0] for x in (from_file, from_array)
        ]
        assert np.array_equal(inputs[0], inputs[1])


def test_resample_refuses_a_multichannel_array():
    with pytest.raises(ValueError, match="1-D"):
        audio.resample(np.zeros((2, 800), dtype=np.float32), 8000, 16000)


def test_the_reread_shift_notebook_02_teaches_is_still_true(bundled):
    """Notebook 02 tells learners that every read after the first of a resampled clip comes
    back shifted by 32 samples with the torchcodec this setup installs. When an upgrade
    fixes it, this fails: then change that sentence (and this test)."""
    import numpy as np
    from datasets import Audio

    audio = bundled["train"].cast_column("audio", Audio(sampling_rate=16000))[0]["audio"]
    first, second = np.asarray(audio["array"]), np.asarray(audio["array"])
    assert first.shape == second.shape and not np.array_equal(first, second)
    assert np.allclose(second[32:], first[:-32], atol=1e-3) or np.allclose(
        second[:-32], first[32:], atol=1e-3
    ), "the re-read differs, but not by a 32-sample shift: update notebook 02's sentence"
