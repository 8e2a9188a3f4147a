"""Colab's install, simulated: a fake preinstalled torch, pip's real resolver, real metadata.

Colab ships a CUDA torch that must never be replaced (a multi-GB download that also breaks
its torchvision/torchaudio). These tests run ``pip install --dry-run --report`` on exactly
the arguments ``scripts/colab_install.py`` uses, in throw-away environments that hold only a
fake ``torch-X.Y.Z+cu126`` distribution, for every torch minor release from the floor to
the newest on PyPI, and read what pip would install.
"""

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import requires
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from helpers import env
from helpers.paths import REPO_ROOT

SPEC = importlib.util.spec_from_file_location(
    "colab_install", REPO_ROOT / "scripts" / "colab_install.py"
)
colab_install = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(colab_install)

#: Shared pip cache for the matrix (git-ignored), so reruns fetch almost nothing.
PIP_CACHE = REPO_ROOT / ".cache" / "pip-matrix"


def _requirements() -> dict[str, Requirement]:
    lines = (REPO_ROOT / "requirements.txt").read_text().splitlines()
    reqs = [Requirement(line) for line in lines if line.strip() and not line.startswith("#")]
    return {r.name: r for r in reqs}


def _floor(specifier: SpecifierSet) -> Version:
    floors = [Version(s.version) for s in specifier if s.operator == ">="]
    assert floors, f"{specifier} has no >= floor"
    return max(floors)


@pytest.mark.parametrize(
    ("torch_version", "expected"),
    [
        ("2.8.0+cu126", "torchcodec==0.7.*"),
        ("2.9.1", "torchcodec==0.9.*"),
        ("2.10.0+cu128", "torchcodec==0.10.*"),
        ("2.11.0", "torchcodec==0.16.*"),
        ("2.15.0+cu128", "torchcodec==0.16.*"),
    ],
)
def test_each_torch_gets_the_torchcodec_built_for_it(torch_version, expected):
    assert colab_install.torchcodec_requirement(torch_version) == expected
    arguments = colab_install.pip_arguments(torch_version)
    assert f"torch=={torch_version}" in arguments  # the installed torch is held where it is
    assert expected in arguments


def test_an_extra_is_installed_with_the_helpers_and_an_unknown_one_is_refused():
    arguments = colab_install.pip_arguments("2.9.1", repo=Path("/r"), extras=("deploy",))
    assert arguments[:3] == ["install", "-e", "/r[deploy]"] and "torch==2.9.1" in arguments
    assert set(colab_install.EXTRAS) == set(env.EXTRA_MODULES)  # what ensure_extra can ask for
    with pytest.raises(ValueError, match="Unknown extra 'gpu'"):
        colab_install.pip_arguments("2.9.1", extras=("gpu",))


def test_a_torch_below_the_floor_or_no_version_gets_one_sentence():
    older = r"torch 2\.6\.0\+cu124 is older than 2\.8.*Runtime version"
    with pytest.raises(ValueError, match=older):
        colab_install.torchcodec_requirement("2.6.0+cu124")
    with pytest.raises(ValueError, match="is not a torch version"):
        colab_install.torchcodec_requirement("nightly")


def test_requirement_floors_are_datasets_own_and_torch_has_no_upper_bound():
    """The floors match what datasets[audio] declares; nothing can evict a newer torch."""
    ours = _requirements()
    theirs = {}
    for line in requires("datasets") or []:
        req = Requirement(line)
        if req.marker is not None and req.marker.evaluate({"extra": "audio"}):
            theirs[req.name] = req
    for name in ("torch", "torchcodec"):
        assert name in theirs, f"datasets' audio extra no longer names {name}"
        assert _floor(ours[name].specifier) >= _floor(theirs[name].specifier), name
    assert _floor(ours["torch"].specifier) == Version("{}.{}".format(*colab_install.TORCH_FLOOR))
    assert all(s.operator == ">=" for s in ours["torch"].specifier), ours["torch"]
    assert _floor(ours["datasets"].specifier) >= Version("4.1")  # first with torch>=2.8 floors
    assert "audio" in ours["datasets"].extras


def test_the_load_check_imports_what_datasets_uses():
    import datasets.features.audio as audio_feature

    source = Path(audio_feature.__file__).read_text()
    used = set(re.findall(r"from (torchcodec\.\w+) import (\w+)", source))
    assert used, "datasets no longer imports torchcodec where expected"
    for module, name in used:
        assert f"from {module} import {name}" in colab_install.LOAD_CHECK
    done = subprocess.run([sys.executable, "-c", colab_install.LOAD_CHECK], capture_output=True)
    assert done.returncode == 0, done.stderr.decode()[-1000:]


