"""One recipe, several speech encoders: input length, freezing and caching per family.

Three families of pretrained audio encoders differ in what their feature extractor emits
and what their position embeddings allow:

============  =====================================  ==========================================
family        input (unit of the length)             what fixes the length
============  =====================================  ==========================================
``waveform``  raw samples (wav2vec2, HuBERT, WavLM)  nothing: truncate, pad each batch
``ast``       log-mel frames, 10 ms each (AST)       the 12 x T patch grid's position embeddings
``whisper``   a log-mel window of whole seconds      ``max_source_positions`` (30 s = 1,500)
============  =====================================  ==========================================

:func:`choose_input_length` picks the length from the training clips' durations in the
family's unit; :func:`set_input_length` writes it into the feature extractor, and
:func:`fit_model_to_extractor` adapts a model to it (Whisper: position embeddings cut to the
window; AST: the time axis of the patch grid cut around its centre, as the AST authors do,
or interpolated for longer inputs). The saved model and extractor then agree, so a plain
``pipeline("audio-classification", model=folder)`` pads new clips to the same length.
"""

from __future__ import annotations

import math

import numpy as np

from helpers.features import (  # re-exported here, where the families are taught
    FAMILIES,
    WAV2VEC2_FRAME_SAMPLES,
    choose_max_length,
    family_of_extractor,
)

#: ``config.model_type`` of encoders that read raw 16-kHz samples.
WAVEFORM_MODEL_TYPES = (
    "wav2vec2",
    "wav2vec2-conformer",
    "hubert",
    "wavlm",
    "data2vec-audio",
    "unispeech",
    "unispeech-sat",
    "sew",
    "sew-d",
)
#: Samples per output frame of wav2vec2-style encoders and per Whisper position (20 ms).
WAVEFORM_FRAME_SAMPLES = WAV2VEC2_FRAME_SAMPLES
#: Whisper: 100 log-mel frames per second, two frames per encoder position.
WHISPER_POSITIONS_PER_SECOND = 50
#: Whisper checkpoints are trained on 30-s windows.
WHISPER_MAX_SECONDS = 30


def family_of_model(model_or_config) -> str:
    """``"waveform"``, ``"ast"`` or ``"whisper"`` from a model or its config."""
    config = getattr(model_or_config, "config", model_or_config)
    model_type = getattr(config, "model_type", None)
    if model_type in ("whisper", "whisper-pooled"):  # helpers.heads' real-frames classifier
        return "whisper"
    if model_type == "audio-spectrogram-transformer":
        return "ast"
    if model_type in WAVEFORM_MODEL_TYPES:
        return "waveform"
    raise ValueError(
        f"model_type {model_type!r} is not one of the supported encoder families "
        f"({', '.join(FAMILIES)}); use a wav2vec2/HuBERT/WavLM, AST or Whisper checkpoint."
    )


def ast_frames(seconds: float, *, patch_size: int = 16, time_stride: int = 10) -> int:
    """AST frames (10 ms each) covering ``seconds``, on whole patch-grid steps (16 + 10·k)."""
    frames = max(patch_size, math.ceil(seconds * 100))
    return patch_size + math.ceil((frames - patch_size) / time_stride) * time_stride


def choose_input_length(durations_s, feature_extractor, *, percentile: float = 95.0) -> int:
    """Input length covering ``percentile`` % of the clips entirely, in the extractor's unit.

    Samples (a multiple of 320) for waveform encoders, frames for AST, whole seconds (1–30)
    for Whisper. Use the training clips' durations only.
    """
    family = family_of_extractor(feature_extractor)
    samples = choose_max_length(
        durations_s, percentile=percentile, sampling_rate=feature_extractor.sampling_rate
    )
    if family == "waveform":
        return samples
    seconds = samples / feature_extractor.sampling_rate
    if family == "ast":
        return ast_frames(seconds)
    return int(min(WHISPER_MAX_SECONDS, max(1, math.ceil(seconds))))


def set_input_length(feature_extractor, length: int) -> None:
    """Make the extractor pad/truncate to ``length`` (frames for AST, seconds for Whisper).

    Waveform extractors have no fixed length (the length is passed at each call), so this
    is a no-op for them.
    """
    family = family_of_extractor(feature_extractor)
    if family == "ast":
        feature_extractor.max_length = int(length)
    elif family == "whisper":
        seconds = int(length)
        if not 1 <= seconds <= WHISPER_MAX_SECONDS:
            raise ValueError(
                f"A Whisper window of {length} s is outside 1–{WHISPER_MAX_SECONDS} s."
            )
        feature_extractor.chunk_length = seconds
        feature_extractor.n_samples = seconds * feature_extractor.sampling_rate
        feature_extractor.nb_max_frames = (
            feature_extractor.n_samples // feature_extractor.hop_length
        )
        # which frames hold audio: helpers.heads' real-frames head pools only those (the
        # stock head ignores the mask), and a saved extractor keeps returning it
        feature_extractor.return_attention_mask = True


