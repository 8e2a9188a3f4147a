import shutil
import subprocess
import sys
import wave

import numpy as np
import pytest
import torch
from datasets import Audio
from torchcodec.encoders import AudioEncoder
from transformers import AutoFeatureExtractor, AutoModelForAudioClassification

from helpers import inference, models, paths
from helpers.audio import AudioInputError
from helpers.data import INTENT_NAMES


@pytest.fixture(scope="module")
def demo_dir():
    return paths.tiny_model_dir("wav2vec2-minds14-demo")


@pytest.fixture(scope="module")
def classifier(demo_dir):
    return inference.load_classifier(demo_dir, device="cpu")


@pytest.fixture(scope="module")
def speech(bundled):
    """A real (synthetic) call at 8 kHz from the bundled test split."""
    return bundled["test"][0]["audio"]["array"]


def write(path, samples: np.ndarray, rate: int, channels: int = 1):
    data = torch.from_numpy(np.tile(samples.astype(np.float32), (channels, 1)))
    AudioEncoder(data, sample_rate=rate).to_file(str(path))
    return path


def at_rate(samples: np.ndarray, rate: int) -> np.ndarray:
    from helpers.audio import resample

    return resample(samples, 8000, rate)


def check_records(records, top_k=3):
    assert len(records) == top_k
    assert all(set(r) == {"label", "score"} and r["label"] in INTENT_NAMES for r in records)
    scores = [r["score"] for r in records]
    assert scores == sorted(scores, reverse=True) and 0 < sum(scores) <= 1 + 1e-6


@pytest.mark.parametrize("fmt", ["wav", "flac", "ogg", "mp3"])
@pytest.mark.parametrize("rate", [8000, 16000, 44100, 48000])
@pytest.mark.parametrize("channels", [1, 2])
def test_files_in_any_format_rate_and_layout_classify(
    tmp_path, classifier, speech, fmt, rate, channels
):
    path = write(tmp_path / f"call.{fmt}", at_rate(speech, rate), rate, channels)
    check_records(inference.classify_file(classifier, path))


def test_resampling_is_announced(tmp_path, classifier, speech, capsys):
    inference.classify_file(classifier, write(tmp_path / "call.wav", speech, 8000))
    assert "from 8000 Hz to 16000 Hz" in capsys.readouterr().out


def test_wav_file_and_in_memory_audio_agree(tmp_path, classifier, speech):
    from_file = inference.classify_file(classifier, write(tmp_path / "c.wav", speech, 8000))
    in_memory = inference.classify(classifier, {"array": speech, "sampling_rate": 8000})
    assert [r["label"] for r in from_file] == [r["label"] for r in in_memory]
    np.testing.assert_allclose(
        [r["score"] for r in from_file], [r["score"] for r in in_memory], atol=2e-3
    )


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda p: p.write_bytes(b""), "is an empty file"),
        (lambda p: write(p, np.zeros(8000), 8000), "is silent"),
        (lambda p: write(p, 0.3 * np.ones(80), 8000), "is 10 ms long"),
        (
            lambda p: p.write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(range(40))),
            "could not be decoded",
        ),
        (lambda p: p.write_text("name,intent\nalice,balance\n" * 50), "could not be decoded"),
    ],
    ids=["empty", "silent", "10ms", "corrupt", "not-audio"],
)
def test_bad_files_give_documented_errors(tmp_path, classifier, make, match):
    path = tmp_path / "clip.wav"
    make(path)
    with pytest.raises(AudioInputError, match=match) as err:
        inference.classify_file(classifier, path)
    assert "clip.wav" in str(err.value)


def test_bare_arrays_and_odd_objects_are_refused(classifier, speech):
    with pytest.raises(TypeError, match="no sampling rate"):
        inference.classify(classifier, speech)
    with pytest.raises(TypeError, match="Cannot read audio"):
        inference.classify(classifier, {"samples": speech})


def test_dataset_rows_work_directly(classifier, bundled):
    check_records(inference.classify(classifier, bundled["test"][1]["audio"], verbose=False))


