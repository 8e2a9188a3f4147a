"""Tiny local checkpoints that stand in for the Hub models in offline runs.

They have the same classes, feature extractors and file layout as
``facebook/wav2vec2-base`` and ``MIT/ast-finetuned-audioset-10-10-0.4593`` (safetensors
weights, ``config.json``, ``preprocessor_config.json``), so notebooks load them with the
very same ``from_pretrained(folder)`` calls. The weights are random (seeded): a tiny
model shows that the code runs, not what the real model predicts.
"""

from __future__ import annotations

from pathlib import Path

from helpers.data import INTENT_NAMES

#: First AudioSet classes, in the order of the real AST checkpoint's ``id2label``.
AUDIOSET_FIRST_LABELS = [
    "Speech",
    "Male speech, man speaking",
    "Female speech, woman speaking",
    "Child speech, kid speaking",
    "Conversation",
    "Narration, monologue",
    "Babbling",
    "Speech synthesizer",
    "Shout",
    "Bellow",
]


def tiny_wav2vec2_config(**overrides):
    """Config of the tiny wav2vec2 classifier: base's conv strides (20 ms frames), tiny widths."""
    from transformers import Wav2Vec2Config

    settings = dict(
        hidden_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        intermediate_size=128,
        conv_dim=(32, 32, 32, 32, 32, 32, 32),
        num_conv_pos_embeddings=16,
        num_conv_pos_embedding_groups=4,
        classifier_proj_size=32,
        feat_extract_norm="group",
        do_stable_layer_norm=False,
        num_labels=len(INTENT_NAMES),
        label2id={name: i for i, name in enumerate(INTENT_NAMES)},
        id2label=dict(enumerate(INTENT_NAMES)),
    )
    settings.update(overrides)
    return Wav2Vec2Config(**settings)


def tiny_ast_config(**overrides):
    """Config of the tiny AST: the real input layout (1024 frames × 128 mel bins), tiny widths."""
    from transformers import ASTConfig

    settings = dict(
        hidden_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        intermediate_size=128,
        max_length=1024,
        num_mel_bins=128,
        patch_size=16,
        frequency_stride=10,
        time_stride=10,
        label2id={name: i for i, name in enumerate(AUDIOSET_FIRST_LABELS)},
        id2label=dict(enumerate(AUDIOSET_FIRST_LABELS)),
    )
    settings.update(overrides)
    return ASTConfig(**settings)


def wav2vec2_base_extractor():
    """A feature extractor with wav2vec2-base's settings: 16 kHz, per-clip normalisation,
    zero padding, no attention mask."""
    from transformers import Wav2Vec2FeatureExtractor

    return Wav2Vec2FeatureExtractor(
        feature_size=1,
        sampling_rate=16000,
        padding_value=0.0,
        do_normalize=True,
        return_attention_mask=False,
    )


def make_tiny_wav2vec2(out_dir: str | Path, *, seed: int = 0) -> Path:
    """Write a seeded random ``Wav2Vec2ForSequenceClassification`` + feature extractor."""
    import torch
    from transformers import Wav2Vec2ForSequenceClassification

    torch.manual_seed(seed)
    model = Wav2Vec2ForSequenceClassification(tiny_wav2vec2_config())
    return _save(model, wav2vec2_base_extractor(), out_dir)


def make_tiny_ast(out_dir: str | Path, *, seed: int = 0) -> Path:
    """Write a seeded random ``ASTForAudioClassification`` + AST feature extractor."""
    import torch
    from transformers import ASTFeatureExtractor, ASTForAudioClassification

    torch.manual_seed(seed)
    model = ASTForAudioClassification(tiny_ast_config())
    # The real checkpoint's extractor: 128 mel bins, 1024 frames, AudioSet mean/std.
    extractor = ASTFeatureExtractor(num_mel_bins=128, max_length=1024)
    return _save(model, extractor, out_dir)


def _save(model, extractor, out_dir: str | Path) -> Path:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out, safe_serialization=True)
    extractor.save_pretrained(out)
    return out


#: Name of each tiny checkpoint folder under data/tiny-models/ and its builder.
TINY_MODELS = {"wav2vec2": make_tiny_wav2vec2, "ast": make_tiny_ast}
