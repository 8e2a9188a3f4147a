"""Generator of the bundled MInDS-14 stand-in: synthetic banking calls, telephone quality.

The clips are spoken by Debian's ``espeak-ng`` (formant synthesis, no network, no
model download) with several accents, voice variants, speeds and pitches, then passed
through a telephone channel: 300–3400 Hz band-pass, 8 kHz, a random level and mild
background noise. Every random choice comes from a NumPy generator seeded by
``(seed, voice, intent, take)``, so one clip does not depend on the order of the others
and the same seed gives the same bytes (for the same espeak-ng and FFmpeg versions).

Run ``python scripts/make_dataset.py`` to rebuild ``data/minds14-synthetic``.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import wave
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from helpers.data import BUNDLED_LOCALES, INTENT_NAMES

#: Rate of the bundled clips (Hz), as in MInDS-14.
TELEPHONE_RATE = 8000
#: Pass band of a telephone channel (Hz).
TELEPHONE_BAND = (300.0, 3400.0)


@dataclass(frozen=True)
class Voice:
    """One synthetic speaker: espeak-ng voice name, speed (words/min) and pitch (0–99)."""

    voice_id: str
    espeak_voice: str
    speed_wpm: int
    pitch: int


#: Twelve synthetic speakers (accent + voice variant + speed + pitch).
VOICES: tuple[Voice, ...] = (
    Voice("v01", "en-us+m1", 165, 45),
    Voice("v02", "en-us+f2", 175, 62),
    Voice("v03", "en-gb+m3", 155, 40),
    Voice("v04", "en-gb-scotland+f1", 160, 55),
    Voice("v05", "en-029+m2", 170, 50),
    Voice("v06", "en-us-nyc+m4", 185, 35),
    Voice("v07", "en-gb-x-rp+f3", 150, 66),
    Voice("v08", "en-gb-x-gbclan+m5", 165, 48),
    Voice("v09", "en-gb-x-gbcwmd+f4", 172, 58),
    Voice("v10", "en-us+m7", 145, 42),
    Voice("v11", "en-gb+f5", 180, 60),
    Voice("v12", "en-us+m6", 160, 52),
)

#: Speakers whose clips form the test split; they never appear in train.
TEST_VOICES = ("v02", "v11", "v12")

#: Four or more ways a caller asks for each intent, in MInDS-14's intent order.
PHRASINGS: dict[str, tuple[str, ...]] = {
    "abroad": (
        "I'm travelling to Spain next week and I want to use my card over there",
        "will my debit card work when I'm abroad",
        "I need to let you know I'll be overseas so my card doesn't get blocked",
        "can I take money out of a cash machine in another country",
        "what are the fees for paying with my card abroad",
    ),
    "address": (
        "I've moved house and I need to change my address",
        "can you update the address on my account",
        "I want to give you my new home address",
        "how do I change the postal address you have for me",
        "my address is wrong on my statements, can you fix it",
    ),
    "app_error": (
        "your mobile app keeps crashing when I try to log in",
        "the banking app shows an error every time I open it",
        "I can't make a transfer in the app, it just freezes",
        "the app won't accept my password even though it's correct",
        "something is wrong with the app, it says service unavailable",
    ),
    "atm_limit": (
        "what is the most cash I can take out of an ATM in one day",
        "I need to raise my daily cash withdrawal limit",
        "the cash machine said I've reached my limit",
        "can you increase how much I can withdraw at the ATM",
        "how much money can I get from a cash point per day",
    ),
    "balance": (
        "I'd like to check the balance on my current account",
        "how much money do I have in my account right now",
        "can you tell me my account balance please",
        "what's my available balance",
        "I want to know how much is left in my savings account",
    ),
    "business_loan": (
        "I'm looking to take out a loan for my small business",
        "what interest rate do you offer on business loans",
        "I run a cafe and I need finance to buy new equipment",
        "how do I apply for a loan for my company",
        "can I borrow money to expand my business",
    ),
    "card_issues": (
        "my new card hasn't arrived yet",
        "my card was declined at the shop even though I have money",
        "the chip on my card is damaged and it doesn't work",
        "I've got a problem with my bank card, it keeps getting rejected",
        "my card has expired and I haven't received a replacement",
    ),
    "cash_deposit": (
        "I want to deposit some cash into my account",
        "where can I pay in cash",
        "can I put money into my account at the post office",
        "how long does a cash deposit take to show up",
        "I need to pay in five hundred pounds in cash",
    ),
    "direct_debit": (
        "I want to cancel a direct debit",
        "there's a direct debit on my account that I don't recognise",
        "how do I set up a new direct debit for my gym",
        "can you change the date my direct debit comes out",
        "a direct debit was taken twice this month",
    ),
    "freeze": (
        "I need to freeze my card, it was stolen",
        "please block my card straight away, I've lost it",
        "can you put a temporary freeze on my account",
        "someone has taken my wallet, stop my card please",
        "I think my card details were stolen, freeze everything",
    ),
    "high_value_payment": (
        "I need to make a large payment for a house deposit",
        "I want to transfer twenty thousand pounds today",
        "is there a limit on how much I can send in one payment",
        "my large transfer was blocked, can you approve it",
        "I'm buying a car and need to send a big payment to the dealer",
    ),
    "joint_account": (
        "I'd like to open a joint account with my partner",
        "how do I add my wife to my account",
        "can I remove my name from a joint account",
        "we want to set up a shared account for the household bills",
        "what do we need to open an account together",
    ),
    "latest_transactions": (
        "can you read me my last few transactions",
        "I want to see the most recent payments on my account",
        "what were my latest card payments",
        "has my salary come in yet, what are the newest transactions",
        "please go through the recent activity on my account",
    ),
    "pay_bill": (
        "I would like to pay my electricity bill using my card",
        "I need to pay a bill to my water company",
        "can I pay my phone bill through you",
        "how do I pay my council tax bill",
        "I want to set up a payment for my gas bill",
    ),
}

#: Call-centre openings and closings, mixed in at random for length and variety.
OPENINGS = ("", "", "hi, ", "hello, ", "yes hello, ", "hi there, um, ", "good morning, ")
CLOSINGS = ("", "", ", thank you", ", please", ", thanks a lot", ", can you help me with that")


@dataclass(frozen=True)
class Clip:
    """One generated example before encoding: text, speaker, intent and 8 kHz int16 audio."""

    voice_id: str
    intent: str
    take: int
    text: str
    audio: np.ndarray  # int16, TELEPHONE_RATE Hz, mono


def espeak_available() -> bool:
    """True when the ``espeak-ng`` and ``ffmpeg`` programs the generator needs are installed."""
    return shutil.which("espeak-ng") is not None and shutil.which("ffmpeg") is not None


def _require_tools() -> None:
    if not espeak_available():
        raise RuntimeError(
            "The dataset generator needs espeak-ng and ffmpeg: install them with "
            "`sudo apt-get install espeak-ng ffmpeg`."
        )


def speak(text: str, voice: Voice, *, speed_jitter: int = 0, pitch_jitter: int = 0):
    """Synthesise ``text`` with espeak-ng; returns ``(int16 waveform, rate_hz)``."""
    _require_tools()
    cmd = [
        "espeak-ng",
        "-v",
        voice.espeak_voice,
        "-s",
        str(voice.speed_wpm + speed_jitter),
        "-p",
        str(int(np.clip(voice.pitch + pitch_jitter, 0, 99))),
        "--stdout",
        text,
    ]
    wav_bytes = subprocess.run(cmd, check=True, capture_output=True).stdout
    with wave.open(io.BytesIO(wav_bytes)) as reader:
        rate = reader.getframerate()
        frames = reader.readframes(reader.getnframes())
    return np.frombuffer(frames, dtype=np.int16), rate


def polyphase_resample(x: np.ndarray, orig_rate: int, target_rate: int) -> np.ndarray:
    """scipy's polyphase resampler, ``round(len · target / orig)`` samples, float32.

    The generators' own resampler (the bundled data and the pre-trained stand-in were made
    with it, so rebuilding them does not depend on the FFmpeg version); what learners'
    audio goes through is :func:`helpers.audio.resample`.
    """
    import math

    from scipy.signal import resample_poly

    if orig_rate == target_rate:
        return np.asarray(x, dtype=np.float32)
    gcd = math.gcd(int(orig_rate), int(target_rate))
    out = resample_poly(np.asarray(x, dtype=np.float64), target_rate // gcd, orig_rate // gcd)
    return out[: round(len(x) * target_rate / orig_rate)].astype(np.float32)


def telephone_channel(
    speech: np.ndarray,
    rate: int,
    rng: np.random.Generator,
    *,
    pad: bool = True,
    lead_s: tuple[float, float] = (0.15, 0.6),
    tail_s: tuple[float, float] = (0.2, 0.8),
) -> np.ndarray:
    """Make clean speech sound like a phone call; returns int16 audio at 8 kHz.

    Adds ``lead_s`` (0.15–0.6 s) of lead-in and ``tail_s`` (0.2–0.8 s) of tail (unless
    ``pad=False``), band-limits to 300–3400 Hz, resamples to 8 kHz, sets a random peak level (−12 to
    −3 dBFS) and adds background noise 25–40 dB below the speech.
    """
    from scipy.signal import butter, sosfiltfilt

    x = speech.astype(np.float64) / 32768.0
    if pad:
        lead = np.zeros(int(rng.uniform(*lead_s) * rate))
        tail = np.zeros(int(rng.uniform(*tail_s) * rate))
        x = np.concatenate([lead, x, tail])
    band = butter(4, TELEPHONE_BAND, btype="bandpass", fs=rate, output="sos")
    x = sosfiltfilt(band, x)
    x = polyphase_resample(x, rate, TELEPHONE_RATE).astype(np.float64)
    peak_db = rng.uniform(-12.0, -3.0)
    x *= 10 ** (peak_db / 20) / max(np.abs(x).max(), 1e-9)
    speech_rms = np.sqrt(np.mean(x[np.abs(x) > 1e-4] ** 2))
    snr_db = rng.uniform(25.0, 40.0)
    noise = rng.standard_normal(x.size)
    noise = sosfiltfilt(
        butter(2, TELEPHONE_BAND, "bandpass", fs=TELEPHONE_RATE, output="sos"), noise
    )
    noise *= speech_rms * 10 ** (-snr_db / 20) / max(noise.std(), 1e-12)
    return np.clip(np.round((x + noise) * 32767), -32768, 32767).astype(np.int16)


def transcribe(text: str) -> str:
    """Transcription in MInDS-14's style: the words without punctuation."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w' ]", " ", text)).strip()


