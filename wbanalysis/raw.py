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
    raw = _folder(data_dir)
    found, listed = [], set()
    for source in manifest(data_dir)["sources"]:
        for entry in source["files"]:
            listed.add(entry["path"])
            state = _state(raw / entry["path"])
            if state is None:
                found.append(f"data/raw/{entry['path']}: listed in data/raw/{MANIFEST} but not found")
            elif not entry.get("sha256"):
                found.append(f"data/raw/{entry['path']}: {NEW}")
            elif state != (entry["sha256"], entry.get("bytes")):
                found.append(f"data/raw/{entry['path']}: {_changed(source)}")
    for path in sorted(p for p in raw.rglob("*") if p.is_file() and p.name != MANIFEST):
        if path.relative_to(raw).as_posix() not in listed:
            found.append(f"data/raw/{path.relative_to(raw).as_posix()}: not listed in data/raw/{MANIFEST}")
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
    wrong = [p for p in problems(data_dir) if ACCEPT not in p]
    if wrong:
        raise DataError("not rehashed:\n  " + "\n  ".join(wrong))
    raw, written = _folder(data_dir), manifest(data_dir)
    updated = []
    for source in written["sources"]:
        for entry in source["files"]:
            state = _state(raw / entry["path"])
            if state is not None and state != (entry.get("sha256"), entry.get("bytes")):
                entry["sha256"], entry["bytes"] = state
                updated.append(entry["path"])
    if updated:
        write_atomic(raw / MANIFEST, json.dumps(written, indent=2, ensure_ascii=False) + "\n")
    return updated
