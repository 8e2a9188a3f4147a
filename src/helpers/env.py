"""Where the notebook runs: Colab/Jupyter detection, device, seeding, versions, offline."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import platform
import random
import subprocess
import sys

import numpy as np

#: Libraries whose versions the notebooks print in their setup cell.
REPORTED_LIBRARIES = (
    "torch",
    "torchcodec",
    "transformers",
    "datasets",
    "evaluate",
    "accelerate",
    "numpy",
)

NO_GPU_HINT = (
    "No GPU found: running on the CPU. The offline demo is sized for that; for a real run "
    "on Colab choose Runtime → Change runtime type → GPU."
)


#: transformers progress bars that report bookkeeping rather than progress worth watching:
#: one "Writing model shards" bar per saved checkpoint, one "Loading weights" bar per model.
BOOKKEEPING_BARS = ("Writing model shards", "Loading weights")
#: The one known-harmless warning hidden: AST's 128 Kaldi mel filters over 257 FFT bins leave
#: one filter empty, and transformers warns about it for every AST extractor created.
AST_MEL_WARNING = "At least one mel filter has all zero values"


LOAD_REPORT = "LOAD REPORT"
#: The logger transformers' ``from_pretrained`` writes its load report to.
LOAD_REPORT_LOGGER = "transformers.modeling_utils"
#: What each status of transformers' load report means, in the words the sentence uses.
_LOAD_STATUS = {
    "MISSING": "newly initialised (not in the checkpoint; training sets them)",
    "UNEXPECTED": "in the checkpoint but unused by this architecture",
    "MISMATCH": "re-initialised (their shape differs from the checkpoint's)",
}


def summarise_load_report(text: str) -> str | None:
    """transformers' multi-line LOAD REPORT as one sentence; None if ``text`` is not one.

    Keys are named by their module (``classifier.weight`` and ``classifier.bias`` →
    ``classifier``; ``model.decoder.layers.3.fc1.weight`` → ``model.decoder.layers``; more
    than three modules of one status → their first two parts, ``model.decoder``), e.g.
    "Wav2Vec2ForSequenceClassification from facebook/wav2vec2-base: classifier, projector
    newly initialised (not in the checkpoint; training sets them)."
    """
    import re

    if LOAD_REPORT not in text:
        return None
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    header = plain.splitlines()[0]
    model = header.split(LOAD_REPORT)[0].strip().split()[-1]
    source = header.split("from:", 1)[-1].strip()
    groups: dict[str, set[str]] = {}
    for line in plain.splitlines()[1:]:
        cells = [c.strip() for c in line.split("|")]
        if len(cells) < 2 or cells[1] not in _LOAD_STATUS:
            continue
        groups.setdefault(cells[1], set()).add(_module_name(cells[0]))
    if not groups:
        return None
    for status, names in groups.items():
        if len(names) > 3:  # many sub-modules of one part: name the part
            groups[status] = {".".join(name.split(".")[:2]) for name in names}
    clauses = [f"{', '.join(sorted(names))} {_LOAD_STATUS[s]}" for s, names in groups.items()]
    from helpers.paths import shown

    return f"{model} from {shown(source)}: " + "; ".join(clauses) + "."


def _module_name(key: str) -> str:
    """``model.decoder.layers.{0...3}.fc1.weight`` → ``model.decoder.layers``: at most 3 parts."""
    parts = []
    for part in key.split("."):
        if part in ("weight", "bias") or part[:1].isdigit() or part.startswith("{"):
            break
        parts.append(part)
    return ".".join(parts[:3]) or key


class _LoadReportAsSentence:
    """A logging filter: a LOAD REPORT record is printed as one sentence instead."""

    def filter(self, record) -> bool:
        sentence = summarise_load_report(record.getMessage())
        if sentence is None:
            return True
        print(sentence)
        return False


#: transformers' checkpoint rotation warns when two checkpoints were saved within a second
#: (a head trained on cached outputs saves that fast) and then sorts them by step number,
#: which is the right order anyway: nothing to act on.
MTIME_WARNING = "mtime may not be reliable on this filesystem"
MTIME_LOGGER = "transformers.trainer_utils"
#: Whisper's own ``generate`` passes a generation config and ``suppress_tokens`` together to
#: the generic ``generate``, which then warns that the caller should not (transformers 5.2x):
#: every Whisper transcription prints it once, and there is nothing for the caller to change.
WHISPER_GENERATE_WARNING = "Passing `generation_config` together with generation-related"
GENERATE_LOGGER = "transformers.generation.utils"


class _DropMessage:
    def __init__(self, text: str):
        self.text = text

    def filter(self, record) -> bool:
        return self.text not in record.getMessage()


def quiet_known_noise() -> bool:
    """Quiet what is bookkeeping, keep what is news.

    - transformers' :data:`BOOKKEEPING_BARS` and the :data:`AST_MEL_WARNING` are hidden;
    - its multi-line LOAD REPORT is printed as one sentence (:func:`summarise_load_report`);
    - the :data:`MTIME_WARNING` of checkpoint rotation and the
      :data:`WHISPER_GENERATE_WARNING` of Whisper's transcription are dropped;
    - ``datasets``' progress bars ("Map", "Casting the dataset", "Flattening the indices")
      are off: on clips already on disk or in memory they finish in seconds.

    Every other progress bar (training, downloads) and every other warning stays. Returns
    False when this transformers release has no ``set_tqdm_hook`` (then its bars stay).
    """
    import logging
    import warnings

    import datasets
    from transformers.utils import logging as hf_logging

    warnings.filterwarnings("ignore", message=AST_MEL_WARNING, category=UserWarning)
    datasets.disable_progress_bars()
    reporter = logging.getLogger(LOAD_REPORT_LOGGER)  # a logger's filter sees its own records
    if not any(isinstance(f, _LoadReportAsSentence) for f in reporter.filters):
        reporter.addFilter(_LoadReportAsSentence())
    for name, message in (
        (MTIME_LOGGER, MTIME_WARNING),
        (GENERATE_LOGGER, WHISPER_GENERATE_WARNING),
    ):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _DropMessage) for f in logger.filters):
            logger.addFilter(_DropMessage(message))
    if not hasattr(hf_logging, "set_tqdm_hook"):
        return False

    def hook(factory, args, kwargs):
        if str(kwargs.get("desc", "")).startswith(BOOKKEEPING_BARS):
            kwargs = {**kwargs, "disable": True}
        return factory(*args, **kwargs)

    hf_logging.set_tqdm_hook(hook)
    return True


def quiet_off_terminal() -> bool:
    """For scripts: :func:`quiet_known_noise`, and **every** progress bar off when standard
    error is not a terminal (a log file, CI, a pipe), where each carriage-return redraw of a
    bar becomes a line of its own. Returns True when bars stay (a terminal)."""
    import datasets
    from transformers.utils import logging as hf_logging

    quiet_known_noise()
    if sys.stderr.isatty():
        return True
    hf_logging.disable_progress_bar()
    datasets.disable_progress_bars()
    return False


def is_colab() -> bool:
    """True inside Google Colab."""
    return "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ


#: Each optional extra (pyproject.toml) → the modules that show it is installed.
EXTRA_MODULES = {"demo": ("gradio",), "deploy": ("onnx", "onnxscript", "onnxruntime")}


def missing_modules(extra: str) -> list[str]:
    """The modules of an optional extra (:data:`EXTRA_MODULES`) that cannot be imported."""
    if extra not in EXTRA_MODULES:
        raise ValueError(f"Unknown extra {extra!r}: choose from {', '.join(EXTRA_MODULES)}.")
    return [name for name in EXTRA_MODULES[extra] if importlib.util.find_spec(name) is None]


def ensure_extra(extra: str) -> bool:
    """Make an optional extra (``"deploy"``: onnx, onnxscript, onnxruntime) importable.

    Installed already: nothing happens (returns False). On Colab: installs it with
    ``scripts/colab_install.py --extras <extra>``, which keeps Colab's torch (returns True).
    Elsewhere: an ImportError saying in one sentence what to install; nothing is installed
    behind your back."""
    missing = missing_modules(extra)
    if not missing:
        return False
    if not is_colab():
        raise ImportError(
            f"{', '.join(missing)} (the {extra!r} extra) not installed: run "
            f'pip install -e ".[{extra}]" in the repository (bash scripts/setup.sh installs every '
            "extra), then restart the kernel."
        )
    from helpers.paths import REPO_ROOT

    print(f"Installing the {extra} extra ({', '.join(missing)}); Colab's torch is kept.")
    script = REPO_ROOT / "scripts" / "colab_install.py"
    done = subprocess.run([sys.executable, str(script), "--extras", extra])
    importlib.invalidate_caches()
    still = missing_modules(extra)
    if done.returncode or still:
        raise RuntimeError(
            f"Installing the {extra} extra did not complete ({', '.join(still) or 'see above'}): "
            "see pip's message above."
        )
    return True


def is_jupyter() -> bool:
    """True inside a Jupyter kernel (JupyterLab, classic Notebook, Colab, nbmake)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and shell.__class__.__name__ in {"ZMQInteractiveShell", "Shell"}


