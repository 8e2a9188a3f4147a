"""Model builders for benchmarks: tiny configs, and full-size architectures with random
weights (same shapes and FLOPs as the pretrained checkpoints, no download needed)."""

from __future__ import annotations

#: Forward FLOPs anchors (per clip) used for MFU: wav2vec2-base ≈ 13.8 GFLOP per second of
#: audio; AST-base ≈ 261 GFLOP per 10.24-s clip (1,214 tokens).
WAV2VEC2_BASE_GFLOP_PER_AUDIO_S = 13.8
AST_BASE_GFLOP_PER_CLIP = 261.0


def whisper_encoder_gflop(positions: int, *, d=384, ffn=1536, layers=4, mels=80) -> float:
    """Forward GFLOP of a Whisper encoder over ``positions`` (2 FLOP per multiply-add).

    Two convolutions (kernel 3; the second with stride 2) and ``layers`` transformer layers
    (q/k/v/out projections, the feed-forward block, and attention's two T x T products).
    """
    frames = 2 * positions
    conv = 2 * 3 * (mels * d * frames + d * d * positions)
    per_layer = 2 * positions * (4 * d * d + 2 * d * ffn) + 2 * 2 * positions**2 * d
    return (conv + layers * per_layer) / 1e9


def build(name: str, *, attn: str = "sdpa"):
    """``(model, make_inputs(batch), forward GFLOP per clip or None)`` for a benchmark model.

    ``name``: ``tiny-wav2vec2``, ``tiny-ast``, ``wav2vec2-base``, ``ast-base``,
    ``whisper-tiny`` (its encoder + classification head, 30-s window) or ``whisper-tiny-7s``
    (window cut to 7 s, as notebook 05 does for the bundled data). ``NAME@FRAMES`` (AST
    only, e.g. ``ast-base@686``) cuts AST's position grid to that many input frames.
    """
    import torch
    from transformers import (
        ASTConfig,
        ASTForAudioClassification,
        Wav2Vec2Config,
        Wav2Vec2ForSequenceClassification,
    )

    from tooling.checkpoints import tiny_ast_config, tiny_wav2vec2_config

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

    elif name.split("@")[0] in {"tiny-ast", "ast-base"}:
        base, _, frames = name.partition("@")
        config = tiny_ast_config() if base.startswith("tiny") else ASTConfig(num_labels=527)
        config._attn_implementation = attn
        model = ASTForAudioClassification(config)
        gflop = AST_BASE_GFLOP_PER_CLIP if base == "ast-base" else None
        if frames:  # position grid cut to the data's frames, as notebook 08 does
            from helpers.encoders import resize_ast_time

            full_tokens = model.audio_spectrogram_transformer.embeddings.position_embeddings.shape[
                1
            ]
            resize_ast_time(model, int(frames))
            tokens = model.audio_spectrogram_transformer.embeddings.position_embeddings.shape[1]
            gflop = gflop * tokens / full_tokens if gflop else None  # linear layers dominate

        def make_inputs(batch, device="cpu"):
            shape = (batch, config.max_length, config.num_mel_bins)
            return {"input_values": torch.randn(*shape, device=device)}

    elif name in {"whisper-tiny", "whisper-tiny-7s"}:
        from transformers import WhisperConfig, WhisperForAudioClassification

        positions = 350 if name.endswith("7s") else 1500
        config = WhisperConfig(
            d_model=384, encoder_layers=4, encoder_attention_heads=6, encoder_ffn_dim=1536,
            decoder_layers=4, decoder_attention_heads=6, decoder_ffn_dim=1536,
            max_source_positions=positions, num_labels=14,
        )  # fmt: skip
        config._attn_implementation = attn
        model = WhisperForAudioClassification(config)
        gflop = whisper_encoder_gflop(positions)

        def make_inputs(batch, device="cpu"):
            return {"input_features": torch.randn(batch, 80, 2 * positions, device=device)}

    else:
        raise ValueError(f"Unknown benchmark model {name!r}.")
    return model, make_inputs, gflop
