"""The Gradio demo, served for real on 127.0.0.1 and used through gradio_client."""

import subprocess
import sys
import threading

# The demo extra is part of the development setup (scripts/setup.sh installs it): a missing
# Gradio is a broken setup, so these tests fail on import instead of being skipped.
import gradio_client
import numpy as np
import pytest
import torch

from helpers import demo, paths
from helpers.inference import classify_file, load_classifier

DEMO_MODEL = paths.tiny_model_dir("wav2vec2-minds14-demo")


def _write(path, waveform, rate=8000):
    from torchcodec.encoders import AudioEncoder

    AudioEncoder(
        torch.from_numpy(np.asarray(waveform, dtype=np.float32)[None]), sample_rate=rate
    ).to_file(path)
    return path


@pytest.fixture(scope="module")
def clips(bundled, tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo-clips")
    test = bundled["test"]
    calls = [_write(folder / f"call-{i}.wav", test[i]["audio"]["array"]) for i in range(3)]
    pause = np.zeros(8000, dtype=np.float32)
    one_call = np.concatenate([test[0]["audio"]["array"], pause])
    long_call = _write(folder / "long-call.wav", np.tile(one_call, 8))  # > 30 s: windows
    silent = _write(folder / "silent.wav", np.zeros(16000))
    return {"calls": calls, "long": long_call, "silent": silent}


@pytest.fixture(scope="module")
def served():
    app = demo.build_demo(str(DEMO_MODEL), top_k=3)
    demo.launch(app, block=False)  # 127.0.0.1, the next free port from 7860
    client = gradio_client.Client(app.local_url, verbose=False)
    yield app, client
    app.close()


def test_the_demo_answers_like_the_pipeline(served, clips):
    _, client = served
    classifier = load_classifier(DEMO_MODEL)
    for path in clips["calls"]:
        scores, details = client.predict(gradio_client.handle_file(str(path)), api_name="/classify")
        expected = classify_file(classifier, path, top_k=3, verbose=False)
        assert scores["label"] == expected[0]["label"]
        shown = {c["label"]: c["confidence"] for c in scores["confidences"]}
        assert shown[expected[0]["label"]] == pytest.approx(expected[0]["score"], abs=1e-5)
        assert "classified whole" in details and "OFFLINE DEMO" in details


def test_it_listens_on_this_machine_only_by_default(served):
    app, _ = served
    assert app.server_name == "127.0.0.1" and app.local_url.startswith("http://127.0.0.1:")
    assert app.share is False


def test_a_silent_recording_gets_the_sentence_not_a_stack_trace(served, clips):
    _, client = served
    with pytest.raises(gradio_client.exceptions.AppError) as caught:
        client.predict(gradio_client.handle_file(str(clips["silent"])), api_name="/classify")
    message = str(caught.value)
    assert "silent.wav is silent" in message and "Traceback" not in message
    assert "/tmp/gradio" not in message  # the upload's temporary path is not shown


def test_a_long_recording_is_classified_by_windows(served, clips):
    _, client = served
    _, details = client.predict(gradio_client.handle_file(str(clips["long"])), api_name="/classify")
    assert "windows, averaged" in details


def test_requests_made_at_once_queue_and_all_get_an_answer(served, clips):
    _, client = served
    answers, errors = [], []

    def ask(path):
        try:
            answers.append(
                client.predict(gradio_client.handle_file(str(path)), api_name="/classify")
            )
        except Exception as error:  # collected: the assertion below names it
            errors.append(error)

    threads = [threading.Thread(target=ask, args=(p,)) for p in clips["calls"] * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors and len(answers) == len(threads)


def test_a_recording_past_the_limit_is_refused_in_one_sentence(clips):
    from helpers.audio import AudioInputError

    classifier = load_classifier(DEMO_MODEL)
    with pytest.raises(AudioInputError, match=r"long-call.wav is \d+ minutes long, more than"):
        demo.classify_recording(classifier, clips["long"], max_seconds=10)


def test_the_script_refuses_a_model_that_is_not_there(tmp_path):
    script = paths.REPO_ROOT / "scripts" / "demo.py"
    result = subprocess.run(
        [sys.executable, str(script), "--model", str(tmp_path / "nope")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert "nope" in result.stderr and "Traceback" not in result.stderr


def test_the_upload_limit_readme_and_real_wav_sizes_agree(served, tmp_path):
    app, _ = served
    assert app.max_file_size == demo.MAX_UPLOAD  # what the served app enforces
    minute = _write(tmp_path / "minute.wav", np.full(16000 * 60, 0.1), rate=16000)
    per_minute = minute.stat().st_size  # a real 16-bit mono WAV, header included
    fits = demo.upload_minutes(16000)
    assert fits * per_minute <= demo.MAX_UPLOAD < (fits + 1) * per_minute
    readme = " ".join((paths.REPO_ROOT / "README.md").read_text().split())
    said = (
        f"Uploads are limited to {demo.MAX_UPLOAD // 1024**2} MB: {fits} minutes of 16-kHz "
        f"mono WAV, {demo.upload_minutes(8000)} minutes at 8 kHz; recordings up to "
        f"{demo.MAX_SECONDS // 3600} hours"
    )
    assert said in readme


def test_the_script_serves_answers_and_stops(clips, tmp_path):
    """scripts/demo.py as a learner runs it: it starts, answers a client, stops on Ctrl+C."""
    import os
    import signal
    import socket
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    script = paths.REPO_ROOT / "scripts" / "demo.py"
    server = subprocess.Popen(
        [sys.executable, str(script), "--model", str(DEMO_MODEL), "--port", str(port),
         "--top-k", "3"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env=dict(os.environ, GRADIO_ANALYTICS_ENABLED="False"),
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()[-2000:]
                time.sleep(0.5)
        client = gradio_client.Client(url, verbose=False)
        scores, details = client.predict(
            gradio_client.handle_file(str(clips["calls"][0])), api_name="/classify"
        )
        expected = classify_file(load_classifier(DEMO_MODEL), clips["calls"][0], top_k=1)[0]
        assert scores["label"] == expected["label"] and "classified whole" in details
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl+C
        try:
            out, _ = server.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            raise
    assert f"http://127.0.0.1:{port}" in out  # it said where to open it
    assert "Traceback" not in out
