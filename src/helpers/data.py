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
    """Speaker id of a bundled clip from its ``path`` (``en-US~ABROAD/v01_00.ogg`` → ``v01``,
    ``de-DE~ABROAD/de-v05_00.ogg`` → ``de-v05``)."""
    return Path(path).name.split("_")[0]


def speakers_of(split) -> list[str] | None:
    """One speaker id per row of a ``datasets`` split, or ``None`` where none is known.

    From a ``speaker`` column (a folder with speakers, :mod:`helpers.folders`), else from the
    bundled stand-ins' file names (``…/v02_03.ogg`` → ``v02``, ``…/de-v05_00.ogg`` →
    ``de-v05``). The real MInDS-14 names its
    files by hash, with no speaker: ``None``.
    """
    import re

    if "speaker" in split.column_names:
        return [str(s) for s in split["speaker"]]
    if "path" not in split.column_names or split.num_rows == 0:
        return None
    names = [Path(p).name for p in split["path"]]
    if all(re.fullmatch(r"(?:[a-z]{2}-)?v\d{2}_\d+\.\w+", n) for n in names):
        return [bundled_voice(n) for n in names]
    return None


def load_bundled_minds14(data_dir: str | Path | None = None) -> DatasetDict:
    """The bundled synthetic stand-in: ``train``, ``validation`` and ``test`` splits.

    No voice occurs in two splits: ``test`` holds 3 voices (its own file), ``validation``
    the clips of :data:`VALIDATION_VOICES` taken out of the training file, ``train`` the rest.
    """
    folder = Path(data_dir) if data_dir is not None else paths.bundled_dataset_dir()
    dataset = _read_bundled(folder, ("train", "test"), "python scripts/make_dataset.py")
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


def _read_bundled(folder: Path, splits: tuple[str, ...], rebuild: str) -> DatasetDict:
    """``folder/{split}.parquet`` for each split, or one sentence naming the missing file."""
    files = {split: str(folder / f"{split}.parquet") for split in splits}
    missing = [f for f in files.values() if not Path(f).is_file()]
    if missing:
        raise FileNotFoundError(
            f"Bundled dataset file {missing[0]} is missing: restore data/ from the repository "
            f"or rebuild it with `{rebuild}`."
        )
    with quiet_local_build():
        return load_dataset("parquet", data_files=files)


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
    check: Callable[..., DatasetDict] = conform,
    bundled: Callable[[], tuple[DatasetDict, str, Path]] | None = None,
) -> tuple[DatasetDict, Origin]:
    """Run your own ``load()`` (a ``load_dataset`` call), checked; the stand-in only offline.

    Notebook 01 passes its ``load_dataset(...)`` call here, so the call stays in the
    notebook: the result is checked against MInDS-14's columns, label order and locale
    (:func:`conform`); with ``source="auto"`` a Hub that cannot be reached (and only that)
    gives the bundled stand-in and one sentence; ``"hub"`` raises ``ConnectionError``
    instead; ``"bundled"`` never calls ``load``. ``local``: ``load`` reads a local copy, so
    an offline machine still calls it. ``check`` (default :func:`conform`) checks what
    ``load`` returned; ``bundled`` returns ``(dataset, notice, folder)`` for another
    stand-in than the en-US one (:func:`load_minds14_locales` passes both).
    """
    if source not in SOURCES:
        raise ValueError(f"source={source!r} is not one of {SOURCES}.")
    reason = "Asked for the bundled data." if source == "bundled" else None
    if source == "auto" and not local:
        reason = hub.offline_reason()
    if reason is None:
        try:
            dataset = check(load(), source=name)
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
    if bundled is None:
        dataset, notice = load_bundled_minds14(), BUNDLED_NOTICE
        folder = paths.bundled_dataset_dir()
    else:
        dataset, notice, folder = bundled()
    note = f"{reason} {notice}"
    if verbose:
        print(note)
    return dataset, Origin("data", str(folder), False, note)


#: Locales of the bundled multilingual stand-in (``data/minds14-multilingual``): every
#: MInDS-14 locale but en-AU and en-GB (no espeak-ng voice for the first; see its data card).
BUNDLED_LOCALES = (
    "cs-CZ", "de-DE", "en-US", "es-ES", "fr-FR", "it-IT",
    "ko-KR", "nl-NL", "pl-PL", "pt-PT", "ru-RU", "zh-CN",
)  # fmt: skip

