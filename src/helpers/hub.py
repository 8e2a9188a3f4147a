"""Hub or local: is the Hub reachable, and where did a dataset or model really come from.

Every loader in the notebooks (:func:`helpers.data.load_minds14`,
:func:`helpers.models.resolve_model`) follows one pattern:

- ``source="hub"``: the real thing from the Hugging Face Hub (for a model, or its real
  weights converted locally, said in one sentence), or one clear error;
- ``source="auto"``: the Hub when it can be reached, else the bundled offline stand-in,
  announced in one sentence (never a silent switch);
- only *connectivity* problems fall back; any other error (a wrong schema, wrong labels, a
  model id that does not exist) is raised as what it is.

Each loader returns an :class:`Origin` next to what it loaded, and notebooks derive their
"offline demo" labels from those origins (:func:`demo_label`), never from a run size. A
model fine-tuned here records its origins next to its weights (:func:`save_origin`).

Finding a model is :mod:`helpers.models`; sharing one on the Hub is :mod:`helpers.sharing`.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

from helpers import env

SOURCES = ("hub", "bundled", "auto")


@dataclass(frozen=True)
class Origin:
    """Where a dataset or a model actually came from."""

    kind: str  # "data" or "model"
    name: str  # Hub id (with config) or local folder
    real: bool  # the real data/weights (Hub, Hub cache, or an exact local copy)
    note: str  # the one sentence printed to the learner
    caveat: str = ""  # said on every result (e.g. a public checkpoint's possible overlap)

    def __str__(self) -> str:
        return self.note


def is_connectivity_error(error: BaseException) -> bool:
    """True when ``error`` (or what caused it) means "the network/Hub is not reachable".

    Schema errors, missing repositories, permission errors and bugs return False, so
    callers raise them instead of falling back.
    """
    names = {
        "ConnectTimeout",
        "ConnectError",
        "ReadTimeout",
        "TimeoutException",
        "NetworkError",
        "OfflineModeIsEnabled",
        "ProxyError",
        "SSLError",
    }
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, ConnectionError | TimeoutError | socket.gaierror | socket.timeout):
            return True
        module = type(error).__module__ or ""
        if type(error).__name__ in names:
            return True
        if module.startswith(("requests", "urllib3")) and "Connection" in type(error).__name__:
            return True
        error = error.__cause__ or error.__context__
    return False


def offline_reason() -> str | None:
    """Why the Hub cannot be used right now (one sentence), or None when it can."""
    if env.hub_offline_requested():
        return "The Hub is disabled on this machine (HF_HUB_OFFLINE is set)."
    if not env.hub_reachable():
        return f"The Hugging Face Hub ({env.hub_endpoint()}) cannot be reached from this machine."
    return None


def in_hub_cache(model_id: str) -> bool:
    try:
        from huggingface_hub import try_to_load_from_cache

        return isinstance(try_to_load_from_cache(model_id, "config.json"), str)
    except Exception:  # an invalid id is simply "not cached"
        return False


def hub_model_exists(model_id: str) -> bool:
    """True when ``model_id`` names a model repository on the Hub (needs the network)."""
    from huggingface_hub import file_exists

    try:
        return file_exists(model_id, "config.json")
    except Exception as error:
        if is_connectivity_error(error):
            raise ConnectionError(f"Could not reach the Hub to look up {model_id}.") from error
        return False  # invalid ids, gated or private repositories: not usable here


#: File written next to a fine-tuned model: what it was trained from (see :func:`save_origin`).
PROVENANCE_FILE = "provenance.json"


def save_origin(folder: str | Path, *origins: Origin) -> Path:
    """Record in ``folder`` which base model and data a fine-tuned model came from.

    A model fine-tuned from a stand-in, or on synthetic data, is itself a demo model:
    :func:`resolve_model` reads this file so that later notebooks label it as one.
    """
    import json

    path = Path(folder) / PROVENANCE_FILE
    entries = [{"kind": o.kind, "name": o.name, "real": o.real} for o in origins]
    path.write_text(json.dumps({"trained_from": entries}, indent=2) + "\n")
    return path


def carry_origin(source: str | Path, out: str | Path, origin: Origin) -> None:
    """Keep a model's provenance with a copy made from it (calibrated, exported): its
    ``provenance.json``, or one written from ``origin`` when that is an offline stand-in,
    so a demo model stays labelled as one."""
    import shutil

    kept = Path(source) / PROVENANCE_FILE
    if kept.is_file():
        shutil.copy2(kept, Path(out) / PROVENANCE_FILE)
    elif not origin.real:
        save_origin(out, origin)


def trained_from_stand_in(folder: Path) -> list[str]:
    import json

    path = folder / PROVENANCE_FILE
    if not path.is_file():
        return []
    entries = json.loads(path.read_text()).get("trained_from", [])
    what = {"model": "a tiny stand-in model", "data": "synthetic speech"}
    return [what.get(e.get("kind"), e.get("name", "?")) for e in entries if not e.get("real")]


def base_is_stand_in(model: str | Path) -> bool:
    """True when a saved model folder was fine-tuned from a tiny stand-in model (its
    ``provenance.json`` says so); False for a Hub id or a model from real weights. Results
    of such a model measure the stand-in, not its architecture: compare it only with
    another stand-in."""
    import json

    path = Path(model) / PROVENANCE_FILE
    if not path.is_file():
        return False
    entries = json.loads(path.read_text()).get("trained_from", [])
    return any(e.get("kind") == "model" and not e.get("real") for e in entries)


def demo_label(*origins: Origin) -> str:
    """ "" when every origin is real and has no caveat, else a label naming what is not.

    Notebooks append it to every result they print, e.g. ``print(f"accuracy 93%{label}")``.
    """
    synthetic = any(o.kind == "data" and not o.real for o in origins)
    stand_in = False
    for o in origins:
        if o.kind != "model" or o.real:
            continue
        # a model fine-tuned here says why it is a demo: real base weights trained on
        # synthetic speech are not a stand-in model
        reasons = trained_from_stand_in(Path(o.name)) if Path(o.name).is_dir() else []
        synthetic = synthetic or "synthetic speech" in reasons
        stand_in = stand_in or not reasons or "a tiny stand-in model" in reasons
    parts = ["synthetic speech, not real calls"] if synthetic else []
    if stand_in:
        parts.append("a tiny stand-in model, not the real weights")
    label = f" [OFFLINE DEMO: {'; '.join(parts)}]" if parts else ""
    caveats = [o.caveat for o in origins if o.caveat]
    return label + "".join(f" [{caveat[0].upper() + caveat[1:]}]" for caveat in caveats)
