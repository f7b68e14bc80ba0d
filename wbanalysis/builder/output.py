"""Writing into an output folder: a report's pages, figures and build record replace the old ones together or not
at all, never outside the folder, one build at a time (the folder's lock)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import BuildError
from ..files import commit, discard, stage
from . import layout, record
from .pages import Built
from .record import Record


def inside(out_dir: Path, path: Path) -> Path:
    """``path`` if it resolves inside ``out_dir`` (no link leads out of it); BuildError otherwise."""
    root, target = out_dir.resolve(), path.parent.resolve() / path.name
    if root != target and root not in target.parents:
        raise BuildError(f"refusing to write {path}: it leads out of {out_dir} (a symbolic link?)")
    return target


def _stage(path: Path, content: bytes) -> Path:
    """Every file of a report is staged through here (the seam a full-disk test replaces)."""
    return stage(path, content)


def write(built: Built, out_dir: Path, done: Record) -> Record:
    """Write every file of a report and its record; on any failure nothing of the old report is lost.

    All files, the record included, are first written beside their targets under staging names; only when every
    one is complete are they renamed into place (a full disk, or a ``.build`` folder that cannot be written, stops
    the build before any old file is replaced).  The record goes last, so a report without a record is rebuilt
    next time.  Figures of the previous build that this one did not write are then removed.
    """
    previous = record.read(out_dir, built.name)
    files = {layout.reader_page(built.name): built.reader.encode(), layout.full_page(built.name): built.full.encode()}
    files |= {layout.figure(name): content for name, content in built.figures.items()}
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
        done = done.stamped(stamps, built.title, built.warnings, built.view)
        target = state = inside(out_dir, layout.record_path(out_dir, built.name))
        staged.append((_stage(state, done.encode()), state))
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
    return done


def keep_failed(out_dir: Path, name: str, notebook_json: str) -> str:
    """Keep a failed report's executed notebook; where it was kept, or '' when it could not be (the failure is
    still reported)."""
    if not notebook_json:
        return ""
    from ..files import write_atomic

    try:
        return str(write_atomic(inside(out_dir, layout.failed_copy(out_dir, name)), notebook_json))
    except (OSError, BuildError):
        return ""


def _remove_left_over(out_dir: Path, previous: Record | None, files: dict[str, bytes]) -> None:
    """Remove the figures the report's previous build wrote and this one did not (a figure whose title changed,
    or the SVG copies of a build with ``--svg``), so figures/ holds only what the pages show."""
    for rel in previous.files if previous is not None else {}:
        if rel.startswith(layout.figure("")) and rel not in files:
            try:
                inside(out_dir, out_dir / rel).unlink(missing_ok=True)
            except (OSError, BuildError):  # already gone, or not ours to remove
                pass


@contextlib.contextmanager
def folder_lock(out_dir: Path, say: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold ``out_dir``'s lock for the block: a second build into the same folder waits for the first (and says
    so), so two builds never write, clean up or index one folder at the same time."""
    import fcntl

    path = out_dir / layout.LOCK_FILE
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
