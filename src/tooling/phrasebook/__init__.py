"""Caller phrasings per locale for the multilingual synthetic stand-in (:mod:`tooling.synth`).

One module per language, each with ``LOCALE``, ``ESPEAK_VOICES`` (espeak-ng voices of that
language), ``OPENINGS`` and ``CLOSINGS`` (call-centre openings and closings) and
``PHRASINGS`` (four or more ways a caller asks for each of MInDS-14's 14 intents, in its
intent order). Every text is a ``(native, English)`` pair: the English side becomes the
``english_transcription`` column, as in MInDS-14's non-English locales. The phrasings are
written per language, not translated word for word.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

#: Locale → module of this package, one per language the stand-in speaks.
MODULES = {
    "cs-CZ": "cs",
    "de-DE": "de",
    "en-US": "en",
    "es-ES": "es",
    "fr-FR": "fr",
    "it-IT": "it",
    "ko-KR": "ko",
    "nl-NL": "nl",
    "pl-PL": "pl",
    "pt-PT": "pt",
    "ru-RU": "ru",
    "zh-CN": "zh",
}


@dataclass(frozen=True)
class Phrasebook:
    """One locale's texts and espeak-ng voices (``(native, English)`` pairs)."""

    locale: str
    espeak_voices: tuple[str, ...]
    openings: tuple[tuple[str, str], ...]
    closings: tuple[tuple[str, str], ...]
    phrasings: dict[str, tuple[tuple[str, str], ...]]


def phrasebook(locale: str) -> Phrasebook:
    """The :class:`Phrasebook` of ``locale`` (one of :data:`MODULES`)."""
    if locale not in MODULES:
        raise ValueError(
            f"The synthetic stand-in has no phrasebook for {locale!r}: it speaks "
            f"{', '.join(MODULES)}."
        )
    module = import_module(f"{__name__}.{MODULES[locale]}")
    return Phrasebook(
        module.LOCALE,
        tuple(module.ESPEAK_VOICES),
        tuple(module.OPENINGS),
        tuple(module.CLOSINGS),
        dict(module.PHRASINGS),
    )
