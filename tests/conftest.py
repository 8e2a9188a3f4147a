import os

import pytest

# Unit tests never touch the network: the Hub is unreachable in CI.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

#: Where the executed copies go (the course site and the reading check read them there).
EXECUTED_DIR = "build/notebooks"


@pytest.fixture(scope="session")
def bundled():
    from helpers.data import load_bundled_minds14

    return load_bundled_minds14()


@pytest.fixture(scope="session")
def executed_notebooks():
    """Every notebook run once, top to bottom, in course order, from a clean state.

    Offline exactly as nbmake would run it: the parameters cell's ``nbmake.mock`` values are
    applied right after it (:func:`tooling.notebooks.execute_notebook`). The executed copies
    (outputs and figures) are written to ``build/notebooks``, like ``scripts/run_notebooks.py``
    does; returns ``{notebook name: executed copy's path, or the error that stopped it}``.
    """
    from helpers.paths import REPO_ROOT
    from tooling import notebooks

    out = REPO_ROOT / EXECUTED_DIR
    notebooks.start_clean()  # no model or folder of an earlier run is picked up
    results = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("MPLBACKEND", raising=False)  # kernels use the inline backend: figures
        for path in notebooks.notebook_paths():
            try:
                results[path.name] = notebooks.execute_notebook(path, out)[0]
            except Exception as error:  # reported by that notebook's own test
                results[path.name] = error
    return results


@pytest.fixture
def tiny_pooled_model():
    """A 4-label ``WhisperPooledForAudioClassification`` small enough to train in seconds on
    16-number pooled features (what `train_head_on_cache` reads from its cache)."""
    import torch

    from helpers.heads import WhisperPooledConfig, WhisperPooledForAudioClassification

    config = WhisperPooledConfig(
        d_model=8, encoder_layers=1, encoder_attention_heads=2, encoder_ffn_dim=16,
        decoder_layers=1, decoder_attention_heads=2, decoder_ffn_dim=16, num_mel_bins=4,
        max_source_positions=4, num_labels=4,
    )  # fmt: skip
    torch.manual_seed(0)
    return WhisperPooledForAudioClassification(config)
