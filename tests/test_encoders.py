"""One recipe for every encoder family: prepare → train → evaluate → save → reload → pipeline."""

import numpy as np
import pytest
import torch
from datasets import DatasetDict

from helpers import encoders, training
from helpers.data import INTENT_NAMES, label_maps
from helpers.paths import tiny_model_dir


def _tiny_hubert(folder):
    from transformers import HubertConfig, HubertModel, Wav2Vec2FeatureExtractor

    config = HubertConfig(
        hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
        conv_dim=(16, 16), conv_stride=(5, 8), conv_kernel=(10, 8), num_conv_pos_embeddings=16,
        num_conv_pos_embedding_groups=2, classifier_proj_size=16,
    )  # fmt: skip
    torch.manual_seed(0)
    HubertModel(config).save_pretrained(folder)  # a pretrained encoder: no head yet
    Wav2Vec2FeatureExtractor(do_normalize=True).save_pretrained(folder)
    return folder


def _tiny_whisper(folder):
    """A Whisper checkpoint shaped like the converted tiny.en (encoder–decoder, 30-s window)."""
    from transformers import WhisperConfig, WhisperFeatureExtractor, WhisperForConditionalGeneration

    config = WhisperConfig(
        vocab_size=64, d_model=32, encoder_layers=2, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64,
        max_source_positions=1500, max_target_positions=32, classifier_proj_size=16,
        pad_token_id=0, bos_token_id=1, eos_token_id=2, decoder_start_token_id=1,
    )  # fmt: skip
    torch.manual_seed(0)
    WhisperForConditionalGeneration(config).save_pretrained(folder)
    WhisperFeatureExtractor().save_pretrained(folder)
    return folder


def _checkpoint(family, tmp_path):
    if family == "wav2vec2":
        return str(tiny_model_dir("wav2vec2"))
    if family == "ast":
        return str(tiny_model_dir("ast"))  # 10 AudioSet labels: the head must be replaced
    if family == "hubert":
        return str(_tiny_hubert(tmp_path / "hubert"))
    return str(_tiny_whisper(tmp_path / "whisper"))


@pytest.fixture(scope="module")
def small(bundled):
    # 3 intents x 2 clips per split keeps the runs short; columns renamed to show that the
    # recipe is not wired to MInDS-14's names.
    def pick(split):
        rows = [i for i, y in enumerate(split["intent_class"]) if y in (0, 4, 13)][:6]
        return split.select(rows).rename_columns({"audio": "speech", "intent_class": "intent"})

    return DatasetDict({name: pick(split) for name, split in bundled.items()})


