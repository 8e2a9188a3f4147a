"""Plots the notebooks share: titled, axes labelled with units."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from helpers.data import class_counts


def plot_class_balance(splits, label_column: str = "intent_class"):
    """Horizontal bars of clips per label, one bar per split; returns the figure."""
    fig, ax = plt.subplots(figsize=(8, 5))
    names = None
    height = 0.8 / len(splits)
    for i, (split, ds) in enumerate(splits.items()):
        counts = class_counts(ds, label_column)
        names = list(counts)
        y = np.arange(len(names)) + i * height
        ax.barh(y, list(counts.values()), height=height, label=f"{split} ({ds.num_rows} clips)")
    ax.set_yticks(np.arange(len(names)) + height * (len(splits) - 1) / 2, names)
    ax.invert_yaxis()
    ax.set_xlabel("clips")
    ax.set_title("Clips per intent")
    ax.legend()
    fig.tight_layout()
    return fig


def plot_duration_histogram(durations, marks: dict[str, float] | None = None, bins: int = 30):
    """Histogram of clip durations (s); ``durations`` is an array or ``{split: array}``.

    ``marks`` draws labelled vertical lines, e.g. ``{"seed's 1-s cut": 1.0}``.
    """
    if not isinstance(durations, dict):
        durations = {"all clips": durations}
    fig, ax = plt.subplots(figsize=(8, 3.5))
    edges = np.histogram_bin_edges(np.concatenate(list(durations.values())), bins=bins)
    for split, values in durations.items():
        ax.hist(values, bins=edges, alpha=0.6, label=f"{split} (median {np.median(values):.1f} s)")
    for (label, seconds), color in zip((marks or {}).items(), ("k", "r", "g", "m"), strict=False):
        ax.axvline(seconds, color=color, linestyle="--", label=f"{label} = {seconds:.2f} s")
    ax.set_xlabel("duration (s)")
    ax.set_ylabel("clips")
    ax.set_title("Clip durations")
    ax.legend()
    fig.tight_layout()
    return fig


def plot_waveform(array: np.ndarray, sampling_rate: int, *, title: str = "Waveform", ax=None):
    """Waveform against time in seconds; returns the axes."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 2.5))
    t = np.arange(len(array)) / sampling_rate
    ax.plot(t, array, linewidth=0.6)
    ax.set_xlim(0, t[-1] if len(t) else 1)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("amplitude")
    ax.set_title(title)
    return ax