def _pip_env() -> dict[str, str]:
    """Plain pip against PyPI, as on Colab: no machine-wide pip config, constraints or links."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    keep = ("PIP_CERT", "PIP_DEFAULT_TIMEOUT", "PIP_INDEX_URL")
    env.update({k: os.environ[k] for k in keep if k in os.environ})
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_CACHE_DIR=str(PIP_CACHE))
    env.update(PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    return env


def _newest_patch_per_minor() -> dict[tuple[int, int], str]:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "index", "versions", "torch", "--json"],
        capture_output=True, text=True, env=_pip_env(), timeout=120,
    )  # fmt: skip
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
        if os.environ.get("CI"):
            pytest.fail(f"PyPI is not reachable from CI ({reason}).")
        pytest.skip(f"PyPI is not reachable ({reason}); the install matrix needs it.")
    newest: dict[tuple[int, int], Version] = {}
    for text in json.loads(done.stdout)["versions"]:
        version = Version(text)
        minor = (version.major, version.minor)
        if not version.is_prerelease and minor >= colab_install.TORCH_FLOOR:
            newest[minor] = max(newest.get(minor, version), version)
    return {minor: str(v) for minor, v in sorted(newest.items())}


def _fake_colab(root: Path, torch_version: str) -> Path:
    """A venv holding only a fake ``torch`` distribution of ``torch_version``; its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True)
    python = root / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    dist = Path(purelib) / f"torch-{torch_version}.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: torch\nVersion: {torch_version}\n"
    )
    (dist / "INSTALLER").write_text("pip\n")
    (dist / "RECORD").write_text("")
    (Path(purelib) / "torch").mkdir()
    (Path(purelib) / "torch" / "__init__.py").write_text(f"__version__ = {torch_version!r}\n")
    return python


def _project_copy(root: Path) -> Path:
    """What pip needs to build the helpers' metadata (one copy per run: no shared egg-info)."""
    (root / "src" / "helpers").mkdir(parents=True)
    for name in (
        "pyproject.toml",
        "requirements.txt",
        "requirements-dev.txt",
        "requirements-demo.txt",
        "requirements-deploy.txt",
        "README.md",
    ):
        shutil.copy(REPO_ROOT / name, root / name)
    (root / "src" / "helpers" / "__init__.py").write_text("")
    return root


def _dry_run(
    torch_version: str, work: Path, extras: tuple[str, ...] = ()
) -> tuple[subprocess.CompletedProcess, dict]:
    python = _fake_colab(work / "venv", torch_version)
    project = _project_copy(work / "project")
    report = work / "report.json"
    arguments = colab_install.pip_arguments(torch_version, repo=project, extras=extras)
    command = [sys.executable, "-m", "pip", "--python", str(python), *arguments]
    done = subprocess.run(
        [*command, "--dry-run", "--quiet", "--report", str(report)],
        capture_output=True, text=True, env=_pip_env(), timeout=600,
    )  # fmt: skip
    return done, (json.loads(report.read_text()) if report.is_file() else {})


@pytest.mark.network
def test_colab_install_resolves_for_every_torch_minor_and_never_touches_torch(tmp_path):
    versions = _newest_patch_per_minor()
    assert (2, 8) in versions and len(versions) >= 8  # 2.8 ... 2.15 were on PyPI in 2026-12
    PIP_CACHE.mkdir(parents=True, exist_ok=True)
    installed = {minor: f"{v}+cu126" for minor, v in versions.items()}  # Colab's local label

    def run(minor):
        work = tmp_path / "torch-{}.{}".format(*minor)
        work.mkdir()
        return minor, *_dry_run(installed[minor], work)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(run, installed))
    problems = []
    for minor, done, report in results:
        torch_version = installed[minor]
        if done.returncode != 0:
            problems.append(f"torch {torch_version}: pip failed: {done.stderr.strip()[-600:]}")
            continue
        chosen = {i["metadata"]["name"].lower(): i["metadata"]["version"]
                  for i in report["install"]}  # fmt: skip
        pin = colab_install.torchcodec_requirement(torch_version).split("==", 1)[1]
        if "torch" in chosen:
            problems.append(f"torch {torch_version}: pip would install torch {chosen['torch']}")
        if not SpecifierSet(f"=={pin}").contains(chosen.get("torchcodec", "0")):
            got = chosen.get("torchcodec")
            problems.append(f"torch {torch_version}: torchcodec {got}, not {pin}")
        cuda = sorted(name for name in chosen if name.startswith("nvidia-"))
        if cuda:
            problems.append(f"torch {torch_version}: pip would install {cuda}")
    assert not problems, "\n".join(problems)


@pytest.mark.network
def test_the_deploy_extra_installs_onnxruntime_next_to_colab_torch_without_touching_it(tmp_path):
    versions = _newest_patch_per_minor()
    torch_version = f"{versions[max(versions)]}+cu126"  # the newest torch Colab may ship
    PIP_CACHE.mkdir(parents=True, exist_ok=True)
    done, report = _dry_run(torch_version, tmp_path, extras=("deploy",))
    assert done.returncode == 0, done.stderr[-1500:]
    chosen = {i["metadata"]["name"].lower() for i in report["install"]}
    assert {"onnx", "onnxscript", "onnxruntime"} <= chosen
    assert "torch" not in chosen and not any(name.startswith("nvidia-") for name in chosen)
