import numpy as np
import pytest
import torch
from transformers import ASTConfig, ASTFeatureExtractor, ASTForAudioClassification

from helpers import ast_view, paths
from helpers.features import n_frames


def tone_mix(seconds: float, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(int(16000 * seconds)) / 16000
    return (0.3 * np.sin(2 * np.pi * 440 * t) + 0.05 * rng.standard_normal(t.size)).astype(
        np.float32
    )


@pytest.mark.parametrize("max_length, mel_bins", [(1024, 128), (512, 128), (256, 64), (100, 32)])
def test_patch_arithmetic_matches_model_and_extractor(max_length, mel_bins):
    config = ASTConfig(
        hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32,
        max_length=max_length, num_mel_bins=mel_bins,
    )  # fmt: skip
    model = ASTForAudioClassification(config)
    grid = ast_view.grid_for(config)
    embeddings = model.audio_spectrogram_transformer.embeddings
    assert (grid.frequency_patches, grid.time_patches) == embeddings.get_shape(config)
    assert embeddings.position_embeddings.shape[1] == grid.sequence_length
    extractor = ASTFeatureExtractor(num_mel_bins=mel_bins, max_length=max_length)
    values = extractor(tone_mix(1.0), sampling_rate=16000, return_tensors="pt")["input_values"]
    assert values.shape == (1, max_length, mel_bins)
    with torch.no_grad():
        hidden = model.audio_spectrogram_transformer(values).last_hidden_state
    assert hidden.shape[1] == grid.sequence_length


def test_patch_grid_refuses_an_input_smaller_than_a_patch():
    with pytest.raises(ValueError, match="patch size"):
        ast_view.patch_grid(8, 128)


@pytest.mark.parametrize("seconds", [0.5, 1.0, 3.21, 12.0])
def test_frame_count_matches_the_extractor(seconds):
    extractor = ASTFeatureExtractor()
    waveform = tone_mix(seconds)
    stages = ast_view.extractor_stages(extractor, waveform)
    assert len(stages["fbank"]) == n_frames(waveform.size, ast_view.HOP_SAMPLES)
    assert stages["padded"].shape == (1024, 128)
    expected = extractor(waveform, sampling_rate=16000, return_tensors="np")["input_values"][0]
    np.testing.assert_array_equal(stages["normalised"], expected)
    real = min(len(stages["fbank"]), 1024)
    np.testing.assert_array_equal(stages["padded"][:real], stages["fbank"][:real])
    assert not stages["padded"][real:].any()  # zero padding


def test_norm_stats_equal_numpy_and_normalise_to_half_std():
    extractor = ASTFeatureExtractor(do_normalize=False)
    fbanks = ast_view.fbank_features(extractor, [tone_mix(1.0, 1), tone_mix(2.5, 2)])
    mean, std = ast_view.compute_norm_stats(fbanks)
    values = np.concatenate([fbanks[0].ravel(), fbanks[1].ravel()]).astype(np.float64)
    assert mean == pytest.approx(values.mean()) and std == pytest.approx(values.std())
    own = ASTFeatureExtractor(mean=mean, std=std)
    normalised = np.concatenate([own.normalize(f).ravel() for f in fbanks])
    assert abs(normalised.mean()) < 1e-4 and normalised.std() == pytest.approx(0.5, abs=1e-4)
    with pytest.raises(ValueError, match="No filterbank"):
        ast_view.compute_norm_stats([np.zeros((0, 128))])


def test_cls_attention_is_a_distribution_over_patches():
    folder = paths.tiny_model_dir("ast")
    model = ASTForAudioClassification.from_pretrained(folder, attn_implementation="eager")
    values = ASTFeatureExtractor.from_pretrained(folder)(
        tone_mix(2.0), sampling_rate=16000, return_tensors="pt"
    )
    attention = ast_view.cls_attention(model, values["input_values"])
    assert attention.shape == (12, 101)
    assert (attention >= 0).all() and 0.9 < attention.sum() <= 1.0 + 1e-5


def test_patch_map_covers_the_input_and_marks_unseen_frames():
    grid = ast_view.patch_grid(1024, 128)
    spread = ast_view.patch_map_to_frames(np.ones((12, 101)), grid, (1024, 128))
    # 101 patches x stride 10 + 6 reach frame 1016; 12 x 10 + 6 reach mel bin 126.
    assert np.isnan(spread[1016:]).all() and np.isnan(spread[:, 126:]).all()
    assert np.allclose(spread[:1016, :126], 1.0)


def test_cls_attention_works_for_a_half_precision_model_and_numpy_input():
    """A model in bf16 (as on a GPU) fed float32 NumPy features: cast, run, read on the CPU."""
    import torch

    folder = paths.tiny_model_dir("ast")
    model = ASTForAudioClassification.from_pretrained(
        folder, attn_implementation="eager", dtype=torch.bfloat16
    )
    values = ASTFeatureExtractor.from_pretrained(folder)(
        tone_mix(2.0), sampling_rate=16000, return_tensors="np"
    )
    attention = ast_view.cls_attention(model, values["input_values"])
    assert attention.dtype == np.float32 and attention.shape == (12, 101)
    assert 0.9 < attention.sum() <= 1.0 + 1e-2


def test_patch_grid_outlines_whole_patches_inside_the_image():
    import matplotlib

    matplotlib.use("Agg")
    from transformers import AutoConfig

    from helpers.ast_view import grid_for
    from helpers.paths import tiny_model_dir
    from helpers.plots import plot_patch_grid

    grid = grid_for(AutoConfig.from_pretrained(tiny_model_dir("ast")))
    ax = plot_patch_grid(np.zeros((1024, 128), np.float32), grid, title="grid", highlight=3)
    boxes = ax.patches
    assert len(boxes) == 3
    for box in boxes:  # each outline is one whole 16 x 16 patch inside the axes
        x, y = box.get_xy()
        assert x > 0 and y > 0 and x + box.get_width() <= 10.24 and y + box.get_height() <= 128
        assert (box.get_width(), box.get_height()) == (pytest.approx(0.16), 16)
    lines = ax.get_lines()
    assert len(lines) == grid.time_patches + grid.frequency_patches
    assert min(line.get_linewidth() for line in lines) >= 0.5  # visible at the site's width
