"""The take recorder: names, rate, metadata, numbering, refusals, counts, both browser paths."""

import base64
import shutil
import subprocess
import sys
import types

import numpy as np
import pytest
from torchcodec.decoders import AudioDecoder

from helpers import folders, recorder
from helpers.recorder import TakeRecorder, TakeRefused

LABELS = ("balance", "freeze")


def _voice(seconds=1.0, rate=16000, peak=0.5, channels=1):
    """A speech-like take: a 180-Hz tone whose loudness moves like syllables."""
    t = np.arange(int(seconds * rate)) / rate
    wave = peak * np.sin(2 * np.pi * 180 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))
    wave = wave.astype(np.float32)
    return np.stack([wave] * channels) if channels > 1 else wave


def _on_disk(root):
    return sorted(
        (p.relative_to(root).as_posix(), p.read_bytes()) for p in root.rglob("*") if p.is_file()
    )


def test_a_take_is_saved_as_16khz_mono_wav_with_its_metadata_row(tmp_path):
    rec = TakeRecorder(tmp_path / "takes", LABELS, speaker="ana")
    path = rec.save(_voice(1.2, rate=44100, channels=2), "freeze", sampling_rate=44100)
    assert path == tmp_path / "takes" / "freeze" / "ana_0001.wav"
    decoder = AudioDecoder(str(path))
    samples = decoder.get_all_samples()
    assert decoder.metadata.sample_rate == 16000 and samples.data.shape[0] == 1
    assert samples.data.shape[1] == pytest.approx(1.2 * 16000, abs=40)
    assert (tmp_path / "takes" / "metadata.csv").read_text().splitlines() == [
        "file_name,label,speaker",
        "freeze/ana_0001.wav,freeze,ana",
    ]
    # a take may name its speaker; the folder then loads with that speaker column
    rec.save(_voice(), "balance", sampling_rate=16000, speaker="ben")
    rec.save(_voice(), "balance", sampling_rate=16000)
    rec.save(_voice(), "freeze", sampling_rate=16000, speaker="ben")
    dataset, report = folders.load_audio_folder(rec.root)
    assert report.layout == "metadata" and report.group_column == "speaker"
    assert sorted(dataset["train"]["speaker"]) == ["ana", "ana", "ben", "ben"]


def test_numbering_continues_and_nothing_is_overwritten(tmp_path):
    rec = TakeRecorder(tmp_path, LABELS, speaker="ana")
    first = [rec.save(_voice(), "balance", sampling_rate=16000) for _ in range(2)]
    assert [p.name for p in first] == ["ana_0001.wav", "ana_0002.wav"]
    (tmp_path / "balance" / "ana_0001.wav").unlink()  # a deleted take frees no number
    (tmp_path / "balance" / "ana_0007.wav").write_bytes(b"a learner's own file")
    before = _on_disk(tmp_path)
    again = TakeRecorder(tmp_path, LABELS, speaker="ana")  # a later session, same folder
    path = again.save(_voice(), "balance", sampling_rate=16000)
    assert path.name == "ana_0008.wav"
    after = dict(_on_disk(tmp_path))
    for name, content in before:  # every earlier file is kept byte for byte; rows are appended
        assert after[name] == content if name != "metadata.csv" else after[name].startswith(content)
    assert again.save(_voice(), "freeze", sampling_rate=16000).name == "ana_0001.wav"
    with pytest.raises(FileExistsError):  # the writer itself never replaces a file
        recorder.write_wav(path, _voice())


@pytest.mark.parametrize(
    "take, message",
    [
        (np.zeros(16000, dtype=np.float32), "is silent"),
        (_voice(0.2), "shorter than the 500 ms minimum"),
        (np.sign(_voice()).astype(np.float32), "is clipped"),
        (np.full(16000, np.nan, dtype=np.float32), "NaN"),
        (b"this is not audio", "could not be decoded"),
        (b"", "empty"),
        (None, "nothing was recorded"),
    ],
)
def test_bad_takes_are_refused_in_one_sentence_and_leave_nothing(tmp_path, take, message):
    rec = TakeRecorder(tmp_path, LABELS, speaker="ana")
    rec.save(_voice(), "balance", sampling_rate=16000)
    before = _on_disk(tmp_path)
    with pytest.raises(TakeRefused, match=message) as refusal:
        rec.save(take, "balance", sampling_rate=16000)
    assert str(refusal.value).startswith("Not saved: ") and "\n" not in str(refusal.value)
    assert _on_disk(tmp_path) == before
    assert rec.save(_voice(), "balance", sampling_rate=16000).name == "ana_0002.wav"


def test_int16_from_a_microphone_and_one_loud_peak_are_fine_but_a_flat_top_is_not():
    pcm = (_voice() * 32767).astype(np.int16)
    assert recorder.check_take(pcm, 16000).dtype == np.float32
    peak = _voice()
    peak[100] = 1.0  # a single full-scale sample: kept
    recorder.check_take(peak, 16000)
    peak[101:103] = 1.0  # three in a row: the microphone overloaded
    with pytest.raises(TakeRefused, match="3 samples in a row"):
        recorder.check_take(peak, 16000)


def test_bad_names_labels_and_folders_are_refused(tmp_path):
    with pytest.raises(ValueError, match="use letters, digits and hyphens"):
        TakeRecorder(tmp_path, LABELS, speaker="ana_b")
    with pytest.raises(ValueError, match="read as split folders"):
        TakeRecorder(tmp_path, ("balance", "test"))
    with pytest.raises(ValueError, match="at least two different labels"):
        TakeRecorder(tmp_path, ("balance",))
    (tmp_path / "old" / "balance").mkdir(parents=True)
    (tmp_path / "old" / "balance" / "x.wav").write_bytes(b"RIFF")
    with pytest.raises(FileExistsError, match=r"without a metadata\.csv"):
        TakeRecorder(tmp_path / "old", LABELS)
    rec = TakeRecorder(tmp_path / "new", LABELS)
    with pytest.raises(TakeRefused, match="not one of the labels"):
        rec.save(_voice(), "transfer", sampling_rate=16000)


