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


# --- What the model looks at: three maps and a sanity check -----------------------------
#
# [CLS] attention (above) reads one layer's weights and ignores the values and every other
# layer. Attention rollout follows the attention through all layers; occlusion asks the
# model itself (hide a region, watch the score). A map that hardly changes when the model's
# weights are randomised explains the input, not the model (Adebayo et al., "Sanity checks
# for saliency maps", NeurIPS 2018): :func:`randomised_copy` and :func:`map_similarity`.


def _as_input(model, input_values):
    import torch

    values = torch.as_tensor(np.asarray(input_values, dtype=np.float32))
    if values.ndim == 2:
        values = values[None]
    return values.to(device=model.device, dtype=model.dtype)


def attention_rollout(attentions, *, residual: float = 0.5) -> np.ndarray:
    """Attention rollout (Abnar & Zuidema, 2020) of one clip's per-layer attentions.

    ``attentions``: one ``(heads, tokens, tokens)`` (or ``(1, heads, tokens, tokens)``) array
    per layer, first layer first. Each layer's attention is averaged over heads, mixed with
    the identity for the residual connection (``residual·I + (1 − residual)·A``), its rows
    renormalised, and the layers multiplied through. Returns ``(tokens, tokens)``: row ``i``
    says how much of each input token flows into output token ``i``; each row sums to 1.
    """
    result = None
    for layer in attentions:
        weights = np.asarray(layer, dtype=np.float64)
        weights = weights[0] if weights.ndim == 4 else weights
        mixed = residual * np.eye(weights.shape[-1]) + (1 - residual) * weights.mean(axis=0)
        mixed /= mixed.sum(axis=-1, keepdims=True)
        result = mixed if result is None else mixed @ result
    if result is None:
        raise ValueError("attention_rollout needs the attentions of at least one layer.")
    return result


def rollout_map(model, input_values, *, residual: float = 0.5) -> np.ndarray:
    """``(frequency_patches, time_patches)``: how much of each patch reaches the pooled
    tokens AST's head reads (the mean of [CLS] and the distillation token), by
    :func:`attention_rollout` through every layer. Needs ``attn_implementation="eager"``."""
    import torch

    with torch.no_grad():
        outputs = model(_as_input(model, input_values), output_attentions=True)
    layers = [a[0].float().cpu().numpy() for a in outputs.attentions]
    pooled = attention_rollout(layers, residual=residual)[:2, 2:].mean(axis=0)
    grid = grid_for(model.config)
    return pooled.reshape(grid.frequency_patches, grid.time_patches)


def class_scores(model, input_values, *, activation: str | None = None) -> np.ndarray:
    """``(clips, labels)`` scores: sigmoid for a multi-label model (AudioSet's), else
    softmax; ``activation`` overrides the config: ``"sigmoid"``, ``"softmax"`` or
    ``"logit"`` (the raw score, which does not saturate near a probability of 1)."""
    import torch

    if activation is None:
        multi = model.config.problem_type == "multi_label_classification"
        activation = "sigmoid" if multi else "softmax"
    if activation not in ("sigmoid", "softmax", "logit"):
        raise ValueError(f"activation={activation!r}: choose 'sigmoid', 'softmax' or 'logit'.")
    with torch.no_grad():
        logits = model(_as_input(model, input_values)).logits.float()
    if activation == "sigmoid":
        logits = torch.sigmoid(logits)
    elif activation == "softmax":
        logits = torch.softmax(logits, -1)
    return logits.cpu().numpy()


def occlusion_map(
    model,
    input_values,
    *,
    target: int | None = None,
    window: tuple[int, int] = (16, 16),
    frames: int | None = None,
    baseline: float = 0.0,
    activation: str | None = None,
    batch_size: int = 32,
) -> tuple[np.ndarray, int]:
    """Occlusion sensitivity (Zeiler & Fergus, 2014) on a ``(frames, mel_bins)`` input.

    The input is cut into tiles of ``window`` = (frames, mel bins); each tile in turn is set
    to ``baseline`` (0: the normalised input's mean level) and the model scores the result.
    Each cell of the returned ``(frames, mel_bins)`` map holds its tile's **drop** in the
    ``target`` class's score (default: the class the model chooses), positive where hiding
    it costs the class support. Only the first ``frames`` rows are occluded (e.g. the real
    frames, to skip the padding); cells beyond are NaN. Returns ``(map, target)``.
    """
    values = np.asarray(input_values, dtype=np.float32)
    values = values[0] if values.ndim == 3 else values
    total_frames, bins = values.shape
    frames = total_frames if frames is None else min(int(frames), total_frames)
    step_t, step_f = window
    if step_t < 1 or step_f < 1:
        raise ValueError(f"window={window}: both sides must be at least 1.")
    reference = class_scores(model, values, activation=activation)[0]
    target = int(reference.argmax()) if target is None else int(target)
    tiles = [(t, f) for t in range(0, frames, step_t) for f in range(0, bins, step_f)]
    drops = np.full(values.shape, np.nan)
    for start in range(0, len(tiles), batch_size):
        chunk = tiles[start : start + batch_size]
        batch = np.repeat(values[None], len(chunk), axis=0)
        for k, (t, f) in enumerate(chunk):
            batch[k, t : min(t + step_t, frames), f : f + step_f] = baseline
        scores = class_scores(model, batch, activation=activation)[:, target]
        for (t, f), score in zip(chunk, scores, strict=True):
            drops[t : min(t + step_t, frames), f : f + step_f] = reference[target] - score
    return drops, target


