import shutil
import subprocess
import sys

import nbformat
import numpy as np
import pytest
import torch
from datasets import Audio
from torchcodec.encoders import AudioEncoder
from transformers import AutoFeatureExtractor, AutoModelForAudioClassification

from helpers import inference, notebooks, paths
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


def test_batch_results_equal_one_by_one(classifier, bundled):
    rows = list(bundled["test"]["audio"])
    single = [inference.classify(classifier, r, verbose=False, top_k=14) for r in rows]
    exact = inference.classify_batch(classifier, rows, top_k=14, max_padding=0.0)
    assert exact == single
    batched = inference.classify_batch(classifier, rows, top_k=14, batch_size=16)
    for b, s in zip(batched, single, strict=True):
        by_label = {r["label"]: r["score"] for r in b}
        np.testing.assert_allclose(
            [by_label[r["label"]] for r in s], [r["score"] for r in s], atol=0.02
        )
        if s[0]["score"] - s[1]["score"] > 0.05:  # labels may only swap on near-ties
            assert b[0]["label"] == s[0]["label"]


def test_length_batches_group_similar_lengths():
    lengths = [100, 99, 50, 98, 49, 10]
    assert inference.length_batches(lengths, 2, 0.05) == [[0, 1], [3], [2, 4], [5]]
    assert inference.length_batches(lengths, 8, 0.0) == [[0], [1], [3], [2], [4], [5]]
    assert sorted(i for b in inference.length_batches(lengths, 3, 1.0) for i in b) == list(range(6))


def test_find_model_takes_only_complete_saved_folders(tmp_path, demo_dir, capsys):
    saved = tmp_path / "saved"
    shutil.copytree(demo_dir, saved)
    ref, origin = inference.find_model(saved)
    assert ref == str(saved) and origin.real
    interrupted = tmp_path / "interrupted"  # what an interrupted Trainer run leaves behind
    shutil.copytree(demo_dir, interrupted / "checkpoint-8")
    ref, origin = inference.find_model(interrupted)
    assert ref == str(demo_dir) and not origin.real
    assert "not a complete saved model" in origin.note and "OFFLINE DEMO" in origin.note
    ref, origin = inference.find_model(tmp_path / "missing")
    assert ref == str(demo_dir) and "No fine-tuned model" in origin.note


def test_find_model_accepts_hub_ids_and_says_why_it_cannot_use_one(demo_dir, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    ref, origin = inference.find_model("someone/wav2vec2-minds14")
    assert ref == str(demo_dir)
    assert "someone/wav2vec2-minds14 is not in the local cache" in origin.note
    for var in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(inference.resolve_model.__globals__["env"], "hub_reachable", lambda: True)
    on_hub = {"someone/wav2vec2-minds14", inference.PUBLIC_MINDS14_MODEL}
    monkeypatch.setattr(inference, "hub_model_exists", lambda model_id: model_id in on_hub)
    ref, origin = inference.find_model("someone/wav2vec2-minds14")
    assert ref == "someone/wav2vec2-minds14" and origin.real
    ref, origin = inference.find_model("outputs/not-there")  # notebook 05 alone, on Colab
    assert ref == inference.PUBLIC_MINDS14_MODEL and origin.real
    assert "outputs/not-there is neither a folder here nor a model on the Hub" in origin.note
    assert "76.1 %" in origin.note


def test_repeated_reads_of_a_resampled_row_are_identical(bundled):
    from datasets import Audio

    from helpers.audio import read_audio

    audio = bundled["test"].cast_column("audio", Audio(sampling_rate=16000))[0]["audio"]
    first, rate = read_audio(audio)
    second, _ = read_audio(audio)
    third = inference.to_model_input(audio, 16000)["raw"]
    assert rate == 16000 and np.array_equal(first, second) and np.array_equal(first, third)


def test_notebooks_03_and_05_report_the_same_test_accuracy(tmp_path, demo_dir, bundled):
    """03 evaluates the in-memory model, 05 the folder 03 saved: same function, same result."""
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


def test_recipe_cell_runs_in_a_fresh_python(tmp_path, demo_dir, speech):
    nb = nbformat.read(notebooks.NOTEBOOK_DIR / "05_inference.ipynb", as_version=4)
    recipe = next(
        c.source
        for c in nb.cells
        if c.cell_type == "code"
        and "classify_file(classifier," in c.source
        and "pipeline(" in c.source
    )
    assert len(recipe.splitlines()) <= 10
    shutil.copytree(demo_dir, tmp_path / "outputs" / "wav2vec2-minds14")
    (tmp_path / "outputs" / "audio-examples").mkdir()
    write(tmp_path / "outputs" / "audio-examples" / "call.wav", speech, 8000, channels=2)
    done = subprocess.run(
        [sys.executable, "-c", recipe], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "'label':" in done.stdout and "'score':" in done.stdout


def test_predict_by_hand_feeds_a_half_precision_model(demo_dir, speech):
    model = AutoModelForAudioClassification.from_pretrained(demo_dir, dtype=torch.bfloat16)
    extractor = AutoFeatureExtractor.from_pretrained(demo_dir)
    waveform = inference.to_model_input({"array": speech, "sampling_rate": 8000}, 16000)["raw"]
    records = inference.predict_by_hand(model.eval(), extractor, waveform, top_k=3)
    assert len(records) == 3 and all(0 <= r["score"] <= 1 for r in records)
