"""Your own recordings: every folder layout, every bad-layout message, speaker-disjoint splits."""

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest
import torch
from torchcodec.encoders import AudioEncoder

from helpers import folders
from helpers.data import bundled_voice
from helpers.paths import REPO_ROOT

LABELS = ("balance", "freeze", "pay_bill")


@pytest.fixture(scope="module")
def clips(bundled):
    """Bundled clips of 3 intents from all 12 voices, with a speaker column."""
    from datasets import concatenate_datasets

    every = concatenate_datasets([bundled[s] for s in ("train", "validation", "test")])
    names = every.features["intent_class"].names
    keep = [i for i, y in enumerate(every["intent_class"]) if names[y] in LABELS]
    small = every.select(keep).add_column(
        "speaker", [bundled_voice(p) for p in every.select(keep)["path"]]
    )
    return small.rename_column("intent_class", "label")


def _write(path, seconds=1.0, rate=16000, channels=1, value=None):
    n = int(seconds * rate)
    if value is None:
        t = np.arange(n) / rate
        wave = (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    else:
        wave = np.full(n, value, dtype=np.float32)
    data = torch.from_numpy(np.tile(wave, (channels, 1)))
    path.parent.mkdir(parents=True, exist_ok=True)
    AudioEncoder(data, sample_rate=rate).to_file(str(path))
    return path


def test_label_folders_with_mixed_formats_rates_and_channels(tmp_path):
    for label in ("yes", "no"):
        _write(tmp_path / label / "a.wav", rate=8000)
        _write(tmp_path / label / "b.flac", rate=44100, channels=2)
        _write(tmp_path / label / "c.mp3", rate=22050)
        _write(tmp_path / label / "d.ogg", rate=16000)
    dataset, report = folders.load_audio_folder(tmp_path)
    assert report.layout == "labels" and report.files == 8 and not report.skipped
    assert list(dataset) == ["train"] and dataset["train"].num_rows == 8
    assert dataset["train"].features["label"].names == ["no", "yes"]
    from helpers.audio import read_audio

    rates = sorted({read_audio(a)[1] for a in dataset["train"]["audio"]})
    assert rates == [8000, 16000, 22050, 44100]  # as stored: prepare_dataset resamples


def test_split_folders_are_kept_and_validation_is_cut_from_train(tmp_path):
    for split, n in (("train", 6), ("test", 2)):
        for label in ("up", "down"):
            for i in range(n):
                _write(tmp_path / split / label / f"{i}.wav", seconds=0.5 + 0.1 * i)
    dataset, report = folders.load_audio_folder(tmp_path)
    assert report.layout == "splits" and sorted(dataset) == ["test", "train"]
    splits = folders.split_by_group(dataset, group_column=None, validation_size=0.25)
    assert [splits[s].num_rows for s in ("train", "validation", "test")] == [9, 3, 4]
    caveat = folders.speaker_caveat(report, dataset)  # said on every result
    assert "validation was cut at random from the training folder" in caveat
    assert "shares speakers with training" in caveat


def test_metadata_with_speakers_gives_speaker_disjoint_splits(clips, tmp_path):
    root = folders.write_example_folder(clips, tmp_path / "calls", group_column="speaker")
    assert (root / "metadata.csv").is_file() and (root / "balance").is_dir()
    dataset, report = folders.load_audio_folder(root)
    assert report.layout == "metadata" and report.group_column == "speaker"
    assert dataset["train"].features["label"].names == sorted(LABELS)
    splits = folders.split_by_group(dataset, group_column="speaker", seed=0)
    speakers = {name: set(split["speaker"]) for name, split in splits.items()}
    assert not speakers["train"] & speakers["validation"]
    assert not speakers["train"] & speakers["test"]
    assert not speakers["validation"] & speakers["test"]
    assert sum(s.num_rows for s in splits.values()) == clips.num_rows
    for split in splits.values():  # every class in every split
        assert set(split["label"]) == {0, 1, 2}


def test_bad_files_are_listed_skipped_and_kept_on_disk(tmp_path, capsys):
    for label in ("yes", "no"):
        for i in range(3):
            _write(tmp_path / label / f"{i}.wav")
    (tmp_path / "yes" / "empty.wav").write_bytes(b"")
    (tmp_path / "yes" / "noise.mp3").write_bytes(b"this is not audio" * 20)
    _write(tmp_path / "no" / "short.wav", seconds=0.02)
    _write(tmp_path / "no" / "silent.wav", value=0.0)
    dataset, report = folders.load_audio_folder(tmp_path)
    assert dataset["train"].num_rows == 6
    reasons = dict(report.skipped)
    assert set(reasons) == {"yes/empty.wav", "yes/noise.mp3", "no/short.wav", "no/silent.wav"}
    assert "empty file" in reasons["yes/empty.wav"]
    assert "could not be decoded" in reasons["yes/noise.mp3"]
    assert "short" in reasons["no/short.wav"] and "silent" in reasons["no/silent.wav"]
    assert all((tmp_path / p).exists() for p in reasons)  # nothing deleted
    assert "Left out 4 file(s)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda r: _write(r / "a.wav"), "has no label folders"),
        (lambda r: [_write(r / "yes" / f"{i}.wav") for i in range(3)], "single class"),
        (
            lambda r: [_write(r / "yes" / f"{i}.wav") for i in range(3)] + [_write(r / "no/0.wav")],
            "fewer than 2 usable clips",
        ),
        (
            lambda r: [_write(r / name / f"{i}.wav") for name in ("test", "cat") for i in range(2)],
            "mixes split folders",
        ),
        (lambda r: (r / "notes").mkdir(), "holds no audio files"),
    ],
    ids=["no-label-folders", "single-class", "one-clip-class", "split-named-label", "no-audio"],
)
def test_bad_layouts_get_one_sentence(tmp_path, make, message):
    make(tmp_path)
    with pytest.raises(folders.LayoutError, match=message) as error:
        folders.load_audio_folder(tmp_path)
    assert str(error.value).count(". ") == 0  # one sentence


