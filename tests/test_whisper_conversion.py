"""The offline Whisper tiny.en is the real model: converted right, transcribes a sentence."""

import importlib.util
import os
import re

import numpy as np
import pytest
import torch
from transformers import AutoProcessor, WhisperForConditionalGeneration

from helpers import hub, paths
from helpers.audio import load_audio_file

CHECK = paths.data_dir() / "whisper-check"
FOLDER = paths.whisper_offline_dir()
# Skipped only outside CI: in CI, setup must have converted the weights, or this fails.
pytestmark = pytest.mark.skipif(
    not (FOLDER / "model.safetensors").is_file() and not os.environ.get("CI"),
    reason="run `python scripts/convert_whisper.py` (scripts/setup.sh does) first",
)


def converter():
    spec = importlib.util.spec_from_file_location(
        "convert_whisper", paths.REPO_ROOT / "scripts" / "convert_whisper.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def words(text: str) -> list[str]:
    return re.sub(r"[^a-z' ]", " ", text.lower()).split()


@pytest.fixture(scope="module")
def whisper():
    model = WhisperForConditionalGeneration.from_pretrained(FOLDER).eval()
    return model, AutoProcessor.from_pretrained(FOLDER)


def test_converted_tensors_match_the_architecture(whisper):
    model, _ = whisper
    with torch.device("meta"):
        fresh = WhisperForConditionalGeneration(model.config)
    shapes = {k: tuple(v.shape) for k, v in model.state_dict().items()}
    assert shapes == {k: tuple(v.shape) for k, v in fresh.state_dict().items()}
    assert len([k for k in shapes if k != "proj_out.weight"]) == 167
    assert sum(p.numel() for p in model.parameters()) == pytest.approx(37.8e6, rel=0.01)
    assert model.proj_out.weight.data_ptr() == model.model.decoder.embed_tokens.weight.data_ptr()


def test_the_bundled_sentence_is_transcribed_exactly(whisper):
    model, processor = whisper
    audio, rate = load_audio_file(CHECK / "sentence.ogg", sampling_rate=16000, verbose=False)
    features = processor(audio, sampling_rate=rate, return_tensors="pt").input_features
    with torch.no_grad():
        ids = model.generate(features, max_new_tokens=30)
    text = processor.batch_decode(ids, skip_special_tokens=True)[0]
    assert words(text) == words((CHECK / "sentence.txt").read_text()), text


def test_a_wrong_mapping_cannot_pass(whisper):
    """Swapping query and key in one layer changes the encoder's output: the check has teeth."""
    model, processor = whisper
    audio, rate = load_audio_file(CHECK / "sentence.ogg", sampling_rate=16000, verbose=False)
    features = processor(audio, sampling_rate=rate, return_tensors="pt").input_features
    attn = model.model.encoder.layers[0].self_attn
    with torch.no_grad():
        before = model.model.encoder(features).last_hidden_state
        q, k = attn.q_proj.weight.clone(), attn.k_proj.weight.clone()
        attn.q_proj.weight.copy_(k)
        attn.k_proj.weight.copy_(q)
        after = model.model.encoder(features).last_hidden_state
        attn.q_proj.weight.copy_(q)
        attn.k_proj.weight.copy_(k)
    assert (before - after).abs().max() > 0.1


def test_reader_refuses_other_files():
    module = converter()
    with pytest.raises(ValueError, match="binary version"):
        module.read_ctranslate2(np.array([5, 0, 0, 0], dtype=np.uint8).tobytes())


def test_offline_hub_id_maps_to_the_real_converted_weights(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    ref, origin = hub.resolve_model("openai/whisper-tiny.en")
    assert ref == str(FOLDER) and origin.real and "real weights" in origin.note
    assert "OFFLINE DEMO" not in hub.demo_label(origin)
