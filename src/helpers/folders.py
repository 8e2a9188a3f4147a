"""Your own recordings: a folder of audio files → a checked, split ``DatasetDict``.

Three layouts are read, all through `datasets`' ``audiofolder`` builder:

- ``root/<label>/*.wav`` – one folder per class;
- ``root/<split>/<label>/*.wav`` – splits already made (``train``, ``validation``, ``test``);
- ``root/metadata.csv`` with ``file_name,label`` and optionally ``speaker`` (or ``group``)
  – file names relative to ``root``; labels from the CSV.

Any mix of WAV, FLAC, OGG and MP3, sampling rates and channel counts works: files are
decoded with FFmpeg (torchcodec), stereo is averaged to mono when prepared, and
``cast_column`` resamples to the model's rate. Every file is checked first: unreadable,
empty, too short or silent files are listed by name and left out (never deleted).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

#: File types read from a folder (FFmpeg decodes each).
AUDIO_EXTENSIONS = (".wav", ".flac", ".ogg", ".mp3")
#: Folder names ``audiofolder`` reads as splits, not labels.
SPLIT_NAMES = {"train": "train", "validation": "validation", "valid": "validation",
               "dev": "validation", "test": "test", "eval": "test"}  # fmt: skip
METADATA_FILE = "metadata.csv"
GROUP_COLUMNS = ("speaker", "speaker_id", "group")


class LayoutError(ValueError):
    """The folder cannot be used as it is laid out; the message says what to change."""


@dataclass
class FolderReport:
    """What :func:`load_audio_folder` found: layout, files kept and left out (with reasons)."""

    layout: str
    files: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    group_column: str | None = None

    def __str__(self) -> str:
        lines = [f"{self.layout} layout: {self.files} audio files, {len(self.skipped)} left out"]
        lines += [f"  left out {path}: {reason}" for path, reason in self.skipped]
        return "\n".join(lines)


def audio_files(folder: Path) -> list[Path]:
    """Audio files (:data:`AUDIO_EXTENSIONS`) under ``folder`` at any depth, sorted."""
    return sorted(
        p for p in Path(folder).rglob("*") if p.is_file() and p.suffix.lower() in AUDIO_EXTENSIONS
    )


def detect_layout(root: str | Path) -> str:
    """``"metadata"``, ``"splits"`` or ``"labels"``; a :class:`LayoutError` names what is wrong."""
    root = Path(root)
    if not root.is_dir():
        raise LayoutError(f"{root} is not a folder: pass the folder that holds your recordings.")
    if (root / METADATA_FILE).is_file():
        return "metadata"
    folders = sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    split_like = [name for name in folders if name.lower() in SPLIT_NAMES]
    if split_like and len(split_like) < len(folders):
        raise LayoutError(
            f"{root} mixes split folders ({', '.join(split_like)}) with other folders "
            f"({', '.join(n for n in folders if n not in split_like)}): audiofolder would read "
            "the first as splits, so rename a class folder named like a split (for example "
            "'test' → 'test_call') or put every class folder inside train/validation/test."
        )
    if split_like:
        return "splits"
    if not folders:
        where = "directly in it" if audio_files(root) else "in it"
        raise LayoutError(
            f"{root} has no label folders (audio files {where}): put each class's files in a "
            f"folder named after the class, or add a {METADATA_FILE} with file_name,label."
        )
    return "labels"


def check_file(path: str | Path, *, min_seconds: float = 0.1) -> str | None:
    """Why ``path`` cannot be used (unreadable, empty, too short, silent, NaN), or ``None``."""
    from helpers.audio import AudioInputError, load_audio_file

    try:
        load_audio_file(path, min_duration_s=min_seconds, allow_silence=False, verbose=False)
    except AudioInputError as error:
        return str(error)
    return None


def _read_metadata(root: Path) -> list[dict]:
    with open(root / METADATA_FILE, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    columns = set(rows[0]) if rows else set()
    missing = {"file_name", "label"} - columns
    if missing:
        raise LayoutError(
            f"{root / METADATA_FILE} lacks the column(s) {', '.join(sorted(missing))}: its "
            "header must start with file_name,label (optionally speaker)."
        )
    absent = [r["file_name"] for r in rows if not (root / r["file_name"]).is_file()]
    if absent:
        raise LayoutError(
            f"{len(absent)} file(s) listed in {METADATA_FILE} do not exist under {root} "
            f"(first: {absent[0]}): file_name must be relative to the CSV's folder."
        )
    return rows


def _check_classes(labels: list[str], where: str) -> None:
    counts = Counter(labels)
    if len(counts) < 2:
        raise LayoutError(
            f"{where} has a single class ({next(iter(counts), 'none')}): a classifier needs at "
            "least two, each in its own folder (or label in metadata.csv)."
        )
    few = sorted(name for name, n in counts.items() if n < 2)
    if few:
        raise LayoutError(
            f"{where}: class(es) {', '.join(few)} have fewer than 2 usable clips; record more "
            "or remove those folders, since every class must appear in training and evaluation."
        )


def load_audio_folder(
    root: str | Path, *, min_seconds: float = 0.1, speaker_pattern: str | None = None
):
    """Check every file, then load ``root`` with ``audiofolder``; ``(DatasetDict, FolderReport)``.

    Columns: ``audio``, ``label`` (ClassLabel, names sorted) and, with a metadata speaker
    column, that column. Bad files are left out and listed in the report.
    ``speaker_pattern`` (a regular expression) reads the speaker from each file name
    instead, as many public speech datasets encode it (e.g. ``r"^([^_]+)_"`` for
    ``jackson_0_1.wav``): its group ``speaker``, else its first group, else the whole
    match; a file it does not match is an error naming the file.
    """
    from datasets import Audio, ClassLabel, Value, load_dataset

    from helpers.data import quiet_local_build

    root = Path(root)
    layout = detect_layout(root)
    report = FolderReport(layout=layout)
    files = audio_files(root)
    if not files:
        raise LayoutError(
            f"{root} holds no audio files ({', '.join(AUDIO_EXTENSIONS)}): check the path."
        )
    bad = {}
    for path in files:
        reason = check_file(path, min_seconds=min_seconds)
        if reason:
            bad[path.resolve()] = reason
    report.files = len(files)
    report.skipped = [(str(p.relative_to(root.resolve())), r) for p, r in sorted(bad.items())]

    if layout == "metadata":
        rows = _read_metadata(root)
        report.group_column = next((c for c in GROUP_COLUMNS if c in rows[0]), None)
        kept = [r for r in rows if (root / r["file_name"]).resolve() not in bad]
        _check_classes([r["label"] for r in kept], str(root))
        with quiet_local_build():
            dataset = load_dataset("audiofolder", data_dir=str(root))
    else:
        labels = [p.parent.name for p in files if p.resolve() not in bad]
        _check_classes(labels, str(root))
        # drop_labels=False: labels from folder names even if files sit at uneven depths
        with quiet_local_build():
            dataset = load_dataset("audiofolder", data_dir=str(root), drop_labels=False)

    dataset = dataset.cast_column("audio", Audio(decode=False))
    keep = lambda row: Path(row["audio"]["path"]).resolve() not in bad  # noqa: E731
    dataset = dataset.filter(keep)
    if speaker_pattern is not None:
        if report.group_column:
            raise LayoutError(
                f"{root}/metadata.csv already has a {report.group_column!r} column: leave out "
                "the speaker pattern, or drop that column."
            )
        dataset = dataset.map(lambda row: {"speaker": speaker_from_name(row, speaker_pattern)})
        report.group_column = "speaker"
    dataset = dataset.cast_column("audio", Audio())
    first = dataset[next(iter(dataset))]
    if not isinstance(first.features["label"], ClassLabel):  # metadata labels: text or numbers
        dataset = dataset.cast_column("label", Value("string"))
        names = sorted({label for split in dataset.values() for label in split["label"]})
        dataset = dataset.cast_column("label", ClassLabel(names=names))
    if report.skipped:
        print(f"Left out {len(report.skipped)} file(s) that cannot be used (nothing deleted):")
        for path, reason in report.skipped:
            print(f"  {path}: {reason}")
    return dataset, report


def speaker_from_name(row: dict, pattern: str) -> str:
    """The speaker a file name gives under ``pattern`` (see :func:`load_audio_folder`)."""
    name = Path(row["audio"]["path"]).name
    match = re.search(pattern, name)
    if match is None:
        raise LayoutError(
            f"{name} does not match the speaker pattern {pattern!r}: fix the pattern (it is "
            "searched in each file name) or rename the file."
        )
    if "speaker" in match.groupdict():
        return match["speaker"]
    return match[1] if match.groups() else match[0]


def speaker_caveat(report: FolderReport, dataset, splits=None) -> str:
    """ "" when every speaker is in one split; else the sentence every result should carry.

    ``splits`` (from :func:`split_by_group`) shows whether a split had to share speakers
    with training (too few speakers, ``few_groups="share"``)."""
    if report.group_column:
        column = report.group_column
        heard = set(splits["train"][column]) if splits is not None else set()
        shared = [
            name for name in ("validation", "test")
            if splits is not None and heard & set(splits[name][column])
        ]  # fmt: skip
        if not shared:
            return ""
        return (
            f"too few {column}s to hold one out for {' and '.join(shared)}, so "
            f"{'they were' if len(shared) > 1 else 'it was'} cut at random from the same "
            f"voices as training: accuracy reads optimistic for new {column}s (record more "
            f"{column}s)"
        )
    if "test" in dataset:
        cut = (
            ""
            if "validation" in dataset
            else "; validation was cut at random from the training folder, so it shares "
            "speakers with training and reads optimistic"
        )
        return (
            "no speaker is known for this folder, so its own split folders were used as "
            "given: if the same people speak in training and test, accuracy reads optimistic "
            f"for new speakers (add a speaker column to metadata.csv or a speaker pattern){cut}"
        )
    return (
        "no speaker is known for this folder (no speaker column in metadata.csv, no speaker "
        "pattern), so validation and test were cut at random and share speakers with "
        "training: accuracy reads optimistic for new speakers"
    )


def folder_origin(root: str | Path, report: FolderReport, dataset, *, base=None, splits=None):
    """The :class:`helpers.hub.Origin` of a folder's results, saying whether splits share
    speakers (``base``: where the folder's clips came from, e.g. the bundled stand-in;
    ``splits``: the split made, to see whether speakers had to be shared)."""
    from helpers.hub import Origin

    caveat = speaker_caveat(report, dataset, splits)
    speakers = f"speakers from {report.group_column!r}, each in one split" if not caveat else caveat
    return Origin(
        "data", str(root), base.real if base else True, f"Your recordings in {root}: {speakers}.",
        caveat=caveat,
    )  # fmt: skip


def split_by_group(
    dataset,
    *,
    group_column: str | None,
    label_column: str = "label",
    validation_size: float = 0.15,
    test_size: float = 0.15,
    seed: int = 42,
    few_groups: str = "refuse",
):
    """Train/validation/test with no group (speaker) in two splits; stratified without groups.

    Existing splits are kept (only missing ones are cut from ``train``). With a
    ``group_column``, whole groups go to one split (scikit-learn's ``StratifiedGroupKFold``
    keeps the label balance as close as the groups allow; with too few groups for a
    split's share, one whole group is held out for it, said in one sentence). When holding
    out a group would leave fewer than two to train on, ``few_groups="refuse"`` (the
    default) stops with one sentence; ``few_groups="share"`` cuts that split at random
    (stratified) from the remaining clips instead, says so, and
    :func:`folder_origin` then carries the caveat that the splits share speakers: how one
    person who records alone still gets a validation and a test split. Without a group
    column, this is :func:`helpers.data.make_splits` (stratified, seeded).
    """
    if few_groups not in ("refuse", "share"):
        raise ValueError(f"few_groups={few_groups!r}: use 'refuse' or 'share'.")
    from datasets import DatasetDict

    from helpers.data import make_splits

    if group_column is None:
        try:
            return make_splits(
                dataset, validation_size=validation_size, test_size=test_size, seed=seed,
                label_column=label_column,
            )  # fmt: skip
        except ValueError as error:  # stratification needs enough clips of every class
            raise LayoutError(
                f"A stratified train/validation/test split is not possible ({error}): every "
                "class needs at least 3 clips, and more clips than classes per split."
            ) from error
    train = dataset["train"]
    parts = {name: dataset[name] for name in ("validation", "test") if name in dataset}
    for name, size in (("test", test_size), ("validation", validation_size)):
        if name in parts:
            continue
        share = size / (1 - test_size) if name == "validation" and "test" not in dataset else size
        train, parts[name] = _group_cut(
            train, share, group_column, label_column, seed, name, few_groups=few_groups
        )
    return DatasetDict(train=train, validation=parts["validation"], test=parts["test"])


def _group_cut(
    split, share: float, group_column: str, label_column: str, seed: int, name: str, *,
    few_groups: str = "refuse",
):  # fmt: skip
    """Cut about ``share`` of ``split`` as whole groups: ``StratifiedGroupKFold`` where there
    are enough groups for that share, else one whole group (the one that covers the most
    labels; ties by the seed), said in one sentence. With fewer than three groups (holding
    one out would leave fewer than two to train on): refused, or with
    ``few_groups="share"`` a stratified random cut, said in one sentence."""
    from sklearn.model_selection import StratifiedGroupKFold

    groups = np.asarray(split[group_column])
    names = sorted(set(groups.tolist()))
    folds = max(2, round(1 / share))
    if len(names) < 3 and few_groups == "share":
        try:
            cut = split.train_test_split(
                test_size=share, seed=seed, stratify_by_column=label_column
            )
        except ValueError as error:
            raise LayoutError(
                f"A stratified {name} split is not possible ({error}): every class needs "
                "at least 3 clips, and more clips than classes per split."
            ) from error
        print(
            f"Only {len(names)} {group_column}(s) ({', '.join(map(str, names))}): the {name} "
            f"split is cut at random from their clips ({share:.0%}), so it holds the same "
            "voices as training and reads optimistic for new voices."
        )
        return cut["train"], cut["test"]
    if len(names) < 3:
        raise LayoutError(
            f"Only {len(names)} {group_column}s left for the {name} split, which needs one of "
            f"them while training keeps at least two: add recordings from more "
            f"{group_column}s, provide train/validation/test folders yourself, or accept "
            "splits that share voices (few_groups='share', train.py --few-speakers share)."
        )
    if len(names) >= folds:
        cv = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
        keep, cut = next(cv.split(np.zeros(len(groups)), split[label_column], groups))
        return split.select(keep), split.select(cut)
    labels = np.asarray(split[label_column])
    order = np.random.default_rng(seed).permutation(len(names))
    held = max(order, key=lambda k: len(set(labels[groups == names[k]].tolist())))
    held = names[held]
    cut = np.flatnonzero(groups == held)
    keep = np.flatnonzero(groups != held)
    print(
        f"Only {len(names)} {group_column}s for a {share:.0%} {name} split: {group_column} "
        f"{held!r} is held out whole as the {name} split ({len(cut) / len(groups):.0%} of "
        f"these clips), {len(names) - 1} {group_column}s stay for training."
    )
    return split.select(keep), split.select(cut)


def write_example_folder(dataset, root: str | Path, *, group_column: str | None = None) -> Path:
    """Write a ``Dataset``'s clips as ``root/<label>/NNNN.wav`` (+ ``metadata.csv`` with groups).

    For demos and tests: turns the bundled data into the folder a learner would have.
    Refuses a non-empty ``root`` (nothing is overwritten).
    """
    import torch
    from torchcodec.encoders import AudioEncoder

    from helpers.audio import read_audio

    root = Path(root)
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty: choose a new folder (nothing is overwritten).")
    names = dataset.features["label"].names
    rows = []
    for i, example in enumerate(dataset):
        label = names[example["label"]]
        array, rate = read_audio(example["audio"])
        path = root / label / f"{i:04d}.wav"
        path.parent.mkdir(parents=True, exist_ok=True)
        samples = torch.from_numpy(np.asarray(array, dtype=np.float32)[None])
        AudioEncoder(samples, sample_rate=int(rate)).to_file(str(path))
        row = {"file_name": f"{label}/{path.name}", "label": label}
        if group_column:
            row["speaker"] = example[group_column]
        rows.append(row)
    if group_column:
        with open(root / METADATA_FILE, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=["file_name", "label", "speaker"])
            writer.writeheader()
            writer.writerows(rows)
    return root