def test_metadata_errors_name_the_problem(tmp_path):
    for i in range(2):
        _write(tmp_path / f"{i}.wav")
    (tmp_path / "metadata.csv").write_text("file_name,intent\n0.wav,yes\n1.wav,no\n")
    with pytest.raises(folders.LayoutError, match="lacks the column"):
        folders.load_audio_folder(tmp_path)
    (tmp_path / "metadata.csv").write_text("file_name,label\n0.wav,yes\nmissing.wav,no\n")
    with pytest.raises(folders.LayoutError, match="do not exist"):
        folders.load_audio_folder(tmp_path)


def test_too_few_speakers_for_disjoint_splits(clips, tmp_path):
    two = clips.filter(lambda row: row["speaker"] in ("v01", "v02"))
    root = folders.write_example_folder(two, tmp_path / "two", group_column="speaker")
    dataset, report = folders.load_audio_folder(root)
    with pytest.raises(folders.LayoutError, match=r"Only 2 speakers.*few_groups='share'"):
        folders.split_by_group(dataset, group_column=report.group_column)
    assert folders.folder_origin(root, report, dataset).caveat == ""  # no split made yet


def test_one_or_two_speakers_may_share_splits_when_asked_and_every_result_says_so(
    clips, tmp_path, capsys
):
    from helpers.hub import demo_label

    four = clips.filter(lambda row: row["speaker"] in ("v01", "v02", "v03", "v04"))
    for who in ({"v01": "me", "v02": "me", "v03": "me", "v04": "me"},  # one person, 8 takes each
                {"v01": "me", "v02": "me", "v03": "you", "v04": "you"}):  # fmt: skip
        few = four.map(lambda row, who=who: {"speaker": who[row["speaker"]]})
        root = folders.write_example_folder(
            few, tmp_path / str(len(set(who.values()))), group_column="speaker"
        )
        dataset, report = folders.load_audio_folder(root)
        splits = folders.split_by_group(
            dataset, group_column=report.group_column, seed=0, few_groups="share"
        )
        said = capsys.readouterr().out
        assert "the test split is cut at random from their clips" in said
        assert sum(s.num_rows for s in splits.values()) == few.num_rows
        assert all(len(set(s["label"])) == 3 for s in splits.values())  # stratified: every label
        origin = folders.folder_origin(root, report, dataset, splits=splits)
        assert "cut at random from the same voices as training" in origin.caveat
        assert "optimistic" in demo_label(origin)
    with pytest.raises(ValueError, match="use 'refuse' or 'share'"):
        folders.split_by_group(dataset, group_column="speaker", few_groups="allow")


