"""The course site's notebook clean-up (the MkDocs build itself is tested in a browser)."""

import nbformat

from tooling.site import add_links, clean_outputs


def _stream(text, name="stderr"):
    return nbformat.v4.new_output("stream", name=name, text=text)


def test_clean_outputs_drops_progress_bars_and_widgets_and_keeps_the_rest():
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
        figure,
    ]
    nb = nbformat.v4.new_notebook(cells=[cell], metadata={"widgets": {"state": {}}})
    assert clean_outputs(nb) == 4
    kept = [o.get("text", "") or o["data"].get("text/html", "figure") for o in nb.cells[0].outputs]
    assert kept == [
        '<a href="https://huggingface.co">card</a>',
        "validation accuracy 73.2 % (60.4–83.0)\n",
        "a real warning: 100 clips were skipped\n",
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
