"""Writing a report: its pages, figures and build record replace the old ones together or not at all."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from ..errors import BuildError
from ..files import stage
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
    """Write every file of a report, then its record; on any failure nothing of the old report is lost.

    All files are first written beside their targets under temporary names; only when every one is complete are
    they renamed into place (a full disk stops the build before any old file is replaced).  The record is
    written last, so a report without a record is rebuilt next time.  Figures of the previous build that this
    one did not write are then removed.
    """
    previous = cache.read_record(out_dir, built.name) or {}
    files = {f"{built.name}.html": built.reader.encode(), f"{built.name}.full.html": built.full.encode()}
    files |= {f"figures/{name}": content for name, content in built.figures.items()}
    staged: list[tuple[Path, Path]] = []
    try:
        for rel, content in files.items():
            target = inside(out_dir, out_dir / rel)
            staged.append((_stage(target, content), target))
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        where = exc.filename or out_dir
        raise BuildError(
            f"cannot write {built.name} to {where}: {exc.strerror}; the previous report is untouched"
        ) from None
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, target in staged:
        os.replace(tmp, target)
    record = record | {
        "files": cache.file_stamps(out_dir, list(files)),
        "title": built.title,
        "warnings": built.warnings,
        "built": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    state = inside(out_dir, cache.state_path(out_dir, built.name))
    tmp = _stage(state, json.dumps(record, indent=2, sort_keys=True, default=str).encode())
    os.replace(tmp, state)
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
