"""Transcribe, then classify (helpers.transcripts): the recogniser, WER, the text classifier."""

import os

import numpy as np
import pytest

from helpers import paths, transcripts
from helpers.audio import load_audio_file
from helpers.stats import score_predictions

CHECK = paths.data_dir() / "whisper-check"
WHISPER = paths.whisper_offline_dir()
needs_whisper = pytest.mark.skipif(
    not (WHISPER / "model.safetensors").is_file() and not os.environ.get("CI"),
    reason="run `python scripts/convert_whisper.py` (scripts/setup.sh does) first",
)


def test_normalise_reads_text_as_wer_and_the_classifier_do():
    assert transcripts.normalise("  Hello, I'd  like... my CARD! ") == "hello id like my card"
    assert transcripts.normalise(None) == ""


def test_word_error_rate_counts_edits_over_words_said_ignoring_case_and_punctuation():
    # one substitution (b -> x) and one deletion (d) over four words said
    assert transcripts.word_error_rate(["A b, c d."], ["a X c"]) == pytest.approx(0.5)
    assert transcripts.word_error_rate(["Hello there", "ok"], ["hello, there!", "ok"]) == 0.0
    # an empty reference is skipped, not counted as infinite
    assert transcripts.word_error_rate(["", "one two"], ["noise", "one two"]) == 0.0
    with pytest.raises(ValueError, match="one hypothesis per reference"):
        transcripts.word_error_rate(["a"], ["a", "b"])
    with pytest.raises(ValueError, match="at least one reference"):
        transcripts.word_error_rate([""], ["a"])


def test_token_budget_grows_with_the_clip_and_stops_at_whispers_limit():
    assert transcripts.token_budget(5.0) == 40
    assert transcripts.token_budget(1.0) < transcripts.token_budget(10.0)
    assert transcripts.token_budget(600.0) == transcripts.MAX_NEW_TOKENS


def _garble(text: str, rng) -> str:
    """A recogniser's kind of mistake: every word of four letters or more loses a letter."""
    words = []
    for word in text.split():
        if len(word) >= 4:
            k = int(rng.integers(1, len(word) - 1))
            word = word[:k] + word[k + 1 :]
        words.append(word)
    return " ".join(words)


@pytest.fixture(scope="module")
def texts(bundled):
    from helpers.data import make_splits

    splits = make_splits(bundled, seed=42)
    rng = np.random.default_rng(0)
    out = {}
    for name, split in splits.items():
        said = split["transcription"]
        out[name] = (said, [_garble(t, rng) for t in said], split["intent_class"])
    return out


def test_text_route_is_chosen_on_validation_and_learns_on_held_out_voices(texts):
    train, _, train_labels = texts["train"]
    _, val_garbled, val_labels = texts["validation"]
    _, test_garbled, test_labels = texts["test"]
    model, choice = transcripts.fit_text_classifier(
        train, train_labels, val_garbled, val_labels, seed=0
    )
    grid = {(row["features"], row["C"]): row for row in choice.grid}
    assert len(grid) == 3 * len(transcripts.C_GRID)
    assert len(choice.grid) == len(grid)  # every setting once
    lowest = min(row["log_loss"] for row in choice.grid)
    assert choice.log_loss == lowest == grid[(choice.features, choice.C)]["log_loss"]
    assert choice.accuracy == grid[(choice.features, choice.C)]["accuracy"]
    # garbled words rarely match whole; character n-grams still do, and validation says so
    words_only = [row for row in choice.grid if row["features"] == "words"]
    assert "characters" in choice.features
    assert choice.log_loss < min(row["log_loss"] for row in words_only)
    assert choice.accuracy > max(row["accuracy"] for row in words_only)
    # refit on the training texts alone: it reads garbled held-out voices far above chance
    accuracy = np.mean(model.predict(test_garbled) == np.asarray(test_labels))
    assert accuracy > 0.6  # chance is 1/14
    assert "chosen on validation" in str(choice)


def test_text_route_is_deterministic_with_a_seed(texts):
    train, _, train_labels = texts["train"]
    _, val_garbled, val_labels = texts["validation"]
    _, test_garbled, _ = texts["test"]
    fits = [
        transcripts.fit_text_classifier(
            train, train_labels, val_garbled, val_labels, C=(1.0, 10.0), seed=3
        )
        for _ in range(2)
    ]
    assert fits[0][1] == fits[1][1]
    np.testing.assert_array_equal(
        fits[0][0].predict_proba(test_garbled), fits[1][0].predict_proba(test_garbled)
    )


def test_text_route_refuses_empty_transcripts_in_one_sentence(texts):
    train, _, train_labels = texts["train"]
    _, _, val_labels = texts["validation"]
    with pytest.raises(ValueError, match=r"^The validation texts hold no words \(56 empty"):
        transcripts.fit_text_classifier(train, train_labels, [""] * 56, val_labels)
    with pytest.raises(ValueError, match="training texts hold no words"):
        transcripts.fit_text_classifier([" ", ",", None], [0, 1, 2], ["a"], [0])
    with pytest.raises(ValueError, match="features="):
        transcripts.text_classifier("phonemes")


