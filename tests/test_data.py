import numpy as np
import pytest
from datasets import Audio, ClassLabel, Dataset, DatasetDict, Value

from helpers import data
from helpers.synth import TEST_VOICES

EXPECTED_COLUMNS = [
    "path",
    "audio",
    "transcription",
    "english_transcription",
    "intent_class",
    "lang_id",
]


def voice_of(path: str) -> str:
    return path.split("/")[1].split("_")[0]


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
    assert set(bundled) == {"train", "test"}
    for split in bundled.values():
        assert split.features == data.MINDS14_FEATURES
        assert split.column_names == EXPECTED_COLUMNS
        assert set(split["lang_id"]) == {4}


def test_bundled_counts_and_voices(bundled):
    train, test = bundled["train"], bundled["test"]
    assert (train.num_rows, test.num_rows) == (252, 84)
    total = np.bincount(list(train["intent_class"]) + list(test["intent_class"]), minlength=14)
    assert total.min() >= 20
    train_voices = {voice_of(p) for p in train["path"]}
    test_voices = {voice_of(p) for p in test["path"]}
    assert train_voices.isdisjoint(test_voices)
    assert test_voices == set(TEST_VOICES)
    assert len(train_voices | test_voices) >= 8


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
    dataset = data.load_minds14("auto")
    out = capsys.readouterr().out
    assert out.count("OFFLINE DEMO") == 1 and "HF_HUB_OFFLINE" in out
    assert dataset["train"].num_rows == 252


@pytest.fixture
def online(monkeypatch):
    """Pretend no offline variable is set (CI sets all of them)."""
    for var in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.delenv(var, raising=False)


def test_auto_falls_back_when_hub_unreachable(online, monkeypatch, capsys):
    monkeypatch.setattr(data.env, "hub_reachable", lambda *a, **k: False)
    data.load_minds14("auto")
    assert "cannot be reached" in capsys.readouterr().out


def test_auto_falls_back_when_hub_load_fails(online, monkeypatch, capsys):
    monkeypatch.setattr(data.env, "hub_reachable", lambda *a, **k: True)

    def fail(*args, **kwargs):
        raise OSError("connection reset\nlong traceback text")

    monkeypatch.setattr(data, "load_hub_minds14", fail)
    dataset = data.load_minds14("auto")
    out = capsys.readouterr().out
    assert "Could not load PolyAI/minds14 from the Hub (connection reset)" in out
    assert "long traceback" not in out
    assert "test" in dataset
    with pytest.raises(ConnectionError, match="source='bundled'"):
        data.load_minds14("hub")


def test_unknown_source_is_rejected():
    with pytest.raises(ValueError, match="not one of"):
        data.load_minds14("local")


def test_hub_loader_reads_the_parquet_export_and_conforms(monkeypatch, bundled):
    calls = {}
    raw = bundled["train"].select(range(5)).cast_column("audio", Audio())  # no rate in spec

    def fake_load_dataset(*args, **kwargs):
        calls.update(args=args, kwargs=kwargs)
        return DatasetDict(train=raw)

    monkeypatch.setattr(data, "load_dataset", fake_load_dataset)
    dataset = data.load_hub_minds14()
    assert calls["args"] == ("PolyAI/minds14",)
    assert calls["kwargs"] == {"name": "en-US", "revision": "refs/convert/parquet"}
    assert dataset["train"].features == data.MINDS14_FEATURES


def test_conform_refuses_reordered_intents_or_other_columns(bundled):
    small = bundled["train"].select(range(3))
    reordered = small.cast_column(
        "intent_class", ClassLabel(names=sorted(data.INTENT_NAMES, reverse=True))
    )
    with pytest.raises(ValueError, match="label ids would be wrong"):
        data._conform(DatasetDict(train=reordered), source="x")
    with pytest.raises(ValueError, match="has columns"):
        data._conform(DatasetDict(train=small.remove_columns("lang_id")), source="x")


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


def test_existing_test_split_is_kept(bundled):
    splits = data.train_test_splits(bundled)
    assert list(splits["test"]["path"]) == list(bundled["test"]["path"])


def test_single_split_is_stratified_and_seeded(bundled):
    single = DatasetDict(train=bundled["train"].remove_columns("audio"))
    a = data.train_test_splits(single, test_size=0.25, seed=1)
    b = data.train_test_splits(single, test_size=0.25, seed=1)
    c = data.train_test_splits(single, test_size=0.25, seed=2)
    assert list(a["test"]["path"]) == list(b["test"]["path"])
    assert list(a["test"]["path"]) != list(c["test"]["path"])
    per_intent_test = np.bincount(a["test"]["intent_class"], minlength=14)
    assert per_intent_test.min() >= 4 and per_intent_test.max() <= 5  # 18 clips x 0.25
    assert a["train"].num_rows + a["test"].num_rows == 252