@pytest.mark.parametrize("family", ["wav2vec2", "hubert", "ast", "whisper"])
def test_one_recipe_for_every_encoder_family(family, small, tmp_path):
    from transformers import AutoFeatureExtractor, pipeline

    checkpoint = _checkpoint(family, tmp_path)
    extractor = AutoFeatureExtractor.from_pretrained(checkpoint)
    encoded, length = training.prepare_dataset(
        small, extractor, audio_column="speech", label_column="intent"
    )
    assert set(encoded["train"].column_names) >= {"label", "num_samples"}
    label2id, id2label = label_maps(INTENT_NAMES)
    model = training.load_model(checkpoint, label2id, id2label, feature_extractor=extractor)
    assert model.config.num_labels == 14 and model.config.id2label[4] == "balance"

    # the input length is in the extractor's own unit and the model accepts it
    first = np.asarray(encoded["train"][0][extractor.model_input_names[0]], dtype=np.float32)
    if family in ("wav2vec2", "hubert"):
        assert length % 320 == 0 and first.shape[-1] <= length  # samples, truncated
    elif family == "ast":
        assert first.shape == (length, 128) and model.config.max_length == length  # frames
        assert model.audio_spectrogram_transformer.embeddings.position_embeddings.shape[1] == (
            2 + 12 * ((length - 16) // 10 + 1)
        )
    else:
        assert 1 <= length <= 8 and extractor.chunk_length == length  # whole seconds
        assert first.shape == (80, 100 * length)
        assert model.config.max_source_positions == 50 * length

    frozen = {n: p.detach().clone() for n, p in model.named_parameters() if not p.requires_grad}
    trainable = {n: p.detach().clone() for n, p in model.named_parameters() if p.requires_grad}
    if family == "whisper":
        assert all(n.startswith(("projector", "classifier")) for n in trainable)
    elif family != "ast":
        assert any("feature_extractor" in n for n in frozen)
    args = training.training_arguments(
        tmp_path / "run", training.PRESETS["demo"], device="cpu", num_train_epochs=1,
        per_device_train_batch_size=2, learning_rate=1e-2, save_strategy="no",
        load_best_model_at_end=False, logging_steps=1,
    )  # fmt: skip
    trainer = training.build_trainer(model, args, encoded, extractor)
    trainer.train()
    for name, before in frozen.items():  # freezing really freezes
        assert torch.equal(dict(model.named_parameters())[name], before), name
    assert any(
        not torch.equal(dict(model.named_parameters())[n], before)
        for n, before in trainable.items()
    )
    metrics = trainer.evaluate()
    assert 0 <= metrics["eval_accuracy"] <= 1

    out = tmp_path / "saved"
    trainer.save_model(out)
    classifier = pipeline("audio-classification", model=str(out))
    clip = np.asarray(small["test"][0]["speech"]["array"], dtype=np.float32)
    from datasets import Audio

    clip16 = small["test"].cast_column("speech", Audio(sampling_rate=16000))[0]["speech"]
    clip = np.asarray(clip16["array"], dtype=np.float32)
    top = classifier({"raw": clip, "sampling_rate": 16000}, top_k=1)[0]
    model.eval()
    inputs = extractor(clip, sampling_rate=16000, return_tensors="pt")
    with torch.no_grad():
        expected = model(**inputs).logits.argmax(-1).item()
    assert top["label"] == id2label[expected]


def test_whisper_window_cut_keeps_the_first_positions(tmp_path):
    from transformers import AutoModelForAudioClassification

    folder = _tiny_whisper(tmp_path / "whisper")
    model = AutoModelForAudioClassification.from_pretrained(folder, num_labels=3)
    full = model.encoder.embed_positions.weight.detach().clone()
    encoders.cut_whisper_window(model, 100)
    assert model.encoder.embed_positions.weight.shape == (100, 32)
    assert torch.equal(model.encoder.embed_positions.weight, full[:100])
    assert model.config.max_source_positions == 100
    out = model(input_features=torch.zeros(2, 80, 200))
    assert out.logits.shape == (2, 3)
    with pytest.raises(ValueError, match="expects the mel input features to be of length 200"):
        model(input_features=torch.zeros(1, 80, 3000))
    with pytest.raises(ValueError, match="between 1 and 100"):
        encoders.cut_whisper_window(model, 200)


def test_whisper_extractor_window_is_whole_seconds():
    from transformers import WhisperFeatureExtractor

    extractor = WhisperFeatureExtractor()
    assert encoders.choose_input_length([2.0, 6.2, 3.0], extractor, percentile=100) == 7
    assert encoders.choose_input_length([45.0], extractor) == 30  # never past the 30-s window
    encoders.set_input_length(extractor, 7)
    features = extractor(np.zeros(16000, np.float32), sampling_rate=16000).input_features
    assert np.asarray(features).shape == (1, 80, 700)
    with pytest.raises(ValueError, match="outside 1–30 s"):
        encoders.set_input_length(extractor, 31)


def _ast_with_distinct_positions(folder):
    """The tiny AST with random (not all-zero) position embeddings, saved to ``folder``."""
    from transformers import AutoFeatureExtractor, AutoModelForAudioClassification

    model = AutoModelForAudioClassification.from_pretrained(tiny_model_dir("ast"))
    torch.manual_seed(0)
    with torch.no_grad():
        model.audio_spectrogram_transformer.embeddings.position_embeddings.normal_()
    model.save_pretrained(folder)
    AutoFeatureExtractor.from_pretrained(tiny_model_dir("ast")).save_pretrained(folder)
    return model


def test_ast_time_axis_is_cut_around_the_centre_or_interpolated(tmp_path):
    from transformers import AutoModelForAudioClassification

    model = _ast_with_distinct_positions(tmp_path / "ast")
    old = model.audio_spectrogram_transformer.embeddings.position_embeddings.detach().clone()
    grid = old[0, 2:].reshape(12, 101, -1)
    encoders.resize_ast_time(model, 316)  # 316 frames → 31 time patches
    new = model.audio_spectrogram_transformer.embeddings.position_embeddings.detach()
    assert new.shape == (1, 2 + 12 * 31, old.shape[-1])
    assert torch.equal(new[0, :2], old[0, :2])  # [CLS] and distillation positions kept
    assert torch.equal(new[0, 2:].reshape(12, 31, -1), grid[:, 35:66])  # centre columns
    logits = model(input_values=torch.zeros(1, 316, 128)).logits
    assert logits.shape == (1, 10)

    longer = AutoModelForAudioClassification.from_pretrained(tiny_model_dir("ast"))
    encoders.resize_ast_time(longer, 2016)  # 201 time patches: interpolated
    assert (
        longer.audio_spectrogram_transformer.embeddings.position_embeddings.shape[1] == 2 + 12 * 201
    )
    assert longer(input_values=torch.zeros(1, 2016, 128)).logits.shape == (1, 10)


def test_ast_frames_and_waveform_samples():
    from transformers import ASTFeatureExtractor, Wav2Vec2FeatureExtractor

    assert encoders.ast_frames(3.0) == 306 and (encoders.ast_frames(3.0) - 16) % 10 == 0
    assert encoders.choose_input_length([3.0], ASTFeatureExtractor(), percentile=100) == 306
    samples = encoders.choose_input_length([1.001], Wav2Vec2FeatureExtractor(), percentile=100)
    assert samples == 16320 and samples % 320 == 0


def test_freeze_by_name_and_errors():
    from transformers import AutoModelForAudioClassification

    model = AutoModelForAudioClassification.from_pretrained(tiny_model_dir("ast"))
    assert encoders.freeze(model, "auto") == "nothing frozen"
    encoders.freeze(model, "audio_spectrogram_transformer.embeddings")
    frozen = [n for n, p in model.named_parameters() if not p.requires_grad]
    assert frozen and all(n.startswith("audio_spectrogram_transformer.embeddings") for n in frozen)
    with pytest.raises(ValueError, match="no sub-module 'decoder'"):
        encoders.freeze(model, "decoder")
    with pytest.raises(ValueError, match="not one of the supported encoder families"):
        encoders.family_of_model(type("C", (), {"model_type": "bert"})())


def test_unfreeze_top_layers_of_a_frozen_whisper(tmp_path):
    from transformers import AutoModelForAudioClassification

    model = AutoModelForAudioClassification.from_pretrained(_tiny_whisper(tmp_path / "w"))
    encoders.freeze(model, "auto")
    before, _ = encoders.count_trainable(model)
    names = encoders.unfreeze_top_layers(model, 1)
    assert names == ["encoder.layers.1", "encoder.layer_norm"]
    assert all(p.requires_grad for p in model.encoder.layers[1].parameters())
    assert not any(p.requires_grad for p in model.encoder.layers[0].parameters())
    assert encoders.count_trainable(model)[0] > before


def test_cached_encoder_outputs_train_the_same_head(small, tmp_path):
    """Training the head on cached pooled outputs is exactly training it on the clips."""
    from transformers import AutoFeatureExtractor

    folder = str(_tiny_whisper(tmp_path / "whisper"))
    extractor = AutoFeatureExtractor.from_pretrained(folder)
    encoded, _ = training.prepare_dataset(
        small, extractor, audio_column="speech", label_column="intent"
    )
    label2id, id2label = label_maps(INTENT_NAMES)
    model = training.load_model(
        folder, label2id, id2label, feature_extractor=extractor, head="stock"
    ).eval()
    cached = encoders.cache_encoder_outputs(model, encoded, batch_size=4)
    assert cached["train"].column_names == [
        "label", "encoder_outputs", "real_mean", "pooled_features"
    ]  # fmt: skip
    rows = [cached["test"][i] for i in range(3)]
    batch = encoders.collate_encoder_outputs(rows)
    features = torch.as_tensor(np.stack(encoded["test"][:3]["input_features"])).float()
    with torch.no_grad():
        from_clips = model(input_features=features).logits
        from_cache = model(encoder_outputs=batch["encoder_outputs"]).logits
    torch.testing.assert_close(from_cache, from_clips, atol=1e-5, rtol=1e-5)
    assert batch["labels"].tolist() == encoded["test"][:3]["label"]
    # real_mean averages only the positions holding audio: it differs from the padded mean
    lengths = encoders.real_positions(
        encoded["test"][:3]["num_samples"], 50 * extractor.chunk_length
    )
    assert (lengths < 50 * extractor.chunk_length).all()
    assert not np.allclose(rows[0]["real_mean"], rows[0]["encoder_outputs"][0])
    real_rows = encoders.real_frames_only(cached["test"]).remove_columns("pooled_features")
    assert real_rows.column_names == ["label", "encoder_outputs"]
    real = encoders.collate_encoder_outputs([real_rows[i] for i in range(3)])["encoder_outputs"][0]
    assert real.shape == (3, 1, 32)
    assert np.allclose(real[0, 0].numpy(), rows[0]["real_mean"])


def test_spec_augment_masks_only_while_training():
    from transformers import AutoModelForAudioClassification

    model = AutoModelForAudioClassification.from_pretrained(tiny_model_dir("ast"))
    values = torch.randn(3, model.config.max_length, 128) + 5  # no zeros before masking
    seen = []
    augment = encoders.SpecAugment(model, time_width=30, freq_width=10, seed=1)
    model.register_forward_pre_hook(
        lambda m, a, k: seen.append(k["input_values"]), with_kwargs=True
    )
    model.train()
    model(input_values=values)
    masked = seen[-1]
    assert masked.shape == values.shape and (masked == 0).any()
    zero_frames = (masked == 0).all(dim=2).sum(dim=1)
    zero_bins = (masked == 0).all(dim=1).sum(dim=1)
    assert (zero_frames <= 2 * 30).all() and (zero_bins <= 2 * 10).all()
    assert torch.equal(masked[masked != 0], values[masked != 0])  # the rest untouched
    assert (values != 0).all()  # the caller's tensor is not changed
    model.eval()
    model(input_values=values)
    assert torch.equal(seen[-1], values)  # never at evaluation
    augment.remove()
    model.train()
    model(input_values=values)
    assert torch.equal(seen[-1], values)


def test_spec_augment_reaches_every_training_batch_of_a_real_trainer_run(small, tmp_path):
    """Inside Trainer: all training batches masked, no evaluation batch (4 batches x 3 epochs)."""
    from transformers import AutoFeatureExtractor

    checkpoint = str(tiny_model_dir("ast"))
    extractor = AutoFeatureExtractor.from_pretrained(checkpoint)
    encoded, _ = training.prepare_dataset(
        small, extractor, audio_column="speech", label_column="intent"
    )
    label2id, id2label = label_maps(INTENT_NAMES)
    model = training.load_model(checkpoint, label2id, id2label, feature_extractor=extractor)
    encoders.SpecAugment(model, seed=0)
    calls = []  # (training?, any band of zeros?) for every call of the model

    def record(module, args, kwargs):
        values = kwargs["input_values"]
        banded = (values == 0).all(dim=2).any() or (values == 0).all(dim=1).any()
        calls.append((module.training, bool(banded)))

    model.register_forward_pre_hook(record, with_kwargs=True)  # runs after the augmentation
    args = training.training_arguments(
        tmp_path / "run", training.PRESETS["demo"], device="cpu", num_train_epochs=3,
        per_device_train_batch_size=2, save_strategy="no", load_best_model_at_end=False,
        feature_extractor=extractor,
    )  # fmt: skip
    training.build_trainer(model, args, encoded, extractor).train()
    train_calls = [banded for is_training, banded in calls if is_training]
    eval_calls = [banded for is_training, banded in calls if not is_training]
    assert len(train_calls) == 3 * 3 and all(train_calls)  # 6 clips / batch 2, 3 epochs
    assert eval_calls and not any(eval_calls)


def test_naive_shorter_ast_reinitialises_positions_cut_keeps_them(tmp_path):
    """A smaller max_length at load time re-initialises the positions; the cut keeps them."""
    from transformers import AutoModelForAudioClassification

    folder = tmp_path / "ast"
    pretrained = _ast_with_distinct_positions(folder)
    grid = pretrained.audio_spectrogram_transformer.embeddings.position_embeddings[0, 2:]
    centre = grid.detach().reshape(12, 101, -1)[:, 35:66]
    naive = AutoModelForAudioClassification.from_pretrained(
        folder, max_length=316, ignore_mismatched_sizes=True
    )
    naive_grid = naive.audio_spectrogram_transformer.embeddings.position_embeddings[0, 2:]
    assert not torch.allclose(naive_grid.detach().reshape(12, 31, -1), centre)
    encoders.resize_ast_time(pretrained, 316)
    cut_grid = pretrained.audio_spectrogram_transformer.embeddings.position_embeddings[0, 2:]
    assert torch.equal(cut_grid.detach().reshape(12, 31, -1), centre)


def test_reload_best_restores_the_best_ast_epoch(small, tmp_path):
    from transformers import AutoFeatureExtractor, AutoModelForAudioClassification

    folder = tiny_model_dir("ast")
    extractor = AutoFeatureExtractor.from_pretrained(folder)
    encoded, _ = training.prepare_dataset(
        small, extractor, audio_column="speech", label_column="intent"
    )
    label2id, id2label = label_maps(INTENT_NAMES)
    model = training.load_model(str(folder), label2id, id2label, feature_extractor=extractor)
    args = training.training_arguments(
        tmp_path / "run", training.PRESETS["demo"], device="cpu", num_train_epochs=3,
        per_device_train_batch_size=2, save_strategy="best", load_best_model_at_end=False,
        save_total_limit=1,
    )  # fmt: skip
    trainer = training.build_trainer(model, args, encoded, extractor)
    trainer.train()
    with torch.no_grad():  # whatever the last epoch left, the best checkpoint must come back
        trainer.model.classifier.dense.weight.zero_()
    best = training.reload_best(trainer)
    assert best and best.startswith(str(tmp_path / "run"))
    saved = AutoModelForAudioClassification.from_pretrained(best).state_dict()
    for name, tensor in trainer.model.state_dict().items():
        assert torch.equal(tensor, saved[name]), name


def test_whisper_window_cut_keeps_dtype(tmp_path):
    from transformers import AutoModelForAudioClassification

    model = AutoModelForAudioClassification.from_pretrained(
        _tiny_whisper(tmp_path / "w"), num_labels=2, dtype=torch.bfloat16
    )
    encoders.cut_whisper_window(model, 50)
    assert model.encoder.embed_positions.weight.dtype == torch.bfloat16
    logits = model(input_features=torch.zeros(1, 80, 100, dtype=torch.bfloat16)).logits
    assert logits.dtype == torch.bfloat16


@pytest.mark.parametrize("family", ["wav2vec2", "hubert", "ast", "whisper"])
def test_trainer_validation_is_measured_exactly_like_the_test(family, small, tmp_path):
    """Trainer's validation predictions equal evaluate_split's (whole clips, no padding shift)."""
    from transformers import AutoFeatureExtractor, pipeline

    from helpers.inference import evaluate_split

    checkpoint = _checkpoint(family, tmp_path)
    extractor = AutoFeatureExtractor.from_pretrained(checkpoint)
    # a short input length, so that several validation clips are longer than the training cut
    encoded, _ = training.prepare_dataset(
        small, extractor, audio_column="speech", label_column="intent", length_percentile=20
    )
    label2id, id2label = label_maps(INTENT_NAMES)
    model = training.load_model(checkpoint, label2id, id2label, feature_extractor=extractor)
    args = training.training_arguments(
        tmp_path / "run", training.PRESETS["demo"], device="cpu", num_train_epochs=1,
        per_device_train_batch_size=4, save_strategy="no", load_best_model_at_end=False,
        feature_extractor=extractor,
    )  # fmt: skip
    trainer = training.build_trainer(model, args, encoded, extractor)
    validation = trainer.predict(encoded["validation"])
    by_trainer = [id2label[int(i)] for i in validation.predictions.argmax(-1)]
    classifier = pipeline("audio-classification", model=model, feature_extractor=extractor)
    test_way = evaluate_split(
        classifier, small["validation"], audio_column="speech", label_column="intent"
    )
    assert by_trainer == test_way["predicted"]
    assert validation.metrics["test_accuracy"] == pytest.approx(test_way["accuracy"])


def test_a_collator_that_reads_model_training_misses_training_batches(small, tmp_path):
    """Why SpecAugment is not a data collator (README): in a real Trainer run (validation
    after every epoch) the dataloader builds a batch before the step switches the model to
    training, so a collator reading ``model.training`` sees evaluation mode for training
    batches: here 3 epochs of 2 batches (3 clips each; validation batches hold 6), and every
    training batch was collated in evaluation mode."""
    from transformers import AutoFeatureExtractor, DataCollatorWithPadding

    checkpoint = str(tiny_model_dir("ast"))
    extractor = AutoFeatureExtractor.from_pretrained(checkpoint)
    encoded, _ = training.prepare_dataset(
        small, extractor, audio_column="speech", label_column="intent"
    )
    assert (encoded["train"].num_rows, encoded["validation"].num_rows) == (6, 6)
    model = training.load_model(checkpoint, *label_maps(INTENT_NAMES), feature_extractor=extractor)
    pad, seen = DataCollatorWithPadding(extractor), []

    def collate(features):
        seen.append((len(features), model.training))
        return pad(features)

    args = training.training_arguments(
        tmp_path / "run", training.PRESETS["demo"], device="cpu", num_train_epochs=3,
        per_device_train_batch_size=3, per_device_eval_batch_size=6, save_strategy="no",
        load_best_model_at_end=False, disable_tqdm=True,
    )  # fmt: skip
    training.build_trainer(model, args, encoded, extractor, data_collator=collate).train()
    train_modes = [is_training for size, is_training in seen if size == 3]
    assert len(train_modes) == 6
    # README: "all 6 training batches were collated while the model was in evaluation mode"
    assert train_modes.count(False) == 6, train_modes


def test_the_real_frames_head_on_cached_features_is_the_head_on_the_clips(small, tmp_path):
    """The pooled features the cache keeps are what the pooled model computes from a clip
    and the mask its extractor returns: training on the cache is training on the clips."""
    from transformers import AutoFeatureExtractor

    folder = str(_tiny_whisper(tmp_path / "whisper"))
    extractor = AutoFeatureExtractor.from_pretrained(folder)
    encoded, _ = training.prepare_dataset(
        small, extractor, audio_column="speech", label_column="intent"
    )
    label2id, id2label = label_maps(INTENT_NAMES)
    model = training.load_model(
        folder, label2id, id2label, feature_extractor=extractor, head="real-frames"
    ).eval()
    assert extractor.return_attention_mask  # saved with the model: pipeline passes the mask
    cached = encoders.cache_encoder_outputs(model, encoded, batch_size=4)
    model.set_feature_stats(np.asarray(cached["train"]["pooled_features"]))
    rows = [cached["test"][i] for i in range(3)]
    batch = encoders.collate_pooled_features(rows)
    lengths = encoded["test"][:3]["num_samples"]
    mask = extractor(
        [np.zeros(n, np.float32) for n in lengths], sampling_rate=16000, return_tensors="pt"
    )["attention_mask"]  # only the lengths matter to the mask
    features = torch.as_tensor(np.stack(encoded["test"][:3]["input_features"])).float()
    with torch.no_grad():
        from_clips = model(input_features=features, attention_mask=mask).logits
        from_cache = model(pooled_features=batch["pooled_features"]).logits
    torch.testing.assert_close(from_cache, from_clips, atol=1e-5, rtol=1e-5)
    assert batch["labels"].tolist() == encoded["test"][:3]["label"]
