"""Hub or local: model resolution, connectivity-only fallback, origin labels."""

import base64
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from typing import ClassVar

import pytest

from helpers import hub, paths
from helpers.data import MINDS14_SPEAKER_CAVEAT
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


class _FakeHub(http.server.BaseHTTPRequestHandler):
    """The few Hub endpoints ``create_repo`` + ``create_commit`` call, shaped like the Hub's.

    Every file is answered "regular" at preupload (the real Hub sends large ones to LFS/Xet,
    which the library handles), so a commit carries the files themselves.
    """

    repos: ClassVar[dict[str, dict[str, bytes]]] = {}
    calls: ClassVar[list[str]] = []

    def _answer(self, payload, status=200):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        path = self.path.split("?")[0]
        type(self).calls.append(path)
        endpoint = f"http://{self.headers['Host']}"
        if path == "/api/repos/create":
            request = json.loads(body)
            repo = f"{request.get('organization') or 'learner'}/{request['name']}"
            type(self).repos.setdefault(repo, {})
            return self._answer({"url": f"{endpoint}/{repo}"})
        if path == "/api/validate-yaml":
            return self._answer({"errors": [], "warnings": []})
        match = re.fullmatch(r"/api/models/(.+)/(preupload|commit)/main", path)
        if not match or match[1] not in type(self).repos:
            return self._answer({"error": "Repository not found"}, status=404)
        repo, action = match[1], match[2]
        if action == "preupload":
            files = json.loads(body)["files"]
            return self._answer(
                {"files": [{"path": f["path"], "uploadMode": "regular", "shouldIgnore": False}
                           for f in files]}
            )  # fmt: skip
        for line in body.splitlines():
            item = json.loads(line)
            if item["key"] == "file":
                value = item["value"]
                type(self).repos[repo][value["path"]] = base64.b64decode(value["content"])
        return self._answer(
            {"commitUrl": f"{endpoint}/{repo}/commit/{'0' * 40}", "commitOid": "0" * 40}
        )

    def log_message(self, *args):
        pass


def _fine_tuned_folder(tmp_path):
    folder = tmp_path / "wav2vec2-base-minds14"
    shutil.copytree(paths.tiny_model_dir("wav2vec2-minds14-demo"), folder)
    (folder / "checkpoint-8").mkdir()  # never uploaded: only the folder's own files
    return folder


def test_model_card_says_where_the_model_came_from_and_what_it_scored(tmp_path):
    from huggingface_hub import ModelCard

    folder = _fine_tuned_folder(tmp_path)
    synthetic = Origin("data", "bundled", False, "")
    tiny = Origin("model", "tiny", False, "")
    path = hub.write_model_card(
        folder, base_model="facebook/wav2vec2-base", dataset="PolyAI/minds14",
        dataset_config="en-US", origins=(synthetic, tiny), notebook="03_fine_tune_wav2vec2",
        results={"validation": (0.393, 0.35, 56), "test": (0.429, 0.40, 84)},
        recipe={"epochs": 16, "learning rate": 1e-3},
    )  # fmt: skip
    card = ModelCard.load(path)
    assert card.data.base_model is None and card.data.datasets is None  # stand-ins, not named
    assert "synthetic speech (the course's offline stand-in for PolyAI/minds14)" in card.text
    assert card.data.eval_results is None  # no claim about MInDS-14 in the metadata
    assert "OFFLINE DEMO" in card.text and "not a model of real calls" in card.text
    assert "| test | 84 | 42.9% | 32.8%–53.5% | 40.0% |" in card.text  # with its interval
    assert "| learning rate | 0.001 |" in card.text
    real = hub.write_model_card(
        folder, base_model="facebook/wav2vec2-base", dataset="PolyAI/minds14",
        origins=(Origin("data", "PolyAI/minds14", True, "", caveat=MINDS14_SPEAKER_CAVEAT),),
        notebook="03",
        results={"validation": (0.393, 0.35, 56), "test": (0.429, 0.40, 84)}, recipe={},
    )  # fmt: skip
    card = ModelCard.load(real)
    scores = {(r.dataset_split, r.metric_type): r.metric_value for r in card.data.eval_results}
    assert scores == {
        ("validation", "accuracy"): 0.393, ("validation", "f1"): 0.35,
        ("test", "accuracy"): 0.429, ("test", "f1"): 0.4,
    }  # fmt: skip
    assert "real pre-trained weights" in card.text and "OFFLINE" not in card.text
    assert "**Caveat:** MInDS-14 has no speaker ids" in card.text  # said, not hidden
    assert card.data.base_model == "facebook/wav2vec2-base"
    assert card.data.datasets == ["PolyAI/minds14"]
    local = hub.write_model_card(
        folder, base_model=str(tmp_path), dataset=str(tmp_path / "my-recordings"), origins=(),
        results={"test": (0.9, 0.9, 84)}, recipe={}, notebook="07",
    )  # fmt: skip
    assert ModelCard.load(local).data.base_model is None  # local folders are not Hub ids


