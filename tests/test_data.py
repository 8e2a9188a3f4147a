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
