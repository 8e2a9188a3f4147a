"""Fine-tuning wav2vec2 on MInDS-14 with `Trainer`: the recipe's pieces, reusable.

The notebook and ``scripts/train.py`` (single GPU, several GPUs via ``accelerate
launch``/``torchrun``, or CPU) call these same functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from helpers.paths import DEFAULT_OUTPUT_DIR, shown  # noqa: F401 (DEFAULT_OUTPUT_DIR: re-exported)

METRIC_DIR = Path(__file__).parent / "metrics" / "accuracy_f1"


@dataclass(frozen=True)
class RunSize:
    """Hyper-parameters that depend on the model size and the hardware."""

    num_train_epochs: int
    per_device_train_batch_size: int
    learning_rate: float
    warmup_ratio: float = 0.1
    weight_decay: float = 0.01
    length_percentile: float = 95.0


#: ``full``: wav2vec2-base on the real MInDS-14 (≈450 training clips).
#: ``demo``: the tiny offline stand-in on the bundled data, sized for a CPU.
PRESETS: dict[str, RunSize] = {
    # 20 epochs x 57 steps of 8 clips = about 1,100 optimizer steps (the Transformers
    # audio-classification guide: 40). Batch 8 with lr 5e-5 is the setting of the model card
    # of saketag73/wav2vec2-base-finetuned-minds-1, which reports 76.1 % accuracy on its own
    # random split (the guide: batch 32 x 4 accumulation, lr 3e-5). Notebook 03's parameters
    # cell holds these values (a test keeps them equal).
    "full": RunSize(num_train_epochs=20, per_device_train_batch_size=8, learning_rate=5e-5),
    # The tiny stand-in (0.1 M parameters) learns with a 20x larger step size. Chosen
    # among 4 settings tried on the bundled data (lr 6e-4 to 3e-3, 12-16 epochs) when the
    # bundled data had no validation split, i.e. on its test voices: a demo setting only.
    "demo": RunSize(num_train_epochs=16, per_device_train_batch_size=8, learning_rate=1e-3),
}


def checkpoints_dir(output_dir: str | Path) -> Path:
    """Where `Trainer` writes checkpoints for a model saved to ``output_dir``: a sibling folder.

    Keeping them apart means ``output_dir`` only ever holds a complete model (an interrupted
    run leaves checkpoints, never a half-written model that notebook 04 would try to load).
    """
    path = Path(output_dir)
    return path.with_name(f"{path.name}-checkpoints")


def keep_previous_run(output_dir: str | Path) -> Path | None:
    """Move a non-empty ``output_dir`` aside to ``<name>-previous`` before a new run.

    Training writes checkpoints and the final model into ``output_dir``; a model saved by
    an earlier run would be overwritten. **One** previous run is kept: an older
    ``<name>-previous`` is removed first, so reruns (on Colab, say) do not pile up full
    copies of every earlier model. Both steps are said in one sentence, with the path as
    given (relative paths stay relative). Returns where the run was moved, or ``None``.
    """
    import shutil

    path = Path(output_dir)
    if not path.is_dir() or not any(path.iterdir()):
        return None
    backup = path.with_name(f"{path.name}-previous")
    removed = ""
    if backup.exists():
        shutil.rmtree(backup)
        removed = " (the run kept there before was removed: one previous run is kept)"
    path.rename(backup)
    print(f"{shown(path)} held an earlier run: moved it to {shown(backup)}{removed}.")
    return backup


def keep_previous_runs(*folders: str | Path, cpu: bool | None = None) -> list[Path]:
    """:func:`keep_previous_run` for each folder, safe with several processes.

    Under ``torchrun``/``accelerate launch`` every process runs the script: only the main
    process moves the folders, and every process waits for it at a barrier before going on
    (without one, two processes rename the same folder and one dies, or a fast process
    writes into a folder that is then moved away). Returns the backups (main process only).
    ``cpu`` (default: no CUDA GPU here) must match the run's device, as ``Trainer``'s
    ``use_cpu`` does: processes on CPUs meet through gloo, on GPUs through NCCL.
    """
    import torch
    from accelerate import PartialState

    state = PartialState(cpu=not torch.cuda.is_available() if cpu is None else cpu)
    moved = []
    if state.is_main_process:
        moved = [backup for folder in folders if (backup := keep_previous_run(folder))]
    state.wait_for_everyone()
    return moved


def load_metric():
    """Accuracy + macro-F1 through `evaluate`, from the local module (works offline)."""
    import evaluate

    return evaluate.load(str(METRIC_DIR))


def make_compute_metrics(metric=None):
    """``compute_metrics`` for `Trainer`: argmax of the logits → accuracy and macro-F1."""
    metric = metric or load_metric()

    def compute_metrics(eval_pred) -> dict[str, float]:
        logits, labels = eval_pred.predictions, eval_pred.label_ids
        if isinstance(logits, tuple):
            logits = logits[0]
        return metric.compute(predictions=np.argmax(logits, axis=-1), references=labels)

    return compute_metrics


#: The first compute capability with native bf16 (Ampere: A100, A10, L4; later H100).
NATIVE_BF16_CAPABILITY = (8, 0)


def precision_for_capability(capability: tuple[int, int] | None) -> dict[str, bool]:
    """``bf16``/``fp16`` flags for a CUDA compute capability (``None``: no CUDA GPU, fp32).

    bf16 only where the GPU computes it natively (capability ≥ 8.0); fp16 below (a T4 is
    7.5, a V100 7.0), where bf16 is only emulated and cuDNN has no bf16 convolutions.
    """
    if capability is None:
        return {"bf16": False, "fp16": False}
    native_bf16 = tuple(capability) >= NATIVE_BF16_CAPABILITY
    return {"bf16": native_bf16, "fp16": not native_bf16}


def mixed_precision(device: str) -> dict[str, bool]:
    """``bf16``/``fp16`` flags for TrainingArguments on ``device`` (``"cuda"``, ``"cuda:1"``, ...).

    Reads the GPU's compute capability instead of ``torch.cuda.is_bf16_supported``, which
    by default also counts emulated bf16 and so says True on a T4.
    """
    import torch

    if not str(device).startswith("cuda") or not torch.cuda.is_available():
        return precision_for_capability(None)
    return precision_for_capability(torch.cuda.get_device_capability(device))


def describe_precision(device: str) -> str:
    """One sentence: which precision training uses on ``device`` and why."""
    import torch

    flags = mixed_precision(device)
    if not (flags["bf16"] or flags["fp16"]):
        return f"Training in fp32 on {device} (mixed precision needs a CUDA GPU)."
    name = torch.cuda.get_device_name(device)
    major, minor = torch.cuda.get_device_capability(device)
    if flags["bf16"]:
        return (
            f"Training in bf16 mixed precision: {name} (compute capability {major}.{minor}) "
            "has native bf16."
        )
    return (
        f"Training in fp16 mixed precision: {name} (compute capability {major}.{minor}) has no "
        "native bf16 (it needs 8.0 or later)."
    )


def load_model(
    model_id: str,
    label2id: dict,
    id2label: dict,
    *,
    feature_extractor=None,
    freeze: str | None = "auto",
    head: str = "auto",
    **from_pretrained_kwargs,
):
    """``AutoModelForAudioClassification`` with a new head for the labels, any encoder family.

    - ``ignore_mismatched_sizes=True``: a checkpoint that already has a classifier of
      another size (AST's 527 AudioSet classes) gets a new one for our labels; transformers'
      loading report lists what was newly initialised;
    - SDPA attention where the architecture supports it;
    - the model is fitted to ``feature_extractor``'s fixed input length if given (Whisper's
      window, AST's frames: see :mod:`helpers.encoders`);
    - ``freeze`` (:func:`helpers.encoders.freeze`): ``"auto"`` freezes wav2vec2's
      convolutional feature encoder and Whisper's whole encoder, nothing of AST;
    - ``head="real-frames"`` (Whisper only):
      :class:`helpers.heads.WhisperPooledForAudioClassification`, mean and standard
      deviation over the positions that hold audio instead of the stock average over the
      whole window; the extractor is set to return the attention mask
      it needs (saved with it). ``head="stock"``: transformers' own class for the
      checkpoint. ``head="auto"`` (the default): real-frames for Whisper checkpoints, stock
      for every other family.
    """
    from transformers import AutoConfig, AutoModelForAudioClassification

    from helpers import encoders

    if head not in ("auto", "stock", "real-frames"):
        raise ValueError(f"head={head!r} must be 'auto', 'stock' or 'real-frames'.")
    if head == "auto":
        whisper = encoders.family_of_model(AutoConfig.from_pretrained(model_id)) == "whisper"
        head = "real-frames" if whisper else "stock"
    if head == "real-frames":
        from helpers.heads import pooled_from_whisper

        if encoders.family_of_model(AutoConfig.from_pretrained(model_id)) != "whisper":
            raise ValueError(
                f"head='real-frames' is for Whisper checkpoints; {model_id} is not one: "
                "use head='stock'."
            )
        if from_pretrained_kwargs:
            raise ValueError(
                f"head='real-frames' takes no from_pretrained arguments "
                f"({', '.join(sorted(from_pretrained_kwargs))}): it pools the last layer of "
                "the encoder; use head='stock' for transformers' own options."
            )
        model = pooled_from_whisper(model_id, label2id=label2id, id2label=id2label)
        model.config.problem_type = "single_label_classification"
        if feature_extractor is not None:
            feature_extractor.return_attention_mask = True  # the head pools the real frames
            encoders.fit_model_to_extractor(model, feature_extractor)
        encoders.freeze(model, freeze)
        return model

    kwargs = dict(  # the label count follows from id2label
        label2id=label2id,
        id2label=id2label,
        ignore_mismatched_sizes=True,
        **from_pretrained_kwargs,
    )
    try:
        model = AutoModelForAudioClassification.from_pretrained(
            model_id, attn_implementation="sdpa", **kwargs
        )
    except (ValueError, ImportError):  # architectures without an SDPA implementation
        model = AutoModelForAudioClassification.from_pretrained(model_id, **kwargs)
    model.config.problem_type = "single_label_classification"
    if feature_extractor is not None:
        encoders.fit_model_to_extractor(model, feature_extractor)
    encoders.freeze(model, freeze)
    return model


def eval_batch_size(feature_extractor, batch_size: int) -> int:
    """Clips per evaluation batch that score each clip exactly as it is scored alone.

    ``batch_size`` where batching cannot change a score (fixed-length AST/Whisper inputs,
    waveform extractors with an attention mask); 1 for waveform models without an
    attention mask (wav2vec2-base), whose head averages over padded frames too.
    """
    from helpers.inference import exact_batching

    return batch_size if exact_batching(feature_extractor) else 1


def training_arguments(
    output_dir: str | Path,
    run: RunSize,
    *,
    device: str,
    seed: int = 42,
    feature_extractor=None,
    **overrides,
):
    """`TrainingArguments` with current names (``eval_strategy``), seeded, best model kept.

    With ``feature_extractor``, validation batches are sized by :func:`eval_batch_size`,
    so the accuracy that chooses the epoch is measured the way the test is.
    """
    from transformers import TrainingArguments

    eval_batch = run.per_device_train_batch_size * 2
    if feature_extractor is not None:
        eval_batch = eval_batch_size(feature_extractor, eval_batch)

    settings = dict(
        output_dir=str(output_dir),
        eval_strategy="epoch",
        save_strategy="epoch",
        save_total_limit=2,
        load_best_model_at_end=True,
        metric_for_best_model="accuracy",
        greater_is_better=True,
        learning_rate=run.learning_rate,
        per_device_train_batch_size=run.per_device_train_batch_size,
        per_device_eval_batch_size=eval_batch,
        gradient_accumulation_steps=1,
        num_train_epochs=run.num_train_epochs,
        warmup_steps=run.warmup_ratio,  # a float < 1 is a share of all steps
        weight_decay=run.weight_decay,
        lr_scheduler_type="linear",
        logging_strategy="steps",
        logging_steps=5,
        seed=seed,
        data_seed=seed,
        report_to="none",
        push_to_hub=False,
        use_cpu=device == "cpu",
        **mixed_precision(device),
    )
    settings.update(overrides)
    return TrainingArguments(**settings)


#: Clips decoded and preprocessed per ``Dataset.map`` batch in :func:`prepare_dataset`.
PREPROCESS_BATCH = 64


def prepare_dataset(
    dataset,
    feature_extractor,
    *,
    length_percentile: float = 95.0,
    input_length: int | None = None,
    audio_column: str = "audio",
    label_column: str = "intent_class",
):
    """Notebook 02's recipe for any encoder family: resample, choose the input length, preprocess.

    Returns ``(encoded, input_length)`` with ``label`` (renamed from ``label_column``),
    the extractor's model input and ``num_samples``. The input length covers
    ``length_percentile`` % of the **training** clips, in the extractor's unit (samples for
    wav2vec2/HuBERT, frames for AST, seconds for Whisper: see
    :func:`helpers.encoders.choose_input_length`); for AST and Whisper it is written into
    ``feature_extractor``, so pass that extractor to :func:`load_model` and save it with the
    model. ``input_length`` (same unit) overrides the percentile choice.

    Waveform models (wav2vec2, HuBERT) take any length: only the **training** clips are cut
    (it bounds memory and time per step); validation and test clips stay whole, as
    ``pipeline`` and :func:`helpers.inference.evaluate_split` classify them, so that the
    validation accuracy that chooses the epoch is measured exactly like the test.
    """
    from datasets import Audio, DatasetDict

    from helpers import encoders
    from helpers.data import clip_durations
    from helpers.features import make_preprocess

    for column in (audio_column, label_column):
        if column not in dataset["train"].column_names:
            raise ValueError(
                f"The dataset has no column {column!r} (it has "
                f"{dataset['train'].column_names}); pass audio_column=/label_column=."
            )
    rate = feature_extractor.sampling_rate
    dataset = dataset.select_columns([audio_column, label_column])
    dataset = dataset.cast_column(audio_column, Audio(sampling_rate=rate))
    length = input_length or encoders.choose_input_length(
        clip_durations(dataset["train"], audio_column=audio_column),
        feature_extractor,
        percentile=length_percentile,
    )
    waveform = encoders.family_of_extractor(feature_extractor) == "waveform"
    if not waveform:
        encoders.set_input_length(feature_extractor, length)
    encoded = DatasetDict(
        {
            name: split.map(
                make_preprocess(
                    feature_extractor,
                    length if waveform and name == "train" else None,
                    audio_column=audio_column,
                ),
                batched=True,
                with_indices=True,
                remove_columns=audio_column,
                # decoded audio and features of this many clips at a time (datasets' default,
                # 1,000, held 6 GB for a folder of 3,360 clips): memory stays flat as the
                # data grows, and every clip is processed alone either way
                batch_size=PREPROCESS_BATCH,
                writer_batch_size=PREPROCESS_BATCH,
            )
            for name, split in dataset.items()
        }
    )
    if label_column != "label":
        encoded = encoded.rename_column(label_column, "label")
    return encoded, length


class PadWithMask:
    """`Trainer`'s data collator for waveform models: pad each batch to its longest clip and
    add an ``attention_mask`` from the clip lengths, even where the extractor returns none.

    wav2vec2-base's extractor returns no mask, so in a padded training batch
    ``Wav2Vec2ForSequenceClassification`` averages over the padding too, while a clip
    scored alone (evaluation one clip at a time, ``pipeline``) has none: training and
    evaluation see different averages. With the mask the head averages only the frames that
    hold audio during training as well (the group-norm front end still sees the zeros). The
    saved extractor is unchanged, so inference still scores group-norm models one clip at a
    time (:func:`eval_batch_size`). Notebook 03's appendix F measures it against the plain
    padding collator.
    """

    def __init__(self, feature_extractor):
        self.feature_extractor = feature_extractor

    def __call__(self, features: list[dict]) -> dict:
        batch = self.feature_extractor.pad(
            features, padding=True, return_attention_mask=True, return_tensors="pt"
        )
        if "label" in batch:  # as DataCollatorWithPadding: Trainer's models take "labels"
            batch["labels"] = batch.pop("label")
        return dict(batch)


def build_trainer(
    model,
    args,
    encoded,
    feature_extractor,
    *,
    metric=None,
    data_collator=None,
    compute_loss_func=None,
    callbacks=None,
):
    """`Trainer` with dynamic padding (each batch padded to its longest clip).

    ``data_collator`` replaces the padding collator (e.g.
    :func:`helpers.encoders.collate_encoder_outputs` for cached encoder outputs);
    ``compute_loss_func`` is `Trainer`'s hook for another loss (:func:`weighted_loss`);
    ``callbacks`` go to `Trainer` (e.g. ``EarlyStoppingCallback``). It
    evaluates on ``encoded["validation"]`` during training (the best epoch is chosen there);
    the test split is never passed to it, so it cannot influence any choice.
    """
    from transformers import DataCollatorWithPadding, Trainer

    if "validation" not in encoded:
        raise ValueError(
            "encoded has no 'validation' split: make one with helpers.data.make_splits, so "
            "that choices made during training never look at the test split."
        )
    return Trainer(
        model=model,
        args=args,
        train_dataset=encoded["train"],
        eval_dataset=encoded["validation"],
        processing_class=feature_extractor,
        data_collator=data_collator or DataCollatorWithPadding(feature_extractor),
        compute_metrics=make_compute_metrics(metric),
        compute_loss_func=compute_loss_func,
        callbacks=callbacks,
    )


def reload_best(trainer) -> str | None:
    """Load the best checkpoint into ``trainer.model`` through ``from_pretrained``; its path.

    transformers 5.23 saves some architectures (AST) under their Hub parameter names and
    renames them only in ``from_pretrained``; `Trainer`'s own best-model reload
    (``load_best_model_at_end``) reads the files without that renaming, warns about missing
    and unexpected keys and keeps the last epoch's weights. Use
    ``save_strategy="best"``, ``load_best_model_at_end=False`` and call this after
    ``train()``.
    """
    best = trainer.state.best_model_checkpoint
    if not best:
        return None
    loaded = type(trainer.model).from_pretrained(best)
    trainer.model.load_state_dict(loaded.state_dict())
    return best


def balanced_class_weights(labels, num_classes: int) -> np.ndarray:
    """``n / (num_classes * count)`` per class (scikit-learn's "balanced"): rare classes weigh more.

    Raises when a class has no training clip (its weight would be infinite).
    """
    counts = np.bincount(np.asarray(labels, dtype=int), minlength=num_classes)
    if (counts == 0).any():
        missing = np.flatnonzero(counts == 0).tolist()
        raise ValueError(f"classes {missing} have no training clips: they cannot be weighted.")
    return counts.sum() / (num_classes * counts)


def weighted_loss(class_weights):
    """A ``compute_loss_func`` for `Trainer`: cross-entropy with a weight per class."""
    import torch

    weights = torch.as_tensor(np.asarray(class_weights), dtype=torch.float32)

    def compute_loss(outputs, labels, num_items_in_batch=None):
        logits = outputs["logits"]
        return torch.nn.functional.cross_entropy(
            logits.float(), labels, weight=weights.to(logits.device)
        )

    return compute_loss


def head_epochs(n_train: int, batch_size: int, *, steps: int = 4000, low=10, high=300) -> int:
    """Epochs giving about ``steps`` optimizer steps, within ``[low, high]``.

    Training a head on cached encoder outputs is cheap per step; a fixed number of steps
    (not epochs) keeps small and large datasets equally well trained.
    """
    per_epoch = max(1, int(np.ceil(n_train / batch_size)))
    return int(np.clip(int(np.ceil(steps / per_epoch)), low, high))


#: Validations without a lower validation loss after which a head's training stops.
HEAD_PATIENCE = 5


def head_training_arguments(
    output_dir,
    n_train: int,
    *,
    device: str,
    seed: int = 42,
    steps: int = 4000,
    learning_rate: float = 3e-3,
    batch_size: int = 16,
    evaluations: int = 30,
    **overrides,
):
    """`TrainingArguments` for a head on cached encoder outputs, chosen without flattering itself.

    About ``steps`` optimizer steps in whole epochs (:func:`head_epochs`); validation every
    few epochs, about ``evaluations`` times in all (not after each of hundreds of epochs);
    the checkpoint kept is the one with the **lowest validation loss**, a smooth criterion:
    the best accuracy among hundreds of evaluations on a small validation split is partly
    luck, and reporting it flatters the model. Pair it with
    ``EarlyStoppingCallback(HEAD_PATIENCE)`` (as :func:`train_head_on_cache` does) to stop
    once the loss stops falling; :func:`describe_kept_checkpoint` says how far the kept
    accuracy sits above the plateau (the median of the last half of the validations).
    """
    epochs = head_epochs(n_train, batch_size, steps=steps)
    per_epoch = max(1, int(np.ceil(n_train / batch_size)))
    every = max(1, round(epochs / evaluations))  # epochs between two validations
    settings = dict(
        eval_strategy="steps",
        eval_steps=every * per_epoch,
        save_strategy="best",  # a checkpoint only when the validation loss improves
        save_total_limit=1,
        metric_for_best_model="loss",
        greater_is_better=False,
        logging_steps=50,
        disable_tqdm=True,
    )
    settings.update(overrides)
    run = RunSize(epochs, batch_size, learning_rate)
    return training_arguments(output_dir, run, device=device, seed=seed, **settings)


def train_head_on_cache(
    model,
    cached,
    feature_extractor,
    output_dir,
    *,
    device: str,
    seed: int = 42,
    steps: int = 4000,
    learning_rate: float = 3e-3,
    batch_size: int = 16,
    class_weights=None,
):
    """Notebook 05's section 3 in one call: `Trainer` on cached Whisper encoder outputs.

    Validation every few epochs, the lowest validation loss kept, early stopping
    (:func:`head_training_arguments`), quiet output. Returns the trained `Trainer`;
    ``trainer.model`` is the full classifier with the kept head.
    """
    from transformers import EarlyStoppingCallback
    from transformers.trainer_callback import PrinterCallback

    from helpers.encoders import collate_encoder_outputs, collate_pooled_features

    pooled = hasattr(model, "set_feature_stats")  # helpers.heads' real-frames classifier
    if pooled:  # standardise with the training split's statistics, saved with the model
        model.set_feature_stats(np.asarray(cached["train"]["pooled_features"]))
    args = head_training_arguments(
        output_dir, cached["train"].num_rows, device=device, seed=seed, steps=steps,
        learning_rate=learning_rate, batch_size=batch_size,
    )  # fmt: skip
    trainer = build_trainer(
        model, args, cached, feature_extractor,
        data_collator=collate_pooled_features if pooled else collate_encoder_outputs,
        compute_loss_func=weighted_loss(class_weights) if class_weights is not None else None,
        callbacks=[EarlyStoppingCallback(HEAD_PATIENCE)],
    )  # fmt: skip
    trainer.remove_callback(PrinterCallback)
    trainer.train()
    return trainer


def log_curves(log_history: list[dict]) -> dict[str, list[tuple[float, float]]]:
    """Learning curves from ``trainer.state.log_history``: ``{name: [(epoch, value)]}``.

    A ``trainer.evaluate()`` after training (of the best epoch's model, reloaded) is logged
    at the last epoch again; it is not a point of the curve, so only the first evaluation
    at each epoch is kept.
    """
    curves: dict[str, list[tuple[float, float]]] = {}
    for entry in log_history:
        for key in ("loss", "eval_loss", "eval_accuracy", "eval_f1_macro"):
            if key in entry and "epoch" in entry:
                points = curves.setdefault(key, [])
                epoch = float(entry["epoch"])
                if key.startswith("eval_") and any(e == epoch for e, _ in points):
                    continue
                points.append((epoch, float(entry[key])))
    return curves


def _epoch_evaluations(trainer, metric: str) -> list[tuple[int, float, float]]:
    """``(step, epoch, value)`` of each validation during training (not a later evaluate())."""
    key = f"eval_{metric}"
    evaluations = []
    for entry in trainer.state.log_history:
        if "train_runtime" in entry:
            break  # a trainer.evaluate() after training is not an epoch's evaluation
        if key in entry:
            evaluations.append((int(entry["step"]), float(entry["epoch"]), float(entry[key])))
    return evaluations


def kept_epoch(trainer, metric: str = "accuracy") -> float | None:
    """The epoch whose checkpoint `Trainer` kept as the best, or ``None`` when none was."""
    best = trainer.state.best_model_checkpoint
    if not best:
        return None
    step = int(Path(best).name.rsplit("-", 1)[-1])
    return next((e for s, e, _ in _epoch_evaluations(trainer, metric) if s == step), None)


def describe_kept_checkpoint(trainer, metric: str = "accuracy") -> str:
    """Which epoch `Trainer` kept (``load_best_model_at_end`` / ``save_strategy="best"``) and why.

    Read from ``trainer.state``: the kept checkpoint's step and epoch, the criterion that
    chose it (``args.metric_for_best_model``: the best validation ``metric``, or e.g. the
    lowest validation loss), the validation ``metric`` there, the epochs that tied with it
    when ``metric`` chose it (Trainer keeps the first epoch that reached the best value),
    and how far the kept ``metric`` sits above the **plateau** (the median over the last half
    of the validations): the best of many noisy evaluations flatters a model, and this says
    by how much.
    """
    evaluations = _epoch_evaluations(trainer, metric)
    if not evaluations:
        return f"No validation {metric} was logged during training, so no epoch was chosen."
    epoch = kept_epoch(trainer, metric)
    last_epoch = evaluations[-1][1]
    if epoch is None:  # no best checkpoint recorded: the last epoch's weights stay
        return (
            f"No best checkpoint was recorded, so the model is the last epoch's "
            f"({last_epoch:g}); validation {metric} {evaluations[-1][2]:.1%}."
        )
    step, _, value = next(e for e in evaluations if e[1] == epoch)
    chosen_by = (trainer.args.metric_for_best_model or "loss").removeprefix("eval_")
    text = f"Kept epoch {epoch:g} of {last_epoch:g} (step {step}): "
    if chosen_by == metric:
        text += f"the best validation {metric}, {value:.1%}"
        ties = [e for _, e, v in evaluations if v == value and e != epoch]
        if ties:
            if len(ties) <= 4:
                others = (
                    "epoch" + ("s " if len(ties) > 1 else " ") + ", ".join(f"{e:g}" for e in ties)
                )
            else:  # hundreds of epochs of a head on cached features: count them
                others = f"{len(ties)} other epochs (between {min(ties):g} and {max(ties):g})"
            text += f"; {others} tied with it, and Trainer keeps the first"
    else:
        criterion = next(v for s, _, v in _epoch_evaluations(trainer, chosen_by) if s == step)
        best = "highest" if trainer.args.greater_is_better else "lowest"
        text += (
            f"the {best} validation {chosen_by}, {criterion:.3g}; validation {metric} there "
            f"{value:.1%}"
        )
    text += "."
    if len(evaluations) >= 4:  # the plateau: the last half of the validations
        half = evaluations[len(evaluations) // 2 :]
        plateau = float(np.median([v for _, _, v in half]))
        gap = 100 * (value - plateau)
        text += (
            f" The plateau (median {metric} of the last {len(half)} validations, epochs "
            f"{half[0][1]:g}-{half[-1][1]:g}) is {plateau:.1%}: the kept figure sits "
            f"{abs(gap):.1f} points {'above' if gap >= 0 else 'below'} it."
        )
    if trainer.state.global_step < trainer.state.max_steps:
        text += (
            f" Training stopped early, at epoch {last_epoch:g} of "
            f"{trainer.args.num_train_epochs:g}: the validation {chosen_by} had stopped improving."
        )
    return text


#: Where notebook 05 saves its classifier (``OUTPUT_DIR`` there, relative to notebooks/).
WHISPER_CLASSIFIER_DIR = "outputs/whisper-tiny-minds14"


def train_with_script(
    output_dir: str | Path,
    *,
    model_id: str = "openai/whisper-tiny.en",
    source: str = "auto",
    seed: int = 42,
) -> dict:
    """Train a MInDS-14 classifier into ``output_dir`` with ``scripts/train.py`` (notebook 05's
    recipe for a Whisper ``model_id``: frozen encoder run once, the real-frames head) in a
    separate process, and return the JSON it reports. A failed run raises RuntimeError with
    the script's last lines."""
    import json
    import subprocess
    import sys

    from helpers.paths import REPO_ROOT

    command = [
        sys.executable, str(REPO_ROOT / "scripts" / "train.py"), "--source", source,
        "--model-id", model_id, "--output-dir", str(Path(output_dir).resolve()),
        "--seed", str(seed),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-5:])
        raise RuntimeError(
            f"scripts/train.py stopped with exit status {done.returncode}; its last lines:\n{tail}"
        )
    return json.loads(done.stdout[done.stdout.rindex("\n{") :])


#: Takes per label the learning curve of notebook 07 measures.
CURVE_TAKES = (2, 5, 10, 20)


def takes_learning_curve(
    model, cached, feature_extractor, output_dir, *, takes=CURVE_TAKES, seeds=(0, 1, 2),
    device: str = "cpu", measure_on: str = "test", steps: int = 4000,
    learning_rate: float = 3e-3,
):  # fmt: skip
    """How many takes per label make a useful model: accuracy on voices never trained on.

    For each count in ``takes`` and each seed, that many clips of every label are drawn
    at random from ``cached["train"]``, the head is trained on them alone
    (:func:`train_head_on_cache`: kept and stopped on ``cached["validation"]``), and its
    accuracy is measured on ``cached[measure_on]``, whose voices it neither trained nor
    stopped on. No model from the curve is kept: it chooses nothing, it measures. A count
    that would take every clip of the rarest label is left out, said in one sentence: that
    is the whole training split, the model trained on all of it, whose test score belongs
    to the one test of the kept model. Returns one row per run: ``takes``, ``seed``,
    ``accuracy``, ``clips``.
    """
    import copy
    import shutil

    from helpers.stats import predictions

    labels = np.asarray(cached["train"]["label"])
    classes = sorted(set(labels.tolist()))
    available = min(int((labels == c).sum()) for c in classes)
    truth = np.asarray(cached[measure_on]["label"])
    rows, left_out = [], [int(n) for n in takes if int(n) >= available]
    if left_out:
        print(
            f"Left out of the curve: {', '.join(map(str, left_out))} takes per label (the "
            f"training split has {available} of its rarest label; all of them is the kept "
            "model, tested once at the end)."
        )
    for n in (int(n) for n in takes if int(n) < available):
        for seed in seeds:
            rng = np.random.default_rng(seed)
            keep = sorted(
                int(i) for c in classes for i in rng.choice(np.flatnonzero(labels == c), n, False)
            )
            part = copy.copy(cached)
            part["train"] = cached["train"].select(keep)
            folder = Path(output_dir) / f"takes-{n}-seed-{seed}"
            trainer = train_head_on_cache(
                copy.deepcopy(model), part, feature_extractor, folder, device=device,
                seed=seed, steps=steps, learning_rate=learning_rate,
            )  # fmt: skip
            accuracy = float((predictions(trainer, cached[measure_on]) == truth).mean())
            rows.append({"takes": n, "seed": seed, "accuracy": accuracy, "clips": len(truth)})
            shutil.rmtree(folder, ignore_errors=True)  # its checkpoints: nothing is kept
    _remove_if_empty(output_dir)
    return rows


def _remove_if_empty(folder) -> None:
    """Remove ``folder`` when nothing is left in it (a run that keeps nothing leaves nothing)."""
    try:
        Path(folder).rmdir()
    except OSError:  # missing, or it holds something: leave it
        pass


def summarise_curve(rows: list[dict], *, useful: float) -> tuple[list[dict], int | None]:
    """Per count: the mean accuracy over seeds, its 95 % interval over the measured clips
    (Wilson) and the seeds' range; and the smallest count whose mean reaches ``useful``
    (``None`` when none does)."""
    from helpers.stats import accuracy_interval

    summary = []
    for n in sorted({r["takes"] for r in rows}):
        runs = [r for r in rows if r["takes"] == n]
        mean = float(np.mean([r["accuracy"] for r in runs]))
        summary.append({
            "takes": n, "accuracy": mean, "interval": accuracy_interval(mean, runs[0]["clips"]),
            "seeds": (min(r["accuracy"] for r in runs), max(r["accuracy"] for r in runs)),
            "runs": len(runs),
        })  # fmt: skip
    smallest = next((s["takes"] for s in summary if s["accuracy"] >= useful), None)
    return summary, smallest