def _split_folders_with_speakers(clips, root, train_voices, test_voices):
    """``root/train/<label>/<voice>_NNNN.wav`` and ``root/test/...``: a learner's own folder."""
    from helpers.audio import read_audio

    names = clips.features["label"].names
    for split, voices in (("train", train_voices), ("test", test_voices)):
        rows = clips.filter(lambda row, voices=voices: row["speaker"] in voices)
        for k, row in enumerate(rows):
            wave, rate = read_audio(row["audio"])
            path = root / split / names[row["label"]] / f"{row['speaker']}_{k:04d}.wav"
            path.parent.mkdir(parents=True, exist_ok=True)
            AudioEncoder(torch.from_numpy(wave)[None], sample_rate=rate).to_file(str(path))
    return root


def test_few_speakers_still_hold_out_a_whole_speaker_and_say_which(clips, tmp_path, capsys):
    root = _split_folders_with_speakers(
        clips, tmp_path / "calls", ["v01", "v03", "v05", "v06"], ["v02"]
    )
    dataset, report = folders.load_audio_folder(root, speaker_pattern=r"^(v\d+)_")
    splits = folders.split_by_group(dataset, group_column=report.group_column, seed=0)
    voices = {name: set(split["speaker"]) for name, split in splits.items()}
    assert voices["test"] == {"v02"} and len(voices["validation"]) == 1
    assert len(voices["train"]) == 3 and not voices["train"] & voices["validation"]
    held = next(iter(voices["validation"]))
    said = capsys.readouterr().out
    assert f"Only 4 speakers for a 15% validation split: speaker {held!r} is held out" in said
    assert "25% of these clips), 3 speakers stay for training." in said
    # three speakers and no split folders: test and validation take one each, one would
    # be left to train on, so it refuses in one sentence
    three = clips.filter(lambda row: row["speaker"] in ("v01", "v02", "v03"))
    root = folders.write_example_folder(three, tmp_path / "three", group_column="speaker")
    dataset, report = folders.load_audio_folder(root)
    with pytest.raises(folders.LayoutError, match=r"^Only 2 speakers left for the validation"):
        folders.split_by_group(dataset, group_column=report.group_column)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--speaker-pattern", r"^(x\d+)_"], "does not match the speaker pattern"),
        ([], None),  # no speakers known: stratified, but one class has too few clips
    ],
)
def test_train_cli_refuses_a_folder_in_one_sentence_with_exit_status_2(tmp_path, args, message):
    root = tmp_path / "calls"
    for label, n in (("yes", 3), ("no", 1)):
        for k in range(n):
            _write(root / label / f"v1_{k}.wav")
    _write(root / "no" / "v2_0.wav")
    command = [sys.executable, str(REPO_ROOT / "scripts" / "train.py"), "--data-dir", str(root)]
    done = subprocess.run(command + args, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("train.py: ")]
    assert len(lines) == 1, done.stderr[-2000:]
    assert message is None or message in lines[0]


def test_write_example_folder_never_overwrites(clips, tmp_path):
    (tmp_path / "mine.wav").write_bytes(b"keep")
    with pytest.raises(FileExistsError, match="not empty"):
        folders.write_example_folder(clips, tmp_path)
    assert (tmp_path / "mine.wav").read_bytes() == b"keep"


