import numpy as np
import pytest
from datasets import Audio, ClassLabel, Dataset, DatasetDict, Value, concatenate_datasets

from helpers import data
from tooling.synth import TEST_VOICES

EXPECTED_COLUMNS = [
    "path",
    "audio",
    "transcription",
    "english_transcription",
    "intent_class",
    "lang_id",
]


def voice_of(path: str) -> str:
    return data.bundled_voice(path)


def test_feature_spec_matches_minds14():
    f = data.MINDS14_FEATURES
    assert list(f) == EXPECTED_COLUMNS
    assert f["audio"] == Audio(sampling_rate=8000)
    for column in ("path", "transcription", "english_transcription"):
        assert f[column] == Value("string")
    assert isinstance(f["intent_class"], ClassLabel) and f["intent_class"].num_classes == 14
    assert f["intent_class"].names[:3] == ["abroad", "address", "app_error"]
    assert f["intent_class"].names[-1] == "pay_bill"
    assert f["lang_id"].names[4] == "en-US"


def test_bundled_schema_equals_minds14(bundled):
    assert list(bundled) == ["train", "validation", "test"]
    for split in bundled.values():
        assert split.features == data.MINDS14_FEATURES
        assert split.column_names == EXPECTED_COLUMNS
        assert set(split["lang_id"]) == {4}


def test_bundled_splits_are_speaker_disjoint(bundled):
    counts = {name: split.num_rows for name, split in bundled.items()}
    assert counts == {"train": 196, "validation": 56, "test": 84}
    voices = {name: {voice_of(p) for p in split["path"]} for name, split in bundled.items()}
    assert voices["test"] == set(TEST_VOICES)
    assert voices["validation"] == set(data.VALIDATION_VOICES)
    assert voices["train"].isdisjoint(voices["validation"] | voices["test"])
    assert len(voices["train"]) == 7
    total = np.bincount([i for s in bundled.values() for i in s["intent_class"]], minlength=14)
    assert total.min() >= 20


def test_bundled_rows_decode_to_8khz_float_audio(bundled):
    row = bundled["test"][0]
    assert row["audio"]["sampling_rate"] == 8000
    array = row["audio"]["array"]
    assert array.dtype == np.float32 and array.ndim == 1
    assert 2.0 < len(array) / 8000 < 10.0
    assert 0.01 < np.abs(array).max() <= 1.0
    assert row["transcription"] == row["english_transcription"]


def test_clip_durations_and_class_counts(bundled):
    test = bundled["test"]
    seconds = data.clip_durations(test)
    assert seconds.shape == (84,)
    assert seconds[0] == pytest.approx(len(test[0]["audio"]["array"]) / 8000)
    counts = data.class_counts(test)
    assert list(counts) == data.INTENT_NAMES and set(counts.values()) == {6}


def test_auto_falls_back_offline_with_one_message(monkeypatch, capsys):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    dataset, origin = data.load_minds14("auto")
    out = capsys.readouterr().out
    assert out.count("OFFLINE DEMO") == 1 and "HF_HUB_OFFLINE" in out
    assert dataset["train"].num_rows == 196
    assert not origin.real and origin.kind == "data" and "OFFLINE DEMO" in origin.note


@pytest.fixture
def online(monkeypatch):
    """Pretend no offline variable is set (CI sets all of them)."""
    for var in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.delenv(var, raising=False)


def test_auto_falls_back_when_hub_unreachable(online, monkeypatch, capsys):
    monkeypatch.setattr(data.hub.env, "hub_reachable", lambda *a, **k: False)
    _, origin = data.load_minds14("auto")
    assert "cannot be reached" in capsys.readouterr().out and not origin.real


def test_auto_falls_back_only_on_connectivity_errors(online, monkeypatch, capsys):
    monkeypatch.setattr(data.hub.env, "hub_reachable", lambda *a, **k: True)

    def reset(*args, **kwargs):
        raise ConnectionResetError("connection reset\nlong traceback text")

    monkeypatch.setattr(data, "load_hub_minds14", reset)
    dataset, origin = data.load_minds14("auto")
    out = capsys.readouterr().out
    assert "Could not reach the Hub to load PolyAI/minds14 (en-US): connection reset." in out
    assert "long traceback" not in out
    assert "test" in dataset and not origin.real
    with pytest.raises(ConnectionError, match="source='bundled'"):
        data.load_minds14("hub")


@pytest.mark.parametrize("source", ["auto", "hub"])
def test_schema_errors_are_raised_not_hidden(online, monkeypatch, source):
    monkeypatch.setattr(data.hub.env, "hub_reachable", lambda *a, **k: True)

    def wrong_labels(*args, **kwargs):
        raise ValueError("lists intents [...], not MInDS-14's order")

    monkeypatch.setattr(data, "load_hub_minds14", wrong_labels)
    with pytest.raises(ValueError, match="not MInDS-14's order"):
        data.load_minds14(source)