def test_push_model_uploads_the_finished_folder_with_its_card(tmp_path):
    """The real huggingface_hub calls, against a Hub stand-in on 127.0.0.1 (HF_ENDPOINT)."""
    folder = _fine_tuned_folder(tmp_path)
    hub.write_model_card(
        folder, base_model="facebook/wav2vec2-base", dataset="PolyAI/minds14", origins=(),
        results={"test": (0.5, 0.5, 84)}, recipe={}, notebook="03",
    )  # fmt: skip
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FakeHub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _FakeHub.repos, _FakeHub.calls = {}, []
    code = (
        "import sys; from helpers import hub; "
        "print('PUSHED', hub.push_model(sys.argv[1], 'wav2vec2-base-minds14'))"
    )
    env = {  # CI runs offline: huggingface_hub also reads TRANSFORMERS_OFFLINE as offline
        k: v for k, v in os.environ.items()
        if not k.startswith(("HF_", "HUGGINGFACE", "TRANSFORMERS_"))
        and k.upper() not in {"HTTP_PROXY", "HTTPS_PROXY"}
    }  # fmt: skip
    env |= {"HF_ENDPOINT": f"http://127.0.0.1:{server.server_address[1]}", "HF_TOKEN": "hf_test"}
    env |= {"HF_HOME": str(tmp_path / "hf-home")}
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, str(folder)], env=env, capture_output=True, text=True,
            timeout=120,
        )  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 0, done.stderr[-3000:]
    assert "PUSHED learner/wav2vec2-base-minds14" in done.stdout  # named for the model
    uploaded = _FakeHub.repos["learner/wav2vec2-base-minds14"]
    expected = sorted(p.name for p in folder.iterdir() if p.is_file())
    assert sorted(uploaded) == expected and "README.md" in expected
    assert uploaded["model.safetensors"] == (folder / "model.safetensors").read_bytes()
    assert not any(name.startswith("checkpoint") for name in uploaded)
    usage = 'pipeline("audio-classification", model="learner/wav2vec2-base-minds14")'
    assert usage in uploaded["README.md"].decode()


def test_pushing_without_a_card_or_offline_is_one_sentence(tmp_path, monkeypatch):
    folder = _fine_tuned_folder(tmp_path)
    with pytest.raises(FileNotFoundError, match="no model card"):
        hub.push_model(folder, "wav2vec2-base-minds14")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ConnectionError, match="set PUSH_TO_HUB = False"):
        hub.login_for_push()


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
    from helpers.hub import resolve_model
    from helpers.paths import REPO_ROOT, shown, tiny_model_dir

    assert shown(REPO_ROOT / ".cache" / "models" / "x") == ".cache/models/x"
    assert shown("openai/whisper-tiny.en") == "openai/whisper-tiny.en"
    assert shown("../data/tiny-models/ast") == "../data/tiny-models/ast"
    assert shown(tmp_path) == str(tmp_path)  # outside the repository: as it is
    _, origin = resolve_model(tiny_model_dir("wav2vec2-pretrained"))
    assert (
        str(REPO_ROOT) not in origin.note and "data/tiny-models/wav2vec2-pretrained" in origin.note
    )