def randomised_copy(model, *, seed: int = 0):
    """The same architecture and config with freshly initialised weights, on the same
    device and dtype: the model side of the saliency sanity check."""
    import copy as copying

    import torch

    torch.manual_seed(seed)
    copy = type(model)(copying.deepcopy(model.config))  # its own config, not the trained one's
    return copy.to(device=model.device, dtype=model.dtype).eval()


def map_similarity(first: np.ndarray, second: np.ndarray) -> float:
    """Spearman rank correlation of two maps over the cells both define (NaN skipped):
    1 when they rank every cell alike, near 0 when unrelated. Adebayo et al.'s measure."""
    from scipy.stats import spearmanr

    first, second = np.asarray(first, dtype=float).ravel(), np.asarray(second, dtype=float).ravel()
    if first.shape != second.shape:
        raise ValueError(f"The maps differ in size ({first.size} and {second.size} cells).")
    both = np.isfinite(first) & np.isfinite(second)
    if both.sum() < 3:
        raise ValueError("The maps share fewer than 3 defined cells: nothing to compare.")
    if np.ptp(first[both]) == 0 or np.ptp(second[both]) == 0:
        return 0.0  # a constant map ranks nothing
    return float(spearmanr(first[both], second[both]).statistic)


#: Rank correlation at or above which a map is said to survive weight randomisation, i.e.
#: to show the input (and the architecture) more than what this model learnt: this course's
#: rule of thumb, not a threshold from Adebayo et al.
SANITY_SIMILARITY = 0.5


def sanity_verdict(method: str, similarity: float) -> str:
    """One sentence on a map's sanity check (its :func:`map_similarity` between the model
    and :func:`randomised_copy`)."""
    if similarity >= SANITY_SIMILARITY:
        return (
            f"{method}: rank correlation {similarity:.2f} with the randomised model's map; "
            "it barely depends on the weights, so it shows the input, not this model."
        )
    return (
        f"{method}: rank correlation {similarity:.2f} with the randomised model's map; it "
        "passes this check on this clip (the map depends on the weights), which is necessary, "
        "not proof that the map is faithful."
    )


def token_summaries(
    model, feature_extractor, split, *, audio_column: str = "audio", batch_size: int = 8
) -> dict[str, np.ndarray]:
    """Two summaries of a frozen AST's last layer per clip of a ``datasets`` split, for
    linear probes (how much of a label a new head could read without fine-tuning):

    - ``"pooled"`` ``(clips, hidden)``: what AST's head reads, ([CLS] + distillation) / 2;
    - ``"patch mean"`` ``(clips, hidden)``: the mean of the patch tokens over the columns
      that hold the clip's audio (the padding's columns left out).
    """
    import torch
    from datasets import Audio

    from helpers.features import n_frames

    rate = feature_extractor.sampling_rate
    audio = split.cast_column(audio_column, Audio(sampling_rate=rate))[audio_column]
    grid = grid_for(model.config)
    pooled, patch_mean = [], []
    for start in range(0, len(audio), batch_size):
        clips = [
            a.get_all_samples().data.numpy().mean(0) for a in audio[start : start + batch_size]
        ]
        values = feature_extractor(clips, sampling_rate=rate, return_tensors="pt")["input_values"]
        with torch.no_grad():
            out = model.audio_spectrogram_transformer(values.to(model.device, model.dtype))
        hidden = out.last_hidden_state[:, 2:].float().cpu().numpy()
        hidden = hidden.reshape(len(clips), grid.frequency_patches, grid.time_patches, -1)
        pooled.append(out.pooler_output.float().cpu().numpy())
        for k, clip in enumerate(clips):
            frames = min(n_frames(clip.size, HOP_SAMPLES), feature_extractor.max_length)
            columns = min(grid.time_patches, max(1, int(np.ceil(frames / grid.time_stride))))
            patch_mean.append(hidden[k, :, :columns].mean(axis=(0, 1)))
    return {"pooled": np.concatenate(pooled), "patch mean": np.stack(patch_mean)}