def cut_whisper_window(model, positions: int) -> None:
    """Keep the first ``positions`` encoder positions (50 per second) of a Whisper model.

    The encoder then takes ``2 * positions`` log-mel frames; its sinusoidal position
    embeddings for later positions are dropped, earlier ones are unchanged. In place.
    """
    import torch

    encoder = model.get_encoder() if hasattr(model, "get_encoder") else model.encoder
    current = encoder.embed_positions.num_embeddings
    if not 1 <= positions <= current:
        raise ValueError(f"positions={positions} must be between 1 and {current}.")
    if positions == current:
        return
    weight = encoder.embed_positions.weight.data[:positions].clone()
    encoder.embed_positions = torch.nn.Embedding(
        positions, weight.shape[1], device=weight.device, dtype=weight.dtype
    )
    encoder.embed_positions.weight.data.copy_(weight)
    encoder.embed_positions.requires_grad_(False)
    encoder.config.max_source_positions = positions
    model.config.max_source_positions = positions


def resize_ast_time(model, max_length: int, *, mode: str = "cut") -> None:
    """Adapt AST's position embeddings to inputs of ``max_length`` frames. In place.

    The patch grid is ``F x T`` (12 x 101 for 1,024 frames). ``mode="cut"`` keeps the
    centre ``T'`` time columns of the pretrained grid (what the AST authors do for shorter
    inputs), ``"interpolate"`` resamples the time axis bilinearly (their choice for longer
    inputs; ``cut`` falls back to it when ``T' > T``). The [CLS]/distillation positions are
    kept. Nothing is re-initialised.
    """
    import torch

    if mode not in ("cut", "interpolate"):
        raise ValueError(f"mode={mode!r} must be 'cut' or 'interpolate'.")
    embeddings = model.audio_spectrogram_transformer.embeddings
    config = model.config
    freq, time = embeddings.get_shape(config)
    new_config = type(config).from_dict({**config.to_dict(), "max_length": int(max_length)})
    _, new_time = embeddings.get_shape(new_config)
    if new_time < 1:
        raise ValueError(f"max_length={max_length} frames is shorter than one AST patch.")
    old = embeddings.position_embeddings.data
    special, grid = old[:, :2], old[:, 2:]
    dim = grid.shape[-1]
    grid = grid.reshape(1, freq, time, dim).permute(0, 3, 1, 2)  # (1, D, F, T)
    if new_time <= time and mode == "cut":
        start = time // 2 - new_time // 2
        grid = grid[:, :, :, start : start + new_time]
    elif new_time != time:
        grid = torch.nn.functional.interpolate(
            grid, size=(freq, new_time), mode="bilinear", align_corners=False
        )
    grid = grid.permute(0, 2, 3, 1).reshape(1, freq * new_time, dim)
    embeddings.position_embeddings = torch.nn.Parameter(torch.cat([special, grid], dim=1))
    config.max_length = int(max_length)