def test_pipeline_and_manual_scores_agree(demo_dir, classifier, speech):
    model = AutoModelForAudioClassification.from_pretrained(demo_dir).eval()
    extractor = AutoFeatureExtractor.from_pretrained(demo_dir)
    waveform = inference.to_model_input({"array": speech, "sampling_rate": 8000}, 16000)["raw"]
    by_hand = inference.predict_by_hand(model, extractor, waveform, top_k=5)
    by_pipeline = inference.classify(
        classifier, {"array": waveform, "sampling_rate": 16000}, top_k=5
    )
    assert [r["label"] for r in by_hand] == [r["label"] for r in by_pipeline]
    np.testing.assert_allclose(
        [r["score"] for r in by_hand], [r["score"] for r in by_pipeline], atol=1e-5
    )


def test_batches_equal_one_by_one_by_default(classifier, bundled):
    """The demo model has no attention mask: by default only equal lengths share a batch."""
    rows = list(bundled["test"].select(range(0, 84, 3))["audio"])
    single = [inference.classify(classifier, r, verbose=False, top_k=14) for r in rows]
    assert not inference.exact_batching(classifier.feature_extractor)
    default = inference.classify_batch(classifier, rows, top_k=14)
    for b, s in zip(default, single, strict=True):  # equal up to float rounding
        assert [r["label"] for r in b] == [r["label"] for r in s]
        np.testing.assert_allclose([r["score"] for r in b], [r["score"] for r in s], atol=1e-5)
    # Opting into 2 % padding drifts: the measured bound on this model and split.
    batched = inference.classify_batch(classifier, rows, top_k=14, max_padding=0.02)
    drift = max(
        abs({r["label"]: r["score"] for r in b}[r["label"]] - r["score"])
        for b, s in zip(batched, single, strict=True)
        for r in s
    )
    assert 0 < drift <= 0.05


class Counting:
    """A pipeline that records how many inputs each call got (and can fail on one call)."""

    def __init__(self, pipe, fail_on_call: int | None = None):
        self.pipe, self.fail_on_call = pipe, fail_on_call
        self.feature_extractor, self.model = pipe.feature_extractor, pipe.model
        self.batches: list[int] = []

    def __call__(self, inputs, **kwargs):
        self.batches.append(len(inputs) if isinstance(inputs, list) else 1)
        if len(self.batches) == self.fail_on_call:
            raise KeyboardInterrupt  # as if the user pressed Ctrl-C here
        return self.pipe(inputs, **kwargs)


def _tiny_masked_wav2vec2():
    """wav2vec2-large-lv60 style: layer norm in the feature encoder and an attention mask."""
    from transformers import Wav2Vec2Config, Wav2Vec2FeatureExtractor

    config = Wav2Vec2Config(
        hidden_size=32, num_hidden_layers=1, num_attention_heads=2, intermediate_size=64,
        conv_dim=(16,) * 7, feat_extract_norm="layer", do_stable_layer_norm=True,
        num_labels=3, classifier_proj_size=8,
    )  # fmt: skip
    torch.manual_seed(0)
    model = AutoModelForAudioClassification.from_config(config).eval()
    return model, Wav2Vec2FeatureExtractor(return_attention_mask=True, do_normalize=True)


@pytest.mark.parametrize("kind", ["masked-wav2vec2", "ast"])
def test_exact_batching_mixes_lengths_without_changing_scores(kind, speech):
    from transformers import pipeline

    if kind == "ast":
        folder = paths.tiny_model_dir("ast")
        model = AutoModelForAudioClassification.from_pretrained(folder).eval()
        extractor = AutoFeatureExtractor.from_pretrained(folder)
    else:
        model, extractor = _tiny_masked_wav2vec2()
    classify = Counting(pipeline("audio-classification", model=model, feature_extractor=extractor))
    assert inference.exact_batching(extractor)
    clip = at_rate(speech, 16000)
    items = [{"array": clip[: n * 1600], "sampling_rate": 16000} for n in (9, 20, 13, 31, 6)]
    labels = len(model.config.id2label)
    single = [inference.classify(classify, x, top_k=labels, verbose=False) for x in items]
    classify.batches.clear()
    batched = inference.classify_batch(classify, items, top_k=labels, batch_size=8)
    assert classify.batches == [5]  # one batch of five different lengths
    for b, s in zip(batched, single, strict=True):
        assert [r["label"] for r in b] == [r["label"] for r in s]
        np.testing.assert_allclose([r["score"] for r in b], [r["score"] for r in s], atol=1e-5)


