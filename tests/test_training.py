import types

import nbformat
import numpy as np
import pytest
import torch
from sklearn.metrics import f1_score

from helpers import notebooks, training


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


def test_mixed_precision_follows_the_hardware(monkeypatch):
    assert training.mixed_precision("cpu") == {"bf16": False, "fp16": False}
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda: True)
    assert training.mixed_precision("cuda") == {"bf16": True, "fp16": False}
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda: False)
    assert training.mixed_precision("cuda") == {"bf16": False, "fp16": True}


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


def test_presets_give_many_more_steps_than_the_original_guide():
    full = training.PRESETS["full"]
    steps = full.num_train_epochs * int(np.ceil(450 / full.per_device_train_batch_size))
    assert steps >= 1000  # the original guide: 10 epochs x ceil(450 / 128) = 40 steps
    assert "optimizer steps on 450" in training.describe_run(full, 450)


def test_notebook_03_run_sizes_are_presets():
    nb = nbformat.read(notebooks.NOTEBOOK_DIR / "03_fine_tune_wav2vec2.ipynb", as_version=4)
    source = notebooks.parameters_cell(nb).source
    assert 'RUN_SIZE = "full"' in source
    assert notebooks.offline_overrides(nb)["RUN_SIZE"] in training.PRESETS


def test_keep_previous_run_moves_a_saved_model_aside(tmp_path, capsys):
    out = tmp_path / "model"
    assert training.keep_previous_run(out) is None
    out.mkdir()
    assert training.keep_previous_run(out) is None  # empty: nothing to keep
    (out / "model.safetensors").write_bytes(b"weights")
    backup = training.keep_previous_run(out)
    assert not out.exists() and (backup / "model.safetensors").read_bytes() == b"weights"
    assert "moved it to" in capsys.readouterr().out


def test_log_curves_reads_trainer_history():
    history = [
        {"loss": 2.6, "epoch": 0.5, "step": 5},
        {"eval_loss": 2.4, "eval_accuracy": 0.2, "eval_f1_macro": 0.1, "epoch": 1.0},
        {"train_runtime": 3.0, "epoch": 1.0},
    ]
    curves = training.log_curves(history)
    assert curves == {
        "loss": [(0.5, 2.6)],
        "eval_loss": [(1.0, 2.4)],
        "eval_accuracy": [(1.0, 0.2)],
        "eval_f1_macro": [(1.0, 0.1)],
    }


@pytest.mark.slow
def test_offline_recipe_learns_on_held_out_voices(tmp_path):
    """The single-process path of scripts/train.py, demo size: clearly above chance."""
    import json
    import subprocess
    import sys

    from helpers.paths import REPO_ROOT, tiny_model_dir

    command = [
        sys.executable, str(REPO_ROOT / "scripts" / "train.py"), "--preset", "demo",
        "--source", "bundled", "--model-id", str(tiny_model_dir("wav2vec2-pretrained")),
        "--output-dir", str(tmp_path / "run"), "--export-dir", str(tmp_path / "model"),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    metrics = json.loads(done.stdout[done.stdout.rindex("{") :])
    chance = 1 / 14
    assert metrics["test_accuracy"] >= 3 * chance, metrics
    assert 0 <= metrics["validation_accuracy"] <= 1 and metrics["test_clips"] == 84
    assert "OFFLINE DEMO" in metrics["note"]
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


def training_label_maps():
    from helpers.data import INTENT_NAMES, label_maps

    return label_maps(INTENT_NAMES)


def test_checkpoints_live_beside_the_model_folder(tmp_path):
    assert training.checkpoints_dir(tmp_path / "m") == tmp_path / "m-checkpoints"
