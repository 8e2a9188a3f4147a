"""Pre-training of the tiny wav2vec2 stand-in, so the offline fine-tuning demo can learn.

Why: ``facebook/wav2vec2-base`` arrives with 960 hours of speech knowledge. A tiny model
with random weights has none, and 252 training clips are far too few to learn speech
from scratch (tried: it stays at chance on held-out voices). So the offline stand-in
gets a miniature pre-training of its own, on data that shares nothing with the bundled
dataset but the vocabulary:

- **voices**: sixteen espeak-ng voices whose accent + variant combination is not used by
  any voice of the bundled dataset;
- **utterances**: random sequences of 3–6 words from the call-centre vocabulary (no
  intent phrasing, no intent labels), each word synthesised separately, so the sample
  range of every word is known;
- **task**: frame-level word recognition: for each 20-ms wav2vec2 frame, which word (or
  silence) is being spoken. Dense labels like these train a small encoder in minutes
  on a CPU.

The encoder is saved as a ``Wav2Vec2Model`` checkpoint without a classification head,
like ``facebook/wav2vec2-base``; ``AutoModelForAudioClassification.from_pretrained``
adds a new head for the 14 intents. Run ``python scripts/pretrain_tiny_wav2vec2.py``.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from helpers.features import WAV2VEC2_FRAME_SAMPLES, WINDOW_SAMPLES, n_frames
from tooling import synth

#: Sample rate of the pre-training inputs (Hz), as wav2vec2 expects.
MODEL_RATE = 16000
_ACCENTS = (
    "en-us",
    "en-gb",
    "en-029",
    "en-gb-scotland",
    "en-us-nyc",
    "en-gb-x-rp",
    "en-gb-x-gbclan",
    "en-gb-x-gbcwmd",
)
_VARIANTS = ("m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4", "f5")


def vocabulary() -> list[str]:
    """Every word of the bundled dataset's phrasings, openings and closings, sorted."""
    texts = [p for phrasings in synth.PHRASINGS.values() for p in phrasings]
    texts += list(synth.OPENINGS) + list(synth.CLOSINGS)
    return sorted({w for text in texts for w in re.findall(r"[a-z']+", text.lower())})


def pretraining_voices(count: int = 16, *, seed: int = 0) -> list[synth.Voice]:
    """``count`` voices whose accent+variant is not used by the bundled dataset."""
    used = {v.espeak_voice for v in synth.VOICES}
    free = [f"{a}+{v}" for a in _ACCENTS for v in _VARIANTS if f"{a}+{v}" not in used]
    rng = np.random.default_rng(seed)
    chosen = rng.choice(len(free), size=count, replace=False)
    return [
        synth.Voice(f"p{i:02d}", free[k], int(rng.integers(140, 191)), int(rng.integers(30, 71)))
        for i, k in enumerate(chosen)
    ]


@dataclass
class Utterance:
    """A pre-training example: 16 kHz waveform and one label per wav2vec2 frame."""

    waveform: np.ndarray  # float32, MODEL_RATE Hz
    frame_labels: np.ndarray  # int64, 0 = silence, k = vocabulary index + 1
    voice: str = ""  # the espeak-ng voice, e.g. "en-gb+f3"


N_MELS = 40


def frame_log_mel(waveform: np.ndarray) -> np.ndarray:
    """Log-mel energies (``N_MELS``) of each wav2vec2 frame (400-sample window, 320 hop)."""
    from transformers.audio_utils import mel_filter_bank, spectrogram, window_function

    mel = mel_filter_bank(
        num_frequency_bins=257, num_mel_filters=N_MELS, min_frequency=60.0,
        max_frequency=4000.0, sampling_rate=MODEL_RATE,
    )  # fmt: skip
    spec = spectrogram(
        waveform, window_function(WINDOW_SAMPLES, "hann"), frame_length=WINDOW_SAMPLES,
        hop_length=WAV2VEC2_FRAME_SAMPLES, fft_length=512, power=2.0, center=False,
        mel_filters=mel, log_mel="log10", mel_floor=1e-6,
    )  # fmt: skip
    return spec.T.astype(np.float32)


