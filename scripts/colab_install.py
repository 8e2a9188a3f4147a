"""Install what the notebooks need on Colab, keeping Colab's own CUDA torch.

Run by every notebook's setup cell on Colab (never needed elsewhere):
    python scripts/colab_install.py

torchcodec (how `datasets` decodes audio) is built against one torch release and does not
declare it, so pip may pick one that fails to load next to Colab's torch. The pairs below
come from the compatibility table in torchcodec's README (torchcodec 0.2-0.9). For a torch
newer than the table, the newest torchcodec allowed by requirements.txt is installed and
then checked by importing it; if that fails, the message says what to do.
"""

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

#: torch minor version → torchcodec release built for it (torchcodec README table).
TORCHCODEC_FOR_TORCH = {"2.6": "0.2.*", "2.7": "0.5.*", "2.8": "0.7.*", "2.9": "0.9.*"}


def torchcodec_requirement(torch_version: str) -> str | None:
    """``torchcodec==X.*`` matching ``torch_version`` (e.g. ``2.8.0+cu126``), or None if unknown."""
    match = re.match(r"(\d+)\.(\d+)", torch_version)
    if not match:
        return None
    pinned = TORCHCODEC_FOR_TORCH.get(f"{match[1]}.{match[2]}")
    return f"torchcodec=={pinned}" if pinned else None


def main() -> int:
    import torch  # Colab's preinstalled CUDA build; requirements.txt accepts it as is

    pip = [sys.executable, "-m", "pip", "install", "-q"]
    extra = torchcodec_requirement(torch.__version__)
    subprocess.run([*pip, "-e", str(REPO), *([extra] if extra else [])], check=True)
    check = subprocess.run(
        [sys.executable, "-c", "import torchcodec.decoders"], capture_output=True, text=True
    )
    if check.returncode != 0:
        last = (check.stderr.strip().splitlines() or ["unknown error"])[-1]
        print(
            f"torchcodec does not load next to torch {torch.__version__} ({last}): install the "
            "torchcodec release built for this torch (see the compatibility table in "
            "torchcodec's README), then restart the runtime."
        )
        return 1
    print(f"Installed the helpers and their requirements for torch {torch.__version__}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
