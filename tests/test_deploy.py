"""ONNX export (helpers.deploy): the exported model answers like the PyTorch one."""

import subprocess
import sys

import numpy as np

# The deploy extra is part of the development setup (scripts/setup.sh installs it): a
# missing onnxruntime is a broken setup, so these tests fail instead of being skipped.
import onnxruntime  # noqa: F401
import pytest

from helpers import deploy, inference, paths
from helpers.models import resolve_model


@pytest.fixture(scope="module")
def demo_dir():
    return paths.tiny_model_dir("wav2vec2-minds14-demo")


@pytest.fixture(scope="module")
def exported(tmp_path_factory, demo_dir):
    return deploy.export_onnx(demo_dir, tmp_path_factory.mktemp("onnx") / "demo", verbose=False)


def test_onnx_folder_loads_as_a_classifier_with_the_same_test_answers(exported, demo_dir, bundled):
    assert deploy.is_onnx_folder(exported) and not deploy.is_onnx_folder(demo_dir)
    onnx = inference.load_classifier(exported)
    assert isinstance(onnx, deploy.OnnxClassifier)
    torch_result = inference.evaluate_split(
        inference.load_classifier(demo_dir, device="cpu"), bundled["test"]
    )
    onnx_result = inference.evaluate_split(onnx, bundled["test"])
    assert onnx_result["predicted"] == torch_result["predicted"]
    assert onnx_result["accuracy"] == torch_result["accuracy"]


def test_scores_match_pytorch_within_the_export_bound(exported, demo_dir, bundled):
    torch_clf = inference.load_classifier(demo_dir, device="cpu")
    onnx = inference.load_classifier(exported)
    clip = bundled["test"][0]["audio"]
    rate = onnx.feature_extractor.sampling_rate
    from helpers.audio import resample

    samples = resample(np.asarray(clip["array"], dtype=np.float32), clip["sampling_rate"], rate)
    item = {"raw": samples, "sampling_rate": rate}
    a = {r["label"]: r["score"] for r in torch_clf(dict(item), top_k=14)}
    b = {r["label"]: r["score"] for r in onnx(dict(item), top_k=14)}
    assert set(a) == set(b) and len(a) == 14
    assert max(abs(a[k] - b[k]) for k in a) <= deploy.MAX_FP32_SCORE_DIFF


def test_export_of_an_offline_demo_keeps_its_demo_label(exported):
    assert resolve_model(exported)[1].real is False


def test_existing_output_is_refused_and_threshold_breach_removes_the_folder(
    tmp_path, demo_dir, monkeypatch
):
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="--overwrite"):
        deploy.export_onnx(demo_dir, kept, verbose=False)
    assert (kept / "notes.txt").read_text() == "mine"
    monkeypatch.setattr(deploy, "MAX_FP32_SCORE_DIFF", 0.0)
    with pytest.raises(RuntimeError):
        deploy.export_onnx(demo_dir, tmp_path / "bad", verbose=False)
    assert not (tmp_path / "bad").exists()


def test_int8_export_is_smaller_and_agrees(tmp_path, demo_dir, bundled):
    out = deploy.export_onnx(demo_dir, tmp_path / "int8", int8=True, verbose=False)
    fp32 = deploy.export_onnx(demo_dir, tmp_path / "fp32", verbose=False)
    assert deploy.file_size_mb(out / deploy.ONNX_FILE) < deploy.file_size_mb(
        fp32 / deploy.ONNX_FILE
    )
    a = inference.evaluate_split(inference.load_classifier(out), bundled["test"])["predicted"]
    b = inference.evaluate_split(inference.load_classifier(fp32), bundled["test"])["predicted"]
    assert np.mean([x == y for x, y in zip(a, b, strict=True)]) >= 0.9


def test_fixed_length_ast_exports_within_the_bound(tmp_path):
    out = deploy.export_onnx(paths.tiny_model_dir("ast"), tmp_path / "ast", verbose=False)
    onnx = deploy.OnnxClassifier(out)
    rng = np.random.default_rng(0)
    items = [{"raw": (0.1 * rng.standard_normal(n)).astype(np.float32), "sampling_rate": 16000}
             for n in (16000, 52000)]  # fmt: skip
    together = onnx.scores(items)  # a batch of two lengths: both become the fixed input
    assert together.shape == (2, 10)
    for k, item in enumerate(items):
        np.testing.assert_allclose(onnx.scores([item])[0], together[k], atol=1e-5)


def test_one_onnx_batch_holds_clips_of_different_lengths_as_pytorch_does(exported, demo_dir):
    import torch

    onnx = deploy.OnnxClassifier(exported)
    rng = np.random.default_rng(1)
    items = [{"raw": (0.1 * rng.standard_normal(n)).astype(np.float32), "sampling_rate": 16000}
             for n in (8000, 23000, 41000)]  # fmt: skip
    torch_clf = inference.load_classifier(demo_dir, device="cpu")
    extractor = torch_clf.feature_extractor
    arrays = [extractor(i["raw"], sampling_rate=16000, return_tensors="np")["input_values"]
              for i in items]  # fmt: skip
    longest = max(a.shape[-1] for a in arrays)
    padded = np.concatenate([np.pad(a, [(0, 0), (0, longest - a.shape[-1])]) for a in arrays])

    def pytorch(values):
        with torch.no_grad():
            return torch.softmax(torch_clf.model(torch.from_numpy(values)).logits, -1).numpy()

    batched = onnx.scores(items)  # one run: batch 3, time axis = the longest clip
    assert batched.shape == (3, 14)
    np.testing.assert_allclose(batched, pytorch(padded), atol=deploy.MAX_FP32_SCORE_DIFF)
    single = onnx.scores(items[1:2])  # batch 1 at another length, the same graph
    np.testing.assert_allclose(single, pytorch(arrays[1]), atol=deploy.MAX_FP32_SCORE_DIFF)