def _clip_rng(voice: Voice, intent: str, take: int, seed: int) -> np.random.Generator:
    return np.random.default_rng([seed, VOICES.index(voice), INTENT_NAMES.index(intent), take])


def _draw_text(rng: np.random.Generator, voice: Voice, intent: str, take: int, seed: int) -> str:
    phrasings = PHRASINGS[intent]
    # Each voice says distinct phrasings across its takes (a permutation per voice/intent).
    key = [seed, VOICES.index(voice), INTENT_NAMES.index(intent)]
    order = np.random.default_rng(key).permutation(len(phrasings))
    text = rng.choice(OPENINGS) + phrasings[order[take % len(phrasings)]] + rng.choice(CLOSINGS)
    return text[0].upper() + text[1:]


def clip_text(voice: Voice, intent: str, take: int, *, seed: int) -> str:
    """The sentence :func:`make_clip` speaks for these arguments (no synthesis)."""
    return _draw_text(_clip_rng(voice, intent, take, seed), voice, intent, take, seed)


def make_clip(voice: Voice, intent: str, take: int, *, seed: int) -> Clip:
    """Generate one clip; depends only on ``(seed, voice, intent, take)``."""
    rng = _clip_rng(voice, intent, take, seed)
    text = _draw_text(rng, voice, intent, take, seed)
    speech, rate = speak(
        text,
        voice,
        speed_jitter=int(rng.integers(-10, 11)),
        pitch_jitter=int(rng.integers(-5, 6)),
    )
    return Clip(voice.voice_id, intent, take, text, telephone_channel(speech, rate, rng))


