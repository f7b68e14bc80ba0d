"""The build cache: what a report depends on, hashed once per build, and whether its last build is still good.

A report is up to date when its record's key equals the key of its inputs now and every file the record lists
is there with the bytes it recorded (a file deleted, emptied or changed by hand is rebuilt).  Keys hold no
absolute path, so a moved or cloned project keeps its cache.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import BuildError
from ..versions import KEY_PACKAGES, code_digest, environment, inputs
from ..versions import digest as _digest
from . import layout, record

__all__ = ["KEY_PACKAGES", "code_digest", "environment", "inputs"]


@functools.lru_cache(maxsize=256)
def _notebook_fingerprint(path: str, mtime_ns: int, size: int) -> bytes:
    """Cell types, sources, tags and attachments (images pasted into markdown), and the kernelspec: what an
    execution and its pages depend on (not old outputs)."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = [
        [c["cell_type"], "".join(c["source"]), c.get("metadata", {}).get("tags", []), c.get("attachments")]
        for c in nb["cells"]
    ]
    return json.dumps([cells, nb.get("metadata", {}).get("kernelspec")], sort_keys=True).encode()


#: The most files a notebook's folder may hold besides notebooks (a folder such as a home folder is refused).
MAX_BESIDE = 5000


def _beside_files(folder: Path, exclude: Path | None = None) -> list[Path]:
    """Files under ``folder`` other than notebooks, hidden files and folders, byte-code caches and report folders
    (any folder with a ``.build`` record folder: reports written beside the notebooks)."""
    found: list[Path] = []
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = sorted(current.iterdir())
        except OSError:
            continue
        if current != folder and ((current / layout.RECORDS).is_dir() or current == exclude):
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.name == "__pycache__":
                continue
            if entry.is_dir() and not entry.is_symlink():
                stack.append(entry)
            elif entry.is_file() and entry.suffix not in (".ipynb", ".pyc"):
                found.append(entry)
                if len(found) > MAX_BESIDE:
                    raise BuildError(
                        f"{folder} holds more than {MAX_BESIDE} files besides notebooks, all of which a report "
                        "depends on; keep the notebooks in a folder of their own"
                    )
    return sorted(found)


def beside(folder: Path, exclude: Path | None = None) -> bytes:
    """Every file in a notebook's folder (and below) other than notebooks: helper modules, images, data of its
    own (see ``_beside_files``)."""
    folder = Path(folder)
    total = hashlib.sha256()
    for path in _beside_files(folder, Path(exclude).resolve() if exclude else None):
        try:
            content = path.read_bytes()
        except OSError:
            continue
        total.update(_digest(f"beside:{path.relative_to(folder).as_posix()}", content))
    return total.digest()


def cache_key(
    notebook: Path,
    params: Mapping[str, Any],
    shared: str | None = None,
    svg: bool = False,
    folders: dict[Path, bytes] | None = None,
    out_dir: Path | None = None,
) -> str:
    """Hash of everything a report depends on: its notebook and parameters, the files beside the notebook, the
    shared ``inputs()``, and whether its figures are also written as SVG.  ``folders`` caches ``beside`` for
    a build; ``out_dir`` (the reports' folder) is not part of it."""
    stat = Path(notebook).stat()
    folder = Path(notebook).resolve().parent
    if folders is None:
        folders = {}
    if folder not in folders:
        folders[folder] = beside(folder, out_dir)
    digest = hashlib.sha256()
    digest.update(_digest("notebook", _notebook_fingerprint(str(notebook), stat.st_mtime_ns, stat.st_size)))
    digest.update(_digest("beside", folders[folder]))
    digest.update(_digest("params", json.dumps(params, sort_keys=True).encode()))
    digest.update(_digest("inputs", (shared or inputs()).encode()))
    if svg:
        digest.update(_digest("figures", b"png+svg"))
    return digest.hexdigest()


def up_to_date(name: str, out_dir: Path, key: str) -> bool:
    """True when the record's key is ``key`` and every file it lists is there, non-empty, with its bytes.

    A file whose size and modification time are those recorded is taken as unchanged; any other is hashed.
    """
    last = record.read(out_dir, name)
    if last is None or last.key != key or not last.files:
        return False
    for rel, stamp in last.files.items():
        path = out_dir / rel
        try:
            stat = path.stat()
            if not path.is_file() or stat.st_size == 0 or stat.st_size != stamp.get("size"):
                return False
            if stat.st_mtime_ns != stamp.get("mtime_ns"):
                if hashlib.sha256(path.read_bytes()).hexdigest() != stamp.get("sha256"):
                    return False
        except (OSError, AttributeError):
            return False
    return True


#: Bytes of stored notebook per second of build, roughly (measured on this project's notebooks): the estimate
#: of a report's cost when no earlier build of it left a record.
BYTES_PER_SECOND = 200_000


def expected_seconds(notebook: Path, name: str, out_dir: Path) -> float:
    """How long a report will take: what its last build took, else an estimate from the notebook's size."""
    seconds = record.last_seconds(out_dir, name)
    if seconds is not None:
        return seconds
    try:
        return Path(notebook).stat().st_size / BYTES_PER_SECOND
    except OSError:
        return 0.0
