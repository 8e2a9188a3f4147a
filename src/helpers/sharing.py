"""Share a fine-tuned model on the Hub: log in early, write its model card, push it.

Notebooks 03, 05, 07 and 08 end with :func:`share_model` (card always, push only when
``PUSH_TO_HUB = True``); :func:`login_for_push` runs at the top so that a long training run
does not end waiting for a token.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from helpers.hub import Origin, demo_label, offline_reason
from helpers.models import looks_like_path


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
    install = _install_line(folder)
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
{install}
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


def _install_line(folder: Path) -> str:
    """The card's one line on what to install, for a model class transformers lacks."""
    import json

    from helpers.heads import INSTALL_HINT, WHISPER_POOLED_TYPE

    model_type = json.loads((folder / "config.json").read_text()).get("model_type")
    if model_type != WHISPER_POOLED_TYPE:
        return ""
    return (
        f"\nThis model's class (`{model_type}`: Whisper's encoder pooled over the real frames) "
        f"comes with the course's helpers, not with transformers: {INSTALL_HINT}.\n"
    )


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
