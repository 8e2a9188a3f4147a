"""Browse it like a person: the static site and JupyterLab in a real headless Chromium.

Debian's Chromium (``scripts/test.sh`` installs it), driven by Playwright, on localhost.
Screenshots land in ``build/screenshots/``.
"""

import functools
import http.server
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from helpers.paths import REPO_ROOT
from tooling import notebooks

CHROMIUM = Path(shutil.which("chromium") or "/usr/bin/chromium")
SHOTS = REPO_ROOT / "build" / "screenshots"
# No background connections (this machine's network is closed; Chromium would retry them).
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NOTEBOOK = "01_load_and_explore.ipynb"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: scripts/test.sh installs Debian's chromium package.")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser
        browser.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def offline_env():
    return dict(os.environ, HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1", TRANSFORMERS_OFFLINE="1")


def test_static_site_lists_every_notebook_with_figures_inline(tmp_path, browser, offline_env):
    executed, site = tmp_path / "notebooks", tmp_path / "site"
    for command in (
        ["scripts/run_notebooks.py", "--out", str(executed), f"notebooks/{NOTEBOOK}"],
        ["scripts/build_site.py", "--notebooks", str(executed), "--out", str(site)],
    ):
        done = subprocess.run(
            [sys.executable, *command], cwd=REPO_ROOT, env=offline_env, capture_output=True,
            text=True, timeout=600,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-2000:]
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
        links = page.locator("li.notebook > a")
        assert links.count() == 1 and "Load and explore" in links.first.inner_text()
        assert "figures" in page.locator("li.notebook .meta").first.inner_text()
        page.screenshot(path=str(SHOTS / "site-index.png"))
        with page.expect_navigation(wait_until="load"):
            links.first.click()
        assert page.url.endswith(NOTEBOOK.replace(".ipynb", ".html"))
        assert page.get_by_text("Load and explore MInDS-14").first.is_visible()
        images = page.locator("img[src^='data:image/png']")
        assert images.count() >= 3  # class balance, durations, an example's waveform...
        assert images.first.evaluate("img => img.naturalWidth") > 100  # decoded, not broken
        images.first.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "site-notebook.png"))
    finally:
        server.shutdown()


def test_jupyterlab_opens_a_notebook_and_runs_a_cell(tmp_path, browser, offline_env):
    root = tmp_path / "lab"
    root.mkdir()
    shutil.copy(notebooks.NOTEBOOK_DIR / NOTEBOOK, root)  # a copy: autosave cannot touch ours
    port, token = _free_port(), secrets.token_hex(16)
    news = tmp_path / "settings" / "@jupyterlab" / "apputils-extension"
    news.mkdir(parents=True)  # no "get notified about Jupyter news?" toast over the notebook
    (news / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    env = offline_env | {
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
    }
    lab = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--ServerApp.port={port}",
         "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={root}", "--allow-root"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                break
            except OSError:
                assert lab.poll() is None, lab.stderr.read()[-2000:]
                time.sleep(0.5)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        try:
            page.goto(f"{url}/lab/tree/{NOTEBOOK}?token={token}")
            page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=90_000)
            idle = ".jp-Notebook-ExecutionIndicator[data-status='idle']"
            page.wait_for_selector(idle, timeout=90_000)  # the kernel has started
            cell = page.locator(".jp-Notebook .jp-CodeCell").first  # the setup cell
            prompt = cell.locator(".jp-InputPrompt")
            for _ in range(3):  # a click before the editor is ready selects nothing: retry
                cell.locator(".jp-InputArea-editor").click()
                page.keyboard.press("Shift+Enter")
                try:
                    expect(prompt).to_have_text(re.compile(r"\[(\*|1)\]"), timeout=20_000)
                    break
                except AssertionError:
                    continue
            expect(prompt).to_have_text(re.compile(r"\[1\]"), timeout=120_000)
            output = cell.locator(".jp-OutputArea-output").first
            assert "torch" in output.inner_text()  # the setup cell prints library versions
        finally:
            page.screenshot(path=str(SHOTS / "jupyterlab.png"))
    finally:
        lab.terminate()
        try:
            lab.wait(timeout=20)
        except subprocess.TimeoutExpired:
            lab.kill()