def test_unknown_source_is_rejected():
    with pytest.raises(ValueError, match="not one of"):
        data.load_minds14("local")


@pytest.fixture(scope="module")
def parquet_export(tmp_path_factory, bundled):
    """A local tree with the Hub's Parquet-export layout: ``{config}/{split}/NNNN.parquet``.

    Like ``PolyAI/minds14@refs/convert/parquet``: several locale configs plus ``all``, no
    dataset card, no loading script. Only the location differs from the real call.
    """
    root = tmp_path_factory.mktemp("minds14-parquet-export")
    en = bundled["train"].select(range(12))
    de = bundled["test"].select(range(5)).map(lambda row: {"lang_id": 1})
    de = de.cast(data.MINDS14_FEATURES)
    layout = {"en-US": [en], "de-DE": [de], "all": [en, de]}
    for config, parts in layout.items():
        folder = root / config / "train"
        folder.mkdir(parents=True)
        for i, part in enumerate(parts):
            part.to_parquet(str(folder / f"{i:04d}.parquet"))
    return root


def test_real_hub_loader_reads_one_config_of_the_parquet_export(parquet_export):
    from datasets import load_dataset

    with pytest.raises(ValueError, match="BuilderConfig 'en-US' not found"):
        load_dataset(str(parquet_export), name="en-US")  # the call that failed on the Hub
    dataset = data.conform(data.load_hub_minds14(dataset_id=str(parquet_export)), source="x")
    assert list(dataset) == ["train"] and dataset["train"].num_rows == 12
    assert dataset["train"].features == data.MINDS14_FEATURES
    assert dataset["train"].features["intent_class"].names == data.INTENT_NAMES
    assert set(dataset["train"]["lang_id"]) == {data.LANG_NAMES.index("en-US")}


def test_load_minds14_hub_source_reports_a_real_origin(parquet_export, capsys):
    dataset, origin = data.load_minds14("hub", dataset_id=str(parquet_export))
    assert origin.real and origin.kind == "data" and "en-US" in origin.name
    assert dataset["train"].num_rows == 12 and "Loaded the real" in capsys.readouterr().out
    # no speaker ids in MInDS-14: every result printed from it says its splits share callers
    assert "same callers in training" in data.hub.demo_label(origin)
    german, _ = data.load_minds14("hub", dataset_id=str(parquet_export), config="de-DE")
    assert german["train"].num_rows == 5


def test_notebook_01_call_goes_through_the_same_checks(parquet_export, capsys):
    """Notebook 01 passes its own load_dataset call; it gets the checks and the origin."""
    from datasets import load_dataset

    def from_hub(config="en-US"):
        return load_dataset(
            str(parquet_export), data_dir=config, revision=data.HUB_PARQUET_REVISION
        )

    minds, origin = data.load_or_bundled(from_hub, source="hub", local=True)
    assert origin.real and minds["train"].features == data.MINDS14_FEATURES
    assert "Loaded the real PolyAI/minds14 (en-US)" in capsys.readouterr().out
    with pytest.raises(ValueError, match="mixes 2 locales"):
        data.load_or_bundled(lambda: from_hub("all"), source="hub", local=True)
    called = []
    bundled, origin = data.load_or_bundled(lambda: called.append(1), source="bundled")
    assert not called and not origin.real and "test" in bundled


def test_merged_locales_are_refused(parquet_export):
    with pytest.raises(ValueError, match="mixes 2 locales"):
        data.load_minds14("hub", dataset_id=str(parquet_export), config="all")


def test_conform_refuses_reordered_intents_or_other_columns(bundled):
    small = bundled["train"].select(range(3))
    reordered = small.cast_column(
        "intent_class", ClassLabel(names=sorted(data.INTENT_NAMES, reverse=True))
    )
    with pytest.raises(ValueError, match="label ids would be wrong"):
        data.conform(DatasetDict(train=reordered), source="x")
    with pytest.raises(ValueError, match="has columns"):
        data.conform(DatasetDict(train=small.remove_columns("lang_id")), source="x")


def test_label_maps_round_trip_with_int_ids(bundled):
    label2id, id2label = data.label_maps(bundled)
    assert label2id["app_error"] == 2 and id2label[2] == "app_error"
    assert all(isinstance(i, int) for i in id2label)
    assert all(id2label[label2id[name]] == name for name in data.INTENT_NAMES)
    assert data.label_maps(["no", "yes"]) == ({"no": 0, "yes": 1}, {0: "no", 1: "yes"})
    renamed = bundled["test"].rename_column("intent_class", "label")
    assert data.label_maps(renamed)[0] == label2id


