"""The students' environment: ``binder/requirements.txt`` (exact pins, a subset of ``requirements.lock``), JupyterLab
set up for a class, and what the Binder image leaves out."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .. import paths
from . import solutions

REQUIREMENTS = paths.ROOT / "binder" / "requirements.txt"
LAB_SETTINGS = Path(__file__).resolve().parents[1] / "templates" / "jupyterlab" / "overrides.json"
LANDING = Path("workshop") / "00_start_here.ipynb"


def normalise(name: str) -> str:
    """A distribution name as pip compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path = REQUIREMENTS) -> dict[str, str]:
    """``name == version`` lines of a requirements file, by normalised name (comments and blank lines skipped)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: the students' requirements are missing (use a clone of the repo)") from None
    found = {}
    for number, line in enumerate(lines, start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, sep, pinned = line.partition("==")
        if not sep or not pinned.strip():
            raise ValueError(f"{path}, line {number}: {line!r} is not an exact pin (name==version)")
        found[normalise(name.strip())] = pinned.strip()
    return found


def mismatches(path: Path = REQUIREMENTS) -> list[str]:
    """Packages of the students' environment that are missing here or at another version."""
    problems = []
    for name, pinned in pins(path).items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            problems.append(f"{name} is not installed (pinned {pinned})")
            continue
        if installed != pinned:
            problems.append(f"{name} is {installed}, pinned {pinned}")
    return problems


def install_lab_settings(prefix: Path | str | None = None) -> Path:
    """JupyterLab without the news pop-up: the project's overrides.json in ``prefix``'s settings folder."""
    target = Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(LAB_SETTINGS, target)
    return target


def prepare_binder(root: Path | str | None = None, prefix: Path | str | None = None) -> list[str]:
    """What ``binder/postBuild`` does once the package is installed: set JupyterLab up for the class and remove the
    packed solutions from the image, so that no route of the file browser leads to them."""
    root = Path(root or paths.ROOT)
    done = [f"JupyterLab settings: {install_lab_settings(prefix)}"]
    packed = root / solutions.ANSWERS.relative_to(paths.ROOT)
    if packed.exists():
        packed.unlink()
        done.append(f"removed {packed.relative_to(root)}")
    return done


def lab(extra: list[str] | None = None) -> int:
    """Start JupyterLab on the landing notebook, the notebooks folder as its root (no make needed, any system)."""
    install_lab_settings()
    landing = paths.NOTEBOOK_DIR / LANDING
    if not landing.is_file():
        raise FileNotFoundError(f"{landing}: the landing notebook is missing (run from a clone of the project)")
    command = [sys.executable, "-m", "jupyter", "lab", f"--notebook-dir={paths.NOTEBOOK_DIR}", str(landing)]
    process = subprocess.Popen(command + list(extra or []))
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:  # Jupyter has the same Ctrl+C: it asks before it stops, and we wait for it
            continue
