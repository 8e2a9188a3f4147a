"""Hub or local: model resolution, connectivity-only fallback, origin labels."""

import socket

import pytest

from helpers import hub, models, paths
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
    ref, origin = models.resolve_model("facebook/wav2vec2-base")
    assert ref == str(paths.tiny_model_dir("wav2vec2-pretrained"))
    assert not origin.real and "OFFLINE STAND-IN" in origin.note and "HF_HUB_OFFLINE" in origin.note
    assert origin.note.count(". ") <= 2


def test_offline_explicit_hub_request_fails_with_one_clear_sentence(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ConnectionError, match="not in the local cache"):
        models.resolve_model("facebook/wav2vec2-base", source="hub")
    with pytest.raises(ConnectionError, match="set the model to a local folder"):
        models.resolve_model("someone/unknown-model")
    # a named Hub id whose offline copy holds the real weights (converted) is that model
    ref, origin = models.resolve_model("openai/whisper-tiny.en", source="hub")
    assert ref == str(paths.whisper_offline_dir()) and origin.real, origin


def test_online_hub_ids_are_used_as_they_are(online):
    ref, origin = models.resolve_model("facebook/wav2vec2-base")
    assert ref == "facebook/wav2vec2-base" and origin.real and "from the Hub" in origin.note


def test_local_folders_are_used_and_stand_ins_are_marked(tmp_path):
    ref, origin = models.resolve_model(paths.tiny_model_dir("ast"))
    assert not origin.real and "STAND-IN" in origin.note
    saved = tmp_path / "my-model"
    saved.mkdir()
    (saved / "config.json").write_text("{}")
    ref, origin = models.resolve_model(saved)
    assert ref == str(saved) and origin.real
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match=r"no config\.json"):
        models.resolve_model(tmp_path / "empty")


def test_registered_real_offline_copies_are_not_labelled_as_demo(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    folder = tmp_path / "converted"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    monkeypatch.setitem(models.OFFLINE_MODELS, "org/real-model", (str(folder), True))
    ref, origin = models.resolve_model("org/real-model")
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
    _, origin = models.resolve_model(saved)
    assert not origin.real and "OFFLINE DEMO" in origin.note
    assert "a tiny stand-in model and on synthetic speech" in origin.note
    assert "stand-in model" in hub.demo_label(real_data, origin)
    hub.save_origin(saved, real_model, real_data)
    assert models.resolve_model(saved)[1].real


def test_real_weights_trained_on_synthetic_speech_are_not_called_a_stand_in(tmp_path):
    saved = _model_folder(tmp_path / "whisper-fine-tuned")
    whisper = Origin("model", "openai/whisper-tiny.en", True, "")
    synthetic = Origin("data", "bundled", False, "")
    real_data = Origin("data", "PolyAI/minds14 (en-US)", True, "")
    hub.save_origin(saved, whisper, synthetic)
    _, origin = models.resolve_model(saved)
    label = hub.demo_label(real_data, origin)
    assert "synthetic speech" in label and "stand-in model" not in label


def test_a_path_that_does_not_exist_is_refused_not_looked_up_on_the_hub(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    for missing in ("../no/such-model", "./model", "/abs/model", "outputs/runs/model"):
        with pytest.raises(FileNotFoundError, match=f"No model folder {missing}: check the path"):
            models.resolve_model(missing)
    assert not models.looks_like_path("facebook/wav2vec2-base")
    assert not models.looks_like_path("outputs/model")  # could be either: tried as a Hub id


def test_base_is_stand_in_reads_the_provenance_of_a_saved_model(tmp_path):
    from helpers.hub import Origin, base_is_stand_in, save_origin

    stand_in = Origin("model", "data/tiny-models/wav2vec2-pretrained", False, "a stand-in")
    real = Origin("model", "openai/whisper-tiny.en", True, "real weights")
    synthetic = Origin("data", "bundled", False, "synthetic")
    for name, origins, expected in (
        ("tiny", (stand_in, synthetic), True),
        ("whisper", (real, synthetic), False),  # real weights, synthetic data: not a stand-in
    ):
        (tmp_path / name).mkdir()
        save_origin(tmp_path / name, *origins)
        assert base_is_stand_in(tmp_path / name) is expected
    assert base_is_stand_in("openai/whisper-tiny.en") is False


def test_messages_show_repository_paths_relative_and_everything_else_as_given(tmp_path):
    from helpers.models import resolve_model
    from helpers.paths import REPO_ROOT, shown, tiny_model_dir

    assert shown(REPO_ROOT / ".cache" / "models" / "x") == ".cache/models/x"
    assert shown("openai/whisper-tiny.en") == "openai/whisper-tiny.en"
    assert shown("../data/tiny-models/ast") == "../data/tiny-models/ast"
    assert shown(tmp_path) == str(tmp_path)  # outside the repository: as it is
    _, origin = resolve_model(tiny_model_dir("wav2vec2-pretrained"))
    assert (
        str(REPO_ROOT) not in origin.note and "data/tiny-models/wav2vec2-pretrained" in origin.note
    )
