"""The course site's notebook clean-up (the MkDocs build itself is tested in a browser)."""

import nbformat

from tooling.notebooks import APP_NOTE, WIDGET_NOTE, tidy_outputs
from tooling.site import add_links


def _stream(text, name="stderr"):
    return nbformat.v4.new_output("stream", name=name, text=text)


def test_tidy_outputs_drops_progress_bars_names_dead_widgets_and_keeps_the_rest():
    cell = nbformat.v4.new_code_cell("x")
    figure = nbformat.v4.new_output("display_data", data={"image/png": "iVBOR", "text/plain": "F"})
    cell.outputs = [
        _stream("Map: 100%|██████████| 56/56 [00:00<00:00, 812.34 examples/s]\n"),
        _stream("encoding once:  50%|█████     | 8/16 [00:01<00:01]\r"),
        nbformat.v4.new_output(
            "display_data",
            data={"application/vnd.jupyter.widget-view+json": {"model_id": "a"}, "text/plain": "W"},
        ),
        nbformat.v4.new_output(  # the Gradio demo shown inline: its server died with the kernel
            "display_data",
            data={
                "text/html": '<div><iframe src="http://127.0.0.1:7860/"></iframe></div>',
                "text/plain": "<IPython.core.display.HTML object>",
            },
        ),
        nbformat.v4.new_output(
            "display_data", data={"text/html": '<a href="https://huggingface.co">card</a>'}
        ),
        _stream("validation accuracy 73.2 % (60.4–83.0)\n", name="stdout"),
        _stream("a real warning: 100 clips were skipped\n"),
        _stream("Filter:  50%|█████     | 8/16\rFilter: 100%|██████████| 16/16\nkept 16 of 16\n"),
        figure,
    ]
    nb = nbformat.v4.new_notebook(cells=[cell], metadata={"widgets": {"state": {}}})
    assert tidy_outputs(nb) == 5
    kept = [
        o.get("text", "") or o["data"].get("text/html", o["data"].get("text/plain", "figure"))
        for o in nb.cells[0].outputs
    ]
    kept = ["figure" if o == "F" else o for o in kept]
    assert kept == [
        WIDGET_NOTE,  # a widget-only output: a sentence instead of dead text
        APP_NOTE,
        '<a href="https://huggingface.co">card</a>',
        "validation accuracy 73.2 % (60.4–83.0)\n",
        "a real warning: 100 clips were skipped\n",
        "kept 16 of 16\n",  # a bar's lines go, the line after it stays
        "figure",
    ]
    assert "widgets" not in nb.metadata


def test_add_links_replaces_the_colab_badge_with_text_links():
    badge = (
        "[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
        "(https://colab.research.google.com/github/x/y/blob/main/notebooks/01_a.ipynb)"
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# 01 · A\n\n{badge}\n")])
    add_links(nb, "01_a.ipynb")
    text = nb.cells[0].source
    assert "colab-badge.svg" not in text  # an image a page read offline would fetch
    assert "[Open in Colab](https://colab.research.google.com/" in text
    assert "[Source on GitHub](https://github.com/" in text and "notebooks/01_a.ipynb)" in text
    assert text.startswith("# 01 · A")
