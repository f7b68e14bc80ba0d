"""Atomic file writes: a reader never sees a half-written file, and a writer removes only what it staged.

A file is first written beside its target under a staging name of its own (``.wb-stage-<pid>-<random>.tmp``:
short whatever the target's name, so it fits any file system's 255-byte limit), recorded here, then renamed
into place.  Clean-up removes only the staged files this process recorded (:func:`discard_staged`), and staged
files whose writer is gone (killed in the middle of a write: :func:`sweep_orphans`); never another file.
"""

from __future__ import annotations

import os
import re
import secrets
import threading
from pathlib import Path

#: How a staged file is named: its writer's pid, then a random part.
STAGE_PREFIX = ".wb-stage-"
_STAGE_NAME = re.compile(r"\.wb-stage-(\d+)-[0-9a-f]{8}\.tmp\Z")
#: The staged files of this process that are not renamed or removed yet.
_STAGED: set[Path] = set()
_LOCK = threading.Lock()


def _staging_name(folder: Path) -> Path:
    return folder / f"{STAGE_PREFIX}{os.getpid()}-{secrets.token_hex(4)}.tmp"


def stage(path: Path, content: str | bytes) -> Path:
    """Write ``content`` to a new staged file beside ``path`` (flushed to disk) and return that file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    while True:
        tmp = _staging_name(path.parent)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            break
        except FileExistsError:  # someone else's file of that name: never touched, another name taken
            continue
    with _LOCK:
        _STAGED.add(tmp)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
    except BaseException:
        discard(tmp)
        raise
    return tmp


def commit(tmp: Path, target: Path) -> None:
    """Rename a staged file into place (it is then no longer this process's to remove)."""
    os.replace(tmp, target)
    with _LOCK:
        _STAGED.discard(Path(tmp))


def discard(tmp: Path) -> None:
    """Remove one staged file of this process."""
    Path(tmp).unlink(missing_ok=True)
    with _LOCK:
        _STAGED.discard(Path(tmp))


def discard_staged(root: Path) -> None:
    """Remove the staged files this process left under ``root`` (a write stopped in the middle); nothing else."""
    root = Path(root).resolve()
    with _LOCK:
        mine = [p for p in _STAGED if root == p.parent.resolve() or root in p.parent.resolve().parents]
    for tmp in mine:
        discard(tmp)


def sweep_orphans(folders: list[Path]) -> None:
    """Remove staged files in ``folders`` whose writer process is gone (it was killed during a write)."""
    import psutil

    for folder in folders:
        try:
            entries = list(Path(folder).iterdir())
        except OSError:
            continue
        for entry in entries:
            match = _STAGE_NAME.match(entry.name)
            if match and not psutil.pid_exists(int(match.group(1))):
                entry.unlink(missing_ok=True)


def write_atomic(path: Path, content: str | bytes) -> Path:
    """Write ``content`` to a staged file beside ``path``, then rename it into place."""
    tmp = stage(path, content)
    try:
        commit(tmp, path)
    except BaseException:
        discard(tmp)
        raise
    return Path(path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
