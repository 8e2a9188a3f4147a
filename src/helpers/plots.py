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
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=len(splits), frameon=False)
    fig.tight_layout()  # the legend sits below the axes, never over a bar
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
        # Steps, not filled bars: overlapping splits stay readable.
        ax.hist(values, bins=edges, histtype="step", linewidth=1.5,
                label=f"{split} (median {np.median(values):.1f} s)")  # fmt: skip
    for (label, seconds), color in zip((marks or {}).items(), ("k", "r", "g", "m"), strict=False):
        ax.axvline(seconds, color=color, linestyle="--", label=f"{label} = {seconds:.2f} s")
    ax.set_xlabel("duration (s)")
    ax.set_ylabel("clips")
    ax.set_title("Clip durations")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)  # beside the axes
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
    # above this rate's Nyquist frequency there is nothing: draw it in the colour of silence
    ax.set_facecolor(plt.get_cmap("magma")(0))
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
        axes[0, column].tick_params(labelbottom=True)  # shared axis: keep the time labels
    fig.tight_layout()
    return fig


def plot_confusion_matrix(
    references, predictions, labels: list[str], *, title: str = "Confusion matrix"
):
    """Row-normalised confusion matrix (share of each true intent predicted as each)."""
    from sklearn.metrics import confusion_matrix

    counts = confusion_matrix(references, predictions, labels=range(len(labels)))
    shares = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    fig, ax = plt.subplots(figsize=(8, 7))
    image = ax.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(labels)), labels, rotation=90)
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted intent")
    ax.set_ylabel("true intent")
    ax.set_title(title)
    for i, j in zip(*np.nonzero(counts), strict=True):
        ax.text(j, i, counts[i, j], ha="center", va="center", fontsize=7,
                color="white" if shares[i, j] > 0.5 else "black")  # fmt: skip
    fig.colorbar(image, ax=ax, label="share of the true intent's clips")
    fig.tight_layout()
    return fig


def plot_learning_curves(
    curves: dict[str, list[tuple[float, float]]],
    *,
    chance: float | None = None,
    kept_epoch: float | None = None,
):
    """Loss (left) and validation accuracy / macro-F1 (right) against epochs.

    ``chance`` (1 / classes) draws chance on the right and, on the left, the loss of a
    uniform guess, ln(classes): a loss that stays there has learnt nothing, however the
    curve wiggles. ``kept_epoch`` (:func:`helpers.training.kept_epoch`) marks the epoch
    whose weights were kept on both panels.
    """
    import math

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.5))
    for key, label in (("loss", "training loss"), ("eval_loss", "validation loss")):
        if key in curves:
            epochs, values = zip(*curves[key], strict=True)
            dots = key == "eval_loss" and len(epochs) <= 40  # dots only where they stay apart
            left.plot(epochs, values, marker="." if dots else None, label=label)
    for key, label in (("eval_accuracy", "accuracy"), ("eval_f1_macro", "macro-F1")):
        if key in curves:
            epochs, values = zip(*curves[key], strict=True)
            right.plot(epochs, values, marker="o" if len(epochs) <= 40 else None, label=label)
    if chance is not None:
        right.axhline(chance, color="grey", linestyle="--", label=f"chance = {chance:.0%}")
        uniform = math.log(1 / chance)
        left.axhline(uniform, color="grey", linestyle="--", label=f"uniform guess = {uniform:.2f}")
    if kept_epoch is not None:
        for ax in (left, right):
            ax.axvline(
                kept_epoch, color="green", linestyle=":", label=f"kept: epoch {kept_epoch:g}"
            )
    left.set(xlabel="epoch", ylabel="cross-entropy", title="Loss")
    right.set(xlabel="epoch", ylabel="score", ylim=(0, 1), title="Validation metrics")
    for ax in (left, right):  # below the axes: a legend never covers a curve
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False)
    fig.tight_layout()
    return fig


