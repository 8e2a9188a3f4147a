"""Classification heads transformers does not ship, registered with its Auto classes.

``WhisperForAudioClassification`` averages its projector output over **every** encoder
position of the window, padding included, and takes no attention mask: a short clip's
average is mostly silence. :class:`WhisperPooledForAudioClassification` listens only to the
audio: it pools the encoder's last layer over the positions that cover the clip (from the
feature extractor's attention mask), takes their **mean and standard deviation**,
standardises them with statistics of the training split (kept in the model's weights, so
they travel with it) and applies one linear classifier.

Importing :mod:`helpers` registers the config and the model with ``AutoConfig`` and
``AutoModelForAudioClassification``, so ``save_pretrained``, ``from_pretrained``,
``pipeline("audio-classification", model=folder)`` and ``push_to_hub`` work as for a stock
model (safetensors, no ``trust_remote_code``). Where ``helpers`` is not installed,
transformers refuses the folder with its "does not recognize this architecture" message:
``pip install`` this course's package (the model card says how).
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn
from transformers import AutoConfig, AutoModelForAudioClassification, WhisperConfig
from transformers.modeling_outputs import SequenceClassifierOutput
from transformers.models.whisper.modeling_whisper import WhisperEncoder, WhisperPreTrainedModel

#: ``config.model_type`` of the real-frames Whisper classifier.
WHISPER_POOLED_TYPE = "whisper-pooled"
#: What one line of a model card says a reader must install to load such a model.
INSTALL_HINT = (
    "pip install git+https://github.com/hf-audio-tutorials/minds14-audio-classification "
    "and `import helpers` before loading"
)


class WhisperPooledConfig(WhisperConfig):
    """``WhisperConfig`` for :class:`WhisperPooledForAudioClassification` (its own type)."""

    model_type = WHISPER_POOLED_TYPE


def real_positions_from_mask(attention_mask: torch.Tensor, positions: int) -> torch.Tensor:
    """Encoder positions that hold audio, per clip, from the extractor's attention mask.

    The mask may count samples (``(batch, positions * 320)``) or log-mel frames
    (``(batch, positions * 2)``): either way its length is a whole multiple of the encoder's
    positions, and a position counts as audio when any of its samples or frames does.
    """
    length = attention_mask.shape[-1]
    if length % positions:
        raise ValueError(
            f"attention_mask has {length} entries per clip, not a multiple of the encoder's "
            f"{positions} positions: pass the mask the model's own feature extractor returns."
        )
    per_position = length // positions
    real = attention_mask.reshape(attention_mask.shape[0], positions, per_position).amax(-1)
    return real.to(torch.float32)


def masked_mean_std(hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """``[mean, std]`` of ``hidden`` (batch, positions, D) over the positions where ``mask``
    (batch, positions) is 1; (batch, 2·D). Positions where the mask is 0 take no part."""
    weights = mask.to(hidden.dtype)[..., None]
    count = weights.sum(dim=1).clamp(min=1.0)
    mean = (hidden * weights).sum(dim=1) / count
    variance = (((hidden - mean[:, None, :]) ** 2) * weights).sum(dim=1) / count
    return torch.cat([mean, variance.clamp(min=0.0).sqrt()], dim=-1)


class WhisperPooledForAudioClassification(WhisperPreTrainedModel):
    """A Whisper encoder, mean and standard deviation over the real frames, one linear layer.

    ``forward`` takes what the feature extractor returns (``input_features`` and
    ``attention_mask``; save the extractor with ``return_attention_mask=True``), or, to
    train the head on cached encoder outputs, ``pooled_features`` (batch, 2·D) computed by
    :func:`masked_mean_std` beforehand (the encoder is then skipped). The pooled features
    are standardised with ``feature_mean`` / ``feature_scale`` (buffers saved with the
    weights; set them from the training split with :meth:`set_feature_stats`).
    """

    config_class = WhisperPooledConfig

    def __init__(self, config: WhisperPooledConfig):
        super().__init__(config)
        self.encoder = WhisperEncoder(config)
        features = 2 * config.d_model
        self.register_buffer("feature_mean", torch.zeros(features))
        self.register_buffer("feature_scale", torch.ones(features))
        self.classifier = nn.Linear(features, config.num_labels)
        self.post_init()

    def _init_weights(self, module):
        super()._init_weights(module)
        if module is self:  # the buffers start as "no standardisation"
            self.feature_mean.zero_()
            self.feature_scale.fill_(1.0)

    def freeze_encoder(self):
        """Only the classifier trains (the encoder and its statistics stay as they are)."""
        self.encoder._freeze_parameters()

    def get_input_embeddings(self) -> nn.Module:
        return self.encoder.get_input_embeddings()

    def set_input_embeddings(self, value: nn.Module):
        self.encoder.set_input_embeddings(value)

    @torch.no_grad()
    def set_feature_stats(self, pooled_features) -> None:
        """Standardise with the mean and standard deviation of ``pooled_features`` (rows:
        training clips, from :func:`masked_mean_std`); dimensions that never vary keep scale 1."""
        values = torch.as_tensor(np.asarray(pooled_features, dtype=np.float32))
        if values.ndim != 2 or values.shape[1] != self.feature_mean.numel():
            raise ValueError(
                f"pooled_features must be (clips, {self.feature_mean.numel()}), "
                f"not {tuple(values.shape)}."
            )
        scale = values.std(dim=0, unbiased=False)
        scale = torch.where(scale > 1e-6, scale, torch.ones_like(scale))
        self.feature_mean.copy_(values.mean(dim=0))
        self.feature_scale.copy_(scale)

    def pool(self, input_features: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """The encoder's last layer, pooled over the real frames: (batch, 2·D)."""
        hidden = self.encoder(input_features).last_hidden_state
        mask = real_positions_from_mask(attention_mask, hidden.shape[1]).to(hidden.device)
        return masked_mean_std(hidden, mask)

    def forward(
        self,
        input_features: torch.Tensor | None = None,
        attention_mask: torch.Tensor | None = None,
        pooled_features: torch.Tensor | None = None,
        labels: torch.Tensor | None = None,
        **kwargs,
    ) -> SequenceClassifierOutput:
        if pooled_features is None:
            if input_features is None or attention_mask is None:
                raise ValueError(
                    "WhisperPooledForAudioClassification needs input_features and their "
                    "attention_mask (the feature extractor returns it with "
                    "return_attention_mask=True), or pooled_features."
                )
            pooled_features = self.pool(input_features, attention_mask)
        features = pooled_features.to(self.feature_mean.dtype)
        standardised = (features - self.feature_mean) / self.feature_scale
        logits = self.classifier(standardised.to(self.classifier.weight.dtype))
        loss = None
        if labels is not None:
            loss = nn.functional.cross_entropy(
                logits.float().view(-1, self.config.num_labels), labels.to(logits.device).view(-1)
            )
        return SequenceClassifierOutput(loss=loss, logits=logits)


def pooled_from_whisper(model_id: str, **kwargs) -> WhisperPooledForAudioClassification:
    """The pooled classifier with the encoder weights of a Whisper checkpoint (any head, or
    none: ``openai/whisper-tiny.en``'s decoder is left out); the classifier starts new."""
    whisper = AutoConfig.from_pretrained(model_id).to_dict()  # the checkpoint's own config
    config = WhisperPooledConfig.from_dict(whisper, **kwargs)  # e.g. label2id=, id2label=
    return WhisperPooledForAudioClassification.from_pretrained(model_id, config=config)


def _register() -> None:
    try:
        AutoConfig.register(WHISPER_POOLED_TYPE, WhisperPooledConfig)
    except ValueError:  # registered already (a module reloaded)
        pass
    try:
        AutoModelForAudioClassification.register(
            WhisperPooledConfig, WhisperPooledForAudioClassification
        )
    except ValueError:
        pass


_register()