def pick_device(prefer: str | None = None, *, verbose: bool = True) -> str:
    """Return ``"cuda"``, ``"mps"`` or ``"cpu"`` (first available), or ``prefer`` if given.

    Prints a one-line hint on enabling a GPU when only the CPU is available.
    """
    import torch

    if prefer is not None:
        if prefer == "cuda" and not torch.cuda.is_available():
            raise ValueError("prefer='cuda' but torch sees no CUDA GPU; use 'cpu' or None.")
        if prefer == "mps" and not torch.backends.mps.is_available():
            raise ValueError("prefer='mps' but this machine has no Apple GPU; use 'cpu' or None.")
        if prefer not in {"cuda", "mps", "cpu"}:
            raise ValueError(f"Unknown device {prefer!r}: use 'cuda', 'mps', 'cpu' or None.")
        return prefer
    if torch.cuda.is_available():
        return "cuda"
    if torch.backends.mps.is_available():
        return "mps"
    if verbose:
        print(NO_GPU_HINT)
    return "cpu"


def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and torch (CPU and CUDA) so runs repeat."""
    import torch

    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 - libraries still draw from the global state
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)


def library_versions(names: tuple[str, ...] = REPORTED_LIBRARIES) -> dict[str, str]:
    """Installed version of each library (``"not installed"`` when missing), plus Python."""
    versions = {"python": platform.python_version()}
    for name in names:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def hub_offline_requested() -> bool:
    """True when the environment asks the Hugging Face libraries not to use the network."""
    truthy = {"1", "true", "yes", "on"}
    return any(
        os.environ.get(var, "").strip().lower() in truthy
        for var in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE")
    )


def hub_endpoint() -> str:
    """The Hub address ``huggingface_hub`` talks to: ``HF_ENDPOINT`` (a mirror) or the Hub."""
    from huggingface_hub import constants

    return constants.ENDPOINT.rstrip("/")


def hub_reachable(timeout: float = 3.0, endpoint: str | None = None) -> bool:
    """True when :func:`hub_endpoint` answers an HTTP request within ``timeout`` seconds.

    The request goes through ``huggingface_hub``'s own HTTP session, so it takes the same
    route the downloads will: the configured endpoint (``HF_ENDPOINT``) and proxies
    (``HTTPS_PROXY``/``HTTP_PROXY``, ``NO_PROXY``). Any answer below 500 counts.
    """
    from huggingface_hub.utils import get_session

    try:
        response = get_session().head(f"{endpoint or hub_endpoint()}/", timeout=timeout)
    except Exception:  # connection refused, DNS, proxy, TLS, time-out, offline mode
        return False
    return response.status_code < 500


def is_offline() -> bool:
    """True when the Hub must not or cannot be used (offline variables set, or unreachable)."""
    return hub_offline_requested() or not hub_reachable()


def describe_environment(device: str | None = None) -> str:
    """Two lines printed by every notebook's setup cell: where and on what; the versions."""
    where = "Colab" if is_colab() else ("Jupyter" if is_jupyter() else "plain Python")
    first = f"Running in {where} ({platform.system()} {platform.machine()})"
    if device is not None:
        first += f", device: {device}"
    versions = " · ".join(f"{name} {version}" for name, version in library_versions().items())
    return f"{first}\n{versions}"
