"""The real-frames Whisper classifier: registered, saved, loaded by `pipeline`, batch-safe,
blind to padding (real Whisper tiny.en weights; that it learns: test_whisper_conversion)."""

import json
import subprocess
import sys

import numpy as np
import pytest
import torch
from transformers import AutoConfig, AutoFeatureExtractor, AutoModelForAudioClassification, pipeline

from helpers import encoders, heads, paths, training
from helpers.data import INTENT_NAMES, label_maps

FOLDER = paths.whisper_offline_dir()


@pytest.fixture(scope="module")
def saved(tmp_path_factory, bundled):
    """A pooled classifier on the real tiny.en encoder (4-s window), saved like a learner's."""
    label2id, id2label = label_maps(INTENT_NAMES)
    extractor = AutoFeatureExtractor.from_pretrained(FOLDER)
    encoders.set_input_length(extractor, 4)
    torch.manual_seed(0)
    model = training.load_model(
        str(FOLDER), label2id, id2label, feature_extractor=extractor, head="real-frames"
    )
    model.set_feature_stats(torch.randn(32, 2 * model.config.d_model) * 3 + 1)
    folder = tmp_path_factory.mktemp("pooled") / "model"
    model.save_pretrained(folder)
    extractor.save_pretrained(folder)
    clips = [np.asarray(bundled["test"][i]["audio"]["array"], dtype=np.float32) for i in (0, 1, 2)]
    return folder, model, extractor, clips


def _scores(model, extractor, clip):
    from helpers.audio import resample

    inputs = extractor(resample(clip, 8000, 16000), sampling_rate=16000, return_tensors="pt")
    with torch.no_grad():
        logits = model(inputs["input_features"], attention_mask=inputs["attention_mask"]).logits
    return torch.softmax(logits, -1)[0].numpy()


def test_saved_folder_loads_through_the_auto_classes_and_pipeline_with_the_same_scores(saved):
    from helpers.audio import resample

    folder, model, extractor, clips = saved
    assert AutoConfig.from_pretrained(folder).model_type == heads.WHISPER_POOLED_TYPE
    assert (folder / "model.safetensors").is_file()
    loaded = AutoModelForAudioClassification.from_pretrained(folder)
    assert isinstance(loaded, heads.WhisperPooledForAudioClassification)
    assert torch.equal(loaded.feature_scale, model.feature_scale)  # statistics travel with it
    assert loaded.config.max_source_positions == 200  # the cut window travels too
    classifier = pipeline("audio-classification", model=str(folder))
    for clip in clips:
        expected = _scores(model.eval(), extractor, clip)
        answer = classifier(
            {"raw": resample(clip, 8000, 16000), "sampling_rate": 16000}, top_k=len(INTENT_NAMES)
        )
        got = {r["label"]: r["score"] for r in answer}
        assert np.allclose([got[name] for name in INTENT_NAMES], expected, atol=1e-5)


def test_a_batch_scores_every_clip_as_it_scores_alone(saved):
    from helpers.audio import resample

    folder, *_, clips = saved
    classifier = pipeline("audio-classification", model=str(folder))
    inputs = [{"raw": resample(c, 8000, 16000), "sampling_rate": 16000} for c in clips]
    assert len({len(c) for c in clips}) == len(clips)  # three different lengths
    alone = [classifier(x, top_k=3) for x in inputs]
    together = classifier(inputs, top_k=3, batch_size=len(inputs))
    for one, batched in zip(alone, together, strict=True):
        assert [r["label"] for r in one] == [r["label"] for r in batched]
        assert np.allclose([r["score"] for r in one], [r["score"] for r in batched], atol=1e-5)


def test_pooling_ignores_whatever_the_padding_holds():
    hidden = torch.randn(2, 10, 4)
    mask = torch.tensor([[1.0] * 3 + [0.0] * 7, [1.0] * 10])
    pooled = heads.masked_mean_std(hidden, mask)
    changed = hidden.clone()
    changed[0, 3:] = torch.randn(7, 4) * 100  # padding of the first clip: anything at all
    assert torch.allclose(heads.masked_mean_std(changed, mask), pooled)
    assert torch.allclose(pooled[0, :4], hidden[0, :3].mean(0))
    assert torch.allclose(pooled[0, 4:], hidden[0, :3].std(0, unbiased=False))
    # the mask may count samples (320 per position) or frames (2 per position)
    samples = torch.zeros(1, 10 * 320)
    samples[0, :700] = 1  # 700 samples: positions 0, 1, 2 hold audio
    assert heads.real_positions_from_mask(samples, 10).tolist() == [[1.0] * 3 + [0.0] * 7]
    frames = torch.zeros(1, 20)
    frames[0, :5] = 1
    assert heads.real_positions_from_mask(frames, 10).tolist() == [[1.0] * 3 + [0.0] * 7]
    with pytest.raises(ValueError, match="not a multiple of the encoder's 10 positions"):
        heads.real_positions_from_mask(torch.ones(1, 33), 10)


