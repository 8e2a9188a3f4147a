"""Helpers behind the MInDS-14 audio-classification tutorial notebooks.

Modules are named by domain and each is importable on its own:

- :mod:`helpers.env` – Colab/Jupyter detection, device choice, seeding, versions, offline.
- :mod:`helpers.paths` – where the bundled data, tiny checkpoints and converted models live.
- :mod:`helpers.hub` – Hub or local: model resolution, connectivity-only fallback, origins.
- :mod:`helpers.audio` – input checks and conversions for audio arrays and files.
- :mod:`helpers.data` – MInDS-14 loaders (Hub or bundled stand-in), label maps,
  train/validation/test splits.
- :mod:`helpers.features` – input length from the data, checked batched preprocessing.
- :mod:`helpers.training` – the fine-tuning recipe's pieces (metrics, arguments, Trainer).
- :mod:`helpers.encoders` – what differs per encoder family (wav2vec2/HuBERT, AST,
  Whisper): input length, window cut, freezing, cached encoder outputs.
- :mod:`helpers.folders` – your own recordings: a checked folder of audio → splits.
- :mod:`helpers.inference` – classify files, arrays and dataset rows, one or many.
- :mod:`helpers.ast_view` – what the Audio Spectrogram Transformer sees.
- :mod:`helpers.plots`, :mod:`helpers.widgets` – figures and interactive views.

Tooling that only builds the bundled data, the tiny checkpoints and the notebooks' shared
opening lives in the separate :mod:`tooling` package, not here.
"""

__version__ = "0.1.0"
