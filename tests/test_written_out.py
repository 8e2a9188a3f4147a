"""The transformers lines a notebook shows for a helper give exactly the helper's result.

From notebook 05 on, the model surgery happens in helpers; each notebook shows the few
transformers lines a helper wraps, in a ``python`` block of a text cell that starts with
``# load_model(...`` and ends the line with ``written out``. These tests run those lines
and compare the model (and the feature extractor) with the helper's.
"""

import re

import nbformat
import pytest
import torch
from transformers import AutoFeatureExtractor

from helpers import encoders, paths
from helpers.data import INTENT_NAMES, label_maps
from helpers.training import load_model
from tooling.notebooks import NOTEBOOK_DIR

MARK = "# load_model(model_ref, label2id, id2label, feature_extractor=feature_extractor"


def written_out(notebook: str) -> str:
    """The one ``python`` block of the notebook's text cells that starts with :data:`MARK`."""
    nb = nbformat.read(NOTEBOOK_DIR / notebook, as_version=4)
    blocks = [
        block
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for block in re.findall(r"```python\n(.*?)```", cell.source, flags=re.DOTALL)
        if block.startswith(MARK)
    ]
    assert len(blocks) == 1, f"{notebook}: expected one block starting with {MARK!r}"
    return blocks[0]


def _same_model(written, helper):
    assert type(written) is type(helper)
    ours, theirs = written.state_dict(), helper.state_dict()
    assert ours.keys() == theirs.keys()
    for name in ours:
        assert ours[name].shape == theirs[name].shape, name
        assert torch.equal(ours[name], theirs[name]), name
    trainable = {n for n, p in written.named_parameters() if p.requires_grad}
    assert trainable == {n for n, p in helper.named_parameters() if p.requires_grad}
    for key in ("max_length", "max_source_positions", "problem_type", "id2label"):
        assert getattr(written.config, key, None) == getattr(helper.config, key, None), key


@pytest.mark.parametrize(
    ("notebook", "model_ref", "length"),
    [
        ("05_whisper_encoder_classifier.ipynb", paths.whisper_offline_dir(), 8),  # seconds
        ("08_audio_spectrogram_transformer.ipynb", paths.tiny_model_dir("ast-pretrained"), 686),
    ],
    ids=["whisper", "ast"],
)
def test_the_lines_a_notebook_shows_build_the_helpers_model(notebook, model_ref, length):
    code = written_out(notebook)
    label2id, id2label = label_maps(INTENT_NAMES)
    feature_extractor = AutoFeatureExtractor.from_pretrained(model_ref)
    encoders.set_input_length(feature_extractor, length)
    scope = dict(
        model_ref=str(model_ref),
        label2id=label2id,
        id2label=id2label,
        feature_extractor=feature_extractor,
    )
    torch.manual_seed(0)  # the new head starts random: the same draws for both
    exec(code, scope)
    head = "real-frames" if 'head="real-frames"' in code.splitlines()[0] else "stock"
    shown_extractor = scope["feature_extractor"]
    feature_extractor = AutoFeatureExtractor.from_pretrained(model_ref)  # a fresh one
    encoders.set_input_length(feature_extractor, length)
    torch.manual_seed(0)
    helper = load_model(
        str(model_ref), label2id, id2label, feature_extractor=feature_extractor, head=head
    )
    assert shown_extractor.to_dict() == feature_extractor.to_dict()  # the same extractor too
    _same_model(scope["model"], helper)
    assert helper.config.id2label[0] == INTENT_NAMES[0]