def test_a_bad_input_is_skipped_and_reported_not_fatal(tmp_path, classifier, speech):
    good = {"array": speech, "sampling_rate": 8000}
    silent = {"array": np.zeros(8000, dtype=np.float32), "sampling_rate": 8000}
    missing = tmp_path / "missing.wav"
    wav = write(tmp_path / "call.wav", speech, 8000)
    results = inference.classify_batch(classifier, [good, silent, wav, missing], top_k=2)
    assert [len(r) for r in results] == [2, 0, 2, 0]
    assert [i for i, _ in results.skipped] == [1, 3]
    assert "silent" in results.skipped[0][1] and "missing.wav" in results.skipped[1][1]
    single = inference.classify(classifier, good, top_k=2, verbose=False)
    assert [r["label"] for r in results[0]] == [r["label"] for r in single]
    with pytest.raises(AudioInputError, match="silent"):
        inference.classify_batch(classifier, [good, silent], errors="raise")


def test_length_batches_group_similar_lengths():
    lengths = [100, 99, 50, 98, 49, 10]
    assert inference.length_batches(lengths, 2, 0.05) == [[0, 1], [3], [2, 4], [5]]
    assert inference.length_batches(lengths, 8, 0.0) == [[0], [1], [3], [2], [4], [5]]
    assert sorted(i for b in inference.length_batches(lengths, 3, 1.0) for i in b) == list(range(6))


def test_a_model_you_name_is_used_or_refused_in_one_sentence(tmp_path, demo_dir, monkeypatch):
    saved = tmp_path / "saved"
    shutil.copytree(demo_dir, saved)
    ref, origin = models.find_model(saved)
    assert ref == str(saved) and origin.real
    interrupted = tmp_path / "interrupted"  # what an interrupted Trainer run leaves behind
    shutil.copytree(demo_dir, interrupted / "checkpoint-8")
    with pytest.raises(FileNotFoundError, match="is not a complete saved model"):
        models.find_model(interrupted)
    with pytest.raises(FileNotFoundError, match=r"No model folder .*missing: check the path"):
        models.find_model(tmp_path / "missing")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(
        ConnectionError,
        match=r"someone/wav2vec2-minds14 is neither a folder "
        r"here nor a Hub model this machine can fetch \(the Hub is disabled",
    ):
        models.find_model("someone/wav2vec2-minds14")


def test_a_hub_id_you_name_must_exist(demo_dir, monkeypatch):
    for var in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.delenv(var, raising=False)
    from helpers import env

    monkeypatch.setattr(env, "hub_reachable", lambda: True)
    monkeypatch.setattr(models, "hub_model_exists", lambda model_id: model_id == "you/real")
    ref, origin = models.find_model("you/real")
    assert ref == "you/real" and origin.real and origin.caveat == ""
    with pytest.raises(LookupError, match="outputs/not-there is neither a folder here nor a model"):
        models.find_model("outputs/not-there")  # notebook 04 alone, on Colab


def _hub_shaped_checkpoint(folder, demo_dir, names):
    """A model folder whose config.json carries ``names`` as id2label (as on the Hub)."""
    import json

    shutil.copytree(demo_dir, folder)
    config = json.loads((folder / "config.json").read_text())
    config["id2label"] = {str(i): n for i, n in enumerate(names)}
    config["label2id"] = {n: i for i, n in enumerate(names)}
    (folder / "config.json").write_text(json.dumps(config))
    return folder


