"""Hub or local: model resolution, connectivity-only fallback, origin labels."""

import socket

import pytest

from helpers import hub, paths
from helpers.hub import Origin


@pytest.fixture
def online(monkeypatch):
    for var in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(hub.env, "hub_reachable", lambda *a, **k: True)


def test_connectivity_errors_are_told_apart_from_other_errors():
    assert hub.is_connectivity_error(ConnectionResetError("reset"))
    assert hub.is_connectivity_error(TimeoutError())
    assert hub.is_connectivity_error(socket.gaierror("name resolution"))
    wrapped = RuntimeError("load failed")
    wrapped.__cause__ = ConnectionRefusedError()
    assert hub.is_connectivity_error(wrapped)
    assert not hub.is_connectivity_error(ValueError("intent order differs"))
    assert not hub.is_connectivity_error(FileNotFoundError("no such dataset"))
    assert not hub.is_connectivity_error(KeyError("audio"))


def test_offline_hub_id_falls_back_to_its_stand_in_with_one_sentence(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    ref, origin = hub.resolve_model("facebook/wav2vec2-base")
    assert ref == str(paths.tiny_model_dir("wav2vec2-pretrained"))
    assert not origin.real and "OFFLINE STAND-IN" in origin.note and "HF_HUB_OFFLINE" in origin.note
    assert origin.note.count(". ") <= 2


def test_offline_explicit_hub_request_fails_with_one_clear_sentence(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ConnectionError, match="not in the local cache"):
        hub.resolve_model("facebook/wav2vec2-base", source="hub")
    with pytest.raises(ConnectionError, match="set the model to a local folder"):
        hub.resolve_model("someone/unknown-model")


def test_online_hub_ids_are_used_as_they_are(online):
    ref, origin = hub.resolve_model("facebook/wav2vec2-base")
    assert ref == "facebook/wav2vec2-base" and origin.real and "from the Hub" in origin.note


def test_local_folders_are_used_and_stand_ins_are_marked(tmp_path):
    ref, origin = hub.resolve_model(paths.tiny_model_dir("ast"))
    assert not origin.real and "STAND-IN" in origin.note
    saved = tmp_path / "my-model"
    saved.mkdir()
    (saved / "config.json").write_text("{}")
    ref, origin = hub.resolve_model(saved)
    assert ref == str(saved) and origin.real
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match=r"no config\.json"):
        hub.resolve_model(tmp_path / "empty")


def test_registered_real_offline_copies_are_not_labelled_as_demo(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    folder = tmp_path / "converted"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    monkeypatch.setitem(hub.OFFLINE_MODELS, "org/real-model", (str(folder), True))
    ref, origin = hub.resolve_model("org/real-model")
    assert ref == str(folder) and origin.real and "real weights" in origin.note


def test_demo_label_comes_from_origins_not_run_sizes():
    real_data = Origin("data", "PolyAI/minds14 (en-US)", True, "")
    fake_data = Origin("data", "bundled", False, "")
    real_model = Origin("model", "facebook/wav2vec2-base", True, "")
    tiny_model = Origin("model", "tiny", False, "")
    assert hub.demo_label(real_data, real_model) == ""
    assert "synthetic speech" in hub.demo_label(fake_data, real_model)
    assert "stand-in model" not in hub.demo_label(fake_data, real_model)
    both = hub.demo_label(fake_data, tiny_model)
    assert both.startswith(" [OFFLINE DEMO") and "stand-in model" in both
    assert "synthetic" not in hub.demo_label(real_data, tiny_model)


def _model_folder(path):
    path.mkdir()
    (path / "config.json").write_text("{}")
    return path


def test_a_model_fine_tuned_from_stand_ins_stays_labelled_as_a_demo(tmp_path):
    saved = _model_folder(tmp_path / "fine-tuned")
    tiny = Origin("model", "tiny", False, "")
    synthetic = Origin("data", "bundled", False, "")
    real_model = Origin("model", "facebook/wav2vec2-base", True, "")
    real_data = Origin("data", "PolyAI/minds14 (en-US)", True, "")
    hub.save_origin(saved, tiny, synthetic)
    _, origin = hub.resolve_model(saved)
    assert not origin.real and "OFFLINE DEMO" in origin.note
    assert "a tiny stand-in model and on synthetic speech" in origin.note
    assert "stand-in model" in hub.demo_label(real_data, origin)
    hub.save_origin(saved, real_model, real_data)
    assert hub.resolve_model(saved)[1].real


def test_real_weights_trained_on_synthetic_speech_are_not_called_a_stand_in(tmp_path):
    saved = _model_folder(tmp_path / "whisper-fine-tuned")
    whisper = Origin("model", "openai/whisper-tiny.en", True, "")
    synthetic = Origin("data", "bundled", False, "")
    real_data = Origin("data", "PolyAI/minds14 (en-US)", True, "")
    hub.save_origin(saved, whisper, synthetic)
    _, origin = hub.resolve_model(saved)
    label = hub.demo_label(real_data, origin)
    assert "synthetic speech" in label and "stand-in model" not in label


def test_a_path_that_does_not_exist_is_refused_not_looked_up_on_the_hub(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    for missing in ("../no/such-model", "./model", "/abs/model", "outputs/runs/model"):
        with pytest.raises(FileNotFoundError, match=f"No model folder {missing}: check the path"):
            hub.resolve_model(missing)
    assert not hub.looks_like_path("facebook/wav2vec2-base")
    assert not hub.looks_like_path("outputs/model")  # could be either: tried as a Hub id
