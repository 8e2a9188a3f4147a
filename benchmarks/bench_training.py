"""Training throughput: optimizer steps/s, clips/s, peak memory and MFU.

CPU: the tiny configs (AST also with its grid cut to 686 frames, the bundled data's 95th
percentile, as notebook 08 does) and Whisper tiny's encoder with a 7-s window (notebook 05) in fp32.
GPU (when present): full-size wav2vec2-base, AST-base and Whisper tiny (30-s window)
architectures with random weights (same FLOPs as the checkpoints), fp32 vs bf16 autocast,
eager vs SDPA attention, with and without `torch.compile`. MFU = achieved training FLOP/s
(3 × the analytic forward FLOPs in benchmarks/models.py) / the GPU's dense bf16 peak.

Usage (repository root): python -m benchmarks.bench_training [--smoke] [--peak-tflops 989]
"""

import argparse
import itertools
import resource
import time

import torch

from benchmarks.common import command_line, save
from benchmarks.models import build


def train_steps(model, make_inputs, *, batch, steps, warmup, device, dtype, compile_model):
    model = model.to(device).train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-5)
    step_model = torch.compile(model) if compile_model else model
    n_labels = model.config.num_labels
    inputs = make_inputs(batch, device)
    labels = torch.randint(0, n_labels, (batch,), device=device)
    if device == "cuda":
        torch.cuda.reset_peak_memory_stats()
    elapsed = 0.0
    for i in range(warmup + steps):
        if device == "cuda":
            torch.cuda.synchronize()
        start = time.perf_counter()
        with torch.autocast(device_type=device, dtype=dtype, enabled=dtype != torch.float32):
            loss = step_model(**inputs, labels=labels).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        if device == "cuda":
            torch.cuda.synchronize()
        if i >= warmup:
            elapsed += time.perf_counter() - start
    if device == "cuda":
        peak_mb = torch.cuda.max_memory_allocated() / 2**20
    else:
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return steps / elapsed, peak_mb


def main(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--peak-tflops", type=float, default=989.0, help="GPU dense bf16 peak")
    parser.add_argument("--smoke", action="store_true", help="tiny wav2vec2, 2 steps, batch 2")
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)
    gpu = torch.cuda.is_available()
    if args.smoke:
        runs = [("tiny-wav2vec2", "cpu", torch.float32, "sdpa", False)]
        args.batch, args.steps = 2, 2
    else:
        runs = [
            (m, "cpu", torch.float32, "sdpa", False)
            for m in ("tiny-wav2vec2", "tiny-ast", "tiny-ast@686", "whisper-tiny-7s")
        ]
        if gpu:
            runs += [
                (m, "cuda", dtype, attn, comp)
                for m, dtype, attn, comp in itertools.product(
                    ("wav2vec2-base", "ast-base", "ast-base@686", "whisper-tiny"),
                    (torch.float32, torch.bfloat16),
                    ("eager", "sdpa"),
                    (False, True),
                )
            ]
    rows = []
    for name, device, dtype, attn, compile_model in runs:
        model, make_inputs, gflop = build(name, attn=attn)
        steps_per_s, peak_mb = train_steps(
            model, make_inputs, batch=args.batch, steps=args.steps, warmup=1 if args.smoke else 3,
            device=device, dtype=dtype, compile_model=compile_model,
        )  # fmt: skip
        clips_per_s = steps_per_s * args.batch
        achieved = 3 * gflop * clips_per_s / 1000 if gflop else None  # TFLOP/s
        rows.append(
            {
                "model": name,
                "device": device,
                "precision": "bf16" if dtype == torch.bfloat16 else "fp32",
                "attention": attn,
                "compile": compile_model,
                "batch": args.batch,
                "steps_per_s": steps_per_s,
                "clips_per_s": clips_per_s,
                "peak_mem_mb": peak_mb,
                "tflop_per_s": achieved,
                "mfu": achieved / args.peak_tflops if achieved and device == "cuda" else None,
            }
        )
        print(rows[-1], flush=True)
    command = command_line("bench_training", argv)
    columns = [
        "model", "device", "precision", "attention", "compile", "batch", "steps_per_s",
        "clips_per_s", "peak_mem_mb", "tflop_per_s", "mfu",
    ]  # fmt: skip
    save("training" + ("_smoke" if args.smoke else ""), rows, columns, command, args.out)
    return rows


if __name__ == "__main__":
    main()