def iter_clips(*, seed: int = 0, takes_per_voice: int = 2) -> Iterator[Clip]:
    """All clips: every voice says every intent ``takes_per_voice`` times."""
    for voice in VOICES:
        for intent in INTENT_NAMES:
            for take in range(takes_per_voice):
                yield make_clip(voice, intent, take, seed=seed)


#: Out-of-scope requests: speech about things none of the 14 banking intents covers, for
#: measuring how often a classifier says "I don't know" when it should
#: (:mod:`helpers.calibration`). Spoken by the test voices only.
OUT_OF_SCOPE: tuple[str, ...] = (
    "what will the weather be like tomorrow afternoon",
    "can you book me a table for two at eight tonight",
    "I would like to order a large pizza with mushrooms",
    "what time does the last train to the city leave",
    "please play some relaxing music in the kitchen",
    "how do I reset the password on my wifi router",
    "is the swimming pool open on sunday mornings",
    "my parcel from the online shop has not arrived yet",
    "can you recommend a good film to watch this weekend",
    "how many calories are there in a banana",
    "I need a taxi to the airport at six in the morning",
    "what is the capital city of australia",
)


def _out_of_scope_draw(voice: Voice, k: int, seed: int) -> tuple[np.random.Generator, str]:
    rng = np.random.default_rng([seed, VOICES.index(voice), 1000 + k])
    text = rng.choice(OPENINGS) + OUT_OF_SCOPE[k] + rng.choice(CLOSINGS)
    return rng, text[0].upper() + text[1:]


