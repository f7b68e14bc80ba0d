"""Load the project's data files as validated DataFrames.

Every file is a resource in ``data/datapackage.json`` (a Frictionless Data
Package) with a Table Schema and a ``sha256`` hash.  ``load`` checks the hash
first: a file whose bytes match the hash is the version the test suite
validated, so it is read straight away.  A file that changed is validated with
frictionless, and the error names the file, row and column; a change that is
valid must be accepted on purpose with ``wbanalysis data rehash``.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import data_schema, paths
from .data_reads import READS_VARIABLE, read_log, reads  # noqa: F401  (every read is recorded: ``data_reads``)
from .data_reads import record as _record_read
from .data_steady import steady
from .errors import DataError
from .files import write_atomic

if TYPE_CHECKING:  # pandas is imported where a table is read, so the CLI starts fast
    import pandas as pd

#: Where data/ lives (see ``paths``); tests point it at a private copy.
DATA_DIR = paths.DATA_DIR
PACKAGE_FILE = "datapackage.json"

_PANDAS_TYPES = {"integer": "Int64", "number": "Float64", "boolean": "boolean", "string": "string"}


def package(data_dir: Path | None = None) -> dict[str, Any]:
    """The parsed ``datapackage.json`` (a fresh copy: callers may change it); a descriptor that is not an object
    with a list of resources, each with a name and a path, is refused with what is wrong."""
    data_dir = Path(data_dir or DATA_DIR)
    path = data_dir / PACKAGE_FILE
    try:
        content = path.read_bytes()
        parsed = json.loads(content.decode("utf-8"))
    except FileNotFoundError:
        raise DataError(f"{path}: the data package descriptor is missing") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise DataError(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    _record_read(data_dir, path, "sha256:" + hashlib.sha256(content).hexdigest())
    data_schema.check_shape(parsed, path)
    return parsed


@functools.lru_cache(maxsize=8)
def _resources(path: str, _mtime_ns: int, _size: int) -> dict[str, dict[str, Any]]:
    return {res["name"]: res for res in package(Path(path).parent)["resources"]}


def _descriptors(data_dir: Path | None = None) -> dict[str, dict[str, Any]]:
    """Resource descriptors by name, parsed once per version of ``datapackage.json`` (read only)."""
    path = Path(data_dir or DATA_DIR) / PACKAGE_FILE
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise DataError(f"{path}: the data package descriptor is missing") from None
    return _resources(str(path), stat.st_mtime_ns, stat.st_size)


def resource_names(data_dir: Path | None = None) -> list[str]:
    """Names of every resource in the data package, in the order listed."""
    return list(_descriptors(data_dir))


def resource(name: str, data_dir: Path | None = None) -> dict[str, Any]:
    """The descriptor of one resource; the error lists the valid names."""
    found = _descriptors(data_dir).get(name)
    if found is not None:
        return found
    valid = ", ".join(resource_names(data_dir))
    raise DataError(f"unknown data resource {name!r}; valid names: {valid}")


@functools.lru_cache(maxsize=16)
def _resolved_once(folder: str, inode: int, device: int) -> Path:
    return Path(folder).resolve()


def _resolved(folder: Path) -> Path:
    """The data folder resolved, once per folder (asked again when the folder itself is replaced)."""
    stat = os.lstat(folder)
    return _resolved_once(str(folder), stat.st_ino, stat.st_dev)


def resource_path(name: str, data_dir: Path | None = None) -> Path:
    """Absolute path of a resource's file; a path that leads outside the data folder is refused."""
    data_dir = Path(data_dir or DATA_DIR)
    rel = str(resource(name, data_dir).get("path", ""))
    path = data_dir / rel
    root = _resolved(data_dir)
    if not rel or Path(rel).is_absolute() or root not in path.resolve().parents:
        raise DataError(
            f"data/{PACKAGE_FILE}: resource {name!r} has path {rel!r}, which is not a file inside data/; "
            "give a path relative to data/, such as 'external/table.csv'"
        )
    return path


def sha256(path: Path) -> str:
    """``sha256:<hex>`` of a file's bytes, as written in ``datapackage.json``."""
    return "sha256:" + hashlib.sha256(Path(path).read_bytes()).hexdigest()


def schema_errors(name: str, data_dir: Path | None = None, limit: int = 5) -> list[str]:
    """Validate one resource with frictionless; return readable errors (file, row, column), hash differences left
    out (``check_file`` reports them)."""
    data_dir = Path(data_dir or DATA_DIR)
    pkg = package(data_dir)
    found_key = data_schema.key(name, pkg, lambda n: resource_path(n, data_dir))
    found = data_schema.errors(name, resource(name, data_dir)["path"], pkg, data_dir, found_key)
    return found[:limit] if limit else found


def fingerprint(data_dir: Path | None = None) -> tuple:
    """Size and modification time of every file under data/: changes whenever any file does (taken once within a
    ``steady`` block)."""
    return steady.once(("fingerprint", str(data_dir or DATA_DIR)), lambda: _fingerprint(data_dir))