#: Printed when a multilingual load falls back to the bundled multilingual stand-in.
MULTILINGUAL_NOTICE = (
    "Using the bundled OFFLINE DEMO multilingual dataset (synthetic speech in {n} of MInDS-14's "
    "14 locales, not MInDS-14): results from it show that the code works, not how well a model "
    "does on real calls in these languages; its test voices are new but its sentences are not."
)


def _is_all(locales) -> bool:
    return isinstance(locales, str) and locales.strip().lower() == "all"


def resolve_locales(locales="all") -> list[str]:
    """MInDS-14 locale names from ``"all"``, one name, ``"de-DE,fr-FR"`` or a list, checked.

    Returns them in MInDS-14's order. Raises ``ValueError`` in one sentence for a name
    MInDS-14 does not have (naming the closest one when only the case or separator differs,
    e.g. ``de_de``), an empty list or a repeated name.
    """
    if _is_all(locales):
        return list(LANG_NAMES)
    if isinstance(locales, str):
        locales = [part.strip() for part in locales.split(",") if part.strip()]
    names = list(locales)
    if not names:
        raise ValueError("No locale given: name one or more of MInDS-14's locales, or 'all'.")
    for name in names:
        if name not in LANG_NAMES:
            near = [n for n in LANG_NAMES if n.lower() == str(name).lower().replace("_", "-")]
            hint = f"did you mean {near[0]!r}? " if near else ""
            raise ValueError(
                f"MInDS-14 has no locale {name!r}: {hint}choose from {', '.join(LANG_NAMES)}, "
                "or 'all'."
            )
    if len(set(names)) != len(names):
        raise ValueError(f"Locales {names} name one locale twice: list each once.")
    return [n for n in LANG_NAMES if n in names]


def with_locale(split):
    """``split`` with a ``locale`` column (``"de-DE"``…) spelled out from ``lang_id``: what
    per-locale tables and filters read; the MInDS-14 columns are unchanged."""
    names = split.features["lang_id"].names
    column = [names[i] for i in split["lang_id"]]
    if "locale" in split.column_names:
        split = split.remove_columns("locale")
    return split.add_column("locale", column)


def locales_of(dataset) -> list[str]:
    """Locales present in a split or ``DatasetDict``, in MInDS-14's order."""
    splits = dataset.values() if isinstance(dataset, DatasetDict) else [dataset]
    seen = {LANG_NAMES[i] for split in splits for i in split.unique("lang_id")}
    return [n for n in LANG_NAMES if n in seen]


def _only_locales(split, ids: set[int]):
    return split.filter(
        lambda batch: [i in ids for i in batch], input_columns="lang_id", batched=True
    )


def load_hub_locales(
    locales, dataset_id: str = HUB_DATASET_ID, revision: str = HUB_PARQUET_REVISION
) -> DatasetDict:
    """Several MInDS-14 locales from the Hub's Parquet export, as one ``train`` split.

    Each locale is read from its own folder (:func:`load_hub_minds14`, ``data_dir=locale``),
    checked by :func:`conform` and against its name (every row's ``lang_id`` must be that
    locale), given a ``locale`` column (:func:`with_locale`) and concatenated.
    """
    from datasets import concatenate_datasets

    parts = []
    for locale in resolve_locales(locales):
        name = f"{dataset_id} ({locale})"
        part = conform(load_hub_minds14(dataset_id, locale, revision), source=name)["train"]
        found = {LANG_NAMES[i] for i in part.unique("lang_id")}
        if found - {locale}:
            raise ValueError(
                f"{dataset_id}'s folder {locale!r} holds rows of {sorted(found)}: the export's "
                "layout changed, so the locales were not loaded."
            )
        parts.append(with_locale(part))
    return DatasetDict(train=concatenate_datasets(parts))


def multilingual_dataset_dir() -> Path:
    """Folder of the bundled multilingual stand-in (parquet files + data card)."""
    return paths.data_dir() / "minds14-multilingual"


