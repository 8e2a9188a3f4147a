"""Few speakers: does waveform augmentation beat none on voices the model never heard?

    python -m benchmarks.bench_augment [--voices 1 2] [--trials 6] [--copies 4] [--smoke]

The bundled clips with their voices as speakers, split by speaker as notebook 07 splits
them (8 voices train, 2 validation, 2 test; `helpers.folders.split_by_group`, seed 42).
Whisper tiny.en's frozen encoder runs once per clip and once per augmented copy; for each
number of training voices, `helpers.augment.compare_augmentation` trains notebook 07's head
``--trials`` times on that many voices (drawn by the seed), as recorded and with
``--copies`` augmented copies of every clip (speed 0.9–1.1×, white noise at 15–35 dB SNR,
gain ±6 dB), and compares the two on the validation voices, clip by clip over all trials
(the interval resamples voices where that is wider). This decides notebook 07's and
``train.py --data-dir``'s default: augmentation only if it wins beyond the noise.
"""

from __future__ import annotations

import argparse
import tempfile
import time

from benchmarks.common import command_line, save

COLUMNS = ["train_voices", "trials", "copies", "clips_per_trial", "as_recorded", "augmented",
           "difference", "difference_ci95", "resampled", "verdict", "s_per_trial"]  # fmt: skip


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voices", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--trials", type=int, default=6)
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--smoke", action="store_true", help="3 intents, 1 voice, 1 trial")
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)

    from datasets import DatasetDict, concatenate_datasets
    from transformers import AutoFeatureExtractor

    from helpers import env
    from helpers.augment import compare_augmentation
    from helpers.data import bundled_voice, label_maps, load_minds14
    from helpers.encoders import cache_encoder_outputs
    from helpers.folders import split_by_group
    from helpers.models import resolve_model
    from helpers.training import load_model, prepare_dataset

    env.seed_everything(args.seed)
    minds, _ = load_minds14("bundled")
    calls = concatenate_datasets(list(minds.values())).rename_column("intent_class", "label")
    calls = calls.add_column("speaker", [bundled_voice(p) for p in calls["path"]])
    voices, trials, copies = args.voices, args.trials, args.copies
    if args.smoke:  # the code path, not a figure
        calls = calls.filter(lambda y: y < 3, input_columns="label")
        voices, trials, copies = [1], 1, 1
    splits = split_by_group(DatasetDict(train=calls), group_column="speaker", seed=args.seed)
    model_ref, _ = resolve_model("openai/whisper-tiny.en")
    extractor = AutoFeatureExtractor.from_pretrained(model_ref)
    label2id, id2label = label_maps(calls.features["label"].names)
    encoded, window = prepare_dataset(splits, extractor, label_column="label")
    model = load_model(model_ref, label2id, id2label, feature_extractor=extractor)
    cached = cache_encoder_outputs(model, encoded)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for count in voices:
            start = time.perf_counter()
            comparison, runs = compare_augmentation(
                model, splits, cached, extractor, window, scratch, group_column="speaker",
                voices=count, trials=trials, copies=copies, seed=args.seed,
            )  # fmt: skip
            seconds = (time.perf_counter() - start) / trials
            mean = {
                k: round(sum(r[k] for r in runs) / len(runs), 4)
                for k in ("as recorded", "augmented")
            }
            rows.append({
                "train_voices": count, "trials": trials, "copies": copies,
                "clips_per_trial": runs[0]["clips"], "as_recorded": mean["as recorded"],
                "augmented": mean["augmented"], "difference": round(comparison.difference, 4),
                "difference_ci95": [round(x, 4) for x in comparison.interval],
                "resampled": comparison.resampled,
                "verdict": "beyond the noise" if comparison.beyond_noise else "within the noise",
                "s_per_trial": round(seconds, 1),
            })  # fmt: skip
            print(comparison, flush=True)
    name = "augment_smoke" if args.smoke else "augment"
    save(name, rows, COLUMNS, command_line("bench_augment", argv), args.out)
    return rows


if __name__ == "__main__":
    main()
