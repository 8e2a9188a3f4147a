#!/usr/bin/env bash
# Tests: set up (with Chromium for the browser tests), lint (ruff, .py and .ipynb), then the
# unit tests and every notebook under nbmake (parameters cell overridden to the offline
# values, as in CI).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SETUP_BROWSER=1 bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m pytest tests notebooks --nbmake --nbmake-timeout=600 "$@"