def plot_fbank(
    features: np.ndarray,
    *,
    title: str,
    ax=None,
    colorbar_label: str = "log mel energy",
    hop_s: float = 0.01,
    **imshow_kwargs,
):
    """A ``(frames, mel_bins)`` AST input as an image: time (s) across, mel bin up."""
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 3))
    frames, bins = features.shape
    image = ax.imshow(
        features.T,
        origin="lower",
        aspect="auto",
        cmap="magma",
        extent=(0, frames * hop_s, 0, bins),
        interpolation="nearest",
        **imshow_kwargs,
    )
    ax.set_xlabel("time (s)")
    ax.set_ylabel("mel bin")
    ax.set_title(title)
    ax.figure.colorbar(image, ax=ax, label=colorbar_label)
    return ax


def plot_patch_grid(features: np.ndarray, grid, *, title: str, ax=None, highlight: int = 3):
    """The input with AST's patch grid drawn over it.

    Thin lines mark where each row/column of 16 × 16 patches starts (every 10 frames
    and 10 mel bins, so neighbours overlap by 6); ``highlight`` patches are outlined in full.
    """
    from matplotlib.patches import Rectangle

    ax = plot_fbank(features, title=title, ax=ax, colorbar_label="normalised value")
    hop = 0.01
    for t in range(grid.time_patches):
        ax.axvline(t * grid.time_stride * hop, color="w", linewidth=0.5, alpha=0.6)
    for f in range(grid.frequency_patches):
        ax.axhline(f * grid.frequency_stride, color="w", linewidth=0.6, alpha=0.8)
    for k in range(1, highlight + 1):  # away from the edges, so no outline is cut off
        f, t = k * (grid.frequency_patches // (highlight + 1)), k * 7
        ax.add_patch(
            Rectangle(
                (t * grid.time_stride * hop, f * grid.frequency_stride),
                grid.patch_size * hop,
                grid.patch_size,
                fill=False,
                edgecolor="cyan",
                linewidth=1.5,
            )
        )
    return ax


def plot_score_distribution(rows, *, title: str = "Top-1 score of each file, by predicted label"):
    """One line per predicted label: every file's top-1 score as a dot, the median as a bar.

    ``rows``: :func:`helpers.inference.classify_folder`'s rows (skipped files are left out).
    Returns the figure.
    """
    by_label: dict[str, list[float]] = {}
    for row in rows:
        if row.get("label"):
            by_label.setdefault(row["label"], []).append(float(row["score"]))
    if not by_label:
        raise ValueError("No classified file in rows: nothing to plot.")
    labels = sorted(by_label, key=lambda name: -len(by_label[name]))
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(labels) + 1.5))
    rng = np.random.default_rng(0)
    for y, name in enumerate(labels):
        scores = np.asarray(by_label[name])
        ax.scatter(scores, y + rng.uniform(-0.15, 0.15, scores.size), s=18, alpha=0.7)
        ax.plot([np.median(scores)] * 2, [y - 0.3, y + 0.3], color="black", linewidth=2)
    ax.set_yticks(range(len(labels)), [f"{n} ({len(by_label[n])})" for n in labels])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("top-1 score (softmax of the predicted label; not calibrated)")
    ax.set_ylabel("predicted label (files)")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_accuracy_rows(rows: dict[str, dict], *, chance: float | None = None, title: str):
    """One horizontal bar per route: accuracy with its 95 % interval as a whisker (the
    more cautious of Wilson's over clips and the bootstrap over speakers, as
    :func:`helpers.stats.check_learning` judges), chance as a dashed line.

    ``rows``: name → a :func:`helpers.stats.score_predictions` result. Returns the figure.
    """
    from helpers.stats import check_learning

    names = list(rows)
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(names) + 1.8))
    for y, name in enumerate(names):
        check = check_learning(rows[name], chance or 0.0)
        low, high = check.interval
        accuracy = rows[name]["accuracy"]
        ax.barh(y, accuracy, color=f"C{y}", alpha=0.8)
        ax.errorbar(accuracy, y, xerr=[[accuracy - low], [high - accuracy]], color="black",
                    capsize=4)  # fmt: skip
        ax.text(0.01, y, f"{accuracy:.1%}", va="center", color="white", fontweight="bold")
    if chance is not None:
        ax.axvline(chance, color="grey", linestyle="--", label=f"chance ({chance:.1%})")
        # below the axes, never over a bar or a whisker
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), frameon=False)
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("test accuracy (95 % interval)")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_takes_curve(
    summary: list[dict], *, chance: float, useful: float, title: str,
    measured_on: str = "voices never trained on",
):  # fmt: skip
    """Accuracy on unseen voices against takes per label (:func:`helpers.training.summarise_curve`):
    the mean over the draws (seeds) with its 95 % interval as a band, the draws' range as
    whiskers, the useful bar and chance as dashed lines; ``measured_on`` labels the y axis.
    Returns the figure."""
    if not summary:
        raise ValueError(
            "No point of the curve was measured: every count asked for takes the whole "
            "training split; record more takes per label, or ask for smaller counts."
        )
    takes = [s["takes"] for s in summary]
    mean = np.array([s["accuracy"] for s in summary])
    low, high = np.array([s["interval"] for s in summary]).T
    seed_low, seed_high = np.array([s["seeds"] for s in summary]).T
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.fill_between(takes, low, high, alpha=0.2, color="C0", label="95 % interval (clips)")
    ax.errorbar(takes, mean, yerr=[mean - seed_low, seed_high - mean], color="C0", marker="o",
                capsize=4, label="mean over draws (whiskers: their range)")  # fmt: skip
    ax.axhline(useful, color="C2", linestyle="--", label=f"useful bar ({useful:.0%})")
    ax.axhline(chance, color="grey", linestyle=":", label=f"chance ({chance:.1%})")
    ax.set_xticks(takes)
    ax.set_ylim(0, 1)
    ax.set_xlabel("takes per label used for training")
    ax.set_ylabel(f"accuracy on {measured_on}")
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize="small")
    fig.tight_layout()
    return fig