@pytest.mark.slow
def test_train_cli_on_a_folder_prints_json_and_saves_a_pipeline_model(clips, tmp_path):
    """`scripts/train.py --data-dir`: the real Whisper offline, speaker-disjoint, JSON out."""
    from helpers.paths import whisper_offline_dir

    if not (whisper_offline_dir() / "model.safetensors").is_file():
        pytest.skip("run `python scripts/convert_whisper.py` (scripts/setup.sh does) first")
    root = folders.write_example_folder(clips, tmp_path / "calls", group_column="speaker")
    _write(root / "balance" / "silent.wav", value=0.0)
    out = tmp_path / "model"
    command = [
        sys.executable, str(REPO_ROOT / "scripts" / "train.py"), "--data-dir", str(root),
        "--output-dir", str(out), "--augment-copies", "1",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    metrics = json.loads(done.stdout[done.stdout.rindex("\n{") :])
    assert metrics["skipped_files"] == 1 and metrics["model"] == "openai/whisper-tiny.en"
    assert metrics["test_accuracy"] > 2 / 3, metrics  # 3 classes: chance 1/3
    assert {"validation_accuracy", "test_f1_macro", "train_clips"} <= set(metrics)
    seconds = metrics["seconds"]  # the encoder's one pass is within the whole run
    assert 0 < seconds["encode"] < seconds["total"] and 0 < seconds["train"] < seconds["total"]
    low, high = metrics["test_accuracy_ci95"]
    assert low <= metrics["test_accuracy"] <= high and metrics["speakers_shared"] is False
    assert "local copy" in done.stdout  # says it used the offline Whisper
    assert metrics["augment_copies"] == 1 and "1 augmented copies" in done.stdout
    # the course's real-frames head (helpers.heads), kept at the lowest validation loss
    assert json.loads((out / "config.json").read_text())["model_type"] == "whisper-pooled"
    assert "the lowest validation loss" in done.stdout
    from transformers import pipeline

    classifier = pipeline("audio-classification", model=str(out))
    assert {c["label"] for c in classifier(np.zeros(16000, np.float32) + 0.01, top_k=3)} == set(
        LABELS
    )
    shutil.rmtree(out)


def test_numeric_metadata_labels_and_too_small_classes_for_three_splits(tmp_path):
    rows = ["file_name,label"]
    for label in (0, 1):
        for i in range(2):
            _write(tmp_path / f"{label}_{i}.wav")
            rows.append(f"{label}_{i}.wav,{label}")
    (tmp_path / "metadata.csv").write_text("\n".join(rows) + "\n")
    dataset, _ = folders.load_audio_folder(tmp_path)
    assert dataset["train"].features["label"].names == ["0", "1"]
    with pytest.raises(folders.LayoutError, match="stratified train/validation/test split"):
        folders.split_by_group(dataset, group_column=None)


def test_a_speaker_pattern_reads_speakers_from_file_names(tmp_path):
    people = ["ana", "ben", "cat", "dan", "eve", "fay", "gus", "hal"]
    for label in ("up", "down"):
        for who in people:
            for take in range(2):
                _write(tmp_path / label / f"{who}_{take}.wav", seconds=0.3 + 0.05 * take)
    dataset, report = folders.load_audio_folder(tmp_path, speaker_pattern=r"^(?P<speaker>[a-z]+)_")
    assert report.group_column == "speaker"
    assert sorted(set(dataset["train"]["speaker"])) == people
    splits = folders.split_by_group(dataset, group_column="speaker", seed=0)
    speakers = {name: set(split["speaker"]) for name, split in splits.items()}
    assert not speakers["train"] & (speakers["validation"] | speakers["test"])
    assert not speakers["validation"] & speakers["test"]
    origin = folders.folder_origin(tmp_path, report, dataset)
    assert origin.caveat == "" and "each in one split" in str(origin)
    first_group, _ = folders.load_audio_folder(tmp_path, speaker_pattern=r"([a-z]+)_\d")
    assert first_group["train"]["speaker"] == dataset["train"]["speaker"]
    _write(tmp_path / "up" / "Unknown-7.wav")
    with pytest.raises(folders.LayoutError, match=r"Unknown-7\.wav does not match"):
        folders.load_audio_folder(tmp_path, speaker_pattern=r"^(?P<speaker>[a-z]+)_")


def test_without_speakers_every_result_says_the_splits_share_them(clips, tmp_path):
    from helpers.hub import demo_label

    root = folders.write_example_folder(clips, tmp_path / "calls")  # label folders only
    dataset, report = folders.load_audio_folder(root)
    origin = folders.folder_origin(root, report, dataset)
    assert "share speakers with training" in origin.caveat
    assert "optimistic" in demo_label(origin)  # rides on every printed result
    assert origin.real  # your own recordings are real data
    with_speakers = folders.write_example_folder(clips, tmp_path / "spk", group_column="speaker")
    dataset, report = folders.load_audio_folder(with_speakers)
    assert folders.folder_origin(with_speakers, report, dataset).caveat == ""
    with pytest.raises(folders.LayoutError, match="already has a 'speaker' column"):
        folders.load_audio_folder(with_speakers, speaker_pattern=r"(\w+)")