def _fingerprint(data_dir: Path | None) -> tuple:
    found = []
    for folder, folders, files in os.walk(str(data_dir or DATA_DIR)):
        folders.sort()
        for name in sorted(files):
            st = _stat_key(path := os.path.join(folder, name))
            if st is not None:  # a dangling link is no file
                found.append((path, st[2], st[3]))
    return tuple(found)


#: Files whose bytes matched their recorded hash, by path, size, modification time and hash.
_VERIFIED: set[tuple] = set()


def _hash_bytes(content: bytes) -> str:
    return "sha256:" + hashlib.sha256(content).hexdigest()


def _stat_key(path: str | Path) -> tuple[int, int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns


#: Files checked already, by data folder and resource: the package's and the file's stat when they were, the
#: path (as a Path and as text) and its hash.  A file (or the package) whose stat changed is checked again in full.
_CHECKED: dict[tuple[str, str], tuple[Any, Any, Path, str, str]] = {}


def check_file(name: str, data_dir: Path | None = None) -> Path:
    """Check that a resource's file exists and matches its hash; explain what is wrong if not."""
    return _checked(name, data_dir)[0]


def _checked(name: str, data_dir: Path | None) -> tuple[Path, Any]:
    """``check_file``, giving the file's stat too; a file checked already costs two ``stat`` calls (none within a
    ``steady`` block)."""
    folder = str(data_dir or DATA_DIR)
    return steady.once(("checked", folder, name), lambda: _check_now(name, folder))


def _check_now(name: str, folder: str) -> tuple[Path, Any]:
    memo = _CHECKED.get((folder, name))
    if memo is not None:
        package_stat, file_stat, path, text, digest = memo
        if file_stat is not None and _stat_key(text) == file_stat and _stat_key(
                os.path.join(folder, PACKAGE_FILE)) == package_stat:  # fmt: skip
            _record_read(Path(folder), path, digest)
            return path, file_stat
    package_stat = _stat_key(os.path.join(folder, PACKAGE_FILE))
    path = _check_file(name, Path(folder))
    file_stat = _stat_key(path)
    _CHECKED[(folder, name)] = (package_stat, file_stat, path, str(path), str(resource(name, Path(folder)).get("hash")))
    return path, file_stat


def _check_file(name: str, data_dir: Path) -> Path:
    res = resource(name, data_dir)
    path = resource_path(name, data_dir)
    if not path.is_file():
        raise DataError(f"data/{res['path']}: file not found (resource {name!r} in data/{PACKAGE_FILE})")
    stat = path.stat()
    stamp = (str(path), stat.st_size, stat.st_mtime_ns, res.get("hash"))
    if stamp in _VERIFIED:
        _record_read(data_dir, path, str(res.get("hash")))
        return path
    if sha256(path) != res.get("hash"):
        problems = schema_errors(name, data_dir)
        if problems:
            raise DataError(f"data/{res['path']} breaks its schema in data/{PACKAGE_FILE}:\n  " + "\n  ".join(problems))
        raise DataError(
            f"data/{res['path']} has changed since its hash was recorded in data/{PACKAGE_FILE}; "
            "if the change is intended, accept it with `wbanalysis data rehash`"
        )
    _VERIFIED.add(stamp)
    _record_read(data_dir, path, str(res.get("hash")))
    return path


#: Tables that stand in for resources while ``substituted`` is active (the claims' mutation test uses it).
_SUBSTITUTES: dict[str, pd.DataFrame] = {}
#: Bumped whenever the substitutes change, so that caches keyed on it never serve a table from another state.
_GENERATION = [0]


def generation() -> int:
    """A number that changes whenever ``substituted`` starts or ends (part of the key of every derived cache)."""
    return _GENERATION[0]


def version(*names: str, data_dir: Path | None = None) -> tuple:
    """A key that changes whenever what ``load`` returns for any of these resources may (their files' stat, a
    substitution): the key of a cache derived from them."""
    state = _GENERATION[0] if any(n in _SUBSTITUTES for n in names) else 0
    return tuple((n, *_checked(n, data_dir), state) for n in names)


@contextlib.contextmanager
def substituted(tables: dict[str, pd.DataFrame]) -> Iterator[None]:
    """Within the block, ``load(name)`` returns a copy of ``tables[name]`` instead of reading the file."""
    saved = dict(_SUBSTITUTES)
    _SUBSTITUTES.update(tables)
    _GENERATION[0] += 1
    try:
        yield
    finally:
        _SUBSTITUTES.clear()
        _SUBSTITUTES.update(saved)
        _GENERATION[0] += 1


def load(name: str, data_dir: Path | None = None) -> pd.DataFrame:
    """A resource as a DataFrame with the column types its schema declares."""
    if name in _SUBSTITUTES:
        return _SUBSTITUTES[name].copy()
    data_dir = Path(data_dir or DATA_DIR)
    check_file(name, data_dir)
    return _read(name, str(data_dir), str(resource(name, data_dir).get("hash"))).copy()


def load_json(name: str, data_dir: Path | None = None) -> dict[str, Any]:
    """A JSON resource (such as the GeoJSON borders), hash-checked like every other file."""
    data_dir = Path(data_dir or DATA_DIR)
    check_file(name, data_dir)
    try:
        return json.loads(_verified_bytes(name, data_dir, str(resource(name, data_dir).get("hash"))))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"data/{resource(name, data_dir)['path']}: not valid JSON ({exc})") from None


