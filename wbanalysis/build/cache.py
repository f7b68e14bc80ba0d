"""The build cache: what a report depends on, hashed once per build, and the record of each built report.

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

__all__ = ["KEY_PACKAGES", "code_digest", "environment", "inputs"]

STATE_DIR = ".build"


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
        if current != folder and ((current / STATE_DIR).is_dir() or current == exclude):
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


def state_path(out_dir: Path, name: str) -> Path:
    return out_dir / STATE_DIR / f"{name}.json"


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value and value >= 0


#: What each field of a build record must be (a record from another version, or edited by hand, may differ).
FIELDS: dict[str, tuple[str, Any]] = {
    "notebook": ("text", lambda v: isinstance(v, str) and bool(v)),
    "name": ("text", lambda v: isinstance(v, str) and bool(v)),
    "reader": ("text", lambda v: isinstance(v, str) and bool(v)),
    "full": ("text", lambda v: isinstance(v, str) and bool(v)),
    "params": ("an object", lambda v: isinstance(v, dict)),
    "key": ("text", lambda v: isinstance(v, str)),
    "seconds": ("a number of seconds", _number),
    "stages": ("an object of seconds", lambda v: isinstance(v, dict) and all(map(_number, v.values()))),
    "variant": ("true or false", lambda v: isinstance(v, bool)),
    "title": ("text", lambda v: isinstance(v, str)),
    "built": ("text", lambda v: isinstance(v, str)),
    "data": ("text", lambda v: isinstance(v, str)),
    "warnings": ("a list of text", lambda v: isinstance(v, list) and all(isinstance(w, str) for w in v)),
    "files": (
        "an object of files with sha256, size and mtime_ns",
        lambda v: (
            isinstance(v, dict)
            and all(
                isinstance(s, dict)
                and isinstance(s.get("sha256"), str)
                and isinstance(s.get("size"), int)
                and isinstance(s.get("mtime_ns"), int)
                for s in v.values()
            )
        ),
    ),
}
REQUIRED = ("notebook", "name", "reader", "full", "params", "key", "files")


def record_problem(record: Any) -> str | None:
    """What is wrong with a build record's shape or types, or None."""
    if not isinstance(record, dict):
        return f"not a JSON object but {type(record).__name__}"
    missing = [name for name in REQUIRED if name not in record]
    if missing:
        return f"field {missing[0]!r} is missing"
    for name, (kind, check) in FIELDS.items():
        if name in record and not check(record[name]):
            shown = repr(record[name])
            return f"field {name!r} should be {kind}, got {shown[:60] + '…' if len(shown) > 60 else shown}"
    return None


def _load(out_dir: Path, name: str) -> tuple[dict | None, str | None]:
    path = state_path(out_dir, name)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, None
    except (OSError, ValueError) as exc:
        return None, f"{path}: cannot be read ({exc})"
    problem = record_problem(record)
    return (None, f"{path}: {problem}") if problem else (record, None)


def read_record(out_dir: Path, name: str) -> dict | None:
    """A report's build record, or None when there is none, it cannot be read, or it has the wrong shape or types
    (its report is then rebuilt and the record written anew)."""
    return _load(out_dir, name)[0]


def records(out_dir: Path) -> tuple[list[dict], list[str]]:
    """Every readable build record in ``out_dir`` (sorted by name), and the files that could not be read or have
    the wrong shape (each with what is wrong)."""
    good, bad = [], []
    for path in sorted((out_dir / STATE_DIR).glob("*.json")):
        record, problem = _load(out_dir, path.stem)
        if record is not None:
            good.append(record)
        elif problem:
            bad.append(problem)
    return good, bad


def file_stamps(out_dir: Path, names: list[str]) -> dict[str, dict[str, Any]]:
    """For the record: each written file's sha256, size and modification time (relative to ``out_dir``)."""
    stamps = {}
    for rel in names:
        path = out_dir / rel
        stat = path.stat()
        stamps[rel] = {
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
        }
    return stamps


def up_to_date(name: str, out_dir: Path, key: str) -> bool:
    """True when the record's key is ``key`` and every file it lists is there, non-empty, with its bytes.

    A file whose size and modification time are those recorded is taken as unchanged; any other is hashed.
    """
    record = read_record(out_dir, name)
    if not record or record.get("key") != key or not isinstance(record.get("files"), dict) or not record["files"]:
        return False
    for rel, stamp in record["files"].items():
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
    try:  # only a hint: any record that holds a time will do
        record = json.loads(state_path(out_dir, name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = None
    seconds = record.get("seconds") if isinstance(record, dict) else None
    if _number(seconds) and seconds > 0:
        return float(seconds)
    try:
        return Path(notebook).stat().st_size / BYTES_PER_SECOND
    except OSError:
        return 0.0
