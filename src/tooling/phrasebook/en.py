"""English (en-US) caller phrasings: the en-US stand-in's own (:data:`tooling.synth.PHRASINGS`),
with the English gloss equal to the text (as MInDS-14's en-US ``english_transcription``)."""

from tooling import synth

LOCALE = "en-US"
ESPEAK_VOICES = ("en-us", "en-us-nyc")
OPENINGS = tuple((text, text) for text in synth.OPENINGS)
CLOSINGS = tuple((text, text) for text in synth.CLOSINGS)
PHRASINGS = {
    intent: tuple((text, text) for text in texts) for intent, texts in synth.PHRASINGS.items()
}
