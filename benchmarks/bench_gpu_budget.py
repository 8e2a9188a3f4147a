"""Computed GPU budget of each notebook at its parameters cell's real sizes.

    python -m benchmarks.bench_gpu_budget [--smoke] [--out DIR]

No GPU is needed: each workload (the real-size architecture with random weights, the
notebook's batch size, mixed precision as on a T4, AdamW) runs on *fake* tensors
(``FakeTensorMode``: shapes and dtypes, no data, no arithmetic), while a dispatch mode adds
up the bytes of every tensor alive (peak = the most at once) and torch's
``FlopCounterMode`` counts the floating-point operations. What this leaves out, and a real
GPU adds: the CUDA context (~0.3-0.5 GB), the caching allocator's slack, cuDNN workspaces.
``T4_HEADROOM_GB`` covers them in the "fits a T4" verdict. Run time is *compute* time at
``MFU`` of a T4's fp16 peak: a lower bound that leaves out decoding, data loading and
downloads. Clip lengths are upper bounds (see :data:`WORKLOADS`), because the real
MInDS-14 durations could not be measured here.
"""

from __future__ import annotations

import argparse
import contextlib
import weakref
from dataclasses import dataclass

import torch

from benchmarks.common import command_line, save

T4_MEMORY_GB = 15.0  # Colab's free GPU (16 GB card, about 15 GB usable)
T4_FP16_TFLOPS = 65.0  # NVIDIA's tensor-core peak for the T4
MFU = 0.3  # assumed share of that peak reached (a typical figure for these models)
T4_HEADROOM_GB = 1.5  # CUDA context, allocator slack and workspaces, not counted above
#: The real MInDS-14 en-US (563 clips) split 70 / 15 / 15 % (helpers.data.make_splits).
TRAIN_CLIPS, EVAL_CLIPS = 394, 85
#: All 14 locales (notebook 09), estimated as 14 times en-US's 563 clips (the per-locale
#: counts could not be read here), split 70 / 15 / 15 % within each locale.
ALL_LOCALES_CLIPS = 14 * 563
ALL_TRAIN_CLIPS = round(0.7 * ALL_LOCALES_CLIPS)


class LiveTensorBytes(torch.utils._python_dispatch.TorchDispatchMode):
    """Counts the bytes of every tensor storage alive; ``peak`` is the most at any moment."""

    def __init__(self):
        super().__init__()
        self.owners: dict[int, int] = {}
        self.sizes: dict[int, int] = {}
        self.now = self.peak = 0

    def _release(self, key: int) -> None:
        self.owners[key] -= 1
        if self.owners[key] == 0:
            self.now -= self.sizes.pop(key)
            del self.owners[key]

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        for tensor in torch.utils._pytree.tree_leaves(out):
            if isinstance(tensor, torch.Tensor):
                key = tensor.untyped_storage()._cdata  # shared by views of one storage
                if key not in self.sizes:
                    self.sizes[key], self.owners[key] = tensor.untyped_storage().nbytes(), 0
                    self.now += self.sizes[key]
                    self.peak = max(self.peak, self.now)
                self.owners[key] += 1
                weakref.finalize(tensor, self._release, key)
        return out


@dataclass(frozen=True)
class Workload:
    """One notebook's heaviest GPU step at its real sizes."""

    notebook: str
    what: str
    model: str  # an architecture of _model_and_inputs: "wav2vec2-base", "whisper-base"…
    batch: int
    length: float  # seconds of audio (wav2vec2), input frames (AST), window seconds (Whisper)
    train: str  # "all", "top1" (Whisper's top layer), "encoder-frozen-conv" or "none"
    steps: int  # optimizer steps (training) or batches (inference) in the notebook's run


