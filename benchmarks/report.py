"""Write BENCHMARKS.md from the JSON results in benchmarks/results/ (no number typed by hand).

Usage (repository root): python -m benchmarks.report
"""

import json
from pathlib import Path

from benchmarks.common import RESULTS_DIR, table

REPORT = Path(__file__).resolve().parents[1] / "BENCHMARKS.md"

SECTIONS = [
    (
        "preprocess",
        "Preprocessing throughput",
        ["path", "clips_per_s", "vs_original_clips", "audio_kept", "audio_s_per_s"],
        "Decode + resample (8 → 16 kHz) + feature extraction through `Dataset.map`, the bundled "
        "training clips, median of repeats. `audio_kept` is the share of each call the path keeps; "
        "`audio_s_per_s` the seconds of audio prepared per second.",
    ),
    (
        "training",
        "Training throughput",
        [
            "model",
            "device",
            "precision",
            "attention",
            "compile",
            "batch",
            "steps_per_s",
            "clips_per_s",
            "peak_mem_mb",
            "tflop_per_s",
            "mfu",
        ],
        "AdamW steps on random inputs (5-s clips for wav2vec2, 1,024 × 128 for AST, a 7-s window "
        "= 700 × 80 for Whisper tiny, all of it trainable: notebook 05's unfrozen case). "
        "On the CPU "
        "`peak_mem_mb` is the process's peak resident memory; MFU needs a GPU's peak.",
    ),
    (
        "inference",
        "Inference latency and throughput",
        ["model", "device", "dtype", "batch", "latency_ms", "clips_per_s", "tflop_per_s"],
        "Median of repeated forward passes after warm-up, `torch.inference_mode`. Full-size "
        "models (`wav2vec2-base`, `ast-base`, `whisper-tiny`: its encoder and classification "
        "head) are the real architectures with random weights; `whisper-tiny` reads the full "
        "30-s window, `whisper-tiny-7s` a window cut to 7 s as in notebook 05.",
    ),
    (
        "batching",
        "Batch inference: batch size × padding policy (end to end, real clips)",
        ["model", "policy", "batch", "clips_per_s", "max_drift", "top1_flips"],
        "`helpers.inference.classify_batch` through a `pipeline` on the 84 bundled test clips "
        "(2.6–9.3 s, decoded once beforehand): feature extraction, padding, forward pass, "
        "softmax; median of repeats. `max_drift`: the largest change of any class score "
        "against one-by-one classification; `top1_flips`: clips whose top label changes. "
        "`exact (default)` batches only clips of equal length on models without an attention "
        "mask (the demo wav2vec2) and any clips on fixed-input models (Whisper, AST). The "
        "Whisper row uses the real tiny.en encoder with a random head: speed only.",
    ),
    (
        "whisper_window",
        "Whisper tiny.en: full 30-s window vs a window cut to the data (frozen encoder)",
        [
            "window_s",
            "positions",
            "padding_share",
            "encode_ms_per_clip",
            "head_train_s",
            "val_acc_all_positions",
            "val_acc_real_frames",
        ],
        "The real Whisper tiny.en weights on the bundled data (train 196 clips, validation 56 "
        "clips of 2 unseen voices; the test split is not used). Each clip is encoded once "
        "(`encode_ms_per_clip`, batch 16, 2 threads); the stock head (projector → mean over "
        "all positions → classifier) is trained with `Trainer` on the cached outputs, 300 "
        "epochs, lr 3e-3, best epoch on validation (`val_acc_all_positions`). "
        "`val_acc_real_frames`: the same head fed the mean over real-audio positions only, "
        "which a stock model cannot do; the gap is what averaging over padding costs.",
    ),
    (
        "gpu_budget",
        "GPU budget of each notebook at its real sizes (computed, no GPU used)",
        [
            "notebook",
            "what",
            "model",
            "batch",
            "length",
            "peak_tensor_gb",
            "fits_t4",
            "gflop_per_step",
            "steps",
            "t4_compute_s",
        ],
        "The heaviest GPU step of each notebook at its parameters cell's sizes: the real "
        "architecture with random weights on fake tensors (shapes only, no arithmetic), "
        "AdamW and 2-byte mixed precision as on a T4. `peak_tensor_gb`: the most tensor bytes "
        "alive at once (attention computed the memory-hungry way, so an upper bound; the CUDA "
        "context, allocator slack and workspaces are not in it: `fits_t4` leaves 1.5 GB for "
        "them in a T4's 15 GB). `length`: seconds of audio (wav2vec2), input frames (AST) or "
        "window seconds (Whisper), each the longest the notebook allows. `t4_compute_s`: "
        "FLOPs (torch's `FlopCounterMode`) × steps at 30 % of a T4's 65 TFLOP/s fp16 peak, a "
        "lower bound that leaves out decoding and data loading. Notebooks 01 and 02 need no GPU.",
    ),
    (
        "notebooks",
        "Notebook execution time (offline demo)",
        ["notebook", "seconds"],
        "Each notebook executed headless with its offline overrides, as `scripts/run_demo.sh` "
        "and CI run it.",
    ),
]


def main() -> None:
    parts = [
        "# Benchmarks",
        "",
        "Generated by `python -m benchmarks.report` from `benchmarks/results/*.json`; every "
        "number below was measured by the command shown with it.",
    ]
    for name, title, columns, note in SECTIONS:
        path = RESULTS_DIR / f"{name}.json"
        parts += ["", f"## {title}", ""]
        if not path.is_file():
            parts.append(f"Not measured yet: run `python -m benchmarks.bench_{name}`.")
            continue
        result = json.loads(path.read_text())
        m = result["machine"]
        parts += [
            note,
            "",
            f"Command: `{result['command']}` · {m['date']} · {m['platform']}, "
            f"{m['cpu_cores']} CPU cores, GPU: {m['gpu'] or 'none'} · torch {m['torch']}, "
            f"transformers {m['transformers']}, datasets {m['datasets']}, "
            f"torchcodec {m['torchcodec']}",
            "",
            table(result["rows"], columns),
        ]
    extra = Path(__file__).parent / "NOTES.md"
    if extra.is_file():
        parts += ["", extra.read_text().strip()]
    REPORT.write_text("\n".join(parts) + "\n")
    print(f"wrote {REPORT}")


if __name__ == "__main__":
    main()
