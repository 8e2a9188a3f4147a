"""The course site: the executed notebooks rendered by MkDocs (Material theme + mkdocs-jupyter).

Why MkDocs-Material with mkdocs-jupyter: it is pure Python (installed by
``requirements-dev.txt`` into the same ``.venv``, where Jupyter Book 2 would also need
Node.js), renders executed ``.ipynb`` files as they are (no re-execution), and gives the
sidebar, previous/next links, a table of contents per page and a full-text search that
works without a network (the search index is a local file; no web fonts are fetched).

:func:`build_site` stages a MkDocs project next to the output folder: ``index.md`` (the
course in reading order, rendered Markdown) and a copy of every executed notebook
(tidied by :func:`tooling.notebooks.tidy_outputs`: no progress bar, no dead widget; a line
with its Colab and source links added), writes ``mkdocs.yml`` with the navigation in course
order, and runs ``mkdocs build``. ``scripts/run_demo.sh`` calls it on ``build/notebooks``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from tooling.notebooks import GITHUB_REPO, colab_url, offline_time, tidy_outputs

SITE_NAME = "MInDS-14 audio classification"
# nbconvert's template loads MathJax from a CDN on every page although no notebook here
# writes LaTeX: the site is read offline, so that script tag is dropped. (Its Mermaid
# loader and the theme's fetch a CDN only when a page holds a diagram; none does.)
EXTERNAL_SCRIPT = re.compile(r'<script[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>')


def source_url(notebook_name: str) -> str:
    return f"https://github.com/{GITHUB_REPO}/blob/main/notebooks/{notebook_name}"


COLAB_BADGE = re.compile(r"\[!\[Open In Colab\]\([^)]*\)\]\([^)]*\)")


def _links_line(notebook_name: str) -> str:
    return (
        f"[Open in Colab]({colab_url(Path(notebook_name))}) · "
        f"[Source on GitHub]({source_url(notebook_name)}) · executed offline by "
        "`scripts/run_demo.sh` (bundled data, local models)"
    )


def add_links(nb, notebook_name: str) -> None:
    """Colab and source links under the title, in place of the Colab badge.

    The badge is an image on colab.research.google.com: a page read offline would try to
    fetch it, so the site shows the same link as text.
    """
    line = _links_line(notebook_name)
    opening = nb.cells[0]
    if opening.cell_type == "markdown" and COLAB_BADGE.search(opening.source):
        opening.source = COLAB_BADGE.sub(lambda _: line, opening.source, count=1)
    else:
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(line))


def _nav_title(nb, path: Path) -> str:
    return nb.metadata.get("tutorial", {}).get("title", path.stem)  # "01 · Load and ..."


def _index_markdown(entries: list[tuple[str, dict, str | None]]) -> str:
    lines = [
        f"# {SITE_NAME}",
        "",
        "A course in Jupyter notebooks: load the MInDS-14 spoken-intent dataset, prepare",
        "its audio, fine-tune pretrained speech encoders with `Trainer`, run inference and",
        "train on your own recordings. Read them in this order; every page is the notebook",
        "as `scripts/run_demo.sh` executed it **offline** (bundled synthetic data and local",
        "models, every result labelled as an offline demo). Each page links to Colab,",
        "where the same notebook runs on the real data.",
        "",
    ]
    for page, meta, measured in entries:
        lines.append(f"## [{meta.get('title', page)}]({page})")
        lines.append("")
        lines += [f"- {item}" for item in meta.get("learn", [])]
        if measured is not None:
            lines += ["", f"*Offline demo: {measured}.*"]
        lines.append("")
    return "\n".join(lines)


#: Layout for notebooks: Material's default grid (61rem, about 650 px of content between
#: both sidebars in a 1,400-px window) shrinks figures and wraps printed output; these
#: rules widen the page, let output scroll sideways instead of breaking mid-number, and
#: hide cell tags, which are for the tooling, not the reader.
COURSE_CSS = """\
.md-grid { max-width: 100rem; }
.jp-OutputArea-output pre, .jp-RenderedText pre, .output_text pre {
  white-space: pre; overflow-x: auto; word-break: normal; overflow-wrap: normal;
}
.jp-OutputArea-output img { max-width: 100%; height: auto; }
.celltoolbar, .cell-tag, .jp-CellTags { display: none !important; }
/* No empty prompt column beside the outputs: figures get the column's full width. */
.jp-OutputArea-prompt, .jp-InputPrompt { display: none !important; }
"""


def _config(nav: list[dict], docs_dir: Path, site_dir: Path) -> dict:
    return {
        "site_name": SITE_NAME,
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        # No repo_url: the theme would ask api.github.com for star counts on every page.
        "use_directory_urls": False,  # pages work from disk (file://) and from any server
        "nav": nav,
        "theme": {
            "name": "material",
            "font": False,  # no Google Fonts: the system fonts, readable offline
            "features": [
                "navigation.footer",  # previous / next at the bottom of every page
                "navigation.top",
                "toc.follow",
                "search.highlight",
                "content.code.copy",
            ],
        },
        "plugins": [
            "search",
            {
                "mkdocs-jupyter": {
                    "execute": False,  # the executed copies are rendered as they are
                    "include_source": True,  # a download link for the .ipynb
                    "ignore_h1_titles": True,  # page titles come from the navigation
                    "toc_depth": 2,
                    "cache": False,
                }
            },
        ],
        "markdown_extensions": ["toc", "admonition", "tables"],
        "extra_css": ["course.css"],
    }


def build_site(executed_dir: Path, site_dir: Path) -> Path:
    """Build the course site from executed notebooks; returns ``site_dir/index.html``.

    Raises ``FileNotFoundError`` in one sentence when ``executed_dir`` holds no notebook
    (run ``scripts/run_notebooks.py`` first), ``RuntimeError`` with MkDocs' last line
    when the build fails.
    """
    executed = sorted(Path(executed_dir).glob("[0-9][0-9]_*.ipynb"))
    if not executed:
        raise FileNotFoundError(
            f"{executed_dir} holds no executed notebook: run scripts/run_notebooks.py first."
        )
    site_dir = Path(site_dir).resolve()
    stage = site_dir.parent / f"{site_dir.name}-src"
    docs = stage / "docs"
    if stage.exists():
        shutil.rmtree(stage)
    docs.mkdir(parents=True)
    nav: list[dict] = [{"The course": "index.md"}]
    entries = []
    for path in executed:
        nb = nbformat.read(path, as_version=4)
        tidy_outputs(nb)  # executed copies are tidied already; older ones are here
        add_links(nb, path.name)
        nbformat.write(nb, docs / path.name)
        nav.append({_nav_title(nb, path): path.name})
        # the figure the notebook's opening quotes, not this build's own run: one source
        entries.append((path.name, nb.metadata.get("tutorial", {}), offline_time(path.name)))
    (docs / "index.md").write_text(_index_markdown(entries), encoding="utf-8")
    (docs / "course.css").write_text(COURSE_CSS, encoding="utf-8")
    config = stage / "mkdocs.yml"
    config.write_text(json.dumps(_config(nav, docs, site_dir), indent=1))  # JSON is YAML
    if site_dir.exists():
        shutil.rmtree(site_dir)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"mkdocs build failed ({last}); run it with -v to see why.")
    for page in site_dir.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        offline = EXTERNAL_SCRIPT.sub("", text)
        if offline != text:
            page.write_text(offline, encoding="utf-8")
    return site_dir / "index.html"
