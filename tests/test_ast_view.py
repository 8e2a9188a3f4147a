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


def _small_ast(max_length=40, mel_bins=32, seed=0):
    """A random 2-layer AST whose patches leave frames 36–39 and mel bins 26–31 unseen."""
    torch.manual_seed(seed)
    config = ASTConfig(
        hidden_size=16, num_hidden_layers=2, num_attention_heads=2, intermediate_size=32,
        max_length=max_length, num_mel_bins=mel_bins, num_labels=3,
        attn_implementation="eager",
    )  # fmt: skip
    return ASTForAudioClassification(config).eval()


def test_attention_rollout_rows_sum_to_one_and_follow_the_residual_mix():
    rng = np.random.default_rng(0)
    layers = [rng.dirichlet(np.ones(6), size=(2, 6)) for _ in range(3)]  # (heads, 6, 6) each
    rolled = ast_view.attention_rollout(layers)
    assert rolled.shape == (6, 6)
    np.testing.assert_allclose(rolled.sum(axis=1), 1.0)
    np.testing.assert_allclose(ast_view.attention_rollout(layers, residual=1.0), np.eye(6))
    one = 0.5 * np.eye(6) + 0.5 * layers[0].mean(axis=0)  # rows already sum to 1
    np.testing.assert_allclose(ast_view.attention_rollout(layers[:1]), one)
    second = 0.5 * np.eye(6) + 0.5 * layers[1].mean(axis=0)
    np.testing.assert_allclose(ast_view.attention_rollout(layers[:2]), second @ one)
    with pytest.raises(ValueError, match="at least one layer"):
        ast_view.attention_rollout([])


def test_rollout_map_has_one_value_per_patch_from_the_pooled_tokens():
    model = _small_ast()
    values = np.random.default_rng(1).normal(0, 0.5, (40, 32)).astype(np.float32)
    heat = ast_view.rollout_map(model, values)
    grid = ast_view.grid_for(model.config)
    assert heat.shape == (grid.frequency_patches, grid.time_patches) == (2, 3)
    assert (heat > 0).all() and heat.sum() < 1  # the rest stays with the two pooled tokens


def test_occlusion_scores_zero_where_no_patch_looks_and_moves_where_one_does():
    model = _small_ast()
    values = np.random.default_rng(2).normal(0, 0.5, (40, 32)).astype(np.float32)
    drops, target = ast_view.occlusion_map(model, values, window=(4, 2))
    assert drops.shape == values.shape and 0 <= target < 3
    np.testing.assert_array_equal(drops[36:, :], 0.0)  # frames 36–39: no patch covers them
    np.testing.assert_array_equal(drops[:, 26:], 0.0)  # mel bins 26–31: likewise
    assert np.abs(drops[:36, :26]).max() > 1e-4  # hiding what the patches see does matter
    scores = ast_view.class_scores(model, values)[0]
    hidden = values.copy()
    hidden[8:12, 4:6] = 0.0
    expected = scores[target] - ast_view.class_scores(model, hidden)[0, target]
    assert drops[9, 5] == pytest.approx(expected, abs=1e-6)  # one tile, by hand
    logits = ast_view.class_scores(model, values, activation="logit")[0]
    np.testing.assert_allclose(np.exp(logits) / np.exp(logits).sum(), scores, rtol=1e-5)
    with pytest.raises(ValueError, match="choose 'sigmoid', 'softmax' or 'logit'"):
        ast_view.class_scores(model, values, activation="tanh")
    part, _ = ast_view.occlusion_map(model, values, window=(8, 8), frames=20, target=1)
    assert np.isnan(part[20:]).all() and np.isfinite(part[:20]).all()