def load_bundled_multilingual(locales="all", data_dir: str | Path | None = None) -> DatasetDict:
    """The bundled multilingual stand-in: ``train``, ``validation`` and ``test``, voices held
    out per split (3, 1 and 2 synthetic voices per locale), with a ``locale`` column.

    ``"all"`` gives every locale it has (:data:`BUNDLED_LOCALES`); naming one it lacks
    raises ``ValueError`` in one sentence.
    """
    folder = Path(data_dir) if data_dir is not None else multilingual_dataset_dir()
    wanted = list(BUNDLED_LOCALES) if _is_all(locales) else resolve_locales(locales)
    missing = [n for n in wanted if n not in BUNDLED_LOCALES]
    if missing:
        raise ValueError(
            f"The bundled multilingual stand-in has no {', '.join(missing)} (it has "
            f"{', '.join(BUNDLED_LOCALES)}): leave {'it' if len(missing) == 1 else 'them'} out, "
            "or load the real data from the Hub."
        )
    splits = ("train", "validation", "test")
    rebuild = "python scripts/make_dataset.py --multilingual"
    with quiet_local_build():
        dataset = _read_bundled(folder, splits, rebuild).cast(MINDS14_FEATURES)
        if len(wanted) < len(BUNDLED_LOCALES):
            ids = {LANG_NAMES.index(n) for n in wanted}
            dataset = DatasetDict({k: _only_locales(v, ids) for k, v in dataset.items()})
        return DatasetDict({name: with_locale(split) for name, split in dataset.items()})


def load_minds14_locales(
    locales="all",
    source: str = "auto",
    *,
    dataset_id: str = HUB_DATASET_ID,
    verbose: bool = True,
) -> tuple[DatasetDict, Origin]:
    """Several MInDS-14 locales (names, ``"de-DE,fr-FR"`` or ``"all"``): ``(dataset, origin)``.

    From the Hub: one ``train`` split holding every locale asked for, with a ``locale``
    column (:func:`load_hub_locales`); cut it per locale with :func:`make_locale_splits`.
    Offline (``source="bundled"``, or ``"auto"`` without the Hub): the multilingual stand-in
    (:func:`load_bundled_multilingual`), announced in one sentence; ``"all"`` then means its
    12 locales (the sentence names the two it lacks), and naming a locale it lacks fails in
    one sentence. Names are checked first (:func:`resolve_locales`).
    """
    names = resolve_locales(locales)

    def bundled():
        dataset = load_bundled_multilingual("all" if _is_all(locales) else names)
        have = locales_of(dataset)
        notice = MULTILINGUAL_NOTICE.format(n=len(have))
        lacking = [n for n in names if n not in have]
        if lacking:
            notice += f" It has no {', '.join(lacking)}."
        return dataset, notice, multilingual_dataset_dir()

    label = "all locales" if _is_all(locales) else ", ".join(names)
    return load_or_bundled(
        lambda: load_hub_locales(names, dataset_id),
        source=source,
        name=f"{dataset_id} ({label})",
        local=Path(dataset_id).is_dir(),
        verbose=verbose,
        check=lambda dataset, source: dataset,  # load_hub_locales checks each locale
        bundled=bundled,
    )


def make_locale_splits(dataset: DatasetDict, **options) -> DatasetDict:
    """:func:`make_splits` within each locale, concatenated: every locale keeps the same
    shares of train, validation and test, each stratified by intent and seeded. A dataset
    that already has the three splits is kept as it is (the multilingual stand-in's hold
    voices out). ``options`` go to :func:`make_splits`.
    """
    from datasets import concatenate_datasets

    if all(name in dataset for name in ("train", "validation", "test")):
        return DatasetDict({name: dataset[name] for name in ("train", "validation", "test")})
    per_locale = []
    for locale in locales_of(dataset):
        ids = {LANG_NAMES.index(locale)}
        part = DatasetDict({k: _only_locales(v, ids) for k, v in dataset.items()})
        per_locale.append(make_splits(part, **options))
    return DatasetDict(
        {
            name: concatenate_datasets([part[name] for part in per_locale])
            for name in ("train", "validation", "test")
        }
    )


def locale_table(dataset: DatasetDict):
    """Clips per locale (rows, MInDS-14's order) and split (columns): a pandas DataFrame."""
    import pandas as pd

    counts = {
        name: pd.Series([LANG_NAMES[i] for i in split["lang_id"]]).value_counts()
        for name, split in dataset.items()
    }
    table = pd.DataFrame(counts).fillna(0).astype(int).reindex(locales_of(dataset))
    table.index.name = "locale"
    return table


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