def test_counts_and_what_is_missing(tmp_path):
    rec = TakeRecorder(tmp_path, LABELS, speaker="ana", target=3)
    for label, speaker in (("balance", "ana"), ("balance", "ana"), ("balance", "ben")):
        rec.save(_voice(), label, sampling_rate=16000, speaker=speaker)
    rec.save(_voice(), "freeze", sampling_rate=16000)
    assert rec.counts() == {"balance": {"ana": 2, "ben": 1}, "freeze": {"ana": 1}}
    assert rec.missing() == {"freeze": 2}
    assert rec.missing("ben") == {"balance": 2, "freeze": 3}  # a friend records their own
    text = rec.summary()
    assert "balance:   3/3  (ana 2, ben 1)" in text and " freeze:   1/3  (ana 1)" in text
    assert "Still missing: 2 take(s) to reach 3 per label (freeze 2)." in text
    assert "Speakers: 2 (ana, ben)." in text and "ask a few more people" in text


def test_the_gradio_path_saves_through_the_same_helper(tmp_path):
    pytest.importorskip("gradio")
    rec = TakeRecorder(tmp_path, LABELS, speaker="ana")
    app = recorder.gradio_recorder(rec)
    handler = next(fn.fn for fn in app.fns.values() if fn.fn is not None)
    said = handler((48000, (_voice(1.0, rate=48000) * 32767).astype(np.int16)), "freeze", "ben")
    assert said.startswith("Saved freeze/ben_0001.wav.") and " freeze:   1/10" in said
    refused = handler((48000, np.zeros(48000, dtype=np.int16)), "freeze", "ben")
    assert refused.startswith("Not saved: ") and "is silent" in refused
    assert len(rec._rows()) == 1


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js not installed")
def test_the_colab_javascript_is_valid(tmp_path):
    script = tmp_path / "record.js"
    script.write_text(recorder.RECORD_JS + "\nrecordTake(3.0);\n")
    done = subprocess.run(["node", "--check", str(script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _webm_opus_data_url(tmp_path, wave, rate=48000, name="take"):
    """What Chrome's MediaRecorder hands back: WebM/Opus as a base64 data URL (made by FFmpeg)."""
    raw = tmp_path / f"{name}.f32"
    raw.write_bytes(wave.astype("<f4").tobytes())
    webm = tmp_path / f"{name}.webm"
    command = ["ffmpeg", "-nostdin", "-loglevel", "error", "-f", "f32le", "-ar", str(rate),
               "-ac", "1", "-i", str(raw), "-c:a", "libopus", str(webm)]  # fmt: skip
    subprocess.run(command, check=True)
    return "data:audio/webm;codecs=opus;base64," + base64.b64encode(webm.read_bytes()).decode()


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="FFmpeg not installed")
def test_the_colab_path_decodes_webm_opus_and_records_again_after_a_refusal(
    tmp_path, monkeypatch, capsys
):
    good = _webm_opus_data_url(tmp_path, _voice(1.5, rate=48000), 48000)
    silent = _webm_opus_data_url(tmp_path, np.zeros(48000, dtype=np.float32), 48000, "silent")
    answers = iter([silent, good, good])
    asked = []

    def eval_js(script):  # Colab runs the JavaScript in the browser and returns its value
        asked.append(script)
        return next(answers)

    colab = types.ModuleType("google.colab")
    colab.output = types.SimpleNamespace(eval_js=eval_js)
    monkeypatch.setitem(sys.modules, "google", types.ModuleType("google"))
    monkeypatch.setitem(sys.modules, "google.colab", colab)
    rec = TakeRecorder(tmp_path / "takes", LABELS, speaker="ana")
    assert recorder.colab_recorder(rec, "balance", takes=2, seconds=2) == 2
    said = capsys.readouterr().out
    assert "Not saved: the take for 'balance' is silent" in said
    assert said.count("saved balance/ana_000") == 2
    assert all(s.rstrip().endswith("recordTake(2.0)") for s in asked) and len(asked) == 3
    wave, rate = recorder.decode_take(good)
    assert rate == 16000 and wave.shape[0] == pytest.approx(1.5 * 16000, rel=0.02)
    assert rec.counts()["balance"] == {"ana": 2}
    # a muted microphone: three refusals in a row stop the loop with one sentence
    answers = iter([silent] * 5)
    assert recorder.colab_recorder(rec, "freeze", takes=2, speaker="ben") == 0
    said = capsys.readouterr().out
    assert said.count("is silent") == 3 and "3 takes in a row were refused" in said
    assert len(asked) == 6 and "freeze" not in {r["label"] for r in rec._rows()}


def test_labels_may_have_underscores_and_many_speakers_are_summed_up(tmp_path):
    rec = TakeRecorder(tmp_path, ("pay_bill", "freeze"), target=1)
    for k in range(5):
        rec.save(_voice(), "pay_bill", sampling_rate=16000, speaker=f"v{k}")
    assert "pay_bill:   5/1  (5 speakers)" in rec.summary()
    assert "Speakers: 5 (v0, v1, v2, v3, v4): validation and test can" in rec.summary()
    with pytest.raises(ValueError, match="letters, digits, hyphens and underscores"):
        TakeRecorder(tmp_path, ("pay bill", "freeze"))
