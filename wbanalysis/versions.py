"""What a result depends on, as one hash: the data files, the library's code, and the package versions.

Used by the build cache (a report is up to date while this hash is unchanged) and by the verdicts a build
shares between its processes (``claims.shared``).  Cheap: about 10 ms for the whole project.
"""

from __future__ import annotations

import functools
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


def _files(root: Path) -> list[Path]:
    """Every file under ``root`` except Python's byte-code caches."""
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")


def page_templates() -> list[Path]:
    """The folders of nbconvert's templates the pages are made from (``lab``, and ``base`` beneath it)."""
    from jupyter_core.paths import jupyter_path

    return [
        Path(folder) / name
        for folder in jupyter_path("nbconvert", "templates")
        for name in ("lab", "base")
        if (Path(folder) / name).is_dir()
    ]


def code_digest() -> str:
    """A hash of the wbanalysis package's files (code, templates, page assets: every file) and of nbconvert's page
    templates, as they are on disk now."""
    total = hashlib.sha256()
    for path in _files(PACKAGE):
        total.update(digest(f"code:{path.relative_to(PACKAGE).as_posix()}", path.read_bytes()))
    for folder in page_templates():
        for path in _files(folder):
            total.update(digest(f"template:{folder.name}/{path.relative_to(folder).as_posix()}", path.read_bytes()))
    return total.hexdigest()


@functools.cache
def loaded_code() -> str:
    """The code digest as it was when this process first asked (at its start): a long-running worker whose files
    changed since then still runs the old code, which this tells apart from the files now."""
    return code_digest()


def data_digests(data_dir: Path | None = None) -> dict[str, str]:
    """``{path relative to data/: "sha256:..."}`` of every data file now (what ``data.reads()`` is compared with)."""
    data_dir = Path(data_dir or data.DATA_DIR)
    return {
        path.relative_to(data_dir).as_posix(): "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(data_dir.rglob("*"))
        if path.is_file() and not path.name.endswith(".lock")
    }


def inputs(data_dir: Path | None = None, digests: dict[str, str] | None = None) -> str:
    """One hash of everything every report shares: the data files (``digests`` when the caller has them), the
    library's code and page templates, the package versions."""
    total = hashlib.sha256()
    for rel, value in (digests if digests is not None else data_digests(data_dir)).items():
        total.update(f"data:{rel}\0{value}".encode())
    total.update(digest("code", code_digest().encode()))
    total.update(digest("versions", json.dumps(environment(), sort_keys=True).encode()))
    return total.hexdigest()


def read_as_started(reads: dict[str, str], digests: dict[str, str]) -> bool:
    """True when every data file read (``data.reads()``, a kernel's log) had the bytes the build started from."""
    return all(digests.get(rel.split("#")[0]) == value for rel, value in reads.items())
