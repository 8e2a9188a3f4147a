"""Where the repository's bundled data and tiny checkpoints live."""

from __future__ import annotations

import os
from pathlib import Path

#: Repository root when the package is installed in editable mode (`pip install -e .`).
REPO_ROOT = Path(__file__).resolve().parents[2]
#: Where notebook 03 saves its fine-tuned model (and notebook 04 and classify.py look for it).
DEFAULT_OUTPUT_DIR = REPO_ROOT / "notebooks" / "outputs" / "wav2vec2-minds14"


def shown(path: str | Path) -> str:
    """``path`` as messages print it: an absolute path inside the repository relative to it
    (``.cache/models/whisper-tiny.en``), so no machine's own folders end up in a notebook's
    output or on the course site; anything else as given (a Hub id, a relative path, a
    folder outside the repository)."""
    text = str(path)
    if not Path(text).is_absolute():
        return text  # a Hub id or a relative path: as given
    try:
        return str(Path(text).resolve().relative_to(REPO_ROOT))
    except (ValueError, OSError, RuntimeError):
        return text


def data_dir() -> Path:
    """Folder holding the bundled dataset and tiny checkpoints.

    ``MINDS14_DATA_DIR`` overrides it (e.g. when the package is installed non-editable).
    """
    override = os.environ.get("MINDS14_DATA_DIR")
    path = Path(override) if override else REPO_ROOT / "data"
    if not path.is_dir():
        raise FileNotFoundError(
            f"Bundled data folder {path} does not exist: install the helpers with "
            "`pip install -e .` from a clone of the repository, or set MINDS14_DATA_DIR "
            "to the repository's data/ folder."
        )
    return path


def bundled_dataset_dir() -> Path:
    """Folder of the bundled synthetic MInDS-14 stand-in (parquet files + data card)."""
    return data_dir() / "minds14-synthetic"


def tiny_model_dir(name: str) -> Path:
    """Folder of a tiny local checkpoint, e.g. ``tiny_model_dir("wav2vec2")``."""
    path = data_dir() / "tiny-models" / name
    if not (path / "config.json").is_file():
        raise FileNotFoundError(
            f"No tiny checkpoint at {path}: run `python scripts/make_tiny_checkpoints.py` "
            "to create it."
        )
    return path


def model_cache_dir() -> Path:
    """Git-ignored folder for models converted at setup (``MINDS14_MODEL_CACHE`` overrides)."""
    override = os.environ.get("MINDS14_MODEL_CACHE")
    return Path(override) if override else REPO_ROOT / ".cache" / "models"


def whisper_offline_dir() -> Path:
    """Offline copy of ``openai/whisper-tiny.en`` (real weights, see scripts/convert_whisper.py)."""
    return model_cache_dir() / "whisper-tiny.en"
