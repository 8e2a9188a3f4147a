#!/usr/bin/env bash
# Main job: set up, then execute every notebook headless on the bundled offline data and
# tiny local checkpoints, writing executed copies (outputs and figures) to build/notebooks/,
# and render them to a static site, build/site/index.html.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1
.venv/bin/python scripts/run_notebooks.py "$@"
.venv/bin/python scripts/build_site.py
