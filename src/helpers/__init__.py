"""Helpers behind the MInDS-14 audio-classification tutorial notebooks.

Modules are named by domain and each is importable on its own:

- :mod:`helpers.env` – Colab/Jupyter detection, device choice, seeding, versions, offline.
- :mod:`helpers.paths` – where the bundled data and tiny checkpoints live.
- :mod:`helpers.audio` – input checks and conversions for audio arrays and files.
- :mod:`helpers.data` – MInDS-14 loaders (Hub or bundled stand-in), label maps, splits.
- :mod:`helpers.synth` – the generator of the bundled synthetic stand-in.
- :mod:`helpers.checkpoints` – tiny local checkpoints for offline runs.
- :mod:`helpers.notebooks` – the shared notebook opening and headless execution.
"""

__version__ = "0.1.0"
