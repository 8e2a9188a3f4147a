"""Temperature scaling, calibration error, and the "I don't know" threshold."""

import numpy as np
import pytest

from helpers import calibration, paths


def _overconfident(n, classes=5, sharpen=3.0, seed=0):
    """Logits whose softmax is the true probability, then multiplied by ``sharpen``: a model
    that is right as often as the first says, but claims the sharper second."""
    rng = np.random.default_rng(seed)
    honest = rng.normal(0, 1.5, (n, classes))
    probs = calibration.softmax(honest)
    labels = np.array([rng.choice(classes, p=p) for p in probs])
    return honest * sharpen, labels


def test_the_fitted_temperature_undoes_overconfidence_and_lowers_ece_on_held_out_clips():
    val_logits, val_labels = _overconfident(2000, seed=1)
    test_logits, test_labels = _overconfident(2000, seed=2)
    temperature = calibration.fit_temperature(val_logits, val_labels)
    assert temperature == pytest.approx(3.0, rel=0.1)
    before = calibration.softmax(test_logits)
    after = calibration.softmax(test_logits, temperature)
    ece_before = calibration.expected_calibration_error(before, test_labels)
    ece_after = calibration.expected_calibration_error(after, test_labels)
    assert ece_after < ece_before / 3 and ece_after < 0.04  # 10 bins, 2000 clips: ~0.02 bias
    np.testing.assert_array_equal(before.argmax(1), after.argmax(1))  # top-1 is kept
    low, high = calibration.ece_interval(after, test_labels, resamples=200)
    assert low <= ece_after <= high < ece_before
    assert calibration.log_loss(test_logits, test_labels, temperature) < calibration.log_loss(
        test_logits, test_labels
    )
    change, (c_low, c_high) = calibration.ece_change(before, after, test_labels, resamples=200)
    assert change == pytest.approx(ece_after - ece_before) and c_low <= change <= c_high < 0
    described = calibration.describe_ece_change(before, after, test_labels)
    assert "paired over 2000 clips): beyond the noise: calibration made it better" in described
    assert calibration.ece_change(before, before, test_labels, resamples=50) == (0.0, (0.0, 0.0))
    assert calibration.describe_ece_change(before, before, test_labels).endswith("within the noise")


def test_reliability_bins_count_every_clip_and_a_perfect_model_has_no_gap():
    probs = np.array([[0.95, 0.05], [0.95, 0.05], [0.55, 0.45], [0.45, 0.55]])
    labels = np.array([0, 0, 0, 1])
    rows = calibration.reliability_bins(probs, labels, bins=10)
    assert sum(r["clips"] for r in rows) == 4
    assert rows[9]["clips"] == 2 and rows[9]["accuracy"] == 1.0
    assert rows[5]["confidence"] == pytest.approx(0.55)
    gap = 0.5 * 0.05 + 0.5 * 0.45  # bin 0.9-1.0: 0.95 vs 1.0; bin 0.5-0.6: 0.55 vs 1.0
    assert calibration.expected_calibration_error(probs, labels) == pytest.approx(gap)
    with pytest.raises(ValueError, match="one row of logits per label"):
        calibration.fit_temperature(np.zeros((3, 2)), [0, 1])


def test_the_temperature_is_folded_into_the_model_so_pipeline_scores_are_calibrated(tmp_path):
    import torch
    from transformers import AutoModelForAudioClassification, pipeline

    source = paths.tiny_model_dir("wav2vec2")
    model = AutoModelForAudioClassification.from_pretrained(source)
    clip = torch.from_numpy(np.random.default_rng(0).normal(0, 0.1, (1, 16000)).astype("f4"))
    with torch.no_grad():
        before = model(clip).logits.numpy()
    calibration.apply_temperature(model, 2.5)
    with torch.no_grad():
        after = model(clip).logits.numpy()
    np.testing.assert_allclose(after, before / 2.5, rtol=1e-5, atol=1e-6)
    calibration.store_threshold(model, 0.2)
    model.save_pretrained(tmp_path)
    from transformers import AutoFeatureExtractor

    AutoFeatureExtractor.from_pretrained(source).save_pretrained(tmp_path)
    classifier = pipeline("audio-classification", model=str(tmp_path), top_k=None)
    records = classifier({"raw": clip[0].numpy(), "sampling_rate": 16000})
    assert records[0]["score"] == pytest.approx(calibration.softmax(before, 2.5).max(), abs=1e-5)
    loaded = classifier.model.config
    assert getattr(loaded, calibration.TEMPERATURE_KEY) == 2.5
    assert calibration.threshold_of(classifier.model) == 0.2
    calibration.apply_temperature(classifier.model, 2.0)  # twice: the temperatures multiply
    assert getattr(classifier.model.config, calibration.TEMPERATURE_KEY) == 5.0
    with pytest.raises(ValueError, match="must be positive"):
        calibration.apply_temperature(model, 0)


