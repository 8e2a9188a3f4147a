"""Notebook hygiene: the rules every notebook in notebooks/ must follow to join CI."""

import re

import nbformat
import pytest

from helpers.paths import REPO_ROOT
from tooling import notebooks

NOTEBOOKS = notebooks.notebook_paths()
ids = [p.name for p in NOTEBOOKS]


def test_notebooks_exist_and_are_numbered_in_order():
    assert NOTEBOOKS, "no notebooks found"
    numbers = [int(p.name[:2]) for p in NOTEBOOKS]
    assert numbers == list(range(1, len(numbers) + 1))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, (
                f"{path.name} has outputs: run `python scripts/sync_notebooks.py`"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_opening_comes_from_the_template(path):
    assert notebooks.opening_is_current(path), (
        f"{path.name}'s opening differs from the template: run `python scripts/sync_notebooks.py`"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_parameters_cell_only_assigns_and_is_overridden_offline(path):
    nb = nbformat.read(path, as_version=4)
    cell = notebooks.parameters_cell(nb)
    assert nb.cells.index(cell) <= 4, "the parameters cell belongs near the top"
    names = notebooks.assigned_names(cell.source)
    overrides = notebooks.offline_overrides(nb)
    assert overrides, "the parameters cell needs nbmake.mock offline values"
    assert set(overrides) <= set(names)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_no_remote_code_and_listed_in_readme(path):
    text = path.read_text()
    assert not re.search(r"trust_remote_code\s*=\s*True", text)
    readme = (REPO_ROOT / "README.md").read_text()
    assert f"notebooks/{path.name}" in readme
    assert notebooks.colab_url(path) in readme


def test_exactly_one_notebook_teaches_ast_and_it_comes_after_the_other_encoders():
    """AST is taught in one place (what it sees and fine-tuning it), after the notebooks that
    teach wav2vec2 and Whisper, so it can compare itself with both on the same split."""
    teaching, first_use = [], {}
    for index, path in enumerate(NOTEBOOKS):
        source = notebooks.parameters_cell(nbformat.read(path, as_version=4)).source
        if "ast-finetuned-audioset" in source:
            teaching.append(index)
        for family in ("wav2vec2", "whisper"):
            if f'"facebook/{family}' in source or f'"openai/{family}' in source:
                first_use.setdefault(family, index)
    assert len(teaching) == 1 and set(first_use) == {"wav2vec2", "whisper"}
    assert teaching[0] > max(first_use.values())


def test_assigned_names_rejects_anything_but_literal_assignments():
    assert notebooks.assigned_names("A = 1\nB: str = 'x'\nC = [1, 2]") == ["A", "B", "C"]
    with pytest.raises(ValueError, match="not an assignment"):
        notebooks.assigned_names("import os")
    with pytest.raises(ValueError, match="computed value"):
        notebooks.assigned_names("A = load()")


def test_execute_notebook_applies_the_offline_overrides(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    params = nbformat.v4.new_code_cell("SOURCE = 'hub'\nEPOCHS = 10")
    params.metadata.update(tags=["parameters"], nbmake={"mock": {"SOURCE": "bundled"}})
    nb.cells = [params, nbformat.v4.new_code_cell("print(SOURCE, EPOCHS)")]
    source = tmp_path / "99_probe.ipynb"
    nbformat.write(nb, source)
    out, seconds = notebooks.execute_notebook(source, tmp_path / "out", timeout=60)
    executed = nbformat.read(out, as_version=4)
    assert executed.cells[-1].outputs[0]["text"] == "bundled 10\n"
    assert seconds > 0


def test_colab_setup_says_in_one_sentence_when_the_clone_fails(tmp_path):
    import subprocess
    import sys

    setup = notebooks._SETUP_CODE.replace(
        "/content/minds14-audio-classification", str(tmp_path / "repo")
    ).replace(f"https://github.com/{notebooks.GITHUB_REPO}", str(tmp_path / "no-such-repo"))
    fake_colab = (
        "import importlib.util, sys, types\n"
        "sys.modules['google.colab'] = types.ModuleType('google.colab')\n"
        "real = importlib.util.find_spec\n"
        "importlib.util.find_spec = lambda n, *a: None if n == 'helpers' else real(n, *a)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", fake_colab + setup], capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("RuntimeError: Could not clone") and "internet access" in last
    assert "CalledProcessError" not in done.stderr


def _code(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_a_notebook_that_pushes_logs_in_first_and_names_the_repository(path):
    """On Colab each notebook pushes what it trained, under a name for the model."""
    nb = nbformat.read(path, as_version=4)
    code = _code(nb)
    pushes = [i for i, source in enumerate(code) if "share_model(" in source]
    if not pushes:
        assert not any("push_to_hub" in s for s in code), f"{path.name} pushes without a card"
        return
    cell = notebooks.parameters_cell(nb)
    assert {"PUSH_TO_HUB", "HUB_MODEL_ID"} <= set(notebooks.assigned_names(cell.source)), path.name
    namespace: dict = {}
    exec(cell.source, namespace)
    assert namespace["PUSH_TO_HUB"] is False  # CI and first runs do not publish
    assert "checkpoints" not in namespace["HUB_MODEL_ID"] and "/" not in namespace["HUB_MODEL_ID"]
    logins = [
        i
        for i, s in enumerate(code)
        if s.lstrip().startswith("if PUSH_TO_HUB") and "login_for_push()" in s
    ]
    training = [i for i, s in enumerate(code) if re.search(r"\.train\(|train_head_on_cache\(", s)]
    assert logins and training and logins[0] < training[0] < pushes[0], (
        f"{path.name}: log in (guarded by PUSH_TO_HUB) before training, push after the test"
    )
    assert "repo_id=HUB_MODEL_ID" in code[pushes[0]] and "push=PUSH_TO_HUB" in code[pushes[0]]
    assert not any("push_to_hub=True" in s for s in code)  # Trainer's push names the checkpoints


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_no_notebook_asks_for_files_from_another_machine(path):
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells).lower()
    assert not re.search(
        r"run (its|that|notebook \d+'?s?) notebook first|run notebook \d+ first", text
    )
    assert nb.metadata["tutorial"]["needs"].strip()


STANDALONE_TAG = "standalone"  # a cell presented as "copy this": it must run on its own


def _standalone_cells() -> list[tuple[str, int, str]]:
    found = []
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            if STANDALONE_TAG in cell.metadata.get("tags", []):
                found.append((path.name, i, cell.source))
    return found


def test_every_copy_this_cell_is_tagged_standalone():
    """Cells the text offers to copy ("in one cell", "copy this") carry the tag tested below."""
    offered = []
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells[:-1]):
            text = cell.source.lower() if cell.cell_type == "markdown" else ""
            if re.search(r"ready to copy|copy this into", text):
                offered.append((path.name, i + 1))
    tagged = {(name, i) for name, i, _ in _standalone_cells()}
    assert offered and set(offered) <= tagged, f"offered to copy but not tagged: {offered}"


@pytest.mark.parametrize(
    ("name", "index", "source"), _standalone_cells(), ids=lambda v: str(v)[:30]
)
def test_standalone_cell_runs_in_a_fresh_kernel(name, index, source, tmp_path):
    """Pasted alone into a new session started elsewhere (Colab starts in /content), it runs."""
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )  # fmt: skip
    client.execute()  # raises CellExecutionError naming the undefined name, if any
    printed = "".join(o.get("text", "") for o in nb.cells[0].outputs if o.output_type == "stream")
    assert printed.strip(), f"{name} cell {index} printed nothing"


def test_every_notebook_ends_pointing_forward():
    """A "**Next:**" line after the exercises; it names the following notebook first."""
    for number, path in enumerate(NOTEBOOKS, start=1):
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        found = re.findall(r"\*\*Next:\*\*([^\n]*)", text)
        assert len(found) == 1, f"{path.name}: {len(found)} Next lines"
        if number < len(NOTEBOOKS):
            assert re.match(rf"\s*notebook {number + 1:02d}\b", found[0]), (path.name, found[0])


def test_figure_explanations_share_one_style():
    """Every figure's explanation opens the same way: "*How to read it:*"."""
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                for line in cell.source.splitlines():
                    if re.match(r"\W*How to read", line):
                        assert line.startswith("*How to read it:*"), (path.name, line)


VERSION_IN_PROSE = re.compile(
    r"\b(torch|torchcodec|transformers|datasets|evaluate|accelerate|numpy|gradio|ffmpeg"
    r"|onnxruntime|onnx|scikit-learn|sklearn)`?\s+(v|version\s+)?\d+(\.\d+)*\b",
    re.IGNORECASE,
)


def test_no_library_version_in_notebook_prose():
    """Versions go stale in prose: the setup cell prints the running ones instead.

    Any form: "transformers 5.2", "`datasets` 4+", "transformers 5 dropped …"."""
    for text in ("`datasets` 4+ a row", "transformers 5 dropped", "torch 2.8", "datasets 4 and"):
        assert VERSION_IN_PROSE.search(text), text
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                found = VERSION_IN_PROSE.search(cell.source)
                assert found is None, f"{path.name}: {found.group(0)!r} in a markdown cell"


def test_output_noise_names_each_kind_of_noise_and_passes_clean_output(tmp_path):
    from tooling.notebooks import output_noise

    def executed(*texts):
        nb = nbformat.v4.new_notebook()
        for text in texts:
            cell = nbformat.v4.new_code_cell("pass")
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
            nb.cells.append(cell)
        return nb

    clean = executed("validation accuracy 73.2% (95% CI 60.4–83.0%)", "wrote outputs/model")
    assert output_noise(clean, repo_root=tmp_path) == []
    noisy = executed(
        "Map: 100%|██████████| 196/196 [00:00<00:00]",
        "outputs/m held an earlier run: moved it to outputs/m-previous.",
        f"Using the local model {tmp_path}/notebooks/outputs/m.",
        "outputs/example-recordings already holds files: using them as they are",
    )
    found = output_noise(noisy, repo_root=tmp_path)
    assert [line.split(":")[0] for line in found] == ["cell 0", "cell 1", "cell 2", "cell 3"]
    assert "progress bar" in found[0] and "absolute path" in found[2]


def test_saved_copies_show_no_dead_widgets_frozen_bars_or_local_apps():
    """Outputs shaped like the executed notebooks' own: a tqdm bar, a Trainer bar, an
    ipywidgets browser and Gradio's inline frame (as nbclient saves them)."""
    from tooling.notebooks import APP_NOTE, WIDGET_NOTE, output_noise, tidy_outputs

    widget = {"model_id": "d66f", "version_major": 2, "version_minor": 0}
    view = "application/vnd.jupyter.widget-view+json"

    def display(data):
        return nbformat.v4.new_output("display_data", data=data)

    frame = '<div><iframe src="http://127.0.0.1:7860/" width="100%"></iframe></div>'
    bar = "classifying:   0%|          | 0/15 [00:00<?, ?file/s]"
    browser = "VBox(children=(HBox(children=(Dropdown(description='Intent'"
    trainer = (
        "<div><progress value='400' max='400'></progress> [400/400 01:31, Epoch 16/16]</div>"
        "<table><tr><th>Epoch</th><th>Accuracy</th></tr></table>"
    )
    html = "<IPython.core.display.HTML object>"
    cell = nbformat.v4.new_code_cell("pass")
    cell.outputs = [
        display({view: widget, "text/plain": bar}),
        display({view: widget, "text/plain": browser}),
        display({"text/html": frame, "text/plain": html}),
        display({"text/html": trainer, "text/plain": html}),
        nbformat.v4.new_output("stream", name="stdout", text="15 files classified"),
    ]
    nb = nbformat.v4.new_notebook(cells=[cell])
    assert len(output_noise(nb)) == 4
    tidy_outputs(nb)
    kept = nb.cells[0].outputs
    assert [o.get("data", {}).get("text/plain", o.get("text")) for o in kept] == [
        WIDGET_NOTE,
        APP_NOTE,
        html,
        "15 files classified",
    ]
    table = kept[2]["data"]["text/html"]
    assert "<table>" in table and "progress" not in table and "400/400" not in table
    assert output_noise(nb) == []


def test_what_runs_leave_behind_is_never_committed():
    """Models and folders the notebooks write, and the earlier run moved aside, are ignored."""
    import subprocess

    from helpers.paths import REPO_ROOT

    for path in (
        "notebooks/outputs/wav2vec2-minds14/model.safetensors",
        "notebooks/outputs-previous/wav2vec2-minds14/model.safetensors",
        "notebooks/outputs/wav2vec2-minds14-previous/model.safetensors",
    ):
        done = subprocess.run(
            ["git", "check-ignore", "-q", path], cwd=REPO_ROOT, capture_output=True
        )
        assert done.returncode == 0, f"{path} is not ignored by .gitignore"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_main_path_is_short_and_the_rest_is_a_marked_appendix(path):
    nb = nbformat.read(path, as_version=4)
    main = notebooks.main_path(nb)
    assert 15 <= len(main) <= notebooks.MAIN_PATH_MAX, (
        f"{path.name}: {len(main)} cells before the appendix; move what is not the lesson "
        f"to a '{notebooks.APPENDIX_HEADING}' section"
    )
    rest = nb.cells[len(main) :]
    headings = [c.source.split("\n", 1)[0] for c in rest if c.cell_type == "markdown"]
    if headings[0] == notebooks.APPENDIX_HEADING:
        assert headings[1].startswith("## A. "), headings[1]  # its parts: A., B., ...
    assert headings[-1] == "## Sources"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_only_the_title_is_a_level_one_heading(path):
    """The site's table of contents ends at a second level-1 heading (mkdocs-jupyter)."""
    nb = nbformat.read(path, as_version=4)
    text = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert text[0].startswith("# ")
    prose = [re.sub(r"```.*?```", "", t, flags=re.DOTALL) for t in text[1:]]  # not code
    later = [line for t in prose for line in t.splitlines() if re.match(r"# \S", line)]
    assert not later, f"{path.name}: make these level-2 headings or plain text: {later}"


def test_main_path_stops_at_the_appendix_or_the_sources():
    def cells(*texts):
        return [nbformat.v4.new_markdown_cell(t) for t in texts]

    lesson = ("# 01", "## 1. Load", "## Recap")
    appendix = (notebooks.APPENDIX_HEADING, "## A. More")
    for layout in ((*lesson, *appendix, "## Sources"), (*lesson, "## Sources"), lesson):
        nb = nbformat.v4.new_notebook(cells=cells(*layout))
        assert [c.source for c in notebooks.main_path(nb)] == list(lesson)
