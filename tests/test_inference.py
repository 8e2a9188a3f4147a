import shutil
import subprocess
import sys

import nbformat
import numpy as np
import pytest
import torch
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


def test_find_model_prefers_notebook_03_output(tmp_path, demo_dir):
    folder, note = inference.find_model(tmp_path / "missing")
    assert folder == demo_dir and "OFFLINE DEMO" in note
    saved = tmp_path / "saved"
    shutil.copytree(demo_dir, saved)
    folder, note = inference.find_model(saved)
    assert folder == saved and "notebook 03" in note


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