def test_the_threshold_answers_the_stated_share_and_abstains_more_out_of_scope():
    rng = np.random.default_rng(0)
    in_scope = rng.beta(6, 2, 500)  # top scores of clips the classes cover: mostly high
    out_of_scope = rng.beta(2, 4, 500)  # speech about something else: mostly low
    threshold = calibration.choose_threshold(in_scope[:250], coverage=0.9)
    assert calibration.abstention_rate(in_scope[:250], threshold) <= 0.1
    held_in = calibration.abstention_rate(in_scope[250:], threshold)
    held_out = calibration.abstention_rate(out_of_scope, threshold)
    assert held_out > 3 * held_in
    assert calibration.choose_threshold(in_scope, coverage=1.0) == 0.0
    with pytest.raises(ValueError, match="coverage"):
        calibration.choose_threshold(in_scope, coverage=0)
    records = [{"label": "balance", "score": threshold / 2}, {"label": "freeze", "score": 0.1}]
    assert calibration.abstains(records, threshold) and not calibration.abstains(records, None)


def test_the_calibrated_demo_classifier_keeps_top1_and_says_unknown_more_out_of_scope(
    bundled, tmp_path
):
    """The course's offline wav2vec2 demo classifier, calibrated on the bundled validation
    voices, measured on the test voices and on out-of-scope requests by those voices.

    Its test ECE is reported, not asserted: this weak model is over-confident on the two
    validation voices and under-confident on the three test voices (0.122 before, 0.124
    after, 2026-12-06), so a temperature from validation does not transfer; the held-out
    property of the method is asserted on data where the truth is known (above)."""
    from helpers.data import load_out_of_scope
    from helpers.inference import load_classifier

    classifier = load_classifier(paths.tiny_model_dir("wav2vec2-minds14-demo"), device="cpu")
    test = bundled["test"]
    before = calibration.split_probabilities(classifier, test)
    report = calibration.calibrate(classifier, bundled["validation"], coverage=0.9)
    assert report["ece_after"] < report["ece_before"]  # on its own (validation) data
    after = calibration.split_probabilities(classifier, test)
    np.testing.assert_array_equal(before.argmax(1), after.argmax(1))  # top-1 is kept
    assert np.abs(after - before).max() > 1e-3  # the scores did move
    threshold = calibration.threshold_of(classifier.model)
    assert threshold == report["threshold"] > 0
    in_scope = calibration.abstention_rate(after.max(1), threshold)
    outside = calibration.abstention_rate(
        calibration.split_probabilities(classifier, load_out_of_scope()).max(1), threshold
    )
    assert outside > in_scope, (outside, in_scope)
    # saved, it reloads with the same calibrated scores and threshold, still a demo model
    source = paths.tiny_model_dir("wav2vec2-minds14-demo")
    saved = calibration.save_calibrated(classifier, source, tmp_path / "calibrated")
    from helpers.models import resolve_model

    assert not resolve_model(saved)[1].real  # provenance.json says: an offline stand-in
    reloaded = load_classifier(saved, device="cpu")
    assert calibration.threshold_of(reloaded.model) == pytest.approx(threshold)
    again = calibration.split_probabilities(reloaded, test.select(range(8)))
    np.testing.assert_allclose(again, after[:8], atol=1e-5)
    with pytest.raises(FileExistsError, match="calibrated already exists: choose another"):
        calibration.save_calibrated(classifier, source, saved)
    with pytest.raises(ValueError, match="is the model's own folder: save the calibrated copy"):
        calibration.save_calibrated(reloaded, saved, saved, overwrite=True)
    assert (saved / "config.json").is_file()  # nothing was removed
    with pytest.raises(ValueError, match="no abstention threshold: run calibrate"):
        calibration.save_calibrated(load_classifier(source, device="cpu"), source, tmp_path / "x")


