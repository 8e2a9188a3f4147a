"""Render executed notebooks to a small static site: ``index.html`` + one page per notebook.

Uses nbconvert's standard HTML exporter (figures are embedded in each page as data URIs, so
the folder can be opened from disk or served as it is). ``scripts/run_demo.sh`` calls
:func:`build_site` on ``build/notebooks`` after executing every notebook.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import nbformat

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #1f2328; }}
li.notebook {{ margin-bottom: 1.2rem; }}
li.notebook > a {{ font-size: 1.1rem; font-weight: 600; }}
.meta {{ color: #59636e; font-size: 0.9rem; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>{intro}</p>
<ol class="notebooks">
{items}
</ol>
</body>
</html>
"""

ITEM = """<li class="notebook"><a href="{href}">{title}</a>
<div class="meta">{meta}</div>
<ul>{learn}</ul></li>"""


def build_site(
    executed_dir: Path,
    site_dir: Path,
    *,
    title: str = "MInDS-14 audio classification: the executed notebooks",
) -> Path:
    """Write ``site_dir/index.html`` and ``site_dir/NN_topic.html`` for every executed notebook.

    Returns the index path. Raises ``FileNotFoundError`` in one sentence when
    ``executed_dir`` holds no notebook (run ``scripts/run_notebooks.py`` first).
    """
    from nbconvert import HTMLExporter

    notebooks = sorted(Path(executed_dir).glob("[0-9][0-9]_*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(
            f"{executed_dir} holds no executed notebook: run scripts/run_notebooks.py first."
        )
    timings_file = Path(executed_dir) / "timings.json"
    timings = json.loads(timings_file.read_text()) if timings_file.is_file() else {}
    site_dir = Path(site_dir)
    site_dir.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab")
    items = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
        page = site_dir / f"{path.stem}.html"
        page.write_text(body, encoding="utf-8")
        tutorial = nb.metadata.get("tutorial", {})
        name = tutorial.get("title", path.stem)
        figures = sum(
            "image/png" in output.get("data", {})
            for cell in nb.cells
            for output in cell.get("outputs", [])
        )
        meta = f"{figures} figures"
        if path.name in timings:
            meta += f" · executed offline in {timings[path.name]:.0f} s"
        learn = "".join(f"<li>{html.escape(line)}</li>" for line in tutorial.get("learn", []))
        items.append(ITEM.format(href=page.name, title=html.escape(name), meta=meta, learn=learn))
    intro = (
        "Every notebook as executed by <code>scripts/run_demo.sh</code> on this machine: the "
        "offline demo (bundled synthetic data, local models), with its outputs and figures."
    )
    index = site_dir / "index.html"
    index.write_text(
        PAGE.format(title=html.escape(title), intro=intro, items="\n".join(items)),
        encoding="utf-8",
    )
    return index