def test_only_the_default_falls_back_and_a_public_checkpoint_needs_our_labels(
    tmp_path, demo_dir, monkeypatch
):
    from helpers import hub, paths

    monkeypatch.setattr(paths, "DEFAULT_OUTPUT_DIR", tmp_path / "wav2vec2-minds14")
    public = _hub_shaped_checkpoint(tmp_path / "public", demo_dir, INTENT_NAMES)
    ref, origin = models.find_model(public_fallback=str(public))
    assert ref == str(public) and origin.caveat == models.PUBLIC_CAVEAT
    assert "No complete fine-tuned model" in origin.note
    label = hub.demo_label(origin)  # what every printed result of the notebook carries
    assert "may overlap our test split" in label and "not a held-out number" in label
    generic = [f"LABEL_{i}" for i in range(14)]
    other = _hub_shaped_checkpoint(tmp_path / "other", demo_dir, generic)
    ref, origin = models.find_model(public_fallback=str(other))
    assert ref == str(demo_dir) and not origin.real and not origin.caveat
    assert "was not used: its label 0 is 'LABEL_0', not 'abroad'." in origin.note
    assert models.label_mismatch(other, ["a", "b", "c"]) == "it has 14 labels, not the 3 expected."
    shutil.copytree(demo_dir, paths.DEFAULT_OUTPUT_DIR)  # notebook 03 ran on this machine
    ref, _ = models.find_model(public_fallback=str(public))
    assert ref == str(paths.DEFAULT_OUTPUT_DIR)


def test_repeated_reads_of_a_resampled_row_are_identical(bundled):
    from datasets import Audio

    from helpers.audio import read_audio

    audio = bundled["test"].cast_column("audio", Audio(sampling_rate=16000))[0]["audio"]
    first, rate = read_audio(audio)
    second, _ = read_audio(audio)
    third = inference.to_model_input(audio, 16000)["raw"]
    assert rate == 16000 and np.array_equal(first, second) and np.array_equal(first, third)


def test_notebooks_03_and_04_report_the_same_test_accuracy(tmp_path, demo_dir, bundled):
    """03 evaluates the in-memory model, 04 the folder 03 saved: same function, same result."""
    from transformers import pipeline

    test = bundled["test"].select(range(0, 84, 3))
    model = AutoModelForAudioClassification.from_pretrained(demo_dir)
    extractor = AutoFeatureExtractor.from_pretrained(demo_dir)
    in_memory = pipeline("audio-classification", model=model, feature_extractor=extractor)
    in_notebook_03 = inference.evaluate_split(in_memory, test)
    model.save_pretrained(tmp_path / "saved")
    extractor.save_pretrained(tmp_path / "saved")
    in_notebook_05 = inference.evaluate_split(inference.load_classifier(tmp_path / "saved"), test)
    again = inference.evaluate_split(inference.load_classifier(tmp_path / "saved"), test)
    assert in_notebook_03["predicted"] == in_notebook_05["predicted"] == again["predicted"]
    assert in_notebook_03["accuracy"] == in_notebook_05["accuracy"]
    assert in_notebook_03["truth"] == [INTENT_NAMES[i] for i in test["intent_class"]]
    one_by_one = [
        inference.classify(in_memory, row, top_k=1, verbose=False)[0]["label"]
        for row in test.cast_column("audio", Audio(sampling_rate=16000))["audio"]
    ]
    assert one_by_one == in_notebook_05["predicted"]
    # the bundled test voices are known: the result carries the interval over speakers
    voices = in_notebook_05["speakers"]
    assert sorted(set(voices)) == ["v02", "v11", "v12"] and len(voices) == test.num_rows
    low, high = in_notebook_05["accuracy_ci95_speakers"]
    assert low <= in_notebook_05["accuracy"] <= high