def test_the_sanity_check_compares_a_map_with_the_same_map_of_randomised_weights():
    model = _small_ast()
    random = ast_view.randomised_copy(model, seed=1)
    assert type(random) is type(model) and random.config.to_dict() == model.config.to_dict()
    assert not torch.equal(random.classifier.dense.weight, model.classifier.dense.weight)
    values = np.random.default_rng(3).normal(0, 0.5, (40, 32)).astype(np.float32)
    heat = ast_view.rollout_map(model, values)
    assert ast_view.map_similarity(heat, heat) == pytest.approx(1.0)
    assert ast_view.map_similarity(heat, -heat) == pytest.approx(-1.0)
    with_gaps = heat.copy()
    with_gaps[0, 0] = np.nan
    assert ast_view.map_similarity(with_gaps, heat) == pytest.approx(1.0)  # NaN cells skipped
    assert ast_view.map_similarity(heat, np.ones_like(heat)) == 0.0  # a flat map ranks nothing
    with pytest.raises(ValueError, match="differ in size"):
        ast_view.map_similarity(heat, heat[:1])


def test_saliency_figure_draws_every_model_and_method_and_the_verdict_follows_the_threshold():
    import matplotlib.pyplot as plt

    from helpers.plots import plot_saliency_maps

    rng = np.random.default_rng(4)
    features = rng.normal(size=(60, 32))
    positive, signed = rng.random((60, 32)), rng.normal(size=(60, 32))
    maps = {"trained": {"rollout": positive, "occlusion": signed},
            "randomised": {"rollout": positive * 2, "occlusion": -signed}}  # fmt: skip
    fig = plot_saliency_maps(features, maps, frames=40, title="a clip")
    titles = {ax.get_title() for ax in fig.axes}
    assert {"rollout · trained", "occlusion · randomised", "a clip"} <= titles
    drawn = {ax.get_title(): ax.images[0] for ax in fig.axes if ax.images}
    assert drawn["rollout · trained"].get_array().shape == (32, 40)  # only the first 40 frames
    low, high = drawn["occlusion · trained"].get_clim()
    assert low == -high  # signed maps are centred on 0
    rollout_low, rollout_high = drawn["rollout · trained"].get_clim()
    assert rollout_low == positive[:40].min() and rollout_high == positive[:40].max()
    assert drawn["rollout · randomised"].get_clim()[1] == 2 * rollout_high  # its own scale
    plt.close(fig)
    assert "shows the input, not this model" in ast_view.sanity_verdict("rollout", 0.67)
    assert "passes this check on this clip" in ast_view.sanity_verdict("occlusion", -0.26)


def test_token_summaries_give_the_pooled_tokens_and_the_mean_over_the_audio_columns(tmp_path):
    from datasets import Audio, Dataset
    from torchcodec.encoders import AudioEncoder

    torch.manual_seed(0)
    config = ASTConfig(hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                       intermediate_size=32, max_length=200, num_mel_bins=32)  # fmt: skip
    model = ASTForAudioClassification(config).eval()
    extractor = ASTFeatureExtractor(num_mel_bins=32, max_length=200)
    files = []
    for k, seconds in enumerate((0.5, 1.2, 3.0)):  # 3 s is longer than the 2-s input
        path = tmp_path / f"clip{k}.wav"
        AudioEncoder(torch.from_numpy(tone_mix(seconds, seed=k))[None], sample_rate=16000).to_file(
            str(path)
        )
        files.append(str(path))
    split = Dataset.from_dict({"audio": files}).cast_column("audio", Audio())
    summaries = ast_view.token_summaries(model, extractor, split, batch_size=2)
    assert summaries["pooled"].shape == summaries["patch mean"].shape == (3, 16)
    values = extractor(tone_mix(0.5, seed=0), sampling_rate=16000, return_tensors="pt")
    with torch.no_grad():
        out = model.audio_spectrogram_transformer(values["input_values"])
    np.testing.assert_allclose(summaries["pooled"][0], out.pooler_output[0].numpy(), atol=1e-4)
    grid = ast_view.grid_for(config)
    hidden = out.last_hidden_state[0, 2:].reshape(grid.frequency_patches, grid.time_patches, -1)
    columns = int(np.ceil(n_frames(8000, ast_view.HOP_SAMPLES) / 10))  # 0.5 s: 5 columns
    expected = hidden[:, :columns].mean(dim=(0, 1)).numpy()
    np.testing.assert_allclose(summaries["patch mean"][0], expected, atol=1e-4)  # 16-bit WAV
    assert not np.allclose(summaries["patch mean"][0], hidden.mean(dim=(0, 1)).numpy())
