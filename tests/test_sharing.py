"""Sharing a fine-tuned model: its model card, and the real huggingface_hub push calls
against a Hub stand-in on 127.0.0.1."""

import base64
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from typing import ClassVar

import pytest

from helpers import paths, sharing
from helpers.data import MINDS14_SPEAKER_CAVEAT
from helpers.hub import Origin


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
    path = sharing.write_model_card(
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
    real = sharing.write_model_card(
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
    local = sharing.write_model_card(
        folder, base_model=str(tmp_path), dataset=str(tmp_path / "my-recordings"), origins=(),
        results={"test": (0.9, 0.9, 84)}, recipe={}, notebook="07",
    )  # fmt: skip
    assert ModelCard.load(local).data.base_model is None  # local folders are not Hub ids


def test_push_model_uploads_the_finished_folder_with_its_card(tmp_path):
    """The real huggingface_hub calls, against a Hub stand-in on 127.0.0.1 (HF_ENDPOINT)."""
    folder = _fine_tuned_folder(tmp_path)
    sharing.write_model_card(
        folder, base_model="facebook/wav2vec2-base", dataset="PolyAI/minds14", origins=(),
        results={"test": (0.5, 0.5, 84)}, recipe={}, notebook="03",
    )  # fmt: skip
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FakeHub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _FakeHub.repos, _FakeHub.calls = {}, []
    code = (
        "import sys; from helpers import sharing; "
        "print('PUSHED', sharing.push_model(sys.argv[1], 'wav2vec2-base-minds14'))"
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
        sharing.push_model(folder, "wav2vec2-base-minds14")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ConnectionError, match="set PUSH_TO_HUB = False"):
        sharing.login_for_push()