#: Clip lengths are upper bounds: 16 s for wav2vec2 (the recipe cuts clips to the training
#: split's 95th percentile), AST's full 1,024 frames and Whisper's full 30-s window (both
#: are cut to the data in the notebooks).
WORKLOADS = [
    Workload("03", "two fine-tunes, section 5 and appendix F", "wav2vec2-base", 8, 16.0,
             "encoder-frozen-conv", 2 * 20 * -(-TRAIN_CLIPS // 8)),
    Workload("04", "batched inference", "wav2vec2-base", 16, 16.0, "none",
             -(-EVAL_CLIPS // 16)),
    Workload("05", "top layer unfrozen", "whisper-tiny.en", 16, 30.0, "top1",
             3 * -(-TRAIN_CLIPS // 16)),
    # 16 clips per batch, 5 beams, 64 tokens written (the token budget of a 9-s clip):
    # the decoder's work as one teacher-forced pass, which is what incremental decoding
    # with a key-value cache adds up to
    Workload("06", "transcription, 5 beams, 64 tokens", "whisper-small.en", 16, 30.0, "none",
             -(-2 * EVAL_CLIPS // 16)),
    Workload("07", "encode every clip", "whisper-tiny.en", 16, 30.0, "none",
             -(-(TRAIN_CLIPS + 2 * EVAL_CLIPS) // 16)),
    Workload("08", "fine-tune", "ast-base", 8, 1024, "all", 10 * -(-TRAIN_CLIPS // 8)),
    # notebook 09's own step first (its opening cites it), then the stronger choices it names
    Workload("09", "encode every clip, all 14 locales", "whisper-base", 16, 30.0, "none",
             -(-ALL_LOCALES_CLIPS // 16)),
    Workload("09", "encode every clip, all 14 locales", "whisper-small", 16, 30.0, "none",
             -(-ALL_LOCALES_CLIPS // 16)),
    Workload("09", "fine-tune (notebook 03's recipe, 20 epochs), all 14 locales",
             "wav2vec2-xls-r-300m", 8, 16.0, "encoder-frozen-conv",
             20 * -(-ALL_TRAIN_CLIPS // 8)),
    Workload("09", "the same, batch 2 (accumulate 4 steps for notebook 03's batch of 8)",
             "wav2vec2-xls-r-300m", 2, 16.0, "encoder-frozen-conv",
             20 * -(-ALL_TRAIN_CLIPS // 2)),
]  # fmt: skip
SMOKE = [
    Workload("03", "fine-tune", "wav2vec2-tiny", 2, 1.0, "encoder-frozen-conv", 1),
    Workload("07", "encode every clip", "whisper-micro", 2, 2.0, "none", 1),
    Workload("06", "transcription", "whisper-micro-asr", 2, 2.0, "none", 1),
]
#: The transcription workloads' beams and tokens written per clip (see WORKLOADS).
ASR_BEAMS, ASR_TOKENS = 5, 64


def _model_and_inputs(load: Workload):
    from transformers import (
        ASTConfig,
        ASTForAudioClassification,
        Wav2Vec2Config,
        Wav2Vec2ForSequenceClassification,
        WhisperConfig,
        WhisperForAudioClassification,
    )

    if load.model == "wav2vec2-xls-r-300m":  # facebook/wav2vec2-xls-r-300m's architecture
        size = dict(
            hidden_size=1024, num_hidden_layers=24, num_attention_heads=16,
            intermediate_size=4096, do_stable_layer_norm=True, feat_extract_norm="layer",
            conv_bias=True,
        )  # fmt: skip
        config = Wav2Vec2Config(num_labels=14, layerdrop=0.0, mask_time_prob=0.0, **size)
        config._attn_implementation = "sdpa"
        model = Wav2Vec2ForSequenceClassification(config)
        inputs = {"input_values": torch.randn(load.batch, int(16000 * load.length))}
    elif load.model.startswith("wav2vec2"):
        size = {} if load.model == "wav2vec2-base" else dict(
            hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
            conv_dim=(32, 32), conv_stride=(5, 4), conv_kernel=(10, 4), num_conv_pos_embeddings=16,
        )  # fmt: skip
        # no LayerDrop and no SpecAugment: data-dependent choices fake tensors cannot make,
        # and without them every layer runs (an upper bound)
        config = Wav2Vec2Config(num_labels=14, layerdrop=0.0, mask_time_prob=0.0, **size)
        config._attn_implementation = "sdpa"
        model = Wav2Vec2ForSequenceClassification(config)
        inputs = {"input_values": torch.randn(load.batch, int(16000 * load.length))}
    elif load.model == "ast-base":
        config = ASTConfig(num_labels=14, max_length=int(load.length))
        config._attn_implementation = "sdpa"
        model = ASTForAudioClassification(config)
        inputs = {"input_values": torch.randn(load.batch, int(load.length), 128)}
    elif load.model in ("whisper-small.en", "whisper-micro-asr"):
        from transformers import WhisperForConditionalGeneration

        size = dict(
            d_model=768,
            encoder_layers=12,
            decoder_layers=12,
            encoder_attention_heads=12,
            decoder_attention_heads=12,
            encoder_ffn_dim=3072,
            decoder_ffn_dim=3072,
        )
        if load.model == "whisper-micro-asr":
            size = dict(
                d_model=32,
                encoder_layers=1,
                decoder_layers=1,
                encoder_attention_heads=2,
                decoder_attention_heads=2,
                encoder_ffn_dim=64,
                decoder_ffn_dim=64,
            )
        config = WhisperConfig(vocab_size=51864, max_source_positions=int(50 * load.length), **size)
        config._attn_implementation = "sdpa"
        model = WhisperForConditionalGeneration(config)
        inputs = {
            "input_features": torch.randn(load.batch, 80, int(100 * load.length)),
            "decoder_input_ids": torch.randint(0, 51864, (load.batch * ASR_BEAMS, ASR_TOKENS)),
        }
    else:
        positions = int(50 * load.length)
        size = dict(d_model=384, encoder_layers=4, encoder_attention_heads=6, encoder_ffn_dim=1536)
        if load.model == "whisper-base":
            size = dict(
                d_model=512, encoder_layers=6, encoder_attention_heads=8, encoder_ffn_dim=2048
            )
        elif load.model == "whisper-small":
            size = dict(
                d_model=768, encoder_layers=12, encoder_attention_heads=12, encoder_ffn_dim=3072
            )
        if load.model == "whisper-micro":
            size = dict(d_model=32, encoder_layers=1, encoder_attention_heads=2, encoder_ffn_dim=64)
        config = WhisperConfig(max_source_positions=positions, num_labels=14, **size)
        config._attn_implementation = "sdpa"
        model = WhisperForAudioClassification(config)
        inputs = {"input_features": torch.randn(load.batch, 80, 2 * positions)}
    return model, inputs


def _trainable(model, train: str):
    if train == "encoder-frozen-conv":
        model.freeze_feature_encoder()
    elif train == "top1":
        model.freeze_encoder()
        for p in model.encoder.layers[-1].parameters():
            p.requires_grad_(True)
    return [p for p in model.parameters() if p.requires_grad]


def measure(load: Workload) -> dict:
    """Peak tensor memory (GB) and FLOPs per step of ``load``, on fake tensors."""
    from torch._subclasses.fake_tensor import FakeTensorMode
    from torch.utils.flop_counter import FlopCounterMode

    tracker = LiveTensorBytes()
    flops = FlopCounterMode(display=False)
    with FakeTensorMode(), tracker:
        model, inputs = _model_and_inputs(load)
        labels = torch.randint(0, 14, (load.batch,))
        if "decoder_input_ids" in inputs:  # transcription: encoder once, decoder per beam
            model.eval()
            with torch.no_grad(), flops, torch.autocast("cpu", dtype=torch.bfloat16):
                encoded = model.model.encoder(inputs["input_features"]).last_hidden_state
                model(
                    encoder_outputs=(encoded.repeat_interleave(ASR_BEAMS, 0),),
                    decoder_input_ids=inputs["decoder_input_ids"],
                )
        elif load.train == "none":
            model.eval()
            with torch.no_grad(), flops:
                model(**inputs)
        else:
            params = _trainable(model, load.train)
            optimizer = torch.optim.AdamW(params, lr=1e-4)
            for step in range(2):  # the second step holds AdamW's states too
                with flops if step == 1 else contextlib.nullcontext():
                    with torch.autocast("cpu", dtype=torch.bfloat16):  # 2 bytes, as fp16
                        loss = model(**inputs, labels=labels).loss
                    loss.backward()
                optimizer.step()
                optimizer.zero_grad(set_to_none=True)
    peak_gb = tracker.peak / 1e9
    step_flops = flops.get_total_flops()
    return {
        "notebook": load.notebook,
        "what": load.what,
        "model": load.model,
        "batch": load.batch,
        "length": load.length,
        "peak_tensor_gb": round(peak_gb, 2),
        "peak_tensor_bytes": tracker.peak,
        "fits_t4": peak_gb + T4_HEADROOM_GB <= T4_MEMORY_GB,
        "gflop_per_step": round(step_flops / 1e9, 1),
        "steps": load.steps,
        "t4_compute_s": round(step_flops * load.steps / (MFU * T4_FP16_TFLOPS * 1e12), 1),
    }


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny models, for the tests")
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)
    rows = [measure(load) for load in (SMOKE if args.smoke else WORKLOADS)]
    columns = ["notebook", "what", "model", "batch", "length", "peak_tensor_gb", "fits_t4",
               "gflop_per_step", "steps", "t4_compute_s"]  # fmt: skip
    name = "gpu_budget_smoke" if args.smoke else "gpu_budget"
    save(name, rows, columns, command_line("bench_gpu_budget", argv), args.out)
    return rows


if __name__ == "__main__":
    main()
