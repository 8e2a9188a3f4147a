#!/usr/bin/env bash
# Tests: set up (with Chromium for the browser tests), lint (ruff, .py and .ipynb), then the
# tests: unit tests, every notebook run once top to bottom (parameters cell overridden to its
# nbmake.mock offline values; executed copies in build/notebooks, checked for noise), and the
# browser tests on the course site built from them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SETUP_BROWSER=1 bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m pytest tests "$@"
