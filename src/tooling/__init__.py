"""Tooling that builds this repository's artefacts: not imported by notebooks or learners.

- :mod:`tooling.synth` – the generator of the bundled synthetic stand-in
  (``scripts/make_dataset.py``).
- :mod:`tooling.checkpoints` – the tiny local checkpoints for offline runs
  (``scripts/make_tiny_checkpoints.py``).
- :mod:`tooling.pretraining` – the pre-training of the tiny wav2vec2 stand-in
  (``scripts/pretrain_tiny_wav2vec2.py``).
- :mod:`tooling.notebooks` – the shared notebook opening (``scripts/sync_notebooks.py``)
  and headless execution (``scripts/run_notebooks.py``, the tests, the benchmarks).

The learner-facing package is :mod:`helpers`.
"""