def plot_reliability(curves: dict[str, tuple], *, bins: int = 10, title: str):
    """Reliability diagram: per bin of the top score, accuracy against mean top score, one
    line per ``name → (probabilities, labels)`` (e.g. before and after
    :func:`helpers.calibration.apply_temperature`), the diagonal a perfectly calibrated
    model, each legend entry with its expected calibration error. Returns the figure."""
    from helpers.calibration import expected_calibration_error, reliability_bins

    fig, ax = plt.subplots(figsize=(5.5, 5))
    ax.plot(
        [0, 1], [0, 1], color="grey", linestyle="--", label="perfect calibration (score = accuracy)"
    )
    for k, (name, (probs, labels)) in enumerate(curves.items()):
        rows = [r for r in reliability_bins(probs, labels, bins=bins) if r["clips"]]
        ece = expected_calibration_error(probs, labels, bins=bins)
        x, y = [r["confidence"] for r in rows], [r["accuracy"] for r in rows]
        ax.plot(x, y, color=f"C{k}", label=f"{name} (ECE {ece:.3f})")
        sizes = [12 + 200 * r["clips"] / len(labels) for r in rows]  # area: the bin's clips
        ax.scatter(x, y, s=sizes, color=f"C{k}", zorder=3, clip_on=False)
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel("mean top score in the bin (dot area: its share of the clips)")
    ax.set_ylabel("accuracy in the bin")
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize="small")
    fig.tight_layout()
    return fig