def test_disagreements_lists_the_clips_exactly_one_route_gets_right():
    table = transcripts.disagreements(
        truth=["a", "b", "c", "d"],
        audio_predicted=["a", "b", "x", "x"],
        text_predicted=["a", "x", "c", "x"],
        heard=["one", "two to", "three", "four"],
        said=["one", "two", "three", "four"],
    )
    assert list(table["right"]) == ["audio", "text"]
    assert list(table["intent"]) == ["b", "c"]
    assert table.iloc[0]["WER"] == pytest.approx(1.0)  # one word said, one word added
    assert table.iloc[1]["WER"] == 0.0
    columns = ["right", "WER", "intent", "audio answered", "text answered", "heard", "said"]
    assert list(table.columns) == columns


def test_both_routes_are_scored_alike_with_intervals():
    result = score_predictions(
        ["a", "a", "b", "b"], ["a", "b", "b", "b"], ["a", "b"], speakers=["s1", "s1", "s2", "s2"]
    )
    assert result["accuracy"] == 0.75 and result["clips"] == 4
    assert result["accuracy_ci95"][0] < 0.75 < result["accuracy_ci95"][1]
    assert "accuracy_ci95_speakers" in result and result["speakers"] == ["s1", "s1", "s2", "s2"]
    with pytest.raises(ValueError, match="one prediction per clip"):
        score_predictions(["a"], [], ["a"])


@needs_whisper
def test_transcribe_keeps_the_order_batches_and_reads_the_cache(bundled, tmp_path):
    """Real Whisper tiny.en: the check sentence is heard right wherever it sits in a batch,
    and a second call takes everything from the cache without running the model."""
    transcriber, origin = transcripts.load_transcriber("openai/whisper-tiny.en", device="cpu")
    assert origin.real
    rate = transcriber.feature_extractor.sampling_rate
    sentence, _ = load_audio_file(CHECK / "sentence.ogg", sampling_rate=rate, verbose=False)
    clips = transcripts.split_waveforms(bundled["test"].select(range(2)), rate)
    waveforms = [clips[0], sentence, clips[1]]  # the short sentence is sorted first inside
    cache = tmp_path / "cache.json"
    heard = transcripts.transcribe(transcriber, waveforms, batch_size=2, cache=cache)
    said = (CHECK / "sentence.txt").read_text()
    assert transcripts.word_error_rate([said], [heard[1]]) == 0.0, heard[1]
    assert all(heard) and heard[0] != heard[2]

    calls = []

    class Counting:  # the same pipeline, counted: a cached clip never reaches it
        def __init__(self, inner):
            self.inner, self.model, self.feature_extractor = (
                inner,
                inner.model,
                inner.feature_extractor,
            )
            self.model_name = inner.model_name

        def __call__(self, *args, **kwargs):
            calls.append(len(args[0]))
            return self.inner(*args, **kwargs)

    again = transcripts.transcribe(Counting(transcriber), waveforms, batch_size=2, cache=cache)
    assert again == heard and calls == []
    # another decoding setting is another cache entry: only what is new runs
    transcripts.transcribe(Counting(transcriber), waveforms[:1], beams=2, cache=cache)
    assert calls == [1]
    # longer than Whisper's 30-s window (long-form decoding): the sentence at the end is heard
    pause = np.zeros(int(28 * rate), np.float32)
    long = transcripts.transcribe(transcriber, [np.concatenate([pause, sentence])])[0]
    assert transcripts.word_error_rate([said], [long]) <= 0.25, long


def test_train_with_script_says_why_the_script_stopped(tmp_path):
    from helpers.training import train_with_script

    with pytest.raises(RuntimeError, match=r"exit status 2; its last lines:\n(.|\n)*--source"):
        train_with_script(tmp_path / "model", source="nowhere")


def test_accuracy_rows_plot_one_bar_per_route_with_its_interval():
    from helpers.plots import plot_accuracy_rows

    rows = {
        "audio": score_predictions(["a"] * 8 + ["b"] * 8, ["a"] * 8 + ["b"] * 6 + ["a"] * 2, "ab"),
        "text": score_predictions(["a"] * 8 + ["b"] * 8, ["b"] * 16, "ab"),
    }
    fig = plot_accuracy_rows(rows, chance=0.5, title="t")
    ax = fig.axes[0]
    widths = [bar.get_width() for bar in ax.patches]
    assert widths == pytest.approx([14 / 16, 8 / 16])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["audio", "text"]
    # each whisker spans that route's Wilson interval
    whiskers = [line for line in ax.collections if line.get_segments()]
    spans = [tuple(seg[0][:, 0]) for seg in (w.get_segments() for w in whiskers)]
    assert spans[0] == pytest.approx(rows["audio"]["accuracy_ci95"])