def out_of_scope_text(voice: Voice, k: int, *, seed: int) -> str:
    """The sentence :func:`make_out_of_scope` speaks for these arguments (no synthesis)."""
    return _out_of_scope_draw(voice, k, seed)[1]


def make_out_of_scope(voice: Voice, k: int, *, seed: int) -> Clip:
    """Out-of-scope request ``k`` (:data:`OUT_OF_SCOPE`) spoken by ``voice`` through the same
    telephone channel as the bundled clips; depends only on ``(seed, voice, k)``."""
    rng, text = _out_of_scope_draw(voice, k, seed)
    speech, rate = speak(
        text, voice, speed_jitter=int(rng.integers(-10, 11)), pitch_jitter=int(rng.integers(-5, 6))
    )
    return Clip(voice.voice_id, "out_of_scope", k, text, telephone_channel(speech, rate, rng))


def write_out_of_scope(out, *, seed: int = 0) -> int:
    """Every :data:`OUT_OF_SCOPE` request by every test voice, as ``out/<voice>_<kk>.ogg`` with
    ``out/metadata.csv`` (file_name, transcription, voice); returns the number of clips."""
    import csv
    from pathlib import Path

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for voice in (v for v in VOICES if v.voice_id in TEST_VOICES):
        for k in range(len(OUT_OF_SCOPE)):
            clip = make_out_of_scope(voice, k, seed=seed)
            name = f"{clip.voice_id}_{k:02d}.ogg"
            (out / name).write_bytes(encode_ogg(clip.audio))
            rows.append({"file_name": name, "transcription": transcribe(clip.text),
                         "voice": clip.voice_id})  # fmt: skip
    with open(out / "metadata.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["file_name", "transcription", "voice"])
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def encode_ogg(audio: np.ndarray, rate: int = TELEPHONE_RATE) -> bytes:
    """Ogg Vorbis bytes (about 20 kbit/s) of int16 mono audio, via FFmpeg, bit-exact.

    Lossy, like most call-centre recordings; it keeps the repository small (WAV would be
    about 4x larger). Decoded, the clips are 8 kHz mono float arrays like MInDS-14's WAV.
    """
    _require_tools()
    cmd = [
        "ffmpeg", "-loglevel", "error", "-f", "s16le", "-ar", str(rate), "-ac", "1",
        "-i", "pipe:0", "-c:a", "libvorbis", "-q:a", "2",
        "-fflags", "+bitexact", "-flags:a", "+bitexact", "-f", "ogg", "pipe:1",
    ]  # fmt: skip
    return subprocess.run(cmd, input=audio.tobytes(), check=True, capture_output=True).stdout


def clip_path(clip: Clip) -> str:
    """MInDS-14-style relative path: ``en-US~INTENT/voice_take.ogg``."""
    return f"en-US~{clip.intent.upper()}/{clip.voice_id}_{clip.take:02d}.ogg"


def build_dataset(*, seed: int = 0, takes_per_voice: int = 2, progress: bool = True):
    """All clips as a ``DatasetDict`` with MInDS-14's features; test = :data:`TEST_VOICES`."""
    from datasets import Dataset, DatasetDict

    from helpers.data import MINDS14_FEATURES

    rows: dict[str, dict[str, list]] = {"train": {}, "test": {}}
    clips = list(iter_clips(seed=seed, takes_per_voice=takes_per_voice))
    for i, clip in enumerate(clips):
        if progress and i % 50 == 0:
            print(f"  clip {i + 1}/{len(clips)}")
        split = "test" if clip.voice_id in TEST_VOICES else "train"
        path = clip_path(clip)
        columns = rows[split]
        for key, value in (
            ("path", path),
            ("audio", {"bytes": encode_ogg(clip.audio), "path": path}),
            ("transcription", transcribe(clip.text)),
            ("english_transcription", transcribe(clip.text)),
            ("intent_class", INTENT_NAMES.index(clip.intent)),
            ("lang_id", 4),  # en-US
        ):
            columns.setdefault(key, []).append(value)
    return DatasetDict(
        {split: Dataset.from_dict(cols, features=MINDS14_FEATURES) for split, cols in rows.items()}
    )


# --- The multilingual stand-in: MInDS-14's locales that espeak-ng speaks ---------------------

#: Locales of the multilingual stand-in, in MInDS-14's ``lang_id`` order: the loader's list
#: (all but en-AU and en-GB: espeak-ng has no Australian voice, and a second English spoken
#: by the same synthesiser would add little), one definition for generator and loader.
MULTILINGUAL_LOCALES = BUNDLED_LOCALES

#: Twelve speaker styles (espeak-ng voice variant, words/min, pitch) the locales draw from;
#: the accent comes from the locale's :data:`tooling.phrasebook` voices.
LOCALE_VOICE_STYLES = (
    ("+m1", 175, 45), ("+f2", 185, 62), ("+m3", 165, 40), ("+f1", 180, 55),
    ("+m6", 173, 50), ("+f5", 190, 60), ("+m2", 183, 48), ("+f3", 170, 66),
    ("+m4", 187, 38), ("+f4", 177, 58), ("+m5", 167, 44), ("+m7", 193, 52),
)  # fmt: skip
#: Share of clips that end with a call-centre closing (", thank you"…), and the lead-in
#: and tail of silence (s): shorter than the en-US stand-in's, so that the frozen
#: encoder's window (and the offline run's time) stays short across 12 languages.
LOCALE_CLOSING_SHARE = 0.35
LOCALE_LEAD_S, LOCALE_TAIL_S = (0.1, 0.3), (0.1, 0.4)
#: Split of each of a locale's six speakers: three train, one validates, two test, so no
#: voice occurs in two splits of its locale.
LOCALE_VOICE_SPLITS = ("train", "train", "train", "validation", "test", "test")
#: Which of the three training speakers' phrasings each speaker says (see
#: :func:`locale_clip_text`): every validation and test sentence was said in training by
#: one other voice, so validation is as hard as the test.
LOCALE_VOICE_PHRASINGS = (0, 1, 2, 0, 1, 2)


def locale_voices(locale: str) -> list[tuple[Voice, str]]:
    """The six ``(voice, split)`` pairs of ``locale``; voice ids such as ``de-v01`` are unique
    across locales (the file names carry them: ``de-DE~ABROAD/de-v01_00.ogg``).

    Locale ``i`` takes styles ``i`` to ``i + 5`` of :data:`LOCALE_VOICE_STYLES` (cyclically):
    within a locale the test voices are styles its training voices are not, and across
    locales the training voices cover all twelve styles (a style in another language is
    another espeak-ng voice, as a bilingual caller would be another voice to a model)."""
    from tooling.phrasebook import phrasebook

    accents = phrasebook(locale).espeak_voices
    prefix = locale.split("-")[0]
    first = MULTILINGUAL_LOCALES.index(locale)  # each locale starts at another style, so
    styles = [LOCALE_VOICE_STYLES[(first + k) % 12] for k in range(6)]  # training hears all 12
    return [
        (Voice(f"{prefix}-v{k + 1:02d}", accents[k % len(accents)] + variant, speed, pitch), split)
        for k, ((variant, speed, pitch), split) in enumerate(
            zip(styles, LOCALE_VOICE_SPLITS, strict=True)
        )
    ]


def _locale_rng(locale: str, k: int, intent: str, take: int, seed: int) -> np.random.Generator:
    key = [seed, 100 + MULTILINGUAL_LOCALES.index(locale), k, INTENT_NAMES.index(intent), take]
    return np.random.default_rng(key)


def _locale_draw(locale: str, k: int, intent: str, take: int, seed: int):
    from tooling.phrasebook import phrasebook

    book = phrasebook(locale)
    rng = _locale_rng(locale, k, intent, take, seed)
    options = book.phrasings[intent]
    key = [seed, 100 + MULTILINGUAL_LOCALES.index(locale), INTENT_NAMES.index(intent)]
    order = np.random.default_rng(key).permutation(len(options))
    native, english = options[order[(LOCALE_VOICE_PHRASINGS[k] + take) % len(options)]]
    opening = book.openings[rng.integers(len(book.openings))]
    closing = book.closings[rng.integers(len(book.closings))]
    if rng.random() >= LOCALE_CLOSING_SHARE:
        closing = ("", "")
    texts = [o + body + c for o, body, c in zip(opening, (native, english), closing, strict=True)]
    return rng, tuple(t[0].upper() + t[1:] for t in texts)


def locale_clip_text(locale: str, k: int, intent: str, take: int, *, seed: int):
    """``(native, English)`` sentence that speaker ``k`` of ``locale`` says for ``intent``.

    As in the en-US stand-in, the speakers of a locale share its phrasings (one permutation
    per locale and intent; speaker ``k`` says phrasing ``LOCALE_VOICE_PHRASINGS[k] + take``
    of it, cyclically): validation and test voices say sentences a training voice said too,
    which makes the stand-in easier than real calls.
    """
    return _locale_draw(locale, k, intent, take, seed)[1]


def make_locale_clip(locale: str, k: int, intent: str, take: int, *, seed: int):
    """One clip of the multilingual stand-in; returns ``(clip, english_text)``. Depends only
    on ``(seed, locale, speaker k, intent, take)``."""
    voice, _ = locale_voices(locale)[k]
    rng, (text, english) = _locale_draw(locale, k, intent, take, seed)
    speech, rate = speak(
        text, voice, speed_jitter=int(rng.integers(-10, 11)), pitch_jitter=int(rng.integers(-5, 6))
    )
    audio = telephone_channel(speech, rate, rng, lead_s=LOCALE_LEAD_S, tail_s=LOCALE_TAIL_S)
    return Clip(voice.voice_id, intent, take, text, audio), english


def build_multilingual_dataset(
    *, seed: int = 0, locales=MULTILINGUAL_LOCALES, takes_per_voice: int = 1, progress: bool = True
):
    """The multilingual stand-in as a ``DatasetDict`` (``train``, ``validation``, ``test``)
    with MInDS-14's features exactly (``lang_id`` = the locale), voices held out per split
    (:data:`LOCALE_VOICE_SPLITS`)."""
    from datasets import Dataset, DatasetDict

    from helpers.data import LANG_NAMES, MINDS14_FEATURES

    rows: dict[str, dict[str, list]] = {"train": {}, "validation": {}, "test": {}}
    for n, locale in enumerate(locales):
        if progress:
            print(f"  {locale} ({n + 1}/{len(locales)})")
        for k, (_, split) in enumerate(locale_voices(locale)):
            for intent in INTENT_NAMES:
                for take in range(takes_per_voice):
                    clip, english = make_locale_clip(locale, k, intent, take, seed=seed)
                    path = f"{locale}~{intent.upper()}/{clip.voice_id}_{take:02d}.ogg"
                    for key, value in (
                        ("path", path),
                        ("audio", {"bytes": encode_ogg(clip.audio), "path": path}),
                        ("transcription", transcribe(clip.text)),
                        ("english_transcription", transcribe(english)),
                        ("intent_class", INTENT_NAMES.index(intent)),
                        ("lang_id", LANG_NAMES.index(locale)),
                    ):
                        rows[split].setdefault(key, []).append(value)
    return DatasetDict(
        {split: Dataset.from_dict(cols, features=MINDS14_FEATURES) for split, cols in rows.items()}
    )