def plot_saliency_maps(
    features: np.ndarray,
    maps: dict[str, dict[str, np.ndarray]],
    *,
    frames: int | None = None,
    title: str,
    hop_s: float = 0.01,
    units: dict[str, str] | None = None,
    signed: tuple[str, ...] = ("occlusion",),
):
    """The input spectrogram on top, then one row per model (e.g. trained, randomised) and
    one column per method (e.g. attention, rollout, occlusion): ``maps[row][method]`` is a
    ``(frames, mel_bins)`` map of the input's shape. Only the first ``frames`` frames are
    drawn (e.g. the real audio, not the padding). Each panel has its own colour scale,
    because the sanity check compares where each map is bright, not how bright (a random
    model's attention is near uniform, its occlusion drops tiny); a map with negative
    values is drawn centred on 0, as is every method named in ``signed`` (occlusion: a
    drop can go either way). ``units`` labels each method's colour bar."""
    rows = list(maps)
    methods = list(maps[rows[0]])
    frames = features.shape[0] if frames is None else frames
    layout = [["input"] * len(methods)] + [[f"{r}|{m}" for m in methods] for r in rows]
    fig, axes = plt.subplot_mosaic(layout, figsize=(4 * len(methods), 2.3 * (len(rows) + 1)))
    extent = (0, frames * hop_s, 0, features.shape[1])
    shown = axes["input"].imshow(features[:frames].T, origin="lower", aspect="auto",
                                 cmap="magma", extent=extent, interpolation="nearest")  # fmt: skip
    fig.colorbar(shown, ax=axes["input"], label="input")
    axes["input"].set_title(title)
    axes["input"].set_ylabel("mel bin")
    for method in methods:
        for row in rows:
            values = maps[row][method][:frames]
            finite = values[np.isfinite(values)]
            if finite.size and (finite.min() < 0 or method in signed):
                limit = float(np.abs(finite).max()) or 1.0
                kwargs = {"cmap": "RdBu_r", "vmin": -limit, "vmax": limit}
            else:
                low, high = (float(finite.min()), float(finite.max())) if finite.size else (0, 1)
                kwargs = {"cmap": "viridis", "vmin": low, "vmax": high}
            ax = axes[f"{row}|{method}"]
            image = ax.imshow(maps[row][method][:frames].T, origin="lower", aspect="auto",
                              extent=extent, interpolation="nearest", **kwargs)  # fmt: skip
            ax.set_title(f"{method} · {row}", fontsize="medium")
            ax.set_xlabel("time (s)")
            ax.set_ylabel("mel bin")
            fig.colorbar(image, ax=ax, label=(units or {}).get(method, ""))
    fig.tight_layout()
    return fig


def plot_group_accuracy(
    models: dict[str, dict[str, dict]],
    *,
    chance: float | None = None,
    title: str,
    xlabel: str = "test accuracy (95 % interval)",
):
    """Accuracy per group (e.g. locale, one row each) for one or more models side by side.

    ``models``: model name → :func:`helpers.stats.scores_by_group` result. Each bar has its
    95 % interval as a whisker (the more cautious of Wilson's and the speaker bootstrap, as
    :func:`helpers.stats.check_learning` judges); chance is a dashed line. Groups come in the
    first model's order. Returns the figure.
    """
    from helpers.stats import check_learning

    names = list(models)
    groups = list(next(iter(models.values())))
    height = 0.8 / len(names)
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(groups) * max(1, len(names) / 1.5) + 1.8))
    for m, name in enumerate(names):
        for y, group in enumerate(groups):
            if group not in models[name]:
                continue
            result = models[name][group]
            low, high = check_learning(result, chance or 0.0).interval
            accuracy = result["accuracy"]
            position = y - 0.4 + height * (m + 0.5)
            ax.barh(position, accuracy, height=height * 0.9, color=f"C{m}", alpha=0.8,
                    label=name if y == 0 else None)  # fmt: skip
            ax.errorbar(accuracy, position, xerr=[[accuracy - low], [high - accuracy]],
                        color="black", capsize=2, linewidth=1)  # fmt: skip
    if chance is not None:
        ax.axvline(chance, color="grey", linestyle="--", label=f"chance ({chance:.1%})")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False,
              ncol=min(3, len(names) + 1))  # fmt: skip
    ax.set_yticks(range(len(groups)), groups)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    fig.tight_layout()
    return fig
