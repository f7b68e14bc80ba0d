"""What a result depends on, as one hash: the data files, the library's code, and the package versions.

Used by the build cache (a report is up to date while this hash is unchanged) and by the verdicts a build
shares between its processes (``claims.shared``).  Cheap: about 10 ms for the whole project.
"""

from __future__ import annotations

import hashlib
import json
import platform
from importlib.metadata import version
from pathlib import Path

from . import data

#: Packages whose upgrades can change a report.
KEY_PACKAGES = ("pandas", "numpy", "matplotlib", "seaborn", "papermill", "nbconvert", "nbformat", "ipykernel")
PACKAGE = Path(__file__).resolve().parent


def environment() -> dict[str, str]:
    """Versions of Python and of the packages whose upgrades can change a report."""
    return {name: version(name) for name in KEY_PACKAGES} | {"python": platform.python_version()}


def digest(label: str, payload: bytes) -> bytes:
    """A labelled sha256 of ``payload``, to feed into a larger hash."""
    return label.encode() + b"\0" + hashlib.sha256(payload).digest()


def code_digest() -> str:
    """A hash of the wbanalysis package's files (code and templates) as they are on disk now."""
    total = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".tpl", ".css", ".j2", ".json", ".html"):
            total.update(digest(f"code:{path.relative_to(PACKAGE).as_posix()}", path.read_bytes()))
    return total.hexdigest()


def inputs(data_dir: Path | None = None) -> str:
    """One hash of everything every report shares: the data files, the library's code, the package versions."""
    data_dir = Path(data_dir or data.DATA_DIR)
    total = hashlib.sha256()
    for path in sorted(data_dir.rglob("*")):
        if path.is_file() and not path.name.endswith(".lock"):
            total.update(digest(f"data:{path.relative_to(data_dir).as_posix()}", path.read_bytes()))
    total.update(digest("code", code_digest().encode()))
    total.update(digest("versions", json.dumps(environment(), sort_keys=True).encode()))
    return total.hexdigest()
