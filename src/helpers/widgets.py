"""Interactive views for the notebooks (ipywidgets)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Audio, display

from helpers.audio import read_audio
from helpers.plots import plot_waveform


def show_example(
    dataset, intent: str, rng: np.random.Generator, label_column: str = "intent_class"
):
    """Play and plot a random clip of ``intent``; returns the row index shown."""
    label_id = dataset.features[label_column].str2int(intent)
    indices = np.flatnonzero(np.asarray(dataset[label_column]) == label_id)
    if indices.size == 0:
        raise ValueError(f"No clip with intent {intent!r} in this split.")
    index = int(rng.choice(indices))
    row = dataset[index]
    array, rate = read_audio(row["audio"])
    print(f"#{index} · {intent} · “{row['transcription']}”")
    display(Audio(array, rate=rate))
    plot_waveform(array, rate, title=f"{intent} (row {index})")
    plt.show()
    return index


def intent_browser(dataset, seed: int = 0, label_column: str = "intent_class"):
    """Dropdown of intents + button: each click plays and plots another random example."""
    import ipywidgets as widgets

    rng = np.random.default_rng(seed)
    names = dataset.features[label_column].names
    picker = widgets.Dropdown(options=names, description="Intent")
    button = widgets.Button(description="Play a random example", icon="play")
    output = widgets.Output()

    def refresh(*_):
        output.clear_output(wait=True)
        with output:
            show_example(dataset, picker.value, rng, label_column)

    button.on_click(refresh)
    picker.observe(refresh, names="value")
    refresh()
    return widgets.VBox([widgets.HBox([picker, button]), output])


def ast_input_explorer(waveform, sampling_rate: int = 16000):
    """Sliders for ``num_mel_bins`` and ``max_length``: see the AST input and token count change."""
    import ipywidgets as widgets
    from transformers import ASTFeatureExtractor

    from helpers.ast_view import extractor_stages, patch_grid
    from helpers.audio import check_sampling_rate
    from helpers.plots import plot_fbank

    check_sampling_rate(sampling_rate, 16000, name="waveform")
    bins = widgets.IntSlider(value=128, min=32, max=128, step=16, description="num_mel_bins")
    length = widgets.IntSlider(value=1024, min=128, max=1024, step=64, description="max_length")
    output = widgets.Output()

    def refresh(*_):
        output.clear_output(wait=True)
        with output:
            extractor = ASTFeatureExtractor(num_mel_bins=bins.value, max_length=length.value)
            stage = extractor_stages(extractor, waveform)["normalised"]
            grid = patch_grid(length.value, bins.value)
            title = (
                f"{length.value} frames ({length.value / 100:.2f} s) × {bins.value} mel bins → "
                f"{grid.frequency_patches} × {grid.time_patches} = {grid.n_patches} patches"
            )
            plot_fbank(stage, title=title, colorbar_label="normalised value")
            plt.show()

    bins.observe(refresh, names="value")
    length.observe(refresh, names="value")
    refresh()
    return widgets.VBox([widgets.HBox([bins, length]), output])