def test_without_the_mask_it_says_what_to_pass(saved):
    _, model, extractor, _ = saved
    features = extractor(np.zeros(16000, np.float32), sampling_rate=16000, return_tensors="pt")
    with pytest.raises(ValueError, match="attention_mask"):
        model(features["input_features"])


def test_only_whisper_checkpoints_get_the_real_frames_head():
    label2id, id2label = label_maps(INTENT_NAMES)
    wav2vec2 = str(paths.tiny_model_dir("wav2vec2-pretrained"))
    # the default: the real-frames head for Whisper, transformers' own class for the rest
    assert isinstance(
        training.load_model(str(FOLDER), label2id, id2label),
        heads.WhisperPooledForAudioClassification,
    )
    assert type(training.load_model(str(FOLDER), label2id, id2label, head="stock")).__name__ == (
        "WhisperForAudioClassification"
    )
    assert type(training.load_model(wav2vec2, label2id, id2label)).__name__ == (
        "Wav2Vec2ForSequenceClassification"
    )
    with pytest.raises(ValueError, match=r"takes no from_pretrained arguments \(use_weighted"):
        training.load_model(
            str(FOLDER), label2id, id2label, head="real-frames", use_weighted_layer_sum=True
        )
    with pytest.raises(ValueError, match="is for Whisper checkpoints"):
        training.load_model(wav2vec2, label2id, id2label, head="real-frames")


def test_without_helpers_transformers_says_it_does_not_know_the_type(saved):
    folder = saved[0]
    code = (
        "import sys; from transformers import pipeline; "
        "pipeline('audio-classification', model=sys.argv[1])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode != 0
    assert heads.WHISPER_POOLED_TYPE in done.stderr  # transformers names the unknown type


def test_the_model_card_says_what_to_install_only_where_it_is_needed(saved, tmp_path):
    import shutil

    from helpers.sharing import write_model_card

    stock = tmp_path / "stock"
    shutil.copytree(paths.tiny_model_dir("wav2vec2-minds14-demo"), stock)
    cards = {}
    for name, folder in (("pooled", saved[0]), ("stock", stock)):
        cards[name] = write_model_card(
            folder, base_model="openai/whisper-tiny.en", dataset="PolyAI/minds14", origins=(),
            results={"test": (0.9, 0.9, 84)}, recipe={}, notebook="05",
        ).read_text()  # fmt: skip
    assert heads.INSTALL_HINT in cards["pooled"]
    assert heads.INSTALL_HINT not in cards["stock"] and "course's helpers" not in cards["stock"]


def test_onnx_export_of_the_real_frames_head_scores_as_pytorch_does(saved, tmp_path):
    """The attention mask is an ONNX input: clips of different lengths, one by one and in a
    batch, score as the PyTorch pipeline scores them."""
    from helpers import deploy

    folder, _, _, clips = saved
    out = deploy.export_onnx(folder, tmp_path / "onnx", verbose=False)
    record = json.loads((out / deploy.EXPORT_FILE).read_text())
    assert record["inputs"] == ["input_features", "attention_mask"]
    assert record["fp32_max_score_diff"] < deploy.MAX_FP32_SCORE_DIFF
    onnx = deploy.OnnxClassifier(out)
    torch_pipe = pipeline("audio-classification", model=str(folder))
    items = [{"raw": c[: 16000 * (i + 1)], "sampling_rate": 16000} for i, c in enumerate(clips)]
    expected = [torch_pipe(dict(item), top_k=3) for item in items]
    for batch_size in (1, 3):
        got = onnx(items, top_k=3, batch_size=batch_size)
        assert [[r["label"] for r in g] for g in got] == [[r["label"] for r in e] for e in expected]
        for g, e in zip(got, expected, strict=True):
            assert np.allclose([r["score"] for r in g], [r["score"] for r in e], atol=1e-4)
