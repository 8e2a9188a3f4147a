"""Fine-tune wav2vec2 on MInDS-14 en-US: notebook 03's recipe as a script.

One process (CPU or one GPU):
    python scripts/train.py --preset full
Several GPUs on one machine, no code change (data-parallel, one process per GPU):
    accelerate launch --num_processes 4 scripts/train.py --preset full
    torchrun --nproc_per_node 4 scripts/train.py --preset full
Offline demo (bundled data, tiny pre-trained stand-in, CPU-sized); this also makes
data/tiny-models/wav2vec2-minds14-demo, the fallback model of notebook 05:
    python scripts/train.py --preset demo --source bundled \
        --model-id data/tiny-models/wav2vec2-pretrained --output-dir build/demo-model \
        --export-dir data/tiny-models/wav2vec2-minds14-demo

With N processes each one takes per_device_train_batch_size clips per step, so the
effective batch is N times larger: scale the learning rate or the batch size to match.
"""

import argparse
import json
import sys

from transformers import AutoFeatureExtractor

from helpers import env, training
from helpers.data import label_maps, load_minds14, train_test_splits


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
    minds = train_test_splits(load_minds14(args.source), seed=args.seed)
    label2id, id2label = label_maps(minds)
    feature_extractor = AutoFeatureExtractor.from_pretrained(args.model_id)
    encoded, _ = training.prepare_dataset(
        minds, feature_extractor, length_percentile=run.length_percentile
    )
    model = training.load_model(args.model_id, label2id, id2label)
    targs = training.training_arguments(args.output_dir, run, device=device, seed=args.seed)
    trainer = training.build_trainer(model, targs, encoded, feature_extractor)
    trainer.train()
    metrics = trainer.evaluate()
    trainer.save_model(args.output_dir)
    if trainer.is_world_process_zero():
        if args.export_dir:
            trainer.model.save_pretrained(args.export_dir, safe_serialization=True)
            feature_extractor.save_pretrained(args.export_dir)
        print(json.dumps({k: round(v, 4) for k, v in metrics.items()}, indent=2))
    return metrics


if __name__ == "__main__":
    main(sys.argv[1:])