def test_a_folder_run_reports_unknown_with_its_score_when_the_model_has_a_threshold(
    bundled, tmp_path
):
    import shutil

    from torchcodec.encoders import AudioEncoder
    from transformers import AutoConfig

    from helpers.audio import read_audio
    from helpers.inference import classify_folder, load_classifier

    model = tmp_path / "model"
    shutil.copytree(paths.tiny_model_dir("wav2vec2-minds14-demo"), model)
    config = AutoConfig.from_pretrained(model)
    folder = tmp_path / "calls"
    folder.mkdir()
    import torch

    for k in range(3):
        wave, rate = read_audio(bundled["test"][k]["audio"])
        AudioEncoder(torch.from_numpy(np.asarray(wave, "f4"))[None], sample_rate=rate).to_file(
            str(folder / f"call{k}.wav")
        )
    plain, summary = classify_folder(load_classifier(model, device="cpu"), folder, progress=False)
    assert all(r["label"] != calibration.ABSTAIN_LABEL for r in plain) and summary.threshold is None
    calibration.store_threshold(config, 1.01)  # above every score: every file is "unknown"
    config.save_pretrained(model)
    rows, summary = classify_folder(load_classifier(model, device="cpu"), folder, progress=False)
    assert [r["label"] for r in rows] == [calibration.ABSTAIN_LABEL] * 3
    assert [r["score"] for r in rows] == [r["score"] for r in plain]  # the score is kept
    assert [r["top_k"] for r in rows] == [r["top_k"] for r in plain]  # and what it leant to
    assert summary.abstained == 3 and "3 answered 'unknown'" in str(summary)
    pytest.importorskip("gradio")
    from helpers.demo import build_demo

    app = build_demo(str(model), top_k=3)
    answer = next(fn.fn for fn in app.fns.values() if fn.fn is not None)
    scores, line = answer(str(folder / "call0.wav"))
    assert line.startswith("**Answer: unknown.** The top score (") and "below 1.01" in line
    first = next(r for r in plain if r["file"] == "call0.wav")
    assert max(scores.values()) == pytest.approx(first["score"], abs=1e-5)


def test_an_onnx_export_of_a_calibrated_model_keeps_its_temperature_and_threshold(
    bundled, tmp_path
):
    pytest.importorskip("onnxruntime")
    from helpers import deploy
    from helpers.inference import load_classifier

    classifier = load_classifier(paths.tiny_model_dir("wav2vec2-minds14-demo"), device="cpu")
    report = calibration.calibrate(classifier, bundled["validation"], coverage=0.8)
    saved = tmp_path / "calibrated"
    classifier.model.save_pretrained(saved)
    classifier.feature_extractor.save_pretrained(saved)
    deploy.export_onnx(saved, tmp_path / "onnx")
    exported = load_classifier(tmp_path / "onnx")
    assert calibration.threshold_of(exported.model) == pytest.approx(report["threshold"])
    clips = bundled["test"].select(range(4))
    np.testing.assert_allclose(
        calibration.split_probabilities(exported, clips),
        calibration.split_probabilities(classifier, clips),
        atol=1e-4,
    )


def test_the_reliability_diagram_draws_one_line_per_model_with_its_ece():
    from helpers.plots import plot_reliability

    logits, labels = _overconfident(500, seed=3)
    fig = plot_reliability(
        {"before": (calibration.softmax(logits), labels),
         "after": (calibration.softmax(logits, 3.0), labels)},
        title="test split",
    )  # fmt: skip
    ax = fig.axes[0]
    names = [text.get_text() for text in ax.get_legend().get_texts()]
    assert names[0].startswith("perfect calibration") and names[1].startswith("before (ECE 0.")
    before, after = (float(n.split("ECE ")[1].rstrip(")")) for n in names[1:])
    assert after < before
    assert len(ax.lines) == 3
