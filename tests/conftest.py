import os

import pytest

# Unit tests never touch the network: the Hub is unreachable in CI.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def bundled():
    from helpers.data import load_bundled_minds14

    return load_bundled_minds14()