def make_corpus(
    n_utterances: int = 1600,
    *,
    voices: int = 16,
    words: tuple[int, int] = (3, 6),
    seed: int = 0,
    progress: bool = True,
) -> tuple[list[Utterance], list[str]]:
    """Synthesise the pre-training corpus; returns ``(utterances, vocabulary)``.

    Each utterance has ``words[0]`` to ``words[1]`` distinct words in random order.
    """
    fewest, most = words
    words = vocabulary()
    speakers = pretraining_voices(voices, seed=seed)
    rng = np.random.default_rng([seed, 1])
    cache: dict[tuple[str, str], tuple[np.ndarray, int]] = {}
    corpus = []
    for n in range(n_utterances):
        if progress and n % 200 == 0:
            print(f"  utterance {n}/{n_utterances}", flush=True)
        voice = speakers[n % len(speakers)]
        chosen = rng.choice(len(words), size=int(rng.integers(fewest, most + 1)), replace=False)
        pieces, spans, cursor, rate = [], [], 0, None
        for k in chosen:
            key = (voice.espeak_voice, words[k])
            if key not in cache:
                cache[key] = synth.speak(words[k], voice)
            speech, rate = cache[key]
            gap = np.zeros(int(rng.uniform(0.03, 0.15) * rate), dtype=np.int16)
            pieces += [gap, speech]
            spans.append((cursor + gap.size, cursor + gap.size + speech.size, k + 1))
            cursor += gap.size + speech.size
        clean = np.concatenate(pieces)
        phone = synth.telephone_channel(clean, rate, rng, pad=False)
        waveform = synth.polyphase_resample(
            phone.astype(np.float32) / 32768.0, synth.TELEPHONE_RATE, MODEL_RATE
        )
        labels = np.zeros(n_frames(waveform.size, WAV2VEC2_FRAME_SAMPLES), dtype=np.int64)
        centres = (
            np.arange(labels.size) * WAV2VEC2_FRAME_SAMPLES + WINDOW_SAMPLES // 2
        ) / MODEL_RATE
        for start, end, label in spans:
            labels[(centres >= start / rate) & (centres < end / rate)] = label
        corpus.append(Utterance(waveform.astype(np.float32), labels, voice.espeak_voice))
    return corpus, words


