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

import numpy as np
import pytest
import torch
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


@pytest.mark.timeout(3600)  # the first test to ask for the executed notebooks runs them all
def test_course_site_navigates_searches_and_loads_nothing_from_the_network(
    tmp_path, browser, offline_env, executed_notebooks
):
    failed_runs = {n: r for n, r in executed_notebooks.items() if isinstance(r, Exception)}
    assert not failed_runs, f"notebooks that did not run: {sorted(failed_runs)}"
    executed, site = tmp_path / "notebooks", tmp_path / "site"
    executed.mkdir()
    for path in executed_notebooks.values():  # this session's copies only, every notebook
        shutil.copy(path, executed)
    done = subprocess.run(
        [sys.executable, "scripts/build_site.py", "--notebooks", str(executed), "--out", str(site)],
        cwd=REPO_ROOT, env=offline_env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    pages = [name.replace(".ipynb", ".html") for name in executed_notebooks]
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        failed, outside = [], []
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.on(
            "request",
            lambda request: (
                None if request.url.startswith((base, "data:")) else outside.append(request.url)
            ),
        )
        page.goto(f"{base}/index.html")
        main = page.locator("article")
        assert main.locator("code").count() > 0  # Markdown rendered: `pipeline` is code
        assert "`" not in main.inner_text()  # no raw backticks left
        page.screenshot(path=str(SHOTS / "site-index.png"))
        page_name = NOTEBOOK.replace(".ipynb", ".html")
        sidebar = page.locator(f".md-sidebar--primary a.md-nav__link[href='{page_name}']")
        assert "Load and explore" in sidebar.inner_text()
        with page.expect_navigation(wait_until="load"):
            sidebar.click()
        assert page.url.endswith(page_name)
        assert "Load and explore MInDS-14" in page.title()
        # at 1,400 px the content column is wide enough for the figures (Material's default
        # grid left about 650 px), and no tooling tag ("opening", "recipe") shows as a label
        width = page.locator("article").evaluate("a => a.getBoundingClientRect().width")
        assert width >= 850, f"content column {width:.0f} px wide"  # Material default: ~650
        assert page.locator(".cell-tag").count() > 0  # the tags are in the page ...
        assert page.locator(".cell-tag:visible").count() == 0  # ... but not shown
        toc = page.locator("nav.md-nav--secondary a.md-nav__link")
        assert toc.count() >= 5  # a table of contents of the page's sections
        footer = page.locator("a.md-footer__link--prev")
        assert footer.count() == 1  # previous: the course page
        links = page.locator("article a", has_text="Open in Colab")
        assert "colab.research.google.com" in links.first.get_attribute("href")
        assert page.locator("article a", has_text="Source on GitHub").count() == 1
        images = page.locator("article img[src^='data:image/png']")
        assert images.count() >= 3  # class balance, durations, an example's waveform...
        for i in range(images.count()):  # every figure decoded, none broken
            assert images.nth(i).evaluate("img => img.complete && img.naturalWidth > 100")
        images.first.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "site-notebook.png"))
        # The whole course in order: the sidebar lists every page in course order, and
        # "next" walks from the index through all of them; "previous" walks back.
        listed = page.locator(".md-sidebar--primary a.md-nav__link[href$='.html']")
        hrefs = [listed.nth(i).get_attribute("href") for i in range(listed.count())]
        assert [h for h in hrefs if h in pages] == pages, hrefs
        page.goto(f"{base}/index.html")
        visited = []
        for _ in range(len(pages)):
            with page.expect_navigation(wait_until="load"):
                page.locator("a.md-footer__link--next").click()
            page.wait_for_load_state("networkidle")  # its search index loaded, not cut off
            visited.append(page.url.rsplit("/", 1)[-1])
            assert page.locator("article img, article pre").count() > 0  # outputs rendered
            toc = page.locator("nav.md-nav--secondary a.md-nav__link").all_inner_texts()
            assert {"Recap", "Sources"} <= {t.strip() for t in toc}, (visited[-1], toc)
        assert visited == pages
        assert page.locator("a.md-footer__link--next").count() == 0  # the last page
        widths = page.locator("article img[src^='data:image/png']").evaluate_all(
            "imgs => imgs.map(i => [i.getBoundingClientRect().width, i.naturalWidth])"
        )
        column = page.locator("article").evaluate("a => a.getBoundingClientRect().width")
        for shown_px, natural_px in widths:  # figures at full size, or the column's width
            assert shown_px >= min(natural_px, 0.9 * column) - 1, (shown_px, natural_px, column)
        page.screenshot(path=str(SHOTS / "site-last-page.png"), full_page=False)
        for expected in reversed(["index.html", *pages[:-1]]):
            with page.expect_navigation(wait_until="load"):
                page.locator("a.md-footer__link--prev").click()
            page.wait_for_load_state("networkidle")
            assert page.url.endswith(expected)
        # Full-text search: a word found on the notebook's page only, not on the index.
        page.goto(f"{base}/index.html")
        page.locator("input.md-search__input").focus()
        page.keyboard.type("ClassLabel", delay=30)  # typed: the theme searches on key events
        result = page.locator(".md-search-result__item a").first
        expect(result).to_be_visible(timeout=20_000)
        assert page_name in result.get_attribute("href")
        page.screenshot(path=str(SHOTS / "site-search.png"))
        assert not failed, f"failed requests: {failed}"
        assert not outside, f"requests off this machine: {outside}"
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


def test_demo_page_classifies_an_uploaded_file_and_offers_the_microphone(
    tmp_path, browser, bundled
):
    from torchcodec.encoders import AudioEncoder

    from helpers import demo, paths
    from helpers.inference import classify_file, load_classifier

    model = paths.tiny_model_dir("wav2vec2-minds14-demo")
    clip = tmp_path / "call.wav"
    samples = np.asarray(bundled["test"][0]["audio"]["array"], dtype=np.float32)[None]
    AudioEncoder(torch.from_numpy(samples), sample_rate=8000).to_file(clip)
    expected = classify_file(load_classifier(model), clip, top_k=1, verbose=False)[0]["label"]
    app = demo.build_demo(str(model), top_k=3)
    demo.launch(app, block=False)
    base = app.local_url.rstrip("/")
    try:
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        failed, outside = [], []

        def on_failed(request):  # the result's event stream is closed by the page once read
            if not ("/gradio_api/queue/data" in request.url and "ABORTED" in request.failure):
                failed.append(f"{request.url} ({request.failure})")

        page.on("requestfailed", on_failed)
        page.on(
            "request",
            lambda request: (
                None
                if request.url.startswith((base, "data:", "blob:"))
                else outside.append(request.url)
            ),
        )
        page.goto(app.local_url)
        expect(page.get_by_text("What does the caller want?")).to_be_visible(timeout=30_000)
        expect(page.get_by_role("button", name="Record audio")).to_be_visible()  # the microphone
        page.locator("input[type='file']").first.set_input_files(str(clip))
        page.get_by_role("button", name="Classify").click()
        details = page.locator("#details")
        expect(details).to_contain_text("classified whole", timeout=60_000)
        expect(page.get_by_test_id("label-output-value")).to_contain_text(expected)
        page.screenshot(path=str(SHOTS / "demo.png"))
        assert not failed, f"failed requests: {failed}"
        assert not outside, f"requests off this machine: {outside}"
    finally:
        app.close()