def fit_model_to_extractor(model, feature_extractor, *, ast_mode: str = "cut") -> None:
    """Adapt ``model`` to the extractor's fixed input length (Whisper window, AST frames)."""
    family = family_of_model(model)
    if family == "whisper":
        frames = int(feature_extractor.nb_max_frames)
        cut_whisper_window(model, frames // 2)
    elif family == "ast" and int(model.config.max_length) != int(feature_extractor.max_length):
        resize_ast_time(model, int(feature_extractor.max_length), mode=ast_mode)


def freeze(model, part: str | None = "auto") -> str:
    """Freeze part of a pretrained encoder; returns what was frozen, in words.

    ``"auto"``: the convolutional feature encoder of waveform models
    (``freeze_feature_encoder``), the whole encoder of Whisper (``freeze_encoder``: only the
    new projector and classifier train), nothing for AST (the AST authors fine-tune all of
    it). ``"feature_encoder"`` / ``"encoder"`` call those methods; any other string names
    a sub-module (``model.get_submodule(part)``); ``None`` freezes nothing.
    """
    family = family_of_model(model)
    if part == "auto":
        part = {"waveform": "feature_encoder", "whisper": "encoder", "ast": None}[family]
    if part is None:
        return "nothing frozen"
    if part == "feature_encoder" and hasattr(model, "freeze_feature_encoder"):
        model.freeze_feature_encoder()
        return "convolutional feature encoder frozen"
    if part == "encoder" and hasattr(model, "freeze_encoder"):
        model.freeze_encoder()
        return "encoder frozen"
    try:
        module = model.get_submodule(part)
    except AttributeError as error:
        raise ValueError(
            f"{type(model).__name__} has no sub-module {part!r} to freeze; name one of "
            "model.named_modules() or use 'auto'."
        ) from error
    module.requires_grad_(False)
    return f"{part} frozen"


def unfreeze_top_layers(model, n_layers: int) -> list[str]:
    """Let the top ``n_layers`` encoder layers (and the final layer norm) train again.

    For a Whisper classifier whose encoder was frozen. Returns the names made trainable.
    """
    if family_of_model(model) != "whisper":
        raise ValueError("unfreeze_top_layers is for Whisper classifiers (model.encoder.layers).")
    layers = model.encoder.layers
    if not 0 <= n_layers <= len(layers):
        raise ValueError(f"n_layers={n_layers} must be between 0 and {len(layers)}.")
    names = []
    if n_layers:
        for index in range(len(layers) - n_layers, len(layers)):
            layers[index].requires_grad_(True)
            names.append(f"encoder.layers.{index}")
        model.encoder.layer_norm.requires_grad_(True)
        names.append("encoder.layer_norm")
    return names


def count_trainable(model) -> tuple[int, int]:
    """``(trainable, total)`` parameter counts."""
    total = sum(p.numel() for p in model.parameters())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return trainable, total


def real_positions(num_samples, positions: int) -> np.ndarray:
    """Whisper encoder positions that hold audio (not padding): one per 320 samples."""
    counts = np.ceil(np.asarray(num_samples, dtype=np.float64) / WAVEFORM_FRAME_SAMPLES)
    return np.clip(counts.astype(int), 1, positions)


def cache_encoder_outputs(model, dataset, *, batch_size: int = 16, device: str = "cpu"):
    """Run a frozen Whisper encoder once per clip; keep what its classification head pools.

    ``dataset`` (a ``Dataset`` or ``DatasetDict`` from :func:`helpers.training.prepare_dataset`)
    needs ``input_features``, ``num_samples`` and ``label``. Returns the same splits with:

    - ``encoder_outputs`` (1 x D): the last hidden state averaged over **all** window
      positions, padding included. ``WhisperForAudioClassification`` applies a linear
      projector and then this same average, so training its head on this column (see
      :func:`collate_encoder_outputs`) is exactly training it on the clips themselves;
    - ``real_mean`` (D): the average over the positions that hold audio only, to measure
      what averaging over padding costs (:func:`real_frames_only`);
    - ``pooled_features`` (2·D): the mean and standard deviation over those positions,
      what :class:`helpers.heads.WhisperPooledForAudioClassification` pools
      (:func:`collate_pooled_features` hands it over).
    """
    import torch
    from datasets import DatasetDict

    from helpers.heads import masked_mean_std

    if family_of_model(model) != "whisper":
        raise ValueError("cache_encoder_outputs is for Whisper classifiers.")
    if getattr(model.config, "use_weighted_layer_sum", False):
        raise ValueError(
            "cache_encoder_outputs caches the last layer only; "
            "load the model with use_weighted_layer_sum=False."
        )
    encoder = model.encoder.to(device).eval()
    positions = model.config.max_source_positions
    dtype = next(encoder.parameters()).dtype

    def encode(batch: dict) -> dict:
        features = torch.as_tensor(np.asarray(batch["input_features"]), dtype=dtype).to(device)
        with torch.no_grad():
            hidden = encoder(features).last_hidden_state.float().cpu()
        real = real_positions(batch["num_samples"], positions)
        mask = (torch.arange(positions)[None, :] < torch.as_tensor(real)[:, None]).float()
        pooled = masked_mean_std(hidden, mask)  # [mean, std] over the real positions
        return {
            "encoder_outputs": hidden.mean(dim=1, keepdim=True).numpy(),
            "real_mean": pooled[:, : hidden.shape[-1]].numpy(),
            "pooled_features": pooled.numpy(),
        }

    def one(split):
        keep = [c for c in split.column_names if c == "label"]
        return split.map(
            encode,
            batched=True,
            batch_size=batch_size,
            remove_columns=[c for c in split.column_names if c not in keep],
            load_from_cache_file=False,  # always this model's outputs, never a stale cache
            keep_in_memory=True,
            desc="encoding once",
        ).with_format("numpy")

    if isinstance(dataset, DatasetDict):
        return DatasetDict({name: one(split) for name, split in dataset.items()})
    return one(dataset)


def real_frames_only(cached):
    """The cache with ``real_mean`` in place of ``encoder_outputs``: a head that never sees padding.

    Such a head cannot be saved as a stock model (``WhisperForAudioClassification`` always
    averages over the whole window); it measures what averaging over padding costs.
    """
    return cached.remove_columns("encoder_outputs").rename_column("real_mean", "encoder_outputs")


def collate_pooled_features(features: list[dict]) -> dict:
    """Batch cached rows for `Trainer` and the pooled classifier: ``pooled_features`` and
    ``labels`` (:class:`helpers.heads.WhisperPooledForAudioClassification` then skips its
    encoder)."""
    import torch

    pooled = np.stack([np.asarray(f["pooled_features"], dtype=np.float32) for f in features])
    labels = torch.as_tensor(np.asarray([int(f["label"]) for f in features]))
    return {"pooled_features": torch.as_tensor(pooled), "labels": labels}


def collate_encoder_outputs(features: list[dict]) -> dict:
    """Batch cached rows for `Trainer`: ``encoder_outputs=(hidden,)`` and ``labels``.

    ``WhisperForAudioClassification.forward`` skips its encoder when given
    ``encoder_outputs``, so only the projector and classifier run. Rows of shape (D,) are
    treated as one position (1 x D).
    """
    import torch

    hidden = np.stack([np.asarray(f["encoder_outputs"], dtype=np.float32) for f in features])
    if hidden.ndim == 2:  # (batch, D) → (batch, 1, D): one "position" to average
        hidden = hidden[:, None, :]
    labels = torch.as_tensor(np.asarray([int(f["label"]) for f in features]))
    return {"encoder_outputs": (torch.as_tensor(hidden),), "labels": labels}


class SpecAugment:
    """SpecAugment on every training batch and no evaluation batch, inside the model's call.

    SpecAugment (Park et al., 2019) for spectrogram inputs ``(batch, frames, mel_bins)``
    such as AST's: ``time_masks`` bands of up to ``time_width`` frames and ``freq_masks``
    bands of up to ``freq_width`` mel bins are set to 0 (the normalised mean).
    ``SpecAugment(model)`` registers a forward pre-hook, so the mask is drawn when the
    model is called and ``model.training`` is read then: `Trainer` calls ``model.train()``
    inside each training step and ``model.eval()`` before evaluating. (A data collator
    cannot know: the dataloader builds batches ahead of the step, while the model may still
    be in eval mode from the last evaluation.) ``remove()`` takes the hook off; a saved
    model never carries it.
    """

    def __init__(self, model, *, time_masks=2, time_width=40, freq_masks=2, freq_width=16, seed=0):
        import torch

        self.time_masks, self.time_width = time_masks, time_width
        self.freq_masks, self.freq_width = freq_masks, freq_width
        self.generator = torch.Generator().manual_seed(seed)
        self.handle = model.register_forward_pre_hook(self._hook, with_kwargs=True)

    def remove(self) -> None:
        self.handle.remove()

    def _bands(self, size: int, count: int, width: int):
        import torch

        for _ in range(count):
            w = int(torch.randint(0, width + 1, (1,), generator=self.generator))
            start = int(torch.randint(0, max(1, size - w + 1), (1,), generator=self.generator))
            yield start, start + w

    def mask(self, values):
        """A masked copy of ``values`` ``(batch, frames, mel_bins)``."""
        values = values.clone()
        for row in values:
            for start, stop in self._bands(row.shape[0], self.time_masks, self.time_width):
                row[start:stop, :] = 0
            for start, stop in self._bands(row.shape[1], self.freq_masks, self.freq_width):
                row[:, start:stop] = 0
        return values

    def _hook(self, module, args, kwargs):
        if not module.training:
            return None
        if "input_values" in kwargs:
            return args, {**kwargs, "input_values": self.mask(kwargs["input_values"])}
        if args:  # model(values) called positionally
            return (self.mask(args[0]), *args[1:]), kwargs
        return None
