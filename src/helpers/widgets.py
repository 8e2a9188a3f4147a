"""Interactive views for the notebooks (ipywidgets)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Audio, display

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
    audio = row["audio"]
    print(f"#{index} · {intent} · “{row['transcription']}”")
    display(Audio(audio["array"], rate=audio["sampling_rate"]))
    plot_waveform(audio["array"], audio["sampling_rate"], title=f"{intent} (row {index})")
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
