import http.server
import os
import random
import socket
import subprocess
import sys
import threading
from typing import ClassVar

import numpy as np
import pytest
import torch

from helpers import env


def test_is_colab_follows_the_colab_module(monkeypatch):
    monkeypatch.delenv("COLAB_RELEASE_TAG", raising=False)
    assert env.is_colab() is False
    monkeypatch.setitem(sys.modules, "google.colab", object())
    assert env.is_colab() is True


def test_is_jupyter_is_false_outside_a_kernel():
    assert env.is_jupyter() is False


def test_pick_device_order_cuda_then_mps_then_cpu(monkeypatch, capsys):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    assert env.pick_device() == "cpu"
    assert "No GPU found" in capsys.readouterr().out
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: True)
    assert env.pick_device() == "mps"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert env.pick_device() == "cuda"
    assert capsys.readouterr().out == ""


def test_pick_device_rejects_unavailable_or_unknown(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(ValueError, match="no CUDA GPU"):
        env.pick_device("cuda")
    with pytest.raises(ValueError, match="Unknown device"):
        env.pick_device("tpu")
    assert env.pick_device("cpu") == "cpu"


def test_seed_everything_repeats_all_generators():
    def draw():
        return random.random(), np.random.rand(), torch.rand(3)  # noqa: NPY002

    env.seed_everything(7)
    first = draw()
    env.seed_everything(7)
    second = draw()
    assert first[:2] == second[:2]
    assert torch.equal(first[2], second[2])
    env.seed_everything(8)
    assert draw()[0] != first[0]


def test_library_versions_reports_installed_and_missing():
    versions = env.library_versions(("torch", "surely-not-a-package-xyz"))
    assert versions["torch"] == torch.__version__
    assert versions["surely-not-a-package-xyz"] == "not installed"
    assert versions["python"].startswith("3.")
    report = env.describe_environment("cpu").splitlines()
    assert len(report) == 2 and report[0].endswith("device: cpu")
    assert f"torch {torch.__version__}" in report[1] and " · transformers " in report[1]


@pytest.mark.parametrize(
    "value, expected", [("1", True), ("true", True), ("0", False), ("", False)]
)
def test_hub_offline_requested(monkeypatch, value, expected):
    for var in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", value)
    assert env.hub_offline_requested() is expected


class _Answer(http.server.BaseHTTPRequestHandler):
    """A Hub stand-in (or a forward proxy): answers every request and records its target."""

    seen: ClassVar[list[str]] = []

    def do_HEAD(self):
        type(self).seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Answer.seen = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _reachable_in_a_fresh_python(**variables) -> tuple[bool, str]:
    """``env.hub_reachable()`` and the endpoint, in a process started with these variables."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if k.upper() not in {"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"}
        and k not in {"HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"}
    }
    code = "from helpers import env; print(env.hub_reachable(timeout=2), env.hub_endpoint())"
    done = subprocess.run(
        [sys.executable, "-c", code], env=environment | variables,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    answer, endpoint = done.stdout.split()
    return answer == "True", endpoint


def test_hub_reachability_asks_the_configured_endpoint(local_server):
    """HF_ENDPOINT (a mirror) is where the check goes, not huggingface.co:443."""
    assert _reachable_in_a_fresh_python(HF_ENDPOINT=local_server) == (True, local_server)
    assert _Answer.seen == ["/"]
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    assert _reachable_in_a_fresh_python(HF_ENDPOINT=f"http://127.0.0.1:{port}")[0] is False


def test_hub_reachability_goes_through_the_configured_proxy(local_server):
    """An address only the proxy can reach is reachable through HTTP_PROXY, and not without."""
    unresolvable = "http://hub.invalid"  # .invalid never resolves (RFC 2606)
    proxied = _reachable_in_a_fresh_python(HF_ENDPOINT=unresolvable, HTTP_PROXY=local_server)
    assert proxied == (True, unresolvable)
    assert _Answer.seen == ["http://hub.invalid/"]  # the proxy was asked for the endpoint
    assert _reachable_in_a_fresh_python(HF_ENDPOINT=unresolvable)[0] is False


def test_is_offline_when_requested(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert env.is_offline() is True


def test_quiet_known_noise_hides_only_that_noise(capsys):
    import warnings

    from transformers.utils import logging as hf_logging

    try:
        assert env.quiet_known_noise()
        with warnings.catch_warnings(record=True) as caught:
            warnings.warn(env.AST_MEL_WARNING + ". The value ...", UserWarning, stacklevel=1)
            warnings.warn("a real warning", UserWarning, stacklevel=1)
        assert [str(w.message) for w in caught] == ["a real warning"]
        for _ in hf_logging.tqdm(range(3), desc="Writing model shards"):
            pass
        assert "Writing model shards" not in capsys.readouterr().err
        for _ in hf_logging.tqdm(range(3), desc="Training"):
            pass
        assert "Training" in capsys.readouterr().err  # any other bar still shows
    finally:
        hf_logging.set_tqdm_hook(None)


def test_quiet_known_noise_turns_a_real_load_report_into_one_sentence(capsys):
    import datasets
    from transformers import AutoModelForAudioClassification

    from helpers.paths import tiny_model_dir

    try:
        env.quiet_known_noise()
        assert not datasets.is_progress_bar_enabled()  # no "Map" bars for local data
        folder = tiny_model_dir("wav2vec2-pretrained")
        AutoModelForAudioClassification.from_pretrained(folder, num_labels=14)
        out, err = capsys.readouterr()
        assert env.LOAD_REPORT not in out + err and "Notes:" not in out + err
        lines = [line for line in out.splitlines() if "Wav2Vec2ForSequenceClassification" in line]
        assert lines == [
            "Wav2Vec2ForSequenceClassification from data/tiny-models/wav2vec2-pretrained: "
            "classifier, projector newly initialised (not in the checkpoint; training sets them)."
        ]  # the repository's own folder, not this machine's path to it
        import logging

        seen = []  # a handler on the logger itself: it gets what the logger's filters let by
        catcher = logging.Handler()
        catcher.emit = lambda record: seen.append(record.getMessage())
        for name in (env.LOAD_REPORT_LOGGER, env.MTIME_LOGGER):
            logging.getLogger(name).addHandler(catcher)
        try:
            logging.getLogger(env.LOAD_REPORT_LOGGER).warning("a real warning")
            rotation = logging.getLogger(env.MTIME_LOGGER)
            rotation.warning(env.MTIME_WARNING + ", falling back to numerical ordering")
            rotation.warning("another rotation warning")
        finally:
            for name in (env.LOAD_REPORT_LOGGER, env.MTIME_LOGGER):
                logging.getLogger(name).removeHandler(catcher)
        assert seen == ["a real warning", "another rotation warning"]  # only the noise went
    finally:
        datasets.enable_progress_bars()


def test_summarise_load_report_groups_keys_and_ignores_other_text():
    report = (
        "\x1b[1mWhisperForAudioClassification LOAD REPORT\x1b[0m from: openai/whisper-tiny.en\n"
        "Key                                  | Status     | \n"
        "-------------------------------------+------------+-\n"
        "model.decoder.layers.{0...3}.fc1.weight | UNEXPECTED | \n"
        "proj_out.weight                      | UNEXPECTED | \n"
        "classifier.weight                    | MISMATCH   | \n"
        "projector.bias                       | MISSING    | \n"
    )
    assert env.summarise_load_report(report) == (
        "WhisperForAudioClassification from openai/whisper-tiny.en: model.decoder.layers, "
        "proj_out in "
        "the checkpoint but unused by this architecture; classifier re-initialised (their shape "
        "differs from the checkpoint's); projector newly initialised (not in the checkpoint; "
        "training sets them)."
    )
    assert env.summarise_load_report("some other warning") is None


def test_ensure_extra_does_nothing_when_installed_and_says_what_to_install_when_not(
    monkeypatch,
):
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.delenv("COLAB_RELEASE_TAG", raising=False)
    assert env.missing_modules("deploy") == []  # scripts/setup.sh installs every extra
    assert env.ensure_extra("deploy") is False
    monkeypatch.setitem(env.EXTRA_MODULES, "deploy", ("onnx", "no_such_module_for_this_test"))
    with pytest.raises(
        ImportError, match=r"no_such_module_for_this_test .*pip install -e \"\.\[deploy\]\""
    ):
        env.ensure_extra("deploy")
    with pytest.raises(ValueError, match="Unknown extra 'gpu': choose from demo, deploy"):
        env.ensure_extra("gpu")
