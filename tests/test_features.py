import io
import wave

import matplotlib
import numpy as np
import pytest
from datasets import Audio, Dataset
from transformers import AutoFeatureExtractor

from helpers import features, paths, plots
from helpers.audio import AudioInputError, spectrogram_db

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def extractor():
    return AutoFeatureExtractor.from_pretrained(paths.tiny_model_dir("wav2vec2"))


def wav_bytes(samples: np.ndarray, rate: int) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((samples * 32767).astype(np.int16).tobytes())
    return buffer.getvalue()


def tone(freq, rate, seconds):
    return 0.5 * np.sin(2 * np.pi * freq * np.arange(round(rate * seconds)) / rate)


def test_cast_column_resampling_preserves_duration(bundled):
    clips = bundled["test"].select(range(8))
    up = clips.cast_column("audio", Audio(sampling_rate=16000))
    for low, high in zip(clips["audio"], up["audio"], strict=True):
        duration = len(low["array"]) / 8000
        assert high["sampling_rate"] == 16000
        assert abs(len(high["array"]) - round(duration * 16000)) <= 1


def test_cast_column_keeps_a_1khz_tone_at_1khz():
    ds = Dataset.from_dict(
        {"audio": [{"bytes": wav_bytes(tone(1000, 8000, 2.0), 8000), "path": "t.wav"}]}
    )
    ds = ds.cast_column("audio", Audio(sampling_rate=16000))
    y = ds[0]["audio"]["array"]
    spectrum = np.abs(np.fft.rfft(y * np.hanning(len(y))))
    assert abs(np.argmax(spectrum) * 16000 / len(y) - 1000) < 2


def test_spectrogram_db_finds_the_tone():
    freqs, times, db = spectrogram_db(tone(1000, 16000, 1.0), 16000)
    assert db.shape == (len(freqs), len(times))
    assert freqs[-1] == 8000 and 95 <= len(times) <= 100  # 10 ms hop over 1 s
    assert abs(freqs[np.argmax(db.mean(axis=1))] - 1000) <= 40  # 40 Hz bins
    assert db.min() >= -100


def test_choose_max_length_uses_the_percentile_in_whole_frames():
    seconds = np.arange(1, 101) / 10  # 0.1 .. 10.0 s
    n = features.choose_max_length(seconds, percentile=50, sampling_rate=16000)
    assert n % 320 == 0
    assert np.percentile(seconds, 50) * 16000 <= n < np.percentile(seconds, 50) * 16000 + 320
    assert features.choose_max_length([2.0], percentile=100) == 32000
    with pytest.raises(ValueError, match="percentile"):
        features.choose_max_length(seconds, percentile=0)
    with pytest.raises(ValueError, match="No durations"):
        features.choose_max_length([])


def test_share_of_audio_kept_and_summary():
    seconds = np.array([1.0, 2.0, 5.0])
    assert features.share_of_audio_kept(seconds, 1.0) == pytest.approx(3 / 8)
    assert features.share_of_audio_kept(seconds, 10.0) == 1.0
    summary = features.duration_summary(seconds)
    assert summary["clips"] == 3 and summary["median_s"] == 2.0 and summary["max_s"] == 5.0


def clips_dataset(arrays, rate=16000):
    ds = Dataset.from_dict(
        {
            "audio": [
                {"bytes": wav_bytes(a, rate), "path": f"c{i}.wav"} for i, a in enumerate(arrays)
            ]
        }
    )
    return ds.cast_column("audio", Audio(sampling_rate=rate))


def test_preprocess_normalises_and_truncates_without_padding(extractor):
    rng = np.random.default_rng(0)
    long_clip = 0.3 * rng.standard_normal(48000) + 0.1
    short_clip = 0.05 * rng.standard_normal(8000)
    ds = clips_dataset([long_clip, short_clip])
    out = ds.map(features.make_preprocess(extractor, 32000), batched=True, remove_columns="audio")
    first, second = (np.asarray(v) for v in out["input_values"])
    assert len(first) == 32000  # truncated to max_length
    assert len(second) == 8000  # shorter: left for the collator to pad
    for values in (first, second):
        assert abs(values.mean()) < 1e-3 and abs(values.std() - 1) < 1e-2


def test_preprocess_rejects_wrong_rate_and_broken_clips(extractor):
    low = clips_dataset([tone(440, 8000, 1.0)], rate=8000)
    with pytest.raises(AudioInputError, match=r"row 0 is sampled at 8000 Hz.*cast_column"):
        low.map(features.make_preprocess(extractor, 16000), batched=True, with_indices=True)
    preprocess = features.make_preprocess(extractor, 16000)
    batch = {"audio": [{"array": np.full(16000, np.nan, dtype=np.float32), "sampling_rate": 16000}]}
    with pytest.raises(AudioInputError, match="clip 0 of the batch contains 16000 NaN"):
        preprocess(batch)
    with pytest.raises(AudioInputError, match="empty"):
        preprocess({"audio": [{"array": np.zeros(0, dtype=np.float32), "sampling_rate": 16000}]})
    with pytest.raises(ValueError, match="positive"):
        features.make_preprocess(extractor, 0)


def test_seed_preprocess_keeps_one_second_and_throughput_is_measured(extractor):
    ds = clips_dataset([tone(300, 16000, 3.0), tone(500, 16000, 0.5)])
    result, clips_per_s = features.map_throughput(
        ds, features.seed_preprocess_function(extractor), remove_columns="audio"
    )
    assert [len(v) for v in result["input_values"]] == [16000, 8000]
    assert clips_per_s > 0


def test_resampling_figure_has_labelled_axes_and_colour_bars():
    fig = plots.plot_resampling_comparison(
        tone(500, 8000, 0.5), tone(500, 16000, 0.5), before_rate=8000, after_rate=16000
    )
    assert len(fig.axes) == 6  # 2 waveforms, 2 spectrograms, 2 colour bars
    spec = fig.axes[2]
    assert spec.get_ylabel() == "frequency (Hz)" and spec.get_xlabel() == "time (s)"
    assert spec.get_ylim()[1] == 8000


def test_score_distribution_plots_one_line_per_predicted_label():
    rows = [
        {"label": "balance", "score": 0.9}, {"label": "balance", "score": 0.7},
        {"label": "freeze", "score": 0.4}, {"label": "", "score": "", "error": "silent"},
    ]  # fmt: skip
    fig = plots.plot_score_distribution(rows)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["balance (2)", "freeze (1)"]
    assert sum(len(c.get_offsets()) for c in ax.collections) == 3  # the skipped row left out
    assert ax.get_xlabel().startswith("top-1 score")
    with pytest.raises(ValueError, match="No classified file"):
        plots.plot_score_distribution([{"label": "", "score": ""}])


def test_resampling_figure_shows_time_on_both_rows_and_silence_in_one_colour():
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(0)
    x = (0.1 * rng.standard_normal(16000)).astype(np.float32)
    fig = plots.plot_resampling_comparison(x, x, before_rate=8000, after_rate=8000)
    for ax in fig.axes[:4]:
        if ax.get_ylabel() == "amplitude":  # waveforms: shared x axis, labels still drawn
            assert any(label.get_visible() for label in ax.get_xticklabels())
        else:  # spectrograms: nothing above Nyquist is drawn as silence, not as white
            assert ax.get_facecolor() == plt.get_cmap("magma")(0)