def pretrain(
    corpus: list[Utterance],
    n_labels: int,
    *,
    mel_epochs: int = 3,
    epochs: int = 10,
    batch_size: int = 16,
    learning_rate: float = 1e-3,
    seed: int = 0,
    progress: bool = True,
):
    """Train a tiny ``Wav2Vec2Model``; returns ``(model, history)``.

    Stage 1 (``mel_epochs``): regress each frame's log-mel energies, which teaches the
    convolutional front end a filterbank in a few minutes. Stage 2 (``epochs``): classify
    each frame's word. ``history`` lists, per epoch, the mean training loss and (stage 2)
    the frame accuracy on the last 10 % of the corpus (held out).
    """
    import torch
    from transformers import Wav2Vec2Model

    from tooling.checkpoints import tiny_wav2vec2_config

    torch.manual_seed(seed)
    model = Wav2Vec2Model(tiny_wav2vec2_config(mask_time_prob=0.0, layerdrop=0.0))
    n_val = max(1, len(corpus) // 10)
    train, val = corpus[:-n_val], corpus[-n_val:]
    rng = np.random.default_rng(seed)
    history = []
    start = time.perf_counter()

    if mel_epochs:
        mels = [frame_log_mel(u.waveform) for u in train]
        stacked = np.concatenate(mels)
        mean, std = stacked.mean(0), stacked.std(0) + 1e-6
        mel_head = torch.nn.Linear(model.config.hidden_size, N_MELS)
        mel_params = list(model.parameters()) + list(mel_head.parameters())
        mel_opt = torch.optim.AdamW(mel_params, lr=learning_rate)
        for epoch in range(mel_epochs):
            losses = []
            for i in _batches(rng, len(train), batch_size):
                x, _ = _pad_batch([train[j] for j in i])
                pred = mel_head(model(torch.from_numpy(x)).last_hidden_state)
                loss = 0.0
                for row, j in enumerate(i):
                    target = torch.from_numpy((mels[j] - mean) / std)
                    n = min(len(target), pred.shape[1])
                    loss = loss + torch.nn.functional.mse_loss(pred[row, :n], target[:n])
                loss = loss / len(i)
                loss.backward()
                mel_opt.step()
                mel_opt.zero_grad()
                losses.append(loss.item())
            history.append(
                {"stage": "log-mel regression", "epoch": epoch + 1, "loss": float(np.mean(losses))}
            )
            if progress:
                seconds = time.perf_counter() - start
                print(
                    f"  mel epoch {epoch + 1}: loss {losses[-1]:.3f} ({seconds:.0f} s)", flush=True
                )

    head = torch.nn.Linear(model.config.hidden_size, n_labels)
    params = list(model.parameters()) + list(head.parameters())
    optimizer = torch.optim.AdamW(params, lr=learning_rate, weight_decay=0.01)
    steps = epochs * (len(train) // batch_size)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, learning_rate, total_steps=steps)

    def run(batch):
        x, y = _pad_batch(batch)
        logits = head(model(torch.from_numpy(x)).last_hidden_state)
        y = torch.from_numpy(y)[:, : logits.shape[1]]
        loss = torch.nn.functional.cross_entropy(
            logits[:, : y.shape[1]].reshape(-1, n_labels), y.reshape(-1), ignore_index=-100
        )
        return loss, logits[:, : y.shape[1]].argmax(-1), y

    for epoch in range(epochs):
        model.train()
        losses = _train_epoch(
            lambda i: run([train[j] for j in i])[0], rng, len(train), batch_size, params,
            optimizer, schedule,
        )  # fmt: skip
        model.eval()
        correct = total = 0
        with torch.no_grad():
            for i in range(0, len(val), 32):
                _, pred, y = run(val[i : i + 32])
                mask = y != -100
                correct += int((pred[mask] == y[mask]).sum())
                total += int(mask.sum())
        history.append(
            {"epoch": epoch + 1, "loss": float(np.mean(losses)), "val_frame_acc": correct / total}
        )
        if progress:
            print(
                f"  epoch {epoch + 1}: loss {history[-1]['loss']:.3f}, held-out frame accuracy "
                f"{history[-1]['val_frame_acc']:.1%} ({time.perf_counter() - start:.0f} s)",
                flush=True,
            )
    return model, history


def _train_epoch(loss_of, rng, n, batch_size, params, optimizer, schedule) -> list[float]:
    """One pass over ``n`` examples in shuffled batches (gradients clipped at norm 5)."""
    import torch

    losses = []
    for batch in _batches(rng, n, batch_size):
        loss = loss_of(batch)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 5.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        losses.append(loss.item())
    return losses


def _batches(rng: np.random.Generator, n: int, batch_size: int) -> list[list[int]]:
    order = rng.permutation(n)
    return [order[i : i + batch_size].tolist() for i in range(0, n - batch_size + 1, batch_size)]


def _pad_batch(batch: list[Utterance]) -> tuple[np.ndarray, np.ndarray]:
    """Per-clip normalised, zero-padded waveforms and -100-padded frame labels."""
    length = max(u.waveform.size for u in batch)
    x = np.zeros((len(batch), length), dtype=np.float32)
    y = np.full((len(batch), n_frames(length, WAV2VEC2_FRAME_SAMPLES)), -100, dtype=np.int64)
    for i, u in enumerate(batch):
        w = u.waveform
        x[i, : w.size] = (w - w.mean()) / np.sqrt(w.var() + 1e-7)
        y[i, : u.frame_labels.size] = u.frame_labels
    return x, y


def save_encoder(model, out_dir: str | Path) -> Path:
    """Save the encoder like wav2vec2-base: weights, config, feature-extractor settings."""
    import torch

    from tooling.checkpoints import wav2vec2_base_extractor

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # Fine-tuning uses the usual wav2vec2-base regularisation again, including the
    # learned vector that replaces masked frames (SpecAugment), as in wav2vec2-base.
    model.config.mask_time_prob = 0.05
    model.config.layerdrop = 0.1
    generator = torch.Generator().manual_seed(0)
    embed = torch.rand(model.config.hidden_size, generator=generator)
    model.masked_spec_embed = torch.nn.Parameter(embed)
    model.save_pretrained(out, safe_serialization=True)
    wav2vec2_base_extractor().save_pretrained(out)
    return out


# --- The tiny AST stand-in ------------------------------------------------------------
#
# ``MIT/ast-finetuned-audioset-10-10-0.4593`` arrives pre-trained (ImageNet, then AudioSet).
# The tiny AST stand-in gets the same kind of miniature pre-training as the wav2vec2 one,
# on the same kind of separate corpus (other voices, random word sequences, no intents),
# with the real checkpoint's input layout (1,024 frames × 128 mel bins, padded) and two
# tasks: which word each column of patches covers (dense, what teaches it speech), and
# AudioSet-style clip labels its 10 classes can honestly have for synthetic voices
# (*Speech*, *Speech synthesizer*, and *Male* or *Female speech* from the voice).


def audioset_targets(voice: str, labels: list[str]) -> np.ndarray:
    """Multi-label AudioSet-style targets of a synthetic utterance spoken by ``voice``."""
    variant = voice.split("+")[-1]
    on = {"Speech", "Speech synthesizer"}
    on.add(
        "Male speech, man speaking" if variant.startswith("m") else "Female speech, woman speaking"
    )
    return np.array([label in on for label in labels], dtype=np.float32)


def ast_column_labels(frame_labels: np.ndarray, grid, n_real_frames: int) -> np.ndarray:
    """The word under each time column of AST patches (-100 for columns past the audio).

    Column ``t`` covers AST frames ``[t·stride, t·stride + patch)`` (10-ms frames); its
    label is the wav2vec2-frame (20-ms) label at the column's centre.
    """
    from helpers.ast_view import HOP_SAMPLES

    columns = np.arange(grid.time_patches)
    centre_frame = columns * grid.time_stride + grid.patch_size / 2
    centre_sample = centre_frame * HOP_SAMPLES + WINDOW_SAMPLES / 2
    index = np.floor((centre_sample - WINDOW_SAMPLES / 2) / WAV2VEC2_FRAME_SAMPLES + 0.5)
    index = np.clip(index.astype(np.int64), 0, frame_labels.size - 1)
    labels = frame_labels[index].copy()
    labels[centre_frame >= n_real_frames] = -100
    return labels


def ast_inputs(corpus: list[Utterance]) -> tuple[list[np.ndarray], float, float]:
    """Un-normalised padded filterbanks (1,024 × 128), with the corpus's mean and std."""
    from transformers import ASTFeatureExtractor

    from helpers.ast_view import compute_norm_stats, extractor_stages

    extractor = ASTFeatureExtractor(num_mel_bins=128, max_length=1024, do_normalize=False)
    stages = [extractor_stages(extractor, u.waveform) for u in corpus]
    mean, std = compute_norm_stats([s["fbank"] for s in stages])
    return [s["padded"] for s in stages], mean, std


def pretrain_ast(
    corpus: list[Utterance],
    n_words: int,
    *,
    epochs: int = 20,
    batch_size: int = 16,
    learning_rate: float = 1e-3,
    seed: int = 0,
    progress: bool = True,
):
    """Train a tiny ``ASTForAudioClassification``; returns ``(model, (mean, std), history)``.

    Loss: cross-entropy of each patch column's word (the column's 12 patch tokens side by
    side, one linear layer) plus the binary cross-entropy of the checkpoint's own 10-class
    AudioSet head. ``history`` lists, per epoch, the training loss, the column accuracy and
    the clip-label accuracy (per label) on the last 10 % of the corpus (held out).
    """
    import torch
    from transformers import ASTForAudioClassification

    from helpers.ast_view import grid_for
    from tooling.checkpoints import AUDIOSET_FIRST_LABELS, tiny_ast_config

    torch.manual_seed(seed)
    model = ASTForAudioClassification(tiny_ast_config())
    grid = grid_for(model.config)
    padded, mean, std = ast_inputs(corpus)
    inputs = [((x - mean) / (2 * std)).astype(np.float32) for x in padded]
    real = [n_frames(u.waveform.size, 160) for u in corpus]
    pairs = zip(corpus, real, strict=True)
    columns = [ast_column_labels(u.frame_labels, grid, r) for u, r in pairs]
    clip = [audioset_targets(u.voice, AUDIOSET_FIRST_LABELS) for u in corpus]
    n_val = max(1, len(corpus) // 10)
    order = np.arange(len(corpus))
    train, val = order[:-n_val], order[-n_val:]

    # one column's 12 patch tokens side by side: the word depends on the spectral shape
    word_head = torch.nn.Linear(grid.frequency_patches * model.config.hidden_size, n_words)
    params = [*model.parameters(), *word_head.parameters()]
    optimizer = torch.optim.AdamW(params, lr=learning_rate, weight_decay=0.01)
    steps = epochs * (len(train) // batch_size)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, learning_rate, total_steps=steps)

    def run(index):
        x = torch.from_numpy(np.stack([inputs[i] for i in index]))
        y = torch.from_numpy(np.stack([columns[i] for i in index]))
        targets = torch.from_numpy(np.stack([clip[i] for i in index]))
        encoded = model.audio_spectrogram_transformer(x)
        hidden = encoded.last_hidden_state
        patches = hidden[:, 2:].reshape(len(index), grid.frequency_patches, grid.time_patches, -1)
        word_logits = word_head(patches.transpose(1, 2).flatten(2))
        clip_logits = model.classifier(encoded.pooler_output)  # ([CLS] + distillation) / 2
        loss = torch.nn.functional.cross_entropy(
            word_logits.reshape(-1, n_words), y.reshape(-1), ignore_index=-100
        ) + torch.nn.functional.binary_cross_entropy_with_logits(clip_logits, targets)
        return loss, word_logits.argmax(-1), y, (clip_logits > 0).float(), targets

    rng = np.random.default_rng(seed)
    history, start = [], time.perf_counter()
    for epoch in range(epochs):
        model.train()
        losses = _train_epoch(
            lambda i: run(train[i])[0], rng, len(train), batch_size, params, optimizer, schedule
        )
        model.eval()
        correct = total = clip_correct = clip_total = 0
        with torch.no_grad():
            for i in range(0, len(val), 32):
                _, pred, y, clip_pred, targets = run(val[i : i + 32])
                mask = y != -100
                correct += int((pred[mask] == y[mask]).sum())
                total += int(mask.sum())
                clip_correct += int((clip_pred == targets).sum())
                clip_total += targets.numel()
        history.append(
            {
                "epoch": epoch + 1,
                "loss": float(np.mean(losses)),
                "val_column_acc": correct / total,
                "val_clip_label_acc": clip_correct / clip_total,
            }
        )
        if progress:
            print(
                f"  epoch {epoch + 1}: loss {history[-1]['loss']:.3f}, held-out column accuracy "
                f"{history[-1]['val_column_acc']:.1%}, clip labels "
                f"{history[-1]['val_clip_label_acc']:.1%} ({time.perf_counter() - start:.0f} s)",
                flush=True,
            )
    return model, (mean, std), history


def save_ast(model, mean: float, std: float, out_dir: str | Path) -> Path:
    """Save like the real checkpoint: classifier weights, config, an AST extractor whose
    ``mean``/``std`` are the pre-training corpus's (as AudioSet's are the real one's)."""
    from transformers import ASTFeatureExtractor

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out, safe_serialization=True)
    extractor = ASTFeatureExtractor(num_mel_bins=128, max_length=1024, mean=mean, std=std)
    extractor.save_pretrained(out)
    return out
