"""Fine-tune an audio classifier on MInDS-14 en-US: notebook 03's recipe as a script.

One process (CPU or one GPU):
    python scripts/train.py --preset full
Several GPUs on one machine, no code change (data-parallel, one process per GPU):
    accelerate launch --num_processes 4 scripts/train.py --preset full
    torchrun --nproc_per_node 4 scripts/train.py --preset full
Offline demo (bundled data, tiny pre-trained stand-in, CPU-sized); this also makes
data/tiny-models/wav2vec2-minds14-demo, the offline fallback model of notebook 05:
    python scripts/train.py --preset demo --source bundled \
        --model-id data/tiny-models/wav2vec2-pretrained --output-dir build/demo-model \
        --export-dir data/tiny-models/wav2vec2-minds14-demo

Epochs are chosen on the validation split (best checkpoint kept); the test split is
evaluated once, at the end, on the saved model. The last line printed is JSON with
``validation_accuracy``, ``test_accuracy`` and ``test_f1_macro``.

With N processes each one takes per_device_train_batch_size clips per step, so the
effective batch is N times larger: scale the learning rate or the batch size to match.
"""

import argparse
import json
import sys

from transformers import AutoFeatureExtractor

from helpers import env, training
from helpers.data import label_maps, load_minds14, make_splits
from helpers.hub import demo_label, resolve_model, save_origin
from helpers.inference import evaluate_split, load_classifier


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", choices=sorted(training.PRESETS), default="full")
    parser.add_argument("--source", choices=["auto", "hub", "bundled"], default="auto")
    parser.add_argument("--model-id", default="facebook/wav2vec2-base")
    parser.add_argument("--output-dir", default=str(training.DEFAULT_OUTPUT_DIR))
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--export-dir",
        help="also save only the final model and feature extractor here (no checkpoints)",
    )
    args = parser.parse_args(argv)

    env.seed_everything(args.seed)
    device = env.pick_device()
    run = training.PRESETS[args.preset]
    minds, data_origin = load_minds14(args.source)
    minds = make_splits(minds, seed=args.seed)
    label2id, id2label = label_maps(minds)
    model_ref, model_origin = resolve_model(args.model_id)
    print(model_origin.note)
    feature_extractor = AutoFeatureExtractor.from_pretrained(model_ref)
    encoded, _ = training.prepare_dataset(
        minds, feature_extractor, length_percentile=run.length_percentile
    )
    model = training.load_model(model_ref, label2id, id2label)
    checkpoints = training.checkpoints_dir(args.output_dir)
    training.keep_previous_run(checkpoints)
    training.keep_previous_run(args.output_dir)
    targs = training.training_arguments(checkpoints, run, device=device, seed=args.seed)
    trainer = training.build_trainer(model, targs, encoded, feature_extractor)
    trainer.train()
    validation = trainer.evaluate()  # the best epoch, chosen on validation
    trainer.save_model(args.output_dir)
    if not trainer.is_world_process_zero():
        return {}
    save_origin(args.output_dir, model_origin, data_origin)
    if args.export_dir:
        trainer.model.save_pretrained(args.export_dir)
        feature_extractor.save_pretrained(args.export_dir)
    test = evaluate_split(load_classifier(args.output_dir, device=device), minds["test"])
    metrics = {
        "validation_accuracy": round(validation["eval_accuracy"], 4),
        "validation_f1_macro": round(validation["eval_f1_macro"], 4),
        "test_accuracy": round(test["accuracy"], 4),
        "test_f1_macro": round(test["f1_macro"], 4),
        "train_clips": encoded["train"].num_rows,
        "test_clips": minds["test"].num_rows,
        "note": demo_label(data_origin, model_origin).strip() or "real data and model",
    }
    print(json.dumps(metrics, indent=2))
    return metrics


if __name__ == "__main__":
    main(sys.argv[1:])
