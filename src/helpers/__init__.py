"""Helpers behind the MInDS-14 audio-classification tutorial notebooks.

Modules are named by domain and each is importable on its own:

- :mod:`helpers.env` – Colab/Jupyter detection, device choice, seeding, versions, offline.
- :mod:`helpers.paths` – where the bundled data, tiny checkpoints and converted models live.
- :mod:`helpers.hub` – is the Hub reachable; where data and models came from (origins,
  provenance, the offline-demo label).
- :mod:`helpers.models` – which model: a Hub id, its offline copy or a saved folder, and
  the default a notebook falls back to.
- :mod:`helpers.sharing` – a model card, logging in, pushing to the Hub.
- :mod:`helpers.audio` – input checks and conversions for audio arrays and files.
- :mod:`helpers.data` – MInDS-14 loaders (Hub or bundled stand-in), label maps,
  train/validation/test splits.
- :mod:`helpers.features` – input length from the data, checked batched preprocessing.
- :mod:`helpers.training` – the fine-tuning recipe's pieces (metrics, arguments, Trainer).
- :mod:`helpers.encoders` – what differs per encoder family (wav2vec2/HuBERT, AST,
  Whisper): input length, window cut, freezing, cached encoder outputs.
- :mod:`helpers.heads` – classification heads transformers lacks (Whisper pooled over the
  real frames), registered with the Auto classes when ``helpers`` is imported.
- :mod:`helpers.folders` – your own recordings: a checked folder of audio → splits.
- :mod:`helpers.calibration` – scores you can trust: temperature scaling fitted on validation
  (folded into the model, so ``pipeline`` scores are calibrated), calibration error, and an
  "I don't know" threshold for a stated coverage.
- :mod:`helpers.augment` – waveform augmentation for few speakers (speed, noise, gain),
  as extra encoded copies for the frozen-encoder recipe, and its paired comparison.
- :mod:`helpers.recorder` – record your own takes (Colab's browser or a Gradio microphone)
  into the folder layout ``helpers.folders`` loads, each take checked before it is saved.
- :mod:`helpers.inference` – classify files, arrays and dataset rows, one or many.
- :mod:`helpers.transcripts` – transcribe, then classify: Whisper transcripts (batched,
  cached), word error rate, a TF-IDF text classifier chosen on validation.
- :mod:`helpers.stats` – intervals, paired comparisons, did it learn.
- :mod:`helpers.deploy` – ONNX export and an ONNX Runtime classifier.
- :mod:`helpers.demo` – the Gradio app.
- :mod:`helpers.ast_view` – what the Audio Spectrogram Transformer sees.
- :mod:`helpers.plots`, :mod:`helpers.widgets` – figures and interactive views.

Tooling that only builds the bundled data, the tiny checkpoints and the notebooks' shared
opening lives in the separate :mod:`tooling` package, not here.
"""

__version__ = "0.1.0"

from helpers import heads as _heads  # noqa: F401  (registers the Auto classes)
