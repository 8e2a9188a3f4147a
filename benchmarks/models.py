"""Model builders for benchmarks: tiny configs, and full-size architectures with random
weights (same shapes and FLOPs as the pretrained checkpoints, no download needed)."""

from __future__ import annotations

#: Forward FLOPs anchors (per clip) used for MFU: wav2vec2-base ≈ 13.8 GFLOP per second of
#: audio; AST-base ≈ 261 GFLOP per 10.24-s clip (1,214 tokens).
WAV2VEC2_BASE_GFLOP_PER_AUDIO_S = 13.8
AST_BASE_GFLOP_PER_CLIP = 261.0


def build(name: str, *, attn: str = "sdpa"):
    """``(model, make_inputs(batch), forward GFLOP per clip or None)`` for a benchmark model.

    ``name``: ``tiny-wav2vec2``, ``tiny-ast``, ``wav2vec2-base`` or ``ast-base``.
    """
    import torch
    from transformers import (
        ASTConfig,
        ASTForAudioClassification,
        Wav2Vec2Config,
        Wav2Vec2ForSequenceClassification,
    )

    from helpers.checkpoints import tiny_ast_config, tiny_wav2vec2_config

    seconds = 5.0  # typical MInDS-14 call length used for wav2vec2 inputs
    if name in {"tiny-wav2vec2", "wav2vec2-base"}:
        config = (
            tiny_wav2vec2_config() if name.startswith("tiny") else Wav2Vec2Config(num_labels=14)
        )
        config._attn_implementation = attn
        model = Wav2Vec2ForSequenceClassification(config)
        samples = int(16000 * seconds)
        gflop = WAV2VEC2_BASE_GFLOP_PER_AUDIO_S * seconds if name == "wav2vec2-base" else None

        def make_inputs(batch, device="cpu"):
            return {"input_values": torch.randn(batch, samples, device=device)}

    elif name in {"tiny-ast", "ast-base"}:
        config = tiny_ast_config() if name.startswith("tiny") else ASTConfig(num_labels=527)
        config._attn_implementation = attn
        model = ASTForAudioClassification(config)
        gflop = AST_BASE_GFLOP_PER_CLIP if name == "ast-base" else None

        def make_inputs(batch, device="cpu"):
            shape = (batch, config.max_length, config.num_mel_bins)
            return {"input_values": torch.randn(*shape, device=device)}

    else:
        raise ValueError(f"Unknown benchmark model {name!r}.")
    return model, make_inputs, gflop
