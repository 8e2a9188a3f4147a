"""Whisper tiny.en's window: the full 30 s against a window cut to the data, frozen encoder.

For each window: encode the bundled training and validation clips once (frozen encoder,
batch 16), train the stock head (projector → mean over all positions → classifier) on the
cached outputs with `Trainer` (notebook 05's settings), and report validation accuracy,
plus the same head fed the mean over real-audio positions only. The test split is not used.

Usage (repository root, offline, alone on the machine):
    python -m benchmarks.bench_whisper_window --windows 0 30
(``0`` = the data-driven window: the 95th percentile of training durations, whole seconds.)
"""

from __future__ import annotations

import argparse
import tempfile
import time

import numpy as np

from benchmarks.common import command_line, save


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--windows", type=int, nargs="+", default=[0, 30])
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--learning-rate", type=float, default=3e-3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out")
    args = parser.parse_args(argv)

    import torch
    from datasets import DatasetDict
    from transformers import AutoFeatureExtractor

    from helpers import encoders, env, training
    from helpers.data import label_maps, load_minds14
    from helpers.models import resolve_model

    torch.set_num_threads(args.threads)
    minds, _ = load_minds14("bundled")
    minds = DatasetDict({name: minds[name] for name in ("train", "validation")})
    label2id, id2label = label_maps(minds)
    model_ref, _ = resolve_model("openai/whisper-tiny.en")
    rows = []
    for window in args.windows:
        env.seed_everything(42)
        extractor = AutoFeatureExtractor.from_pretrained(model_ref)
        encoded, seconds = training.prepare_dataset(minds, extractor, input_length=window or None)
        model = training.load_model(
            model_ref, label2id, id2label, feature_extractor=extractor, head="stock"
        )
        start = time.perf_counter()
        cached = encoders.cache_encoder_outputs(model, encoded)
        encode_s = time.perf_counter() - start
        positions = model.config.max_source_positions
        real = encoders.real_positions(encoded["validation"]["num_samples"], positions)
        row = {
            "window_s": seconds,
            "positions": positions,
            "padding_share": float(1 - (real / positions).mean()),
            "encode_ms_per_clip": 1000 * encode_s / sum(s.num_rows for s in encoded.values()),
        }
        for column, data in (
            ("encoder_outputs", cached),
            ("real_mean", encoders.real_frames_only(cached)),
        ):
            env.seed_everything(42)
            head = training.load_model(
                model_ref, label2id, id2label, feature_extractor=extractor, head="stock"
            )
            run = training.RunSize(args.epochs, 16, args.learning_rate)
            with tempfile.TemporaryDirectory() as tmp:
                targs = training.training_arguments(
                    tmp, run, device="cpu", save_total_limit=1, logging_steps=50,
                    disable_tqdm=True,
                )  # fmt: skip
                trainer = training.build_trainer(
                    head, targs, data, extractor, data_collator=encoders.collate_encoder_outputs,
                )  # fmt: skip
                start = time.perf_counter()
                trainer.train()
                key = (
                    "val_acc_all_positions"
                    if column == "encoder_outputs"
                    else "val_acc_real_frames"
                )
                row[key] = trainer.evaluate()["eval_accuracy"]
                if column == "encoder_outputs":
                    row["head_train_s"] = time.perf_counter() - start
        rows.append(row)
        print(row, flush=True)
    columns = [
        "window_s", "positions", "padding_share", "encode_ms_per_clip", "head_train_s",
        "val_acc_all_positions", "val_acc_real_frames",
    ]  # fmt: skip
    save("whisper_window", rows, columns, command_line("bench_whisper_window", argv), args.out)


if __name__ == "__main__":
    np.set_printoptions(precision=3)
    main()
