"""Install what the notebooks need on Colab without ever touching Colab's own CUDA torch.

Run by every notebook's setup cell on Colab (never needed elsewhere):
    python scripts/colab_install.py
and, for an optional extra a lesson needs (``helpers.env.ensure_extra`` runs it), e.g. the
ONNX export in notebook 04's appendix:
    python scripts/colab_install.py --extras deploy

Two rules keep Colab's preinstalled torch (and the torchvision/torchaudio built for it):

- torch is held at the installed version (``torch==<installed>`` is part of the request, so
  pip can only resolve around it or fail; it never downloads another torch);
- torchcodec (how ``datasets`` decodes audio) is built against one torch release and does
  not declare which, so the release built for the installed torch is named explicitly,
  from the compatibility table in torchcodec's README (:data:`TORCHCODEC_FOR_TORCH`).

Afterwards it imports what ``datasets`` uses (``AudioDecoder`` and ``AudioEncoder``) to prove
torchcodec loads next to this torch. tests/test_colab_install.py runs pip's resolver on
exactly :func:`pip_arguments` against a fake installed torch of every minor release from
:data:`TORCH_FLOOR` to the newest on PyPI.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

#: The oldest torch the requirements admit: ``datasets[audio]`` (>= 4.1) declares torch>=2.8.
TORCH_FLOOR = (2, 8)

#: torch minor → the torchcodec release built for it (torchcodec README, "Compatibility with
#: torch versions": 0.6/0.7 → 2.8, 0.8/0.9 → 2.9, 0.10 → 2.10, 0.11 → 2.11, and 0.12 to
#: 0.16 → ">=2.11"). The newest release for each minor is taken.
TORCHCODEC_FOR_TORCH = {(2, 8): "0.7.*", (2, 9): "0.9.*", (2, 10): "0.10.*"}
#: From torch 2.11 on, one torchcodec line supports every later torch ("``>=2.11``").
TORCHCODEC_FOR_NEWER_TORCH = ((2, 11), "0.16.*")

#: The optional extras (pyproject.toml's ``optional-dependencies``) a notebook may install.
EXTRAS = ("demo", "deploy")

#: What ``datasets`` imports to decode and encode audio (datasets/features/audio.py).
LOAD_CHECK = (
    "from torchcodec.decoders import AudioDecoder; from torchcodec.encoders import AudioEncoder"
)


def torch_minor(torch_version: str) -> tuple[int, int]:
    """``(2, 8)`` for ``"2.8.0+cu126"``; ValueError for anything that is not a version."""
    match = re.match(r"(\d+)\.(\d+)", torch_version)
    if not match:
        raise ValueError(f"{torch_version!r} is not a torch version (expected e.g. 2.8.0+cu126).")
    return int(match[1]), int(match[2])


def torchcodec_requirement(torch_version: str) -> str:
    """``torchcodec==X.*`` built for ``torch_version``; ValueError below :data:`TORCH_FLOOR`."""
    minor = torch_minor(torch_version)
    if minor < TORCH_FLOOR:
        floor = ".".join(map(str, TORCH_FLOOR))
        raise ValueError(
            f"torch {torch_version} is older than {floor}, the oldest torch that datasets' "
            f"audio decoding supports: switch to a current Colab runtime (Runtime → Change "
            f"runtime type → Runtime version: Latest)."
        )
    newer_from, newer_pin = TORCHCODEC_FOR_NEWER_TORCH
    pin = TORCHCODEC_FOR_TORCH.get(minor) or (newer_pin if minor >= newer_from else None)
    if pin is None:  # a minor between the table's entries: the table has a gap
        raise ValueError(f"No torchcodec is listed for torch {torch_version}.")
    return f"torchcodec=={pin}"


def installed_torch_version() -> str:
    """The version of the torch distribution installed in this environment (not imported)."""
    try:
        return importlib.metadata.version("torch")
    except importlib.metadata.PackageNotFoundError:
        raise SystemExit(
            "torch is not installed here: this script is for Colab, which ships it; on any "
            "other machine run `bash scripts/setup.sh`."
        ) from None


def pip_arguments(torch_version: str, repo: Path = REPO, extras: tuple[str, ...] = ()) -> list[str]:
    """The ``pip`` arguments: the helpers with their requirements (and ``extras``), torch
    held where it is."""
    unknown = sorted(set(extras) - set(EXTRAS))
    if unknown:
        raise ValueError(f"Unknown extra {unknown[0]!r}: choose from {', '.join(EXTRAS)}.")
    target = f"{repo}[{','.join(extras)}]" if extras else str(repo)
    return [
        "install",
        "-e",
        target,
        f"torch=={torch_version}",  # satisfied by the installed torch, so pip keeps it
        torchcodec_requirement(torch_version),
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--extras", nargs="*", default=[], choices=EXTRAS,
        help="optional extras to install too (deploy: onnx, onnxscript, onnxruntime)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    version = installed_torch_version()
    try:
        arguments = pip_arguments(version, extras=tuple(args.extras))
    except ValueError as error:
        print(error)
        return 1
    pip = subprocess.run([sys.executable, "-m", "pip", "-q", *arguments])
    if pip.returncode != 0:
        print(
            f"pip could not install the requirements next to torch {version} (see pip's "
            "message above); torch itself was left as it was."
        )
        return 1
    check = subprocess.run([sys.executable, "-c", LOAD_CHECK], capture_output=True, text=True)
    if check.returncode != 0:
        last = (check.stderr.strip().splitlines() or ["unknown error"])[-1]
        print(
            f"torchcodec does not load next to torch {version} ({last}): install the torchcodec "
            "release built for this torch (torchcodec's README lists them), then restart the "
            "runtime."
        )
        return 1
    what = f" with the {', '.join(args.extras)} extra" if args.extras else ""
    print(f"Installed the helpers and their requirements{what}; Colab's torch {version} was kept.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