def test_predict_by_hand_feeds_a_half_precision_model(demo_dir, speech):
    model = AutoModelForAudioClassification.from_pretrained(demo_dir, dtype=torch.bfloat16)
    extractor = AutoFeatureExtractor.from_pretrained(demo_dir)
    waveform = inference.to_model_input({"array": speech, "sampling_rate": 8000}, 16000)["raw"]
    records = inference.predict_by_hand(model.eval(), extractor, waveform, top_k=3)
    assert len(records) == 3 and all(0 <= r["score"] <= 1 for r in records)


def test_long_recording_is_classified_by_windows(tmp_path, classifier, speech):
    calls = Counting(classifier)
    pause = np.zeros(8000 * 3, dtype=np.float32)
    long = np.concatenate([speech, pause] * 8)  # a call repeated 8 times, with pauses
    path = write(tmp_path / "long.wav", long, 8000)
    records, windows = inference.classify_long(calls, path, top_k=3, window_s=4.0, hop_s=2.0)
    check_records(records)
    seconds = long.size / 8000
    assert windows <= int(np.ceil(seconds / 2.0)) and windows >= seconds / 2.0 - 2
    assert max(calls.batches) <= 8  # at most batch_size windows per forward pass
    silent = write(tmp_path / "silent.wav", np.zeros(8000 * 40, dtype=np.float32), 8000)
    with pytest.raises(AudioInputError, match="no window with sound"):
        inference.classify_long(classifier, silent, window_s=4.0)