def test_label_maps_errors():
    with pytest.raises(ValueError, match="duplicate"):
        data.label_maps(["a", "a"])
    with pytest.raises(ValueError, match="no ClassLabel"):
        data.label_maps(Dataset.from_dict({"x": [1]}))
    with pytest.raises(ValueError, match="Round trip failed"):
        data.check_label_maps({"a": 0, "b": 1}, {0: "b", 1: "a"})


def test_existing_splits_are_kept(bundled):
    splits = data.make_splits(bundled)
    for name in ("train", "validation", "test"):
        assert list(splits[name]["path"]) == list(bundled[name]["path"])


def test_single_split_is_stratified_and_seeded(bundled):
    pooled = concatenate_datasets([bundled[s].remove_columns("audio") for s in bundled])
    single = DatasetDict(train=pooled)  # 336 clips, 24 per intent
    a = data.make_splits(single, validation_size=0.25, test_size=0.25, seed=1)
    b = data.make_splits(single, validation_size=0.25, test_size=0.25, seed=1)
    c = data.make_splits(single, validation_size=0.25, test_size=0.25, seed=2)
    assert list(a["test"]["path"]) == list(b["test"]["path"])
    assert list(a["test"]["path"]) != list(c["test"]["path"])
    for name in ("validation", "test"):
        per_intent = np.bincount(a[name]["intent_class"], minlength=14)
        assert per_intent.min() == per_intent.max() == 6  # 24 clips x 0.25
    paths = [set(a[name]["path"]) for name in ("train", "validation", "test")]
    assert sum(map(len, paths)) == 336 and len(set.union(*paths)) == 336


def test_test_split_without_validation_gets_one_cut_from_train(bundled):
    two = DatasetDict(train=bundled["train"], test=bundled["test"])
    splits = data.make_splits(two, validation_size=0.25, seed=0)
    assert list(splits["test"]["path"]) == list(bundled["test"]["path"])
    assert splits["validation"].num_rows == 49 and splits["train"].num_rows == 147


@pytest.mark.parametrize(
    "sizes",
    [dict(test_size=0), dict(validation_size=1.2), dict(validation_size=0.5, test_size=0.5)],
)
def test_make_splits_rejects_impossible_sizes(bundled, sizes):
    with pytest.raises(ValueError, match="must"):
        data.make_splits(DatasetDict(train=bundled["train"]), **sizes)


def test_speakers_of_reads_voices_where_known_and_none_for_hashed_minds14_names(bundled):
    from datasets import Dataset

    from helpers.data import speakers_of

    assert sorted(set(speakers_of(bundled["test"]))) == ["v02", "v11", "v12"]
    assert sorted(set(speakers_of(bundled["validation"]))) == ["v04", "v10"]
    hub_like = Dataset.from_dict(
        {"path": ["/root/.cache/en-US~ABROAD/602b9a5fbb1e6d0fbce91f52.wav"] * 2}
    )
    assert speakers_of(hub_like) is None
    folder = Dataset.from_dict({"path": ["a.wav", "b.wav"], "speaker": [3, 7]})
    assert speakers_of(folder) == ["3", "7"]


# --- several locales (notebook 09) -----------------------------------------------------------


def test_resolve_locales_accepts_names_lists_and_all_and_refuses_the_rest():
    assert data.resolve_locales("all") == data.LANG_NAMES
    assert data.resolve_locales(" ALL ") == data.LANG_NAMES
    # MInDS-14's order, whatever the input's
    assert data.resolve_locales("fr-FR, de-DE") == ["de-DE", "fr-FR"]
    assert data.resolve_locales(["zh-CN"]) == ["zh-CN"]
    with pytest.raises(ValueError, match=r"no locale 'de_de': did you mean 'de-DE'\?"):
        data.resolve_locales("de_de")
    with pytest.raises(ValueError, match="no locale 'xx-XX': choose from cs-CZ"):
        data.resolve_locales(["en-US", "xx-XX"])
    with pytest.raises(ValueError, match="No locale given"):
        data.resolve_locales([])
    with pytest.raises(ValueError, match="twice"):
        data.resolve_locales("de-DE,de-DE")


def test_locales_load_from_the_parquet_export_one_folder_each(parquet_export, capsys):
    dataset, origin = data.load_minds14_locales(
        "de-DE,en-US", "hub", dataset_id=str(parquet_export)
    )
    assert "Loaded the real" in capsys.readouterr().out
    assert origin.real and "de-DE, en-US" in origin.name
    assert "same callers" in origin.caveat
    train = dataset["train"]
    assert list(dataset) == ["train"] and train.num_rows == 5 + 12
    assert train.column_names == [*EXPECTED_COLUMNS, "locale"]
    assert train.features["intent_class"].names == data.INTENT_NAMES
    # the locale column spells out lang_id, row by row
    names = data.LANG_NAMES
    assert all(names[i] == loc for i, loc in zip(train["lang_id"], train["locale"], strict=True))
    assert train["locale"].count("de-DE") == 5 and data.locales_of(dataset) == ["de-DE", "en-US"]
    one, _ = data.load_minds14_locales(["de-DE"], "hub", dataset_id=str(parquet_export))
    assert set(one["train"]["locale"]) == {"de-DE"}


