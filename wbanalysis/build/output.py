"""Writing a report: its pages, figures and build record replace the old ones together or not at all."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..errors import BuildError
from ..files import commit, discard, stage
from . import cache
from .export import Built


def inside(out_dir: Path, path: Path) -> Path:
    """``path`` if it resolves inside ``out_dir`` (no link leads out of it); BuildError otherwise."""
    root, target = out_dir.resolve(), path.parent.resolve() / path.name
    if root != target and root not in target.parents:
        raise BuildError(f"refusing to write {path}: it leads out of {out_dir} (a symbolic link?)")
    return target


def _stage(path: Path, content: bytes) -> Path:
    """Every file of a report is staged through here (the seam a full-disk test replaces)."""
    return stage(path, content)


def write(built: Built, out_dir: Path, record: dict[str, Any]) -> dict[str, Any]:
    """Write every file of a report and its record; on any failure nothing of the old report is lost.

    All files, the record included, are first written beside their targets under staging names; only when every
    one is complete are they renamed into place (a full disk, or a ``.build`` folder that cannot be written, stops
    the build before any old file is replaced).  The record goes last, so a report without a record is rebuilt
    next time.  Figures of the previous build that this one did not write are then removed.
    """
    previous = cache.read_record(out_dir, built.name) or {}
    files = {f"{built.name}.html": built.reader.encode(), f"{built.name}.full.html": built.full.encode()}
    files |= {f"figures/{name}": content for name, content in built.figures.items()}
    staged: list[tuple[Path, Path]] = []
    target = out_dir
    try:
        stamps = {}
        for rel, content in files.items():
            target = inside(out_dir, out_dir / rel)
            tmp = _stage(target, content)
            staged.append((tmp, target))
            stat = tmp.stat()  # a rename keeps the size and modification time
            stamps[rel] = {
                "sha256": hashlib.sha256(content).hexdigest(),
                "size": stat.st_size,
                "mtime_ns": stat.st_mtime_ns,
            }
        record = record | {
            "files": stamps,
            "title": built.title,
            "warnings": built.warnings,
            "built": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        }
        target = state = inside(out_dir, cache.state_path(out_dir, built.name))
        staged.append((_stage(state, json.dumps(record, indent=2, sort_keys=True, default=str).encode()), state))
    except OSError as exc:
        for tmp, _ in staged:
            discard(tmp)
        raise BuildError(
            f"cannot write {built.name} to {target}: {exc.strerror}; the previous report is untouched"
        ) from None
    except BaseException:
        for tmp, _ in staged:
            discard(tmp)
        raise
    for tmp, target in staged:
        commit(tmp, target)
    _remove_left_over(out_dir, previous, files)
    return record


def _remove_left_over(out_dir: Path, previous: dict[str, Any], files: dict[str, bytes]) -> None:
    """Remove the figures the report's previous build wrote and this one did not (a figure whose title changed,
    or the SVG copies of a build with ``--svg``), so figures/ holds only what the pages show."""
    old = previous.get("files")
    for rel in old if isinstance(old, dict) else {}:
        if isinstance(rel, str) and rel.startswith("figures/") and rel not in files:
            try:
                inside(out_dir, out_dir / rel).unlink(missing_ok=True)
            except (OSError, BuildError):  # already gone, or not ours to remove
                pass


#: The lock file of an output folder: one build writes there at a time.
LOCK_FILE = ".build.lock"


@contextlib.contextmanager
def folder_lock(out_dir: Path, say: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold ``out_dir``'s lock for the block: a second build into the same folder waits for the first (and says
    so), so two builds never write, clean up or index one folder at the same time."""
    import fcntl

    path = out_dir / LOCK_FILE
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            (say or _stderr)(f"another build is writing to {out_dir} (process {holder}); waiting for it to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n")
            handle.flush()
        except OSError:  # the pid is only for the message
            pass
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