def test_a_family_that_cannot_be_exported_gets_one_sentence(tmp_path, demo_dir, monkeypatch):
    import torch
    from transformers import BertConfig, BertModel

    text = tmp_path / "bert"
    BertModel(BertConfig(hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                         intermediate_size=32, vocab_size=50)).save_pretrained(text)  # fmt: skip
    with pytest.raises(ValueError, match=r"is a 'bert' model, a family with no audio-class"):
        deploy.export_onnx(text, tmp_path / "bert-onnx", verbose=False)
    assert not (tmp_path / "bert-onnx").exists()

    def refuse(*args, **kwargs):  # an exporter that cannot handle an operator of the model
        raise RuntimeError("Unsupported operator aten::made_up\n(long exporter report)")

    monkeypatch.setattr(torch.onnx, "export", refuse)
    with pytest.raises(RuntimeError, match=r"could not export Wav2Vec2ForSequenceClass.*"
                       r"'wav2vec2' family.*aten::made_up\); nothing was kept: serve"):  # fmt: skip
        deploy.export_onnx(demo_dir, tmp_path / "w2v-onnx", verbose=False)
    assert not (tmp_path / "w2v-onnx").exists()


def test_export_script_fails_in_one_sentence_on_a_missing_model(tmp_path):
    run = subprocess.run(
        [
            sys.executable,
            "scripts/export_onnx.py",
            "--model",
            str(tmp_path / "nope"),
            "--out",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        cwd=paths.REPO_ROOT,
    )
    assert run.returncode == 2 and "nope" in run.stderr and "Traceback" not in run.stderr


def test_classify_script_gives_the_same_labels_through_onnx(tmp_path, exported, demo_dir, bundled):
    from helpers.folders import write_example_folder

    clips = bundled["test"].select(range(12)).rename_column("intent_class", "label")
    calls = write_example_folder(clips, tmp_path / "calls")
    labels, columns = {}, {}
    for name, model in (("torch", demo_dir), ("onnx", exported)):
        out = tmp_path / f"{name}.csv"
        command = [
            sys.executable, str(paths.REPO_ROOT / "scripts" / "classify.py"), str(calls),
            "--model", str(model), "--out", str(out), "--quiet",
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        import csv

        rows = list(csv.DictReader(out.open()))
        labels[name] = {r["file"]: r["label"] for r in rows}
        columns[name] = list(rows[0])
    assert len(labels["onnx"]) == 12 and labels["onnx"] == labels["torch"]
    assert columns["onnx"] == columns["torch"] == list(inference.CSV_COLUMNS)


def test_demo_path_answers_the_same_through_onnx(tmp_path, exported, demo_dir, bundled):
    from helpers.demo import classify_recording
    from helpers.folders import write_example_folder

    clips = bundled["test"].select(range(3)).rename_column("intent_class", "label")
    files = sorted(write_example_folder(clips, tmp_path / "calls").rglob("*.wav"))
    torch_clf = inference.load_classifier(demo_dir, device="cpu")
    onnx = inference.load_classifier(exported)
    for path in files:
        a, duration_a, _ = classify_recording(torch_clf, path, top_k=3)
        b, duration_b, _ = classify_recording(onnx, path, top_k=3)
        assert [r["label"] for r in a] == [r["label"] for r in b] and duration_a == duration_b
        assert (
            max(abs(x["score"] - y["score"]) for x, y in zip(a, b, strict=True))
            <= deploy.MAX_FP32_SCORE_DIFF
        )


def test_whisper_classifier_with_a_cut_window_exports_within_the_bound(tmp_path):
    """The Whisper recipe's model (window cut to 2 s, as the extractor saved with it pads)."""
    import torch
    from transformers import (
        WhisperConfig,
        WhisperFeatureExtractor,
        WhisperForAudioClassification,
    )

    config = WhisperConfig(
        vocab_size=64, d_model=32, encoder_layers=2, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64,
        max_source_positions=100, classifier_proj_size=16, num_labels=3,
        id2label={0: "abroad", 1: "balance", 2: "pay_bill"},
        label2id={"abroad": 0, "balance": 1, "pay_bill": 2},
    )  # fmt: skip
    torch.manual_seed(0)
    folder = tmp_path / "whisper"
    WhisperForAudioClassification(config).save_pretrained(folder)
    WhisperFeatureExtractor(chunk_length=2).save_pretrained(folder)
    out = deploy.export_onnx(folder, tmp_path / "onnx", verbose=False)
    record = __import__("json").loads((out / deploy.EXPORT_FILE).read_text())
    assert record["variable_length"] is False and record["fp32_max_score_diff"] <= 1e-4
    onnx = deploy.OnnxClassifier(out)
    torch_clf = inference.load_classifier(folder, device="cpu")
    rng = np.random.default_rng(0)
    for seconds in (0.7, 1.9):
        item = {"raw": 0.1 * rng.standard_normal(int(16000 * seconds)).astype(np.float32),
                "sampling_rate": 16000}  # fmt: skip
        a = {r["label"]: r["score"] for r in torch_clf(dict(item), top_k=3)}
        b = {r["label"]: r["score"] for r in onnx(dict(item), top_k=3)}
        assert max(abs(a[k] - b[k]) for k in a) <= deploy.MAX_FP32_SCORE_DIFF


def test_a_missing_deploy_module_is_named_in_one_sentence(monkeypatch):
    from helpers import deploy, env

    real = env.importlib.util.find_spec
    monkeypatch.setattr(
        env.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "onnxscript" else real(name, *a),
    )
    with pytest.raises(ImportError, match=r"\(onnxscript is missing\): pip install -e"):
        deploy._onnx_modules()