def test_a_locale_name_is_checked_before_anything_loads(parquet_export, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("loaded before the name was checked")

    monkeypatch.setattr(data, "load_hub_minds14", never)
    with pytest.raises(ValueError, match="did you mean 'en-US'"):
        data.load_minds14_locales("en-us", "hub", dataset_id=str(parquet_export))


def test_a_locale_folder_holding_another_locale_is_refused(tmp_path, bundled):
    folder = tmp_path / "fr-FR" / "train"  # en-US rows where fr-FR should be
    folder.mkdir(parents=True)
    bundled["train"].select(range(4)).to_parquet(str(folder / "0000.parquet"))
    with pytest.raises(ValueError, match=r"folder 'fr-FR' holds rows of \['en-US'\]"):
        data.load_minds14_locales("fr-FR", "hub", dataset_id=str(tmp_path))


def test_locale_splits_keep_each_locales_shares_stratified(bundled):
    en = bundled["train"].select(range(0, 196, 2))  # 98 clips, 7 per intent
    de = bundled["train"].select(range(1, 196, 2)).map(lambda row: {"lang_id": 1})
    two = concatenate_datasets([data.with_locale(en), data.with_locale(de.cast(en.features))])
    splits = data.make_locale_splits(DatasetDict(train=two), seed=0)
    table = data.locale_table(splits)
    assert list(table.index) == ["de-DE", "en-US"]
    assert list(table.columns) == ["train", "validation", "test"]
    assert table.sum(axis=1).tolist() == [98, 98]
    assert (table["test"] == 15).all() and (table["validation"] == 15).all()
    for name, split in splits.items():  # intents stay balanced within each locale
        for locale in ("de-DE", "en-US"):
            rows = split.filter(lambda r, loc=locale: r["locale"] == loc)
            counts = np.bincount(rows["intent_class"], minlength=14)
            assert counts.max() - counts.min() <= 2, (name, locale)
    kept = data.make_locale_splits(splits)
    assert {k: v.num_rows for k, v in kept.items()} == {k: v.num_rows for k, v in splits.items()}


@pytest.fixture(scope="module")
def multilingual():
    return data.load_bundled_multilingual()


def test_multilingual_stand_in_has_the_schema_voices_held_out_and_its_locales(multilingual):
    assert list(multilingual) == ["train", "validation", "test"]
    assert data.locales_of(multilingual) == list(data.BUNDLED_LOCALES)
    table = data.locale_table(multilingual)
    assert (table["train"] == 42).all() and (table["validation"] == 14).all()
    assert (table["test"] == 28).all()
    voices = {}
    for name, split in multilingual.items():
        assert split.column_names == [*EXPECTED_COLUMNS, "locale"]
        assert split.features["intent_class"] == data.MINDS14_FEATURES["intent_class"]
        voices[name] = set(data.speakers_of(split))
        for path, locale in zip(split["path"], split["locale"], strict=True):
            assert path.startswith(f"{locale}~")
    assert voices["train"].isdisjoint(voices["validation"] | voices["test"])
    assert voices["validation"].isdisjoint(voices["test"])
    assert len(voices["test"]) == 2 * len(data.BUNDLED_LOCALES)
    german = multilingual["test"].filter(lambda r: r["locale"] == "de-DE")[0]
    assert german["transcription"] != german["english_transcription"]
    assert german["audio"]["sampling_rate"] == 8000


def test_multilingual_subset_and_missing_locales(capsys):
    two = data.load_bundled_multilingual(["ko-KR", "zh-CN"])
    assert data.locales_of(two) == ["ko-KR", "zh-CN"] and two["test"].num_rows == 56
    with pytest.raises(ValueError, match=r"has no en-AU .*leave it out"):
        data.load_bundled_multilingual(["en-AU", "de-DE"])
    dataset, origin = data.load_minds14_locales("all", "auto")  # CI is offline
    out = capsys.readouterr().out
    assert out.count("OFFLINE DEMO multilingual") == 1 and "It has no en-AU, en-GB." in out
    assert not origin.real and len(data.locales_of(dataset)) == 12
    with pytest.raises(ValueError, match="has no en-GB"):  # named explicitly: no fallback
        data.load_minds14_locales(["en-GB"], "auto")
