"""Inference throughput and latency over batch sizes, CPU and (when present) GPU.

Synchronised timing with warm-up; fp32 on CPU, fp32 and bf16 on GPU. wav2vec2 inputs are
5-second clips at 16 kHz; AST inputs are full 1,024 × 128 spectrograms.

Usage (repository root): python -m benchmarks.bench_inference [--models ...] [--smoke]
"""

import argparse
import time

import torch

from benchmarks.common import command_line, save
from benchmarks.models import build


def measure(model, inputs, *, repeats: int, warmup: int, device: str) -> float:
    """Median seconds per forward pass."""
    times = []
    with torch.inference_mode():
        for i in range(warmup + repeats):
            if device == "cuda":
                torch.cuda.synchronize()
            start = time.perf_counter()
            model(**inputs)
            if device == "cuda":
                torch.cuda.synchronize()
            if i >= warmup:
                times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def main(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--models",
        nargs="+",
        default=[
            "tiny-wav2vec2", "tiny-ast", "wav2vec2-base", "ast-base", "whisper-tiny",
            "whisper-tiny-7s",
        ],
    )  # fmt: skip
    parser.add_argument("--batch-sizes", nargs="+", type=int, default=[1, 2, 4, 8, 16, 32, 64])
    parser.add_argument(
        "--cpu-max-batch", type=int, default=8, help="largest batch tried on the CPU"
    )
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--smoke", action="store_true", help="tiny models, batches 1 and 2")
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)
    if args.smoke:
        args.models, args.batch_sizes, args.repeats = ["tiny-wav2vec2", "tiny-ast"], [1, 2], 2
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    rows = []
    for name in args.models:
        for device in devices:
            dtypes = [torch.float32] + ([torch.bfloat16] if device == "cuda" else [])
            for dtype in dtypes:
                model, make_inputs, gflop = build(name)
                model = model.to(device=device, dtype=dtype).eval()
                for batch in args.batch_sizes:
                    if device == "cpu" and batch > args.cpu_max_batch:
                        continue
                    inputs = {k: v.to(dtype) for k, v in make_inputs(batch, device).items()}
                    seconds = measure(model, inputs, repeats=args.repeats, warmup=2, device=device)
                    rows.append(
                        {
                            "model": name,
                            "device": device,
                            "dtype": str(dtype).removeprefix("torch."),
                            "batch": batch,
                            "latency_ms": seconds * 1000,
                            "clips_per_s": batch / seconds,
                            "tflop_per_s": (gflop * batch / seconds / 1000) if gflop else None,
                        }
                    )
                    print(rows[-1], flush=True)
                del model
    command = command_line("bench_inference", argv)
    columns = ["model", "device", "dtype", "batch", "latency_ms", "clips_per_s", "tflop_per_s"]
    save("inference" + ("_smoke" if args.smoke else ""), rows, columns, command, args.out)
    return rows


if __name__ == "__main__":
    main()