@pytest.mark.slow
def test_a_long_recording_stays_in_bounded_memory(tmp_path, demo_dir):
    """Peak memory grows by far less than the decoded file would take (a fresh process)."""
    rate, minutes = 8000, 20
    rng = np.random.default_rng(0)
    path = tmp_path / "meeting.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(rate)
        for _ in range(minutes):  # one minute of noise bursts at a time
            w.writeframes((rng.normal(0, 3000, rate * 60)).astype(np.int16).tobytes())
    whole_mb = minutes * 60 * 16000 * 4 / 1e6  # float32 at the model rate (16 kHz): 77 MB
    script = f"""
import resource
from helpers import inference
classifier = inference.load_classifier({str(demo_dir)!r}, device="cpu")
inference.classify(classifier, {{"array": __import__("numpy").ones(16000) * 0.1,
                                 "sampling_rate": 16000}}, verbose=False)  # warm up
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
records, windows = inference.classify_long(classifier, {str(path)!r})
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("RESULT", windows, after - before)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    windows, grown_mb = done.stdout.split("RESULT ")[1].split()
    assert int(windows) == minutes * 60 // 5 - 1  # 10-s windows every 5 s
    assert float(grown_mb) < whole_mb / 3, (grown_mb, whole_mb)


def _folder_of_recordings(root, speech):
    """Mixed formats, rates and channels, one long call, and files that cannot be used."""
    (root / "morning").mkdir(parents=True)
    write(root / "call-1.wav", speech, 8000, channels=2)
    write(root / "call-2.flac", at_rate(speech, 16000), 16000)
    write(root / "morning" / "call-3.mp3", at_rate(speech, 44100), 44100, channels=2)
    write(root / "morning" / "long.ogg", np.tile(speech, 12), 8000)  # > 30 s: windows
    write(root / "silent.wav", np.zeros(8000, dtype=np.float32), 8000)
    (root / "empty.wav").write_bytes(b"")
    (root / "notes.txt").write_text("not audio: ignored")
    return 6  # audio files


def test_classify_folder_writes_a_row_per_file_and_skips_bad_ones(tmp_path, classifier, speech):
    import csv

    files = _folder_of_recordings(tmp_path / "calls", speech)
    out = tmp_path / "results.csv"
    rows, summary = inference.classify_folder(
        classifier, tmp_path / "calls", out=out, top_k=2, progress=False
    )
    assert [r["file"] for r in rows] == [r["file"] for r in csv.DictReader(out.open())]
    assert summary.files == files and summary.classified == 4 and len(summary.skipped) == 2
    with out.open(newline="") as f:
        written = list(csv.DictReader(f))
    assert tuple(written[0]) == inference.CSV_COLUMNS and len(written) == files
    by_file = {r["file"]: r for r in written}
    assert "silent" in by_file["silent.wav"]["error"] and not by_file["silent.wav"]["label"]
    assert "0 bytes" in by_file["empty.wav"]["error"]
    assert int(by_file["morning/long.ogg"]["windows"]) > 1 and summary.windowed == 1
    assert (
        by_file["call-1.wav"]["label"]
        == inference.classify_file(
            classifier, tmp_path / "calls" / "call-1.wav", top_k=1, verbose=False
        )[0]["label"]
    )
    assert float(by_file["call-2.flac"]["duration_s"]) == pytest.approx(speech.size / 8000, 0.01)
    assert by_file["call-1.wav"]["top_k"].count("=") == 2
    assert "2 skipped" in str(summary) and "empty.wav" in str(summary)
    with pytest.raises(FileExistsError, match="resume=True"):
        inference.classify_folder(classifier, tmp_path / "calls", out=out, progress=False)


def test_an_interrupted_folder_run_keeps_its_rows_and_resumes(tmp_path, classifier, speech):
    import csv

    folder = tmp_path / "calls"
    folder.mkdir()
    for i in range(6):
        write(folder / f"call-{i}.wav", speech[: 8000 * (2 + i)], 8000)
    out = tmp_path / "results.csv"
    interrupted = Counting(classifier, fail_on_call=3)  # Ctrl-C during the third pass
    with pytest.raises(KeyboardInterrupt):
        inference.classify_folder(interrupted, folder, out=out, batch_size=1, progress=False)
    with out.open(newline="") as f:
        kept = [r["file"] for r in csv.DictReader(f)]
    assert len(kept) == 2  # both files classified before the interruption are on disk
    _, summary = inference.classify_folder(classifier, folder, out=out, resume=True, progress=False)
    assert summary.already_done == len(kept) and summary.classified == 6 - len(kept)
    with out.open(newline="") as f:
        files = [r["file"] for r in csv.DictReader(f)]
    assert sorted(files) == [f"call-{i}.wav" for i in range(6)]  # each once


def test_classify_cli_on_a_folder(tmp_path, demo_dir, speech):
    _folder_of_recordings(tmp_path / "calls", speech)
    command = [
        sys.executable, str(paths.REPO_ROOT / "scripts" / "classify.py"), str(tmp_path / "calls"),
        "--model", str(demo_dir), "--out", str(tmp_path / "out.csv"), "--quiet",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr[-2000:]  # some files were skipped
    assert "6 files: 4 classified, 2 skipped" in done.stdout
    assert (tmp_path / "out.csv").read_text().count("\n") == 7
    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert again.returncode == 2 and "already exists" in again.stderr  # nothing overwritten
    # without --quiet, but into a pipe (a log file, CI): no progress-bar redraws at all
    loud = [c for c in command if c != "--quiet"] + ["--overwrite"]
    piped = subprocess.run(loud, capture_output=True, text=True, timeout=300)
    assert piped.returncode == 1 and "\r" not in piped.stderr + piped.stdout
    assert "Loading weights" not in piped.stderr and "%|" not in piped.stderr


@pytest.mark.parametrize("case", ["missing model", "empty folder"])
def test_classify_cli_refuses_a_missing_model_or_a_folder_without_audio(tmp_path, demo_dir, case):
    calls = tmp_path / "calls"
    calls.mkdir()
    (calls / "notes.txt").write_text("not audio")
    model = tmp_path / "no" / "such" / "folder" if case == "missing model" else demo_dir
    command = [
        sys.executable, str(paths.REPO_ROOT / "scripts" / "classify.py"), str(calls),
        "--model", str(model), "--out", str(tmp_path / "out.csv"), "--quiet",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stdout + done.stderr[-2000:]
    last = done.stderr.strip().splitlines()[-1]
    expected = "No model folder" if case == "missing model" else "holds no audio files"
    assert expected in last and "Traceback" not in done.stderr
    assert "OFFLINE DEMO" not in done.stdout  # the demo classifier was not used instead
    assert not (tmp_path / "out.csv").exists()
