"""The raw files' manifest (``data/raw/manifest.json``): every file under ``data/raw/`` listed with its hash.

A snapshot retrieved from a publisher is never edited (a new release goes in as a new vintage).  A compilation the
project keeps itself (``"kept_by": "wbanalysis"``, such as the primary evidence) grows as claims are added:
``wbanalysis data rehash`` records its files' new hashes here, as it does for ``datapackage.json``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from . import data
from .errors import DataError
from .files import write_atomic

MANIFEST = "manifest.json"
KEPT_HERE = "wbanalysis"  # the value of a source's "kept_by" when the project compiles and edits it


def _folder(data_dir: Path | None) -> Path:
    return Path(data_dir or data.DATA_DIR) / "raw"


def manifest(data_dir: Path | None = None) -> dict[str, Any]:
    """The manifest as written."""
    path = _folder(data_dir) / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataError(f"data/raw/{MANIFEST}: cannot be read ({exc})") from None


def _state(path: Path) -> tuple[str, int] | None:
    try:
        content = path.read_bytes()
    except OSError:
        return None
    return hashlib.sha256(content).hexdigest(), len(content)


def problems(data_dir: Path | None = None) -> list[str]:
    """Every raw file missing, changed since the manifest recorded it, or not listed in it."""
    return [message for message, _ in _review(manifest(data_dir), data_dir)]


def _review(written: dict[str, Any], data_dir: Path | None) -> list[tuple[str, dict[str, Any] | None]]:
    """Each problem, with the entry of ``written`` (the manifest) that ``rehash`` may update for it (None: it may
    not)."""
    raw = _folder(data_dir)
    found: list[tuple[str, dict[str, Any] | None]] = []
    listed = set()
    for source in written["sources"]:
        for entry in source["files"]:
            listed.add(entry["path"])
            state, where = _state(raw / entry["path"]), f"data/raw/{entry['path']}"
            if state is None:
                found.append((f"{where}: listed in data/raw/{MANIFEST} but not found", None))
            elif not entry.get("sha256"):
                found.append((f"{where}: {NEW}", entry))
            elif state != (entry["sha256"], entry.get("bytes")):
                kept = source.get("kept_by") == KEPT_HERE
                found.append((f"{where}: {_changed(source)}", entry if kept else None))
    for path in sorted(p for p in raw.rglob("*") if p.is_file() and p.name != MANIFEST):
        if path.relative_to(raw).as_posix() not in listed:
            found.append((f"data/raw/{path.relative_to(raw).as_posix()}: not listed in data/raw/{MANIFEST}", None))
    return found


ACCEPT = "`wbanalysis data rehash`"
NEW = f"no hash recorded yet (a file just listed: {ACCEPT} records it)"


def _changed(source: dict[str, Any]) -> str:
    if source.get("kept_by") == KEPT_HERE:
        return f"changed since its hash was recorded (accept an intended edit with {ACCEPT})"
    return (f"changed, but it is a snapshot as retrieved from {source['producer']}: put it back "
            f"(`git checkout -- data/raw`); a new release goes in as a new vintage in data/raw/{MANIFEST}")


def rehash(data_dir: Path | None = None) -> list[str]:
    """Record the hash and size of each file just listed (no ``sha256`` yet) and of each changed file of the
    compilations the project keeps; refuse (changing nothing) if a retrieved snapshot changed or a listed file is
    missing.  Returns the paths updated."""
    written = manifest(data_dir)
    review = _review(written, data_dir)
    wrong = [message for message, entry in review if entry is None]
    if wrong:
        raise DataError("not rehashed:\n  " + "\n  ".join(wrong))
    for _, entry in review:
        entry["sha256"], entry["bytes"] = _state(_folder(data_dir) / entry["path"])
    if review:
        write_atomic(_folder(data_dir) / MANIFEST, json.dumps(written, indent=2, ensure_ascii=False) + "\n")
    return [entry["path"] for _, entry in review]
