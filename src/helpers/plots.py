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


def plot_spectrogram(
    array: np.ndarray,
    sampling_rate: int,
    *,
    title: str = "Spectrogram",
    ax=None,
    max_hz: float | None = None,
    vmin: float = -100.0,
):
    """Spectrogram (25 ms Hann windows, 10 ms hop) in dB with a colour bar; returns the axes."""
    from helpers.audio import spectrogram_db

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3))
    freqs, times, db = spectrogram_db(array, sampling_rate)
    image = ax.pcolormesh(times, freqs, db, shading="auto", cmap="magma", vmin=vmin)
    ax.set_ylim(0, max_hz or sampling_rate / 2)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("frequency (Hz)")
    ax.set_title(title)
    ax.figure.colorbar(image, ax=ax, label="power (dB)")
    return ax


def plot_resampling_comparison(before, after, *, before_rate: int, after_rate: int):
    """Waveforms (top) and spectrograms (bottom) of one clip at two sampling rates.

    Both spectrograms share the frequency axis up to the higher Nyquist frequency, and a
    dashed line marks the lower one: above it, the resampled clip has no content.
    """
    fig, axes = plt.subplots(2, 2, figsize=(12, 6), sharex=True)
    top = max(before_rate, after_rate) / 2
    for column, (x, rate) in enumerate(((before, before_rate), (after, after_rate))):
        label = f"{rate / 1000:g} kHz, {len(x):,} samples, {len(x) / rate:.3f} s"
        plot_waveform(x, rate, title=label, ax=axes[0, column])
        plot_spectrogram(
            x, rate, title=f"spectrogram at {rate / 1000:g} kHz", ax=axes[1, column], max_hz=top
        )
        axes[1, column].axhline(
            min(before_rate, after_rate) / 2, color="w", linestyle="--", linewidth=1
        )
    fig.tight_layout()
    return fig
