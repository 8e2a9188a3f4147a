import ast
import os
import re
import subprocess
import sys
import types

import nbformat
import numpy as np
import pytest
import torch
from sklearn.metrics import f1_score

from helpers import paths, training
from tooling import notebooks


def test_local_metric_loads_offline_and_matches_sklearn():
    metric = training.load_metric()
    refs, preds = [0, 1, 2, 2, 1, 0], [0, 2, 2, 2, 1, 1]
    result = metric.compute(predictions=preds, references=refs)
    assert result["accuracy"] == pytest.approx(4 / 6)
    assert result["f1_macro"] == pytest.approx(f1_score(refs, preds, average="macro"))


def test_compute_metrics_takes_the_argmax_of_logits():
    compute = training.make_compute_metrics()
    logits = np.array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]])
    pred = types.SimpleNamespace(predictions=(logits,), label_ids=np.array([1, 0, 0]))
    assert compute(pred)["accuracy"] == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    ("capability", "gpu", "expected"),
    [
        ((7, 0), "Tesla V100", "fp16"),
        ((7, 5), "Tesla T4", "fp16"),  # Colab's free GPU: bf16 only emulated
        ((8, 0), "NVIDIA A100", "bf16"),
        ((9, 0), "NVIDIA H100", "bf16"),
    ],
)
def test_bf16_only_where_the_gpu_computes_it_natively(monkeypatch, capability, gpu, expected):
    """Faked device capabilities; torch's emulation-inclusive bf16 check says yes throughout."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "get_device_capability", lambda device=None: capability)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda device=None: gpu)
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda including_emulation=True: True)
    flags = training.mixed_precision("cuda")
    assert flags == {"bf16": expected == "bf16", "fp16": expected == "fp16"}
    assert training.mixed_precision("cuda:0") == flags
    sentence = training.describe_precision("cuda")
    assert sentence.startswith(f"Training in {expected} mixed precision: {gpu}")
    assert training.mixed_precision("cpu") == {"bf16": False, "fp16": False}


def test_no_cuda_means_fp32_and_nothing_asks_torch_for_emulated_bf16():
    assert training.precision_for_capability(None) == {"bf16": False, "fp16": False}
    assert training.mixed_precision("cuda") == {"bf16": False, "fp16": False}  # no GPU here
    assert "fp32" in training.describe_precision("cpu")
    sources = [paths.REPO_ROOT / "scripts" / "train.py", *paths.REPO_ROOT.glob("src/helpers/*.py")]
    sources += sorted((paths.REPO_ROOT / "notebooks").glob("*.ipynb"))
    offenders = [p.name for p in sources if "is_bf16_supported()" in p.read_text()]
    assert offenders == []


def test_training_arguments_use_current_names(tmp_path):
    run = training.PRESETS["demo"]
    args = training.training_arguments(tmp_path, run, device="cpu", seed=7, num_train_epochs=1)
    assert args.eval_strategy == "epoch" and args.save_strategy == "epoch"
    assert args.warmup_steps == pytest.approx(0.1)
    assert args.learning_rate == run.learning_rate and args.num_train_epochs == 1
    assert (
        args.seed == 7 and args.load_best_model_at_end and args.metric_for_best_model == "accuracy"
    )
    assert args.use_cpu and not args.bf16 and not args.push_to_hub


NOTEBOOK_03 = notebooks.NOTEBOOK_DIR / "03_fine_tune_wav2vec2.ipynb"


def _recipe_cells(path=NOTEBOOK_03) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [c.source for c in nb.cells if "recipe" in c.metadata.get("tags", [])]


def _parameters(offline: bool) -> dict:
    nb = nbformat.read(NOTEBOOK_03, as_version=4)
    values: dict = {}
    exec(notebooks.parameters_cell(nb).source, values)
    if offline:
        values.update(notebooks.offline_overrides(nb))
    return values


@pytest.mark.parametrize(("offline", "preset"), [(False, "full"), (True, "demo")])
def test_notebook_03_hyper_parameters_are_the_script_presets(offline, preset):
    """Notebook 03 (defaults / offline values) and scripts/train.py --preset train alike."""
    values, run = _parameters(offline), training.PRESETS[preset]
    assert values["EPOCHS"] == run.num_train_epochs
    assert values["BATCH_SIZE"] == run.per_device_train_batch_size
    assert values["LEARNING_RATE"] == pytest.approx(run.learning_rate)
    assert values["WARMUP"] == pytest.approx(run.warmup_ratio)


def test_notebook_03_training_arguments_equal_the_helpers(tmp_path):
    """The TrainingArguments cell a learner copies and the script's helper give one recipe."""
    values = _parameters(offline=True) | {"CHECKPOINTS": tmp_path / "run"}
    values["precision"] = training.mixed_precision("cpu")
    cell = next(c for c in _recipe_cells() if "TrainingArguments(" in c)
    exec(cell, values)
    ours = values["args"].to_dict()
    from transformers import AutoFeatureExtractor

    extractor = AutoFeatureExtractor.from_pretrained(NOTEBOOK_03.parent / values["MODEL_ID"])
    helper = training.training_arguments(
        tmp_path / "run", training.PRESETS["demo"], device="cpu", seed=values["SEED"],
        feature_extractor=extractor,
    ).to_dict()  # fmt: skip
    assert ours["per_device_eval_batch_size"] == 1
    device_specific = ("use_cpu", "data_seed", "logging_dir")
    keys = [k for k in helper if k not in device_specific]
    assert {k: ours[k] for k in keys} == {k: helper[k] for k in keys}


