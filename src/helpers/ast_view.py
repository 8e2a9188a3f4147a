"""What the Audio Spectrogram Transformer (AST) sees: its input, patches and attention.

Every array here comes from the real ``ASTFeatureExtractor`` / ``ASTForAudioClassification``
(their own methods and outputs), never from a re-implementation that could drift.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from helpers.env import AST_MEL_WARNING
from helpers.features import n_frames

# ASTFeatureExtractor's 128 mel filters over 257 FFT bins leave one filter empty; the
# library warns on every extractor created. It is expected and harmless for AST.
warnings.filterwarnings("ignore", message=AST_MEL_WARNING, category=UserWarning)

#: Kaldi-style framing used by ASTFeatureExtractor: 25-ms windows
#: (:data:`helpers.features.WINDOW_SAMPLES`) every 10 ms (160 samples) at 16 kHz.
HOP_SAMPLES = 160


@dataclass(frozen=True)
class PatchGrid:
    """How a ``(max_length, num_mel_bins)`` input becomes AST tokens."""

    frequency_patches: int
    time_patches: int
    patch_size: int
    frequency_stride: int
    time_stride: int

    @property
    def n_patches(self) -> int:
        return self.frequency_patches * self.time_patches

    @property
    def sequence_length(self) -> int:
        """Tokens the transformer attends over: patches + [CLS] + distillation token."""
        return self.n_patches + 2


def patch_grid(
    max_length: int = 1024,
    num_mel_bins: int = 128,
    *,
    patch_size: int = 16,
    frequency_stride: int = 10,
    time_stride: int = 10,
) -> PatchGrid:
    """Patch counts for an input of ``max_length`` frames × ``num_mel_bins`` mel bins.

    16 × 16 patches taken every 10 bins/frames: (128 − 16) // 10 + 1 = 12 along
    frequency, (1024 − 16) // 10 + 1 = 101 along time, 1,212 patches.
    """
    if max_length < patch_size or num_mel_bins < patch_size:
        raise ValueError(
            f"max_length={max_length} and num_mel_bins={num_mel_bins} must be at least the "
            f"patch size ({patch_size})."
        )
    return PatchGrid(
        (num_mel_bins - patch_size) // frequency_stride + 1,
        (max_length - patch_size) // time_stride + 1,
        patch_size,
        frequency_stride,
        time_stride,
    )


def grid_for(config) -> PatchGrid:
    """:func:`patch_grid` for an ``ASTConfig``."""
    return patch_grid(
        config.max_length,
        config.num_mel_bins,
        patch_size=config.patch_size,
        frequency_stride=config.frequency_stride,
        time_stride=config.time_stride,
    )


def extractor_stages(feature_extractor, waveform: np.ndarray) -> dict[str, np.ndarray]:
    """The extractor's input at each stage, from its own methods.

    ``fbank``: log-mel filterbank of the real frames, ``(frames, num_mel_bins)``;
    ``padded``: padded with zeros / truncated to ``max_length`` frames;
    ``normalised``: ``(padded − mean) / (2 · std)``, exactly what the model receives.
    """
    waveform = np.asarray(waveform, dtype=np.float32)
    frames = n_frames(waveform.size, HOP_SAMPLES)
    padded = feature_extractor._extract_fbank_features(waveform, feature_extractor.max_length)
    longer = max(frames, feature_extractor.max_length)
    fbank = feature_extractor._extract_fbank_features(waveform, longer)[:frames]
    normalised = feature_extractor.normalize(padded) if feature_extractor.do_normalize else padded
    return {"fbank": fbank, "padded": padded, "normalised": normalised}


def fbank_features(feature_extractor, waveforms) -> list[np.ndarray]:
    """Un-normalised log-mel filterbanks of each waveform's real frames (no padding)."""
    return [extractor_stages(feature_extractor, w)["fbank"] for w in waveforms]


def compute_norm_stats(fbanks: list[np.ndarray]) -> tuple[float, float]:
    """Dataset mean and standard deviation of all filterbank values (real frames only).

    The counterpart of the AST authors' ``get_norm_stats.py``: pass the results as
    ``ASTFeatureExtractor(mean=..., std=...)`` so this dataset's inputs end up with mean 0
    and standard deviation 0.5. Padding is left out, so the statistics describe the audio.
    """
    values = np.concatenate([np.asarray(f, dtype=np.float64).ravel() for f in fbanks])
    if values.size == 0:
        raise ValueError("No filterbank values: pass at least one non-empty clip.")
    return float(values.mean()), float(values.std())


def cls_attention(model, input_values) -> np.ndarray:
    """Last layer's attention from the [CLS] token to every patch, averaged over heads.

    Returns a ``(frequency_patches, time_patches)`` map (AST numbers patches frequency
    first). Needs ``attn_implementation="eager"``: fused attention kernels do not return
    attention weights.
    """
    import torch

    # The model may sit on a GPU and run in bf16/fp16: feed it there, read results on the CPU.
    inputs = torch.as_tensor(input_values).to(device=model.device, dtype=model.dtype)
    with torch.no_grad():
        outputs = model(inputs, output_attentions=True)
    last = outputs.attentions[-1][0]  # (heads, tokens, tokens)
    grid = grid_for(model.config)
    to_patches = last[:, 0, 2:].mean(dim=0).float().cpu().numpy()  # skip [CLS], distillation
    return to_patches.reshape(grid.frequency_patches, grid.time_patches)


def patch_map_to_frames(patch_map: np.ndarray, grid: PatchGrid, shape: tuple[int, int]):
    """Spread a per-patch map over the ``(frames, mel_bins)`` input (mean where patches overlap).

    Cells no patch covers (the last frames when ``max_length − 16`` is not a multiple of
    the stride) are NaN: the model never sees them.
    """
    total = np.zeros(shape, dtype=np.float64)
    count = np.zeros(shape, dtype=np.float64)
    for f in range(grid.frequency_patches):
        for t in range(grid.time_patches):
            rows = slice(t * grid.time_stride, t * grid.time_stride + grid.patch_size)
            cols = slice(f * grid.frequency_stride, f * grid.frequency_stride + grid.patch_size)
            total[rows, cols] += patch_map[f, t]
            count[rows, cols] += 1
    return np.divide(total, count, out=np.full_like(total, np.nan), where=count > 0)