def _verified_bytes(name: str, data_dir: Path, digest: str) -> bytes:
    """A resource's bytes, read once and parsed from that copy: they are the bytes whose hash was checked, or the
    read is refused (the file was replaced between the check and the read)."""
    path = resource_path(name, data_dir)
    content = path.read_bytes()
    if _hash_bytes(content) != digest:
        raise DataError(
            f"data/{resource(name, data_dir)['path']} changed while it was being read; run again once it is settled"
        )
    _record_read(data_dir, path, digest)
    return content


@functools.lru_cache(maxsize=64)
def _read(name: str, data_dir: str, digest: str) -> pd.DataFrame:


    res = resource(name, Path(data_dir))
    if "schema" not in res:
        raise DataError(f"{name!r} is not a table ({res.get('format')}); use load_json")
    content = _verified_bytes(name, Path(data_dir), digest)
    return typed(content, res["schema"]["fields"])


def typed(content: bytes, fields: list[dict[str, Any]]) -> pd.DataFrame:
    """CSV bytes as a DataFrame with the column types a Table Schema's ``fields`` declare."""
    import io

    import pandas as pd

    frame = pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    for field in fields:
        col, kind = field["name"], field.get("type", "string")
        if kind == "boolean":
            frame[col] = frame[col].map({"true": True, "false": False}).astype("boolean")
        elif kind == "date":
            frame[col] = pd.to_datetime(frame[col], format="%Y-%m-%d")
        else:
            frame[col] = frame[col].astype(_PANDAS_TYPES.get(kind, "string"))
    return frame


def _resource_file(res: dict[str, Any], data_dir: Path) -> Path:
    """A resource's file inside data/ (a path, or a symbolic link, that leads outside is refused)."""
    path = resource_path(res["name"], data_dir)
    if not path.is_file():
        raise DataError(f"data/{res['path']}: file not found (resource {res['name']!r})")
    return path


def _schema_problems(name: str, data_dir: Path, limit: int) -> list[str]:
    try:
        return schema_errors(name, data_dir, limit=limit)
    except DataError:
        raise
    except Exception as exc:  # frictionless refuses a descriptor it cannot use: said, never a traceback
        return [f"data/{PACKAGE_FILE}: resource {name!r} cannot be validated ({type(exc).__name__}: {exc})"]


def rehash(data_dir: Path | None = None, only: list[str] | None = None) -> list[str]:
    """Record the current hash and size of every valid file (of the resources named in ``only``, when given);
    refuse if any breaks its schema.  Returns the names of the resources whose hash changed."""
    data_dir = Path(data_dir or DATA_DIR)
    pkg = package(data_dir)
    names = [res["name"] for res in pkg["resources"]]
    unknown = sorted(set(only or ()) - set(names))
    if unknown:
        raise DataError(f"unknown data resource {unknown[0]!r}; valid names: {', '.join(names)}")
    changed = []
    for res in pkg["resources"]:
        if only is not None and res["name"] not in only:
            continue
        path = _resource_file(res, data_dir)
        digest = sha256(path)
        if digest != res.get("hash"):
            problems = _schema_problems(res["name"], data_dir, limit=5)
            if problems:
                raise DataError(f"not rehashed: data/{res['path']} breaks its schema:\n  " + "\n  ".join(problems))
            res["hash"], res["bytes"] = digest, path.stat().st_size
            changed.append(res["name"])
    if changed:
        write_atomic(data_dir / PACKAGE_FILE, json.dumps(pkg, indent=2, ensure_ascii=False) + "\n")
    return changed


def validate_package(data_dir: Path | None = None) -> list[str]:
    """Every problem in the data package: its descriptor's shape, paths that lead outside data/, schema errors
    (file, row, column) and hash mismatches.  Never raises for a bad descriptor: it is a problem to list."""
    data_dir = Path(data_dir or DATA_DIR)
    try:
        pkg = package(data_dir)
    except DataError as exc:
        return [str(exc)]
    problems: list[str] = []
    for res in pkg["resources"]:
        try:
            path = _resource_file(res, data_dir)
        except DataError as exc:
            problems.append(str(exc))
            continue
        problems += _schema_problems(res["name"], data_dir, limit=0)
        if sha256(path) != res.get("hash"):
            problems.append(
                f"data/{res['path']}: hash differs from data/{PACKAGE_FILE} (accept with `wbanalysis data rehash`)"
            )
    return problems