@pytest.mark.slow
def test_notebook_03_recipe_runs_without_the_helpers(tmp_path):
    """The recipe cells, pasted into a fresh Python with only transformers/datasets/evaluate."""
    recipe = _recipe_cells()
    assert len(recipe) == 4  # model, TrainingArguments, compute_metrics, Trainer + train
    preamble = f"""
import sys
sys.modules["helpers"] = None  # importing this repository's helpers now fails
import evaluate
from datasets import Audio, load_dataset
from transformers import AutoFeatureExtractor

rows = load_dataset("parquet", data_files={str(paths.bundled_dataset_dir() / "train.parquet")!r})
rows = rows["train"].filter(lambda label: label < 3, input_columns="intent_class")
rows = rows.cast_column("audio", Audio(sampling_rate=16000))
minds = rows.train_test_split(test_size=0.3, stratify_by_column="intent_class", seed=0)
names = rows.features["intent_class"].names
label2id, id2label = {{n: i for i, n in enumerate(names)}}, dict(enumerate(names))
model_ref = {str(paths.tiny_model_dir("wav2vec2-pretrained"))!r}
feature_extractor = AutoFeatureExtractor.from_pretrained(model_ref)

def preprocess(batch):
    arrays = [a["array"] for a in batch["audio"]]
    return feature_extractor(arrays, sampling_rate=16000, max_length=64000, truncation=True)

encoded = minds.map(preprocess, batched=True, remove_columns=["audio", "path", "transcription",
                    "english_transcription", "lang_id"]).rename_column("intent_class", "label")
encoded["validation"] = encoded.pop("test")
EPOCHS, BATCH_SIZE, LEARNING_RATE, WARMUP, SEED, PUSH_TO_HUB = 2, 8, 1e-3, 0.1, 0, False
precision = {{"bf16": False, "fp16": False}}  # what helpers.training.mixed_precision gives a CPU
CHECKPOINTS = {str(tmp_path / "checkpoints")!r}
metric = evaluate.load({str(training.METRIC_DIR)!r})
"""
    check = """
import torch
fresh = AutoModelForAudioClassification.from_pretrained(model_ref, num_labels=len(id2label))
def same(a, b):
    return all(torch.equal(x, y.cpu()) for x, y in zip(a.parameters(), b.parameters()))
result = trainer.evaluate()
trained = trainer.model.wav2vec2
result["conv_unchanged"] = same(fresh.wav2vec2.feature_extractor, trained.feature_extractor)
result["transformer_changed"] = not same(fresh.wav2vec2.encoder, trained.encoder)
print("RESULT", result)
"""
    script = "\n\n".join([preamble, *recipe, check])
    env = dict(os.environ, HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = ast.literal_eval(done.stdout.split("RESULT ", 1)[1].strip())
    assert 0 <= result["eval_accuracy"] <= 1 and "eval_f1_macro" in result
    # freeze_feature_encoder() really froze the convolutional layers; the rest trained
    assert result["conv_unchanged"] and result["transformer_changed"]
    assert sorted(p.name for p in (tmp_path / "checkpoints").iterdir())  # it saved epochs


def test_keep_previous_run_moves_a_saved_model_aside(tmp_path, capsys):
    out = tmp_path / "model"
    assert training.keep_previous_run(out) is None
    out.mkdir()
    assert training.keep_previous_run(out) is None  # empty: nothing to keep
    (out / "model.safetensors").write_bytes(b"weights")
    backup = training.keep_previous_run(out)
    assert backup == tmp_path / "model-previous" and not out.exists()
    assert (backup / "model.safetensors").read_bytes() == b"weights"
    assert "moved it to" in capsys.readouterr().out
    out.mkdir()  # a second rerun: the newer run is kept, the one before it goes
    (out / "model.safetensors").write_bytes(b"newer")
    assert training.keep_previous_run(out) == backup
    assert (backup / "model.safetensors").read_bytes() == b"newer"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model-previous"]
    said = capsys.readouterr().out
    assert "one previous run is kept" in said and said.count("\n") == 1


def test_log_curves_reads_trainer_history():
    history = [
        {"loss": 2.6, "epoch": 0.5, "step": 5},
        {"eval_loss": 2.4, "eval_accuracy": 0.2, "eval_f1_macro": 0.1, "epoch": 1.0},
        {"loss": 2.1, "epoch": 1.5, "step": 15},
        {"eval_loss": 2.0, "eval_accuracy": 0.3, "eval_f1_macro": 0.2, "epoch": 2.0},
        {"train_runtime": 3.0, "epoch": 2.0},
        # trainer.evaluate() after training: the best epoch (1) reloaded, logged at epoch 2
        {"eval_loss": 2.4, "eval_accuracy": 0.2, "eval_f1_macro": 0.1, "epoch": 2.0},
    ]
    curves = training.log_curves(history)
    assert curves == {
        "loss": [(0.5, 2.6), (1.5, 2.1)],
        "eval_loss": [(1.0, 2.4), (2.0, 2.0)],
        "eval_accuracy": [(1.0, 0.2), (2.0, 0.3)],
        "eval_f1_macro": [(1.0, 0.1), (2.0, 0.2)],
    }


@pytest.mark.slow
def test_train_script_on_minds14_writes_json_model_and_export(tmp_path):
    """The single-process path of scripts/train.py (demo preset, one epoch): outputs and layout.

    Whether this recipe learns is checked where it runs in full: notebook 03's sanity-check
    cell asserts the course's rule (the 95 % interval's lower end above chance) on the
    held-out voices.
    """
    import json
    import subprocess
    import sys

    from helpers.paths import REPO_ROOT, tiny_model_dir

    command = [
        sys.executable, str(REPO_ROOT / "scripts" / "train.py"), "--preset", "demo",
        "--source", "bundled", "--model-id", str(tiny_model_dir("wav2vec2-pretrained")),
        "--output-dir", str(tmp_path / "run"), "--export-dir", str(tmp_path / "model"),
        "--epochs", "1",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    metrics = json.loads(done.stdout[done.stdout.rindex("\n{") :])
    assert 0 <= metrics["test_accuracy"] <= 1 and 0 <= metrics["validation_accuracy"] <= 1
    assert (metrics["train_clips"], metrics["validation_clips"], metrics["test_clips"]) == (
        196, 56, 84,
    )  # fmt: skip
    assert "OFFLINE DEMO" in metrics["note"]
    low, high = metrics["validation_f1_macro_ci95"]
    assert low <= metrics["validation_f1_macro"] <= high
    low, high = metrics["test_accuracy_ci95_speakers"]  # the bundled test voices are known
    assert low <= metrics["test_accuracy"] <= high
    assert metrics["learnt"] == (min(metrics["test_accuracy_ci95"][0], low) > 1 / 14)
    assert "Kept epoch 1 of 1" in done.stdout
    assert "\r" not in done.stdout + done.stderr  # piped: no progress-bar redraws
    assert done.stdout.rstrip().endswith("}")  # the JSON stays the last thing printed
    saved = sorted(p.name for p in (tmp_path / "run").iterdir())
    assert "model.safetensors" in saved and not any(p.startswith("checkpoint") for p in saved)
    assert any(p.name.startswith("checkpoint") for p in (tmp_path / "run-checkpoints").iterdir())
    exported = sorted(p.name for p in (tmp_path / "model").iterdir())
    assert exported == ["config.json", "model.safetensors", "preprocessor_config.json"]


def test_trainer_evaluates_on_validation_never_on_test(tmp_path, bundled):
    from datasets import DatasetDict
    from transformers import AutoFeatureExtractor

    from helpers.paths import tiny_model_dir

    folder = tiny_model_dir("wav2vec2")
    extractor = AutoFeatureExtractor.from_pretrained(folder)
    small = DatasetDict({name: split.select(range(4)) for name, split in bundled.items()})
    encoded, _ = training.prepare_dataset(small, extractor)
    label2id, id2label = training_label_maps()
    model = training.load_model(str(folder), label2id, id2label)
    args = training.training_arguments(tmp_path, training.PRESETS["demo"], device="cpu")
    trainer = training.build_trainer(model, args, encoded, extractor)
    assert trainer.eval_dataset._fingerprint == encoded["validation"]._fingerprint
    assert trainer.eval_dataset._fingerprint != encoded["test"]._fingerprint
    with pytest.raises(ValueError, match="no 'validation' split"):
        training.build_trainer(model, args, encoded.pop("validation") and encoded, extractor)


def test_kept_checkpoint_is_named_with_its_epoch_and_ties_in_a_real_trainer_run(tmp_path, bundled):
    from datasets import DatasetDict
    from transformers import AutoFeatureExtractor

    from helpers.paths import tiny_model_dir

    folder = tiny_model_dir("wav2vec2")
    extractor = AutoFeatureExtractor.from_pretrained(folder)
    small = DatasetDict({name: split.select(range(4)) for name, split in bundled.items()})
    encoded, _ = training.prepare_dataset(small, extractor)
    model = training.load_model(str(folder), *training_label_maps())
    # learning rate 0: every epoch scores the same, so all six tie and the first is kept
    run = training.RunSize(6, 4, 0.0)
    args = training.training_arguments(tmp_path, run, device="cpu", disable_tqdm=True)
    trainer = training.build_trainer(model, args, encoded, extractor)
    trainer.train()
    trainer.evaluate()  # logged after training: not one of the epochs
    assert training.kept_epoch(trainer) == 1.0
    text = training.describe_kept_checkpoint(trainer)
    accuracy = next(e["eval_accuracy"] for e in trainer.state.log_history if "eval_accuracy" in e)
    assert text == (
        f"Kept epoch 1 of 6 (step 1): the best validation accuracy, {accuracy:.1%}; "
        "5 other epochs (between 2 and 6) tied with it, and Trainer keeps the first. "
        f"The plateau (median accuracy of the last 3 validations, epochs 4-6) is {accuracy:.1%}: "
        "the kept figure sits 0.0 points above it."
    )
    # a history with two ties names them (read as Trainer logs it: step, epoch, metric)
    trainer.state.log_history = [
        e for e in trainer.state.log_history if "eval_accuracy" not in e or e["epoch"] <= 3
    ]
    assert "; epochs 2, 3 tied with it" in training.describe_kept_checkpoint(trainer)


def test_a_head_is_kept_at_its_lowest_validation_loss_and_stops_when_that_stops_falling(
    tmp_path, tiny_pooled_model
):
    """Noise labels: the head memorises the training clips, validation loss turns upwards, and
    the selection keeps the lowest loss (not the luckiest accuracy) and stops early."""
    from datasets import Dataset, DatasetDict, Features, Sequence, Value

    model = tiny_pooled_model
    rng = np.random.default_rng(0)
    features = Features({"pooled_features": Sequence(Value("float32")), "label": Value("int64")})

    def noise(n):
        rows = {"pooled_features": rng.normal(size=(n, 16)).tolist()}
        return Dataset.from_dict({**rows, "label": rng.integers(0, 4, n).tolist()}, features)

    cached = DatasetDict(train=noise(48), validation=noise(48))
    trainer = training.train_head_on_cache(
        model, cached, None, tmp_path, device="cpu", steps=3000, learning_rate=3e-2
    )
    losses = [(e["step"], e["eval_loss"]) for e in trainer.state.log_history if "eval_loss" in e]
    losses = losses[:-1] if len(losses) > 1 and losses[-1][0] == losses[-2][0] else losses
    assert 3 <= len(losses) <= 31  # every few epochs, not after each of 300 epochs
    assert trainer.state.global_step < trainer.state.max_steps  # stopped early
    lowest_step = min(losses, key=lambda e: e[1])[0]
    assert trainer.state.best_model_checkpoint.endswith(f"checkpoint-{lowest_step}")
    # the model left in the trainer is the kept one: its validation loss is the lowest
    assert trainer.evaluate()["eval_loss"] == pytest.approx(min(v for _, v in losses), rel=1e-5)
    text = training.describe_kept_checkpoint(trainer)
    assert "the lowest validation loss" in text and "Training stopped early" in text, text
    assert "The plateau (median accuracy of the last" in text, text


def test_pad_with_mask_gives_the_model_a_mask_of_the_clip_lengths(bundled):
    """wav2vec2-base-style extractor (no mask of its own): the collator adds one, the head
    then averages only real frames, and the saved extractor still says it returns none."""
    import torch
    from transformers import AutoFeatureExtractor

    from helpers.paths import tiny_model_dir

    folder = str(tiny_model_dir("wav2vec2-pretrained"))
    extractor = AutoFeatureExtractor.from_pretrained(folder)
    assert not extractor.return_attention_mask
    clip = np.asarray(bundled["test"][0]["audio"]["array"], dtype=np.float32)
    rows = [{"input_values": clip[:n], "label": i} for i, n in enumerate((8000, 16000))]
    batch = training.PadWithMask(extractor)(rows)
    assert batch["attention_mask"].sum(-1).tolist() == [8000, 16000]
    assert batch["input_values"].shape == (2, 16000) and batch["labels"].tolist() == [0, 1]
    assert torch.all(batch["input_values"][0, 8000:] == 0)
    assert not extractor.return_attention_mask  # nothing saved with the model changes
    model = training.load_model(folder, *training_label_maps()).eval()
    with torch.no_grad():
        masked = model(input_values=batch["input_values"], attention_mask=batch["attention_mask"])
        plain = model(input_values=batch["input_values"]).logits[0]
        alone = model(input_values=batch["input_values"][:1, :8000]).logits[0]
    # with the mask the short clip's score moves towards its score alone (the group-norm
    # front end still sees the zeros, so not all the way)
    assert (masked.logits[0] - alone).abs().max() < (plain - alone).abs().max()


def training_label_maps():
    from helpers.data import INTENT_NAMES, label_maps

    return label_maps(INTENT_NAMES)


def test_checkpoints_live_beside_the_model_folder(tmp_path):
    assert training.checkpoints_dir(tmp_path / "m") == tmp_path / "m-checkpoints"


def test_prepare_dataset_resamples_chooses_the_length_and_renames(bundled, monkeypatch):
    from datasets import DatasetDict
    from transformers import AutoFeatureExtractor

    from helpers.data import clip_durations
    from helpers.paths import tiny_model_dir

    extractor = AutoFeatureExtractor.from_pretrained(tiny_model_dir("wav2vec2"))
    small = DatasetDict({name: split.select(range(6)) for name, split in bundled.items()})
    encoded, length = training.prepare_dataset(small, extractor, length_percentile=50)
    seconds = clip_durations(small["train"])
    assert length % 320 == 0 and length >= np.percentile(seconds, 50) * 16000
    assert length < np.percentile(seconds, 50) * 16000 + 320  # rounded up to one frame only
    for name, split in encoded.items():
        assert split.column_names == ["label", "input_values", "num_samples"], name
        assert split["label"] == small[name]["intent_class"]
        # num_samples: the clip at 16 kHz (twice its 8-kHz length), before truncation
        assert split["num_samples"] == [round(s * 16000) for s in clip_durations(small[name])]
        # training clips cut to the length; validation and test whole, as the test scores them
        cut = length if name == "train" else max(split["num_samples"])
        assert all(
            len(x) == min(n, cut)
            for x, n in zip(split["input_values"], split["num_samples"], strict=True)
        )
    assert max(encoded["test"]["num_samples"]) > length  # so "whole" was really tested
    fixed, given = training.prepare_dataset(small, extractor, input_length=3200)
    assert given == 3200 and max(len(x) for x in fixed["train"]["input_values"]) == 3200
    with pytest.raises(ValueError, match="no column 'speech'"):
        training.prepare_dataset(small, extractor, audio_column="speech")
    # the map batch bounds memory only: one clip per batch gives the same values
    monkeypatch.setattr(training, "PREPROCESS_BATCH", 1)
    one_by_one, _ = training.prepare_dataset(small, extractor, length_percentile=50)
    for name, split in encoded.items():
        for a, b in zip(split["input_values"], one_by_one[name]["input_values"], strict=True):
            assert np.array_equal(a, b), name


RANKS_SCRIPT = """
import sys
from pathlib import Path

from accelerate import PartialState

from helpers.training import keep_previous_runs

state = PartialState(cpu=True)
out = Path(sys.argv[1])
moved = keep_previous_runs(out.with_name(out.name + "-checkpoints"), out)
out.mkdir(exist_ok=True)  # what training does next, on every rank
(out / f"rank{state.process_index}.txt").write_text("this run")
state.wait_for_everyone()
print(f"RANK {state.process_index} of {state.num_processes} moved {len(moved)}", flush=True)
"""


@pytest.mark.slow
def test_two_ranks_move_the_previous_run_once_then_both_write(tmp_path):
    """torchrun with 2 CPU processes (gloo): one move per folder, no rank writes too early."""
    out = tmp_path / "model"
    for folder in (out, tmp_path / "model-checkpoints"):
        folder.mkdir()
        (folder / "model.safetensors").write_text("previous run")
    script = tmp_path / "ranks.py"
    script.write_text(RANKS_SCRIPT)
    command = [
        sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
        str(script), str(out),
    ]  # fmt: skip
    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONUNBUFFERED="1")
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert sorted(re.findall(r"RANK \d of \d moved \d", done.stdout)) == [
        "RANK 0 of 2 moved 2",
        "RANK 1 of 2 moved 0",
    ]
    backups = sorted(p.name for p in tmp_path.glob("model*-previous"))
    assert backups == ["model-checkpoints-previous", "model-previous"]
    for backup in tmp_path.glob("model*-previous"):
        assert [p.name for p in backup.iterdir()] == ["model.safetensors"]
    assert sorted(p.name for p in out.iterdir()) == ["rank0.txt", "rank1.txt"]


def test_learning_curves_mark_the_kept_epoch_and_the_uniform_guess_loss():
    import math

    from helpers.plots import plot_learning_curves

    curves = {
        "loss": [(0.5, 2.7), (1.5, 2.6), (2.5, 2.65)],
        "eval_accuracy": [(1.0, 0.1), (2.0, 0.2), (3.0, 0.2)],
    }
    fig = plot_learning_curves(curves, chance=1 / 14, kept_epoch=2.0)
    left, right = fig.axes[:2]
    flat = [line.get_ydata()[0] for line in left.get_lines() if len(set(line.get_ydata())) == 1]
    assert any(math.isclose(y, math.log(14)) for y in flat)  # ln 14: a uniform guess's loss
    for ax in (left, right):
        kept = [line for line in ax.get_lines() if "kept: epoch 2" in line.get_label()]
        assert len(kept) == 1 and list(kept[0].get_xdata()) == [2.0, 2.0]
    plain = plot_learning_curves(curves)  # neither given: nothing extra drawn
    assert all("kept" not in line.get_label() for ax in plain.axes for line in ax.get_lines())


def test_train_script_takes_locales_and_reports_each(tmp_path):
    """--locales: two locales of the multilingual stand-in in one model, per-locale results;
    a locale MInDS-14 does not have is refused in one sentence before anything loads."""
    import json
    import subprocess
    import sys

    from helpers.paths import REPO_ROOT, model_cache_dir

    script = str(REPO_ROOT / "scripts" / "train.py")
    refused = subprocess.run(
        [sys.executable, script, "--locales", "de-DE,xx-XX", "--source", "bundled"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert refused.returncode == 2
    assert (
        refused.stderr.strip()
        .splitlines()[-1]
        .startswith("train.py: MInDS-14 has no locale 'xx-XX': choose from cs-CZ")
    )
    command = [
        sys.executable, script, "--locales", "ko-KR,zh-CN", "--source", "bundled",
        "--model-id", str(model_cache_dir() / "whisper-tiny.en"),
        "--output-dir", str(tmp_path / "run"),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    metrics = json.loads(done.stdout[done.stdout.rindex("\n{") :])
    assert (metrics["train_clips"], metrics["validation_clips"], metrics["test_clips"]) == (
        84, 28, 56,
    )  # fmt: skip
    by_locale = metrics["test_accuracy_by_locale"]
    assert list(by_locale) == ["ko-KR", "zh-CN"]
    for row in by_locale.values():
        low, high = row["ci95"]
        assert row["clips"] == 28 and low <= row["accuracy"] <= high
    overall = sum(r["accuracy"] * r["clips"] for r in by_locale.values()) / 56
    assert overall == pytest.approx(metrics["test_accuracy"], abs=1e-3)
    assert "OFFLINE DEMO multilingual" in done.stdout
