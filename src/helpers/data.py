"""MInDS-14 en-US: one loader for the real Hub data or the bundled stand-in, label maps, splits.

The real dataset (``PolyAI/minds14``) still ships a loading script, which ``datasets`` ≥ 4
no longer runs. The Hub keeps an automatic Parquet export of every public dataset on the
``refs/convert/parquet`` revision; :func:`load_minds14` reads one config's folder of that
export (``data_dir="en-US"``), with no script and no ``trust_remote_code``.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from datasets import Audio, ClassLabel, DatasetDict, Features, Value, load_dataset

from helpers import hub, paths
from helpers.hub import SOURCES, Origin

HUB_DATASET_ID = "PolyAI/minds14"
HUB_CONFIG = "en-US"
#: Revision holding the Hub's automatic Parquet export (no loading script needed).
HUB_PARQUET_REVISION = "refs/convert/parquet"

#: The 14 intents, in MInDS-14's ClassLabel order.
INTENT_NAMES = [
    "abroad",
    "address",
    "app_error",
    "atm_limit",
    "balance",
    "business_loan",
    "card_issues",
    "cash_deposit",
    "direct_debit",
    "freeze",
    "high_value_payment",
    "joint_account",
    "latest_transactions",
    "pay_bill",
]

#: The 14 MInDS-14 locales, in the order of its ``lang_id`` ClassLabel.
LANG_NAMES = [
    "cs-CZ",
    "de-DE",
    "en-AU",
    "en-GB",
    "en-US",
    "es-ES",
    "fr-FR",
    "it-IT",
    "ko-KR",
    "nl-NL",
    "pl-PL",
    "pt-PT",
    "ru-RU",
    "zh-CN",
]

#: Feature spec of PolyAI/minds14 (every config): names, order and types.
MINDS14_FEATURES = Features(
    {
        "path": Value("string"),
        "audio": Audio(sampling_rate=8000),
        "transcription": Value("string"),
        "english_transcription": Value("string"),
        "intent_class": ClassLabel(names=INTENT_NAMES),
        "lang_id": ClassLabel(names=LANG_NAMES),
    }
)

#: What a notebook says when it falls back to the bundled stand-in.
BUNDLED_NOTICE = (
    "Using the bundled OFFLINE DEMO dataset (synthetic speech, not MInDS-14): results from "
    "it show that the code works, not how well a model does on real calls; its test voices "
    "are new but its sentences are not (every voice speaks the same few phrasings per "
    "intent), which makes it easier than real calls."
)

#: Said on every result from the real MInDS-14 (:func:`helpers.hub.demo_label`).
MINDS14_SPEAKER_CAVEAT = (
    "MInDS-14 has no speaker ids, so its random split puts the same callers in training, "
    "validation and test: accuracy reads optimistic for new callers"
)

#: Bundled voices held out for validation (model selection). Test voices are
#: ``data/minds14-synthetic/test.parquet``'s; neither set occurs in training.
VALIDATION_VOICES = ("v04", "v10")


def bundled_voice(path: str) -> str:
    """Speaker id of a bundled clip from its ``path`` (``en-US~ABROAD/v01_00.ogg`` → ``v01``)."""
    return Path(path).name.split("_")[0]


def speakers_of(split) -> list[str] | None:
    """One speaker id per row of a ``datasets`` split, or ``None`` where none is known.

    From a ``speaker`` column (a folder with speakers, :mod:`helpers.folders`), else from the
    bundled stand-in's file names (``…/v02_03.ogg`` → ``v02``). The real MInDS-14 names its
    files by hash, with no speaker: ``None``.
    """
    import re

    if "speaker" in split.column_names:
        return [str(s) for s in split["speaker"]]
    if "path" not in split.column_names or split.num_rows == 0:
        return None
    names = [Path(p).name for p in split["path"]]
    if all(re.fullmatch(r"v\d{2}_\d+\.\w+", n) for n in names):
        return [bundled_voice(n) for n in names]
    return None


def load_bundled_minds14(data_dir: str | Path | None = None) -> DatasetDict:
    """The bundled synthetic stand-in: ``train``, ``validation`` and ``test`` splits.

    No voice occurs in two splits: ``test`` holds 3 voices (its own file), ``validation``
    the clips of :data:`VALIDATION_VOICES` taken out of the training file, ``train`` the rest.
    """
    folder = Path(data_dir) if data_dir is not None else paths.bundled_dataset_dir()
    files = {split: str(folder / f"{split}.parquet") for split in ("train", "test")}
    missing = [f for f in files.values() if not Path(f).is_file()]
    if missing:
        raise FileNotFoundError(
            f"Bundled dataset file {missing[0]} is missing: restore data/ from the repository "
            "or rebuild it with `python scripts/make_dataset.py`."
        )
    with quiet_local_build():
        dataset = load_dataset("parquet", data_files=files)
    if dataset["train"].features != MINDS14_FEATURES:
        dataset = conform(dataset, source=str(folder))
    held_out = [bundled_voice(p) in VALIDATION_VOICES for p in dataset["train"]["path"]]
    rows = np.flatnonzero(held_out)
    others = np.flatnonzero(~np.asarray(held_out))
    return DatasetDict(
        train=dataset["train"].select(others),
        validation=dataset["train"].select(rows),
        test=dataset["test"],
    )


@contextmanager
def quiet_local_build():
    """No "Generating … split" bars while ``datasets`` builds a dataset from local files.

    Those bars report bookkeeping that takes a second for local files; downloads from the
    Hub (outside this block) keep theirs, and warnings are untouched.
    """
    import datasets

    was_disabled = datasets.are_progress_bars_disabled()
    datasets.disable_progress_bars()
    try:
        yield
    finally:
        if not was_disabled:
            datasets.enable_progress_bars()


def load_hub_minds14(
    dataset_id: str = HUB_DATASET_ID,
    config: str = HUB_CONFIG,
    revision: str = HUB_PARQUET_REVISION,
) -> DatasetDict:
    """The Hub call: one MInDS-14 config from the Hub's Parquet export (one ``train`` split).

    The export branch holds only ``{config}/{split}/NNNN.parquet`` files and no dataset
    card, so ``datasets`` sees a single ``default`` config and ``name="en-US"`` fails
    (``BuilderConfig 'en-US' not found``). ``data_dir=config`` reads that config's folder
    alone; without it every locale (and the ``all`` config) would be merged into one split.
    ``dataset_id`` may also be a local folder with the same layout (tests use one).
    :func:`load_minds14` checks the result with :func:`conform`.
    """
    return load_dataset(dataset_id, data_dir=config, revision=revision)


def conform(dataset: DatasetDict, *, source: str) -> DatasetDict:
    """Cast to :data:`MINDS14_FEATURES`, refusing any change of label names or columns."""
    for split, ds in dataset.items():
        if list(ds.column_names) != list(MINDS14_FEATURES):
            raise ValueError(
                f"{source} split {split!r} has columns {ds.column_names}, expected "
                f"{list(MINDS14_FEATURES)}: check the dataset id and config."
            )
        names = getattr(ds.features["intent_class"], "names", None)
        if names is not None and list(names) != INTENT_NAMES:
            raise ValueError(
                f"{source} split {split!r} lists intents {names}, not MInDS-14's order: "
                "label ids would be wrong, so the dataset was not loaded."
            )
        langs = set(ds.unique("lang_id")) if ds.num_rows else set()
        if len(langs) > 1:
            raise ValueError(
                f"{source} split {split!r} mixes {len(langs)} locales: load one config "
                "(data_dir='en-US'), not the whole export."
            )
    return dataset.cast(MINDS14_FEATURES)


def load_minds14(
    source: str = "auto",
    *,
    dataset_id: str = HUB_DATASET_ID,
    config: str = HUB_CONFIG,
    verbose: bool = True,
) -> tuple[DatasetDict, Origin]:
    """Load MInDS-14 en-US; returns ``(dataset, origin)`` with :data:`MINDS14_FEATURES`.

    ``source="hub"`` reads the real data from the Hub (one ``train`` split of 563 clips)
    or raises ``ConnectionError`` in one sentence; ``"bundled"`` reads the offline
    synthetic stand-in in ``data/`` (``train``, ``validation`` and ``test`` splits with
    disjoint voices); ``"auto"`` tries the Hub and falls back to the stand-in only when
    the Hub cannot be reached, saying so in one sentence. Any other error (a schema or
    label-order mismatch, a wrong id) is raised as it is. ``origin`` says which source was
    used (see :func:`helpers.hub.demo_label`).
    """
    return load_or_bundled(
        lambda: load_hub_minds14(dataset_id, config),
        source=source,
        name=f"{dataset_id} ({config})",
        local=Path(dataset_id).is_dir(),
        verbose=verbose,
    )


def load_or_bundled(
    load: Callable[[], DatasetDict],
    *,
    source: str = "auto",
    name: str = f"{HUB_DATASET_ID} ({HUB_CONFIG})",
    local: bool = False,
    verbose: bool = True,
) -> tuple[DatasetDict, Origin]:
    """Run your own ``load()`` (a ``load_dataset`` call), checked; the stand-in only offline.

    Notebook 01 passes its ``load_dataset(...)`` call here, so the call stays in the
    notebook: the result is checked against MInDS-14's columns, label order and locale
    (:func:`conform`); with ``source="auto"`` a Hub that cannot be reached (and only that)
    gives the bundled stand-in and one sentence; ``"hub"`` raises ``ConnectionError``
    instead; ``"bundled"`` never calls ``load``. ``local``: ``load`` reads a local copy, so
    an offline machine still calls it.
    """
    if source not in SOURCES:
        raise ValueError(f"source={source!r} is not one of {SOURCES}.")
    reason = "Asked for the bundled data." if source == "bundled" else None
    if source == "auto" and not local:
        reason = hub.offline_reason()
    if reason is None:
        try:
            dataset = conform(load(), source=name)
        except Exception as error:
            if not hub.is_connectivity_error(error):
                raise
            detail = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
            if source == "hub":
                raise ConnectionError(
                    f"Could not reach the Hub to load {name}: {detail}. "
                    "Check the network, or pass source='bundled' for the offline stand-in."
                ) from error
            reason = f"Could not reach the Hub to load {name}: {detail}."
        else:
            note = f"Loaded the real {name} from {'a local copy' if local else 'the Hub'}."
            if verbose:
                print(note)
            return dataset, Origin("data", name, True, note, caveat=MINDS14_SPEAKER_CAVEAT)
    dataset = load_bundled_minds14()
    note = f"{reason} {BUNDLED_NOTICE}"
    if verbose:
        print(note)
    return dataset, Origin("data", str(paths.bundled_dataset_dir()), False, note)


def label_maps(dataset_or_names) -> tuple[dict[str, int], dict[int, str]]:
    """``(label2id, id2label)`` for ``from_pretrained``/``Trainer``/``pipeline``.

    Accepts a ``Dataset``/``DatasetDict`` with an ``intent_class`` (or ``label``) ClassLabel,
    a ClassLabel, or a list of names. Ids are ints, as ``PretrainedConfig`` stores them
    (the seed's string ids only round-trip through JSON by accident).
    """
    names = _label_names(dataset_or_names)
    label2id = {name: i for i, name in enumerate(names)}
    id2label = {i: name for i, name in enumerate(names)}
    check_label_maps(label2id, id2label)
    return label2id, id2label


def _label_names(obj) -> list[str]:
    if isinstance(obj, ClassLabel):
        return list(obj.names)
    if isinstance(obj, DatasetDict):
        obj = next(iter(obj.values()))
    features = getattr(obj, "features", None)
    if features is not None:
        for column in ("intent_class", "label"):
            if column in features and isinstance(features[column], ClassLabel):
                return list(features[column].names)
        raise ValueError(
            "The dataset has no ClassLabel column named 'intent_class' or 'label': pass the "
            "list of label names instead."
        )
    names = list(obj)
    if not names or not all(isinstance(n, str) for n in names):
        raise ValueError("Label names must be a non-empty list of strings.")
    return names


def check_label_maps(label2id: dict[str, int], id2label: dict[int, str]) -> None:
    """Raise unless the two maps are inverse bijections over ids ``0..n-1``."""
    if len(label2id) != len(id2label):
        raise ValueError(
            f"label2id has {len(label2id)} labels but id2label has {len(id2label)}: "
            "duplicate label names?"
        )
    if sorted(int(i) for i in id2label) != list(range(len(id2label))):
        raise ValueError("id2label keys must be the ids 0..n-1.")
    for name, i in label2id.items():
        if id2label.get(i) != name:
            raise ValueError(
                f"Round trip failed for {name!r}: id2label[{i}] = {id2label.get(i)!r}."
            )


def make_splits(
    dataset: DatasetDict,
    *,
    validation_size: float = 0.15,
    test_size: float = 0.15,
    seed: int = 42,
    label_column: str = "intent_class",
) -> DatasetDict:
    """``train``/``validation``/``test`` splits: kept if present, else stratified and seeded.

    Choices (epochs, learning rate, best checkpoint) are made on ``validation``; ``test``
    is evaluated once, at the end. Splits the data already has are kept (the bundled
    stand-in's are speaker-disjoint). Missing ones are cut from ``train`` with
    ``Dataset.train_test_split``, stratified by label (every label in the same proportion
    on each side) and seeded (the same clips on every run, so results can be compared).
    ``validation_size`` and ``test_size`` are shares of all clips when both splits are
    cut; when only ``validation`` is missing, ``validation_size`` is a share of ``train``.
    """
    for name, size in (("validation_size", validation_size), ("test_size", test_size)):
        if not 0 < size < 1:
            raise ValueError(f"{name}={size} must be a fraction between 0 and 1.")
    if validation_size + test_size >= 1:
        raise ValueError("validation_size + test_size must leave clips for training.")
    train = dataset["train"]
    test = dataset["test"] if "test" in dataset else None
    if test is None:
        cut = train.train_test_split(
            test_size=test_size, seed=seed, stratify_by_column=label_column
        )
        train, test = cut["train"], cut["test"]
    if "validation" in dataset:
        validation = dataset["validation"]
    else:
        share = validation_size / (1 - test_size) if "test" not in dataset else validation_size
        cut = train.train_test_split(test_size=share, seed=seed, stratify_by_column=label_column)
        train, validation = cut["train"], cut["test"]
    return DatasetDict(train=train, validation=validation, test=test)


def clip_durations(dataset, audio_column: str = "audio") -> np.ndarray:
    """Duration of every clip in seconds (decodes the audio column once)."""
    from helpers.audio import read_audio

    lengths = [(len(x), rate) for x, rate in map(read_audio, dataset[audio_column])]
    return np.array([n / rate for n, rate in lengths], dtype=np.float64)


def class_counts(dataset, label_column: str = "intent_class") -> dict[str, int]:
    """Number of clips per label name, in label-id order."""
    names = dataset.features[label_column].names
    counts = np.bincount(dataset[label_column], minlength=len(names))
    return {name: int(n) for name, n in zip(names, counts, strict=True)}


def load_out_of_scope(data_dir: str | Path | None = None):
    """Bundled **out-of-scope** requests: speech about things none of the 14 intents covers
    (the weather, a taxi, a pizza…), 12 requests by each of the 3 test voices, through the
    same synthetic telephone channel (``data/out-of-scope``, ``scripts/make_dataset.py
    --out-of-scope``). A ``Dataset`` with ``audio``, ``transcription`` and ``voice``; what
    :mod:`helpers.calibration`'s "I don't know" is measured on offline."""
    import csv

    from datasets import Audio, Dataset

    folder = Path(data_dir) if data_dir is not None else paths.data_dir() / "out-of-scope"
    listing = folder / "metadata.csv"
    if not listing.is_file():
        raise FileNotFoundError(
            f"{listing} is missing: restore data/ from the repository or rebuild it with "
            "`python scripts/make_dataset.py --out-of-scope`."
        )
    with open(listing, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    columns = {
        "audio": [str(folder / r["file_name"]) for r in rows],
        "transcription": [r["transcription"] for r in rows],
        "voice": [r["voice"] for r in rows],
    }
    return Dataset.from_dict(columns).cast_column("audio", Audio())
