"""The notebooks' shared opening (one template) and their headless, offline execution.

Each notebook stores its title and "what you'll learn" bullets in its metadata under
``"tutorial"``. :func:`render_opening` turns those into the opening cells (title, Colab
badge, bullets, setup cell); ``scripts/sync_notebooks.py`` writes them into every
notebook, and a test fails when a notebook's opening differs from the template.

The *parameters cell* is the code cell tagged ``parameters``. It only assigns variables.
Its ``nbmake.mock`` metadata holds the offline values (bundled data, tiny checkpoints,
small run sizes): nbmake applies them in CI, and :func:`execute_notebook` applies them
the same way for the README's demo run.
"""

from __future__ import annotations

import ast
import json
import re
import time
from pathlib import Path

import nbformat

from helpers.paths import REPO_ROOT

NOTEBOOK_DIR = REPO_ROOT / "notebooks"
#: GitHub repository the Colab badges and the Colab setup cell point at.
GITHUB_REPO = "hf-audio-tutorials/minds14-audio-classification"
OPENING_TAG = "opening"
PARAMETERS_TAG = "parameters"

_SETUP_CODE = f"""\
# Setup. On Colab: fetch this repository and install what the notebooks need.
import importlib.util
import os
import subprocess
import sys

if "google.colab" in sys.modules and importlib.util.find_spec("helpers") is None:
    repo = "/content/minds14-audio-classification"
    url = "https://github.com/{GITHUB_REPO}"
    clone = subprocess.run(["git", "clone", "--depth=1", url, repo], capture_output=True, text=True)
    if clone.returncode != 0 and not os.path.isdir(f"{{repo}}/src/helpers"):
        reason = (clone.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(
            f"Could not clone {{url}} ({{reason}}): check that this runtime has internet access "
            f"and the repository is public, or upload a copy to {{repo}} and run this cell again."
        ) from None
    install = subprocess.run([sys.executable, f"{{repo}}/scripts/colab_install.py"])
    if install.returncode != 0:  # the script said why in one sentence, just above
        raise RuntimeError("The install did not complete: see the sentence above.") from None
    sys.path.insert(0, f"{{repo}}/src")

from helpers import env

env.quiet_known_noise()  # no "Writing model shards" bar per checkpoint; real warnings stay
DEVICE = env.pick_device()
print(env.describe_environment(DEVICE))"""


