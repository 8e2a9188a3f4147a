import importlib.util
import json

import numpy as np
import pytest
import torch
from safetensors.torch import load_file
from transformers import AutoFeatureExtractor, AutoModelForAudioClassification, pipeline

from helpers import paths
from helpers.data import INTENT_NAMES
from tooling import checkpoints


@pytest.mark.parametrize("name", sorted(checkpoints.TINY_MODELS))
def test_committed_checkpoint_is_reproduced_by_the_script(tmp_path, name):
    committed = paths.tiny_model_dir(name)
    fresh = checkpoints.TINY_MODELS[name](tmp_path / name, seed=0)
    assert sorted(p.name for p in committed.iterdir()) == sorted(p.name for p in fresh.iterdir())
    for file in ("config.json", "preprocessor_config.json"):
        a, b = (json.loads((d / file).read_text()) for d in (committed, fresh))
        a.pop("transformers_version", None), b.pop("transformers_version", None)
        assert a == b, file
    old, new = load_file(committed / "model.safetensors"), load_file(fresh / "model.safetensors")
    assert old.keys() == new.keys()
    assert all(torch.equal(old[k], new[k]) for k in old)


def test_only_safetensors_weights_are_committed():
    folders = [p for p in (paths.data_dir() / "tiny-models").iterdir() if p.is_dir()]
    for folder in folders:
        names = {p.name for p in folder.iterdir()}
        assert "model.safetensors" in names and "config.json" in names, folder
        assert not {n for n in names if n.endswith((".bin", ".pt", ".pth", ".pkl"))}, folder


def test_tiny_wav2vec2_loads_like_a_hub_model():
    folder = paths.tiny_model_dir("wav2vec2")
    extractor = AutoFeatureExtractor.from_pretrained(folder)
    model = AutoModelForAudioClassification.from_pretrained(folder)
    assert type(model).__name__ == "Wav2Vec2ForSequenceClassification"
    assert extractor.sampling_rate == 16000 and extractor.return_attention_mask is False
    assert [model.config.id2label[i] for i in range(14)] == INTENT_NAMES
    inputs = extractor(np.zeros(16000, dtype=np.float32), sampling_rate=16000, return_tensors="pt")
    with torch.no_grad():
        assert model(**inputs).logits.shape == (1, 14)


def test_tiny_ast_has_the_real_input_layout():
    folder = paths.tiny_model_dir("ast")
    extractor = AutoFeatureExtractor.from_pretrained(folder)
    model = AutoModelForAudioClassification.from_pretrained(folder)
    assert type(model).__name__ == "ASTForAudioClassification"
    features = extractor(
        np.zeros(16000, dtype=np.float32), sampling_rate=16000, return_tensors="pt"
    )
    assert features["input_values"].shape == (1, 1024, 128)
    with torch.no_grad():
        assert model(**features).logits.shape == (1, len(checkpoints.AUDIOSET_FIRST_LABELS))


def test_pipeline_runs_offline_on_the_tiny_model():
    classify = pipeline("audio-classification", model=str(paths.tiny_model_dir("wav2vec2")))
    rng = np.random.default_rng(0)
    result = classify(
        {"raw": rng.normal(0, 0.1, 16000).astype(np.float32), "sampling_rate": 16000}, top_k=3
    )
    assert len(result) == 3 and {r["label"] for r in result} <= set(INTENT_NAMES)
    assert result[0]["score"] >= result[1]["score"] >= result[2]["score"]


def _load_script(name: str):
    path = paths.data_dir().parent / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pretraining_script_defaults_rebuild_the_committed_stand_in():
    """Running the script with no arguments must use the committed checkpoint's settings."""
    committed = json.loads(
        (paths.tiny_model_dir("wav2vec2-pretrained") / "pretraining.json").read_text()
    )
    defaults = vars(_load_script("pretrain_tiny_wav2vec2").build_parser().parse_args([]))
    made_with = {key: committed[key] for key in ("mel_epochs", "epochs", "seed")}
    made_with["utterances"] = committed["utterances"]
    assert defaults == made_with


def test_ast_pretraining_script_defaults_rebuild_the_committed_stand_in():
    committed = json.loads(
        (paths.tiny_model_dir("ast-pretrained") / "pretraining.json").read_text()
    )
    script = _load_script("pretrain_tiny_ast")
    defaults = vars(script.build_parser().parse_args([]))
    assert defaults == {key: committed[key] for key in ("utterances", "epochs", "seed")}
    assert list(script.WORDS) == committed["words_per_utterance"]


def test_ast_stand_in_is_pretrained_and_loads_like_the_hub_checkpoint():
    """The offline AST: real input layout, AudioSet-style labels, its corpus's statistics."""
    folder = paths.tiny_model_dir("ast-pretrained")
    report = json.loads((folder / "pretraining.json").read_text())
    extractor = AutoFeatureExtractor.from_pretrained(folder)
    assert (extractor.mean, extractor.std) == pytest.approx(
        (report["normalisation"]["mean"], report["normalisation"]["std"])
    )
    model = AutoModelForAudioClassification.from_pretrained(folder)
    labels = [model.config.id2label[i] for i in range(model.config.num_labels)]
    assert labels == checkpoints.AUDIOSET_FIRST_LABELS
    first, last = report["history"][0], report["history"][-1]
    assert last["val_column_acc"] > first["val_column_acc"] + 0.1  # it learnt the words


def test_ast_column_labels_take_the_word_at_each_column_centre():
    from helpers.ast_view import patch_grid
    from tooling.pretraining import ast_column_labels

    # wav2vec2 frames every 20 ms: word 5 from 0.2 s to 0.6 s, silence elsewhere, 1 s of audio
    frame_labels = np.zeros(49, dtype=np.int64)
    frame_labels[10:30] = 5
    grid = patch_grid(1024, 128)
    labels = ast_column_labels(frame_labels, grid, n_real_frames=98)
    centres_s = (np.arange(grid.time_patches) * 10 + 8) / 100 + 0.0125
    assert labels.shape == (grid.time_patches,)
    assert (labels[(centres_s > 0.22) & (centres_s < 0.58)] == 5).all()
    assert (labels[(centres_s < 0.18)] == 0).all()
    assert (labels[np.arange(grid.time_patches) * 10 + 8 >= 98] == -100).all()  # past the audio


def test_audioset_targets_say_speech_synthesiser_and_the_voices_sex():
    from tooling.pretraining import audioset_targets

    names = checkpoints.AUDIOSET_FIRST_LABELS

    def on(voice):
        return {n for n, t in zip(names, audioset_targets(voice, names), strict=True) if t}

    assert on("en-gb+f3") == {"Speech", "Speech synthesizer", "Female speech, woman speaking"}
    assert on("en-us+m7") == {"Speech", "Speech synthesizer", "Male speech, man speaking"}