def notebook_paths(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """Every tutorial notebook, in reading order (by file name)."""
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def colab_url(notebook: Path) -> str:
    """Open-in-Colab address of a notebook in :data:`GITHUB_REPO`'s main branch."""
    return f"https://colab.research.google.com/github/{GITHUB_REPO}/blob/main/notebooks/{notebook.name}"


def render_opening(nb, notebook: Path) -> list:
    """The opening cells for a notebook, from its ``tutorial`` metadata."""
    meta = nb.metadata.get("tutorial")
    if not meta or "title" not in meta or "learn" not in meta:
        raise ValueError(
            f"{notebook.name} has no metadata.tutorial.title/learn: add them so the opening "
            "can be generated."
        )
    badge = (
        f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
        f"({colab_url(notebook)})"
    )
    bullets = "\n".join(f"- {item}" for item in meta["learn"])
    if "needs" not in meta:
        raise ValueError(
            f"{notebook.name} has no metadata.tutorial.needs: say what it needs from earlier "
            "notebooks (ideally nothing), since on Colab each notebook runs on its own machine."
        )
    intro = (
        f"# {meta['title']}\n\n{badge}\n\n**What you'll learn**\n\n{bullets}\n\n"
        "> Runs as is with network access (real data and models from the Hugging Face Hub). "
        "Offline, and in CI, the same cells run on the bundled synthetic stand-in and local "
        "models (real weights where they can be had offline, as Whisper tiny.en's; tiny "
        "stand-ins where not), and every result is labelled as an offline demo.\n>\n"
        f"> **On its own machine** (as on Colab), it needs from earlier notebooks: "
        f"{meta['needs']}\n>\n> {budget_sentence(notebook)}"
    )
    cells = [nbformat.v4.new_markdown_cell(intro), nbformat.v4.new_code_cell(_SETUP_CODE)]
    for cell in cells:
        cell.metadata["tags"] = [OPENING_TAG]
        cell.pop("id", None)
    return cells


RESULTS_DIR = REPO_ROOT / "benchmarks" / "results"


def _rows(name: str) -> tuple[list[dict], dict]:
    path = RESULTS_DIR / f"{name}.json"
    if not path.is_file():
        return [], {}
    saved = json.loads(path.read_text())
    return saved["rows"], saved["machine"]


def offline_time(name: str) -> str | None:
    """``"122 s on 2 CPU cores (measured …, `benchmarks/bench_notebooks.py`)"`` for a notebook
    file name, from ``benchmarks/results/notebooks.json``: the one figure the notebook's
    opening and the site's index both quote. ``None`` when it was not measured."""
    rows, machine = _rows("notebooks")
    row = next((r for r in rows if r["notebook"] == name), None)
    if row is None:
        return None
    return (
        f"{row['seconds']:.0f} s on {machine.get('cpu_cores', '?')} CPU cores (measured "
        f"{machine.get('date', '?')}, `benchmarks/bench_notebooks.py`)"
    )


def budget_sentence(notebook: Path) -> str:
    """What the notebook costs: computed GPU peak and T4 compute time, measured CPU time.

    Read from ``benchmarks/results/gpu_budget.json`` and ``notebooks.json`` (written by
    ``python -m benchmarks.bench_gpu_budget`` and ``bench_notebooks``), never typed in.
    """
    number = notebook.name[:2]
    gpu = next((r for r in _rows("gpu_budget")[0] if r["notebook"] == number), None)
    if gpu is None:
        parts = ["**GPU:** not needed."]
    else:
        units = {"wav2vec2": "-s clips", "ast": " frames", "whisper": "-s window"}
        unit = next((u for family, u in units.items() if gpu["model"].startswith(family)), "")
        length = f"{gpu['length']:g}{unit}"
        fits = "fits" if gpu["fits_t4"] else "does NOT fit"
        minutes = gpu["t4_compute_s"] / 60
        compute = f"about {minutes:.0f} min" if minutes >= 1 else "under a minute"
        parts = [
            f"**GPU, computed for the parameters cell's sizes** (`benchmarks/bench_gpu_budget.py`,"
            f" no GPU was used): peak {gpu['peak_tensor_gb']:.1f} GB of tensors for its "
            f"{gpu['what']} ({gpu['model']}, batch {gpu['batch']}, {length}, an upper bound), "
            f"which {fits} Colab's free T4 (15 GB) with room for the CUDA context; "
            f"{compute} of T4 compute for {gpu['steps']:,} steps (at 30 % of its fp16 peak; "
            "data loading and downloads come on top)."
        ]
    measured = offline_time(notebook.name)
    if measured is not None:
        parts.append(f"**Offline demo:** {measured}.")
    return " ".join(parts)


def opening_is_current(notebook: Path) -> bool:
    """True when the notebook starts with exactly the template's opening cells."""
    nb = nbformat.read(notebook, as_version=4)
    expected = render_opening(nb, notebook)
    actual = nb.cells[: len(expected)]
    return [_cell_key(c) for c in actual] == [_cell_key(c) for c in expected]


def _cell_key(cell) -> tuple:
    return cell.cell_type, cell.source, cell.metadata.get("tags", [])


def sync_notebook(notebook: Path) -> bool:
    """Rewrite the opening from the template and strip outputs; True if the file changed."""
    before = notebook.read_text()
    nb = nbformat.read(notebook, as_version=4)
    body = [c for c in nb.cells if OPENING_TAG not in c.metadata.get("tags", [])]
    nb.cells = render_opening(nb, notebook) + body
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    _assign_stable_ids(nb, notebook)
    nbformat.validate(nb)
    after = nbformat.writes(nb) + "\n"
    if after != before:
        notebook.write_text(after)
        return True
    return False


def _assign_stable_ids(nb, notebook: Path) -> None:
    """Cell ids derived from position, so regenerating a notebook gives the same file."""
    stem = notebook.stem.split("_")[0]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"nb{stem}-{i:03d}"


#: At most this many cells (code and text) before a notebook's appendix: the lesson a
#: learner reads top to bottom; what is not the lesson goes to ``## Appendix (optional)``
#: (a level-2 heading like every section: the site's table of contents stops at a second
#: level-1 heading).
MAIN_PATH_MAX = 30
APPENDIX_HEADING = "## Appendix (optional)"


def main_path(nb) -> list:
    """The cells before the appendix heading (or before ``## Sources`` when there is none)."""
    for index, cell in enumerate(nb.cells):
        first = cell.source.lstrip().split("\n", 1)[0] if cell.cell_type == "markdown" else ""
        if first.startswith((APPENDIX_HEADING, "## Sources")):
            return nb.cells[:index]
    return list(nb.cells)


def parameters_cell(nb):
    """The unique code cell tagged ``parameters``."""
    cells = [
        c
        for c in nb.cells
        if c.cell_type == "code" and PARAMETERS_TAG in c.metadata.get("tags", [])
    ]
    if len(cells) != 1:
        raise ValueError(f"Expected one cell tagged {PARAMETERS_TAG!r}, found {len(cells)}.")
    return cells[0]


def assigned_names(source: str) -> list[str]:
    """Names a cell assigns; raises ValueError if it does anything but assign constants."""
    tree = ast.parse(source)
    names = []
    for node in tree.body:
        if not isinstance(node, ast.Assign | ast.AnnAssign):
            raise ValueError(f"Parameters cell line {node.lineno} is not an assignment.")
        value = node.value
        try:
            ast.literal_eval(value)
        except ValueError as error:
            raise ValueError(
                f"Parameters cell line {node.lineno} assigns a computed value; use literals."
            ) from error
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names += [t.id for t in targets if isinstance(t, ast.Name)]
    return names


def offline_overrides(nb) -> dict:
    """The parameters cell's ``nbmake.mock`` values (what CI and the demo run override)."""
    return dict(parameters_cell(nb).metadata.get("nbmake", {}).get("mock", {}))


def _override_cell(overrides: dict):
    lines = ["# Offline demo overrides (the same values nbmake applies in CI)."]
    lines += [f"{name} = {value!r}" for name, value in overrides.items()]
    cell = nbformat.v4.new_code_cell("\n".join(lines))
    cell.metadata["tags"] = ["offline-overrides"]
    return cell


def execute_notebook(
    notebook: Path, out_dir: Path, *, timeout: int = 900, offline: bool = True
) -> tuple[Path, float]:
    """Execute a notebook headless and write the executed copy; returns ``(path, seconds)``.

    With ``offline=True`` a cell with the parameters cell's ``nbmake.mock`` values is
    inserted right after it, exactly as nbmake does in CI.
    """
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    if offline:
        index = nb.cells.index(parameters_cell(nb))
        nb.cells.insert(index + 1, _override_cell(offline_overrides(nb)))
    # [[name, expression], ...]: a list, since notebook metadata is stored with sorted keys
    wanted = dict(nb.metadata.get("tutorial", {}).get("results", []))
    if wanted:
        nb.cells.append(_results_cell(wanted))
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    out_dir.mkdir(parents=True, exist_ok=True)
    if wanted:
        results = _read_results(nb.cells.pop())
        (out_dir / f"{notebook.stem}.results.json").write_text(
            json.dumps(results, indent=2, ensure_ascii=False) + "\n"
        )
    tidy_outputs(nb)
    out_path = out_dir / notebook.name
    nbformat.write(nb, out_path)
    return out_path, seconds


_WIDGET = "application/vnd.jupyter.widget-view+json"
#: A tqdm bar as it lands in a stream or a widget: "Map: 100%|█████| 56/56 [00:00<00:00, ...]".
_PROGRESS = re.compile(r"\d+%\|[^|\n]*\|\s*\d+/\d+|\r")
#: Trainer's notebook bar (``<progress>`` and ``[400/400 01:31, Epoch 16/16]``) above its table.
_HTML_PROGRESS = re.compile(r"<progress[^>]*>\s*</progress>\s*\[[^\]]*\]")
#: A live app shown inline (the Gradio demo): a frame onto the kernel's own server.
_LIVE_APP = re.compile(r"<iframe[^>]+src=\"https?://(127\.0\.0\.1|localhost)[:/]")
#: What a saved copy shows in place of a widget or a local app: they need a live kernel.
WIDGET_NOTE = "(An interactive widget: run the notebook to use it; a saved copy cannot.)"
APP_NOTE = "(The Gradio app was shown here while the notebook ran; run the cell to use it.)"


def tidy_outputs(nb) -> int:
    """Make an executed notebook read well when saved (in place); how many outputs changed.

    A widget saved without its state renders as dead text (``VBox(children=...``) or a
    frozen bar, and a local app as a frame onto a server that is gone. Progress bars
    (stream text, widgets, Trainer's ``<progress>``) are dropped, Trainer's table of epochs
    stays; other widgets and local apps become one sentence saying so. Everything else is
    kept as it is.
    """
    changed = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            html = "".join(data.get("text/html", ""))
            if output.get("output_type") == "stream":
                lines = "".join(output.get("text", "")).splitlines(keepends=True)  # \r too
                text = "".join(line for line in lines if not _PROGRESS.search(line))
                if len(text) < sum(map(len, lines)):  # a bar's lines went; the rest stays
                    changed += 1
                    if not text.strip():
                        continue
                    output["text"] = text
            if _WIDGET in data:
                changed += 1
                if _PROGRESS.search("".join(data.get("text/plain", ""))):
                    continue
                output["data"] = {"text/plain": WIDGET_NOTE}
            elif _LIVE_APP.search(html):
                changed += 1
                output["data"] = {"text/plain": APP_NOTE}
            elif _HTML_PROGRESS.search(html):
                changed += 1
                html = _HTML_PROGRESS.sub("", html)
                if "<table" not in html:  # a bar and nothing else
                    continue
                data["text/html"] = html  # Trainer's table of epochs stays
            kept.append(output)
        cell["outputs"] = kept
    nb.metadata.pop("widgets", None)  # the widgets' saved state: nothing left to draw
    return changed


_RESULTS_MARK = "@@notebook-results@@"


def _results_cell(wanted: dict):
    """A last cell that prints the values named in ``metadata.tutorial.results`` as JSON.

    ``metadata.tutorial.results`` lists ``[name, expression]`` pairs in reading order, each
    expression over the notebook's variables (e.g. ``["TEST", "describe_result(test)"]``);
    ``wanted`` is that list as a dict. The cell is removed from the executed copy.
    """
    lines = [
        "import json as _json",
        f"_wanted = {json.dumps(wanted, ensure_ascii=False)}",
        "_values = {_k: eval(_v) for _k, _v in _wanted.items()}",
        f"print({_RESULTS_MARK!r} + _json.dumps(_values, default=str, ensure_ascii=False))",
    ]
    return nbformat.v4.new_code_cell("\n".join(lines))


def _read_results(cell) -> dict:
    for output in cell.get("outputs", []):
        text = output.get("text", "")
        if _RESULTS_MARK in text:
            return json.loads(text.split(_RESULTS_MARK, 1)[1])
    raise RuntimeError(
        "The notebook's results cell printed nothing: check metadata.tutorial.results."
    )


#: What an executed notebook must not print: each pattern with the reason it is noise.
NOISE = [
    (r"LOAD REPORT", "a raw transformers load report (env.quiet_known_noise shortens it)"),
    (r"^(Map|Casting|Filter|Generating \w+ split)\b.*\|", "a datasets progress bar on local data"),
    (
        r"held an earlier run|already held a previous run",
        "a previous-run line: run from a clean state",
    ),
    (r"already holds files", "files left by an earlier run: run from a clean state"),
    (r"mtime may not be reliable", "a library warning that teaches nothing"),
]


def output_noise(nb, repo_root: Path = REPO_ROOT) -> list[str]:
    """What an executed notebook printed that a reader should not see, one line per finding:
    the :data:`NOISE` patterns, and absolute paths of the machine that ran it."""

    patterns = [(re.compile(p, re.MULTILINE), why) for p, why in NOISE]
    patterns.append((_LIVE_APP, "a local app's frame, dead in a saved copy (tidy_outputs)"))
    patterns.append((_HTML_PROGRESS, "a finished progress bar (tidy_outputs)"))
    patterns.append((re.compile(re.escape(str(repo_root))), "an absolute path of this machine"))
    found = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            text = output.get("text", "")
            data = output.get("data", {})
            if _WIDGET in data:
                found.append(f"cell {index}: a widget, dead in a saved copy (tidy_outputs)")
            text += data.get("text/plain", "") + data.get("text/html", "")
            text += "\n".join(output.get("traceback", []))
            for pattern, why in patterns:
                match = pattern.search(text)
                if match:
                    line = text[text.rfind("\n", 0, match.start()) + 1 :].split("\n", 1)[0]
                    found.append(f"cell {index}: {why}: {line.strip()[:120]}")
    return found


def start_clean() -> None:
    """Move ``notebooks/outputs`` aside (to ``outputs-previous``, one kept) before a full run,
    so the executed copies come from a clean run: no model, folder or result left by an
    earlier run is picked up, and no notebook prints that it moved one."""
    from helpers.training import keep_previous_run

    keep_previous_run(NOTEBOOK_DIR / "outputs")
