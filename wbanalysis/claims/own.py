"""Claims of one's own, checked beside the report's without editing the package: a folder named by
``WBANALYSIS_CLAIMS`` that holds ``claims.csv`` and ``facts.csv`` (the columns of ``data/claims.csv`` and
``data/facts.csv``), and optionally ``evidence.csv`` (the columns of ``data/external/evidence.csv``; ``source_row``,
``role`` and the publication bounds may be left empty) and ``observations.py`` (facts computed by functions
decorated with ``@observation("name")``).  Each file is validated against the package's schema; an error names
the file, the row and the column.  ``docs/own-claims.md`` walks through an example.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from pathlib import Path

import pandas as pd

from .. import data
from ..errors import DataError

VARIABLE = "WBANALYSIS_CLAIMS"
#: The files of the folder, by the package resource whose schema they follow.
FILES = {"claims": "claims.csv", "facts": "facts.csv", "evidence": "evidence.csv"}


def folder() -> Path | None:
    """The folder of one's own claims, or None; one that is not a folder with claims.csv and facts.csv is named."""
    given = os.environ.get(VARIABLE, "").strip()
    if not given:
        return None
    path = Path(given).expanduser()
    missing = [name for name in ("claims.csv", "facts.csv") if not (path / name).is_file()]
    if not path.is_dir() or missing:
        raise DataError(f"{VARIABLE}={given}: give a folder that holds claims.csv and facts.csv "
                        f"({'not a folder' if not path.is_dir() else 'missing: ' + ', '.join(missing)})")
    return path


def version() -> tuple:
    """What the folder's files are now (a cache key): paths and modification times."""
    path = folder()
    if path is None:
        return ()
    return tuple((str(f), f.stat().st_mtime_ns) for f in sorted(path.glob("*")) if f.is_file())


def _problems(path: Path, schema: dict, limit: int = 5) -> list[str]:
    from frictionless import Resource, Schema

    report = Resource(path=path.name, basepath=str(path.parent), schema=Schema.from_descriptor(schema)).validate()
    messages = []
    for task in report.tasks:
        for err in task.errors:
            where = [str(path)] + ([f"row {err.row_number}"] if getattr(err, "row_number", None) else []) + (
                [f"column {err.field_name!r}"] if getattr(err, "field_name", None) else [])
            messages.append(f"{', '.join(where)}: {err.message}")
    return messages[:limit]


@functools.lru_cache(maxsize=8)
def _table(kind: str, _version: tuple) -> pd.DataFrame | None:
    path = folder()
    file = path / FILES[kind] if path else None
    if file is None or not file.is_file():
        return None
    schema = dict(data.resource(kind)["schema"])
    if kind == "evidence":  # what a user may leave for the package to fill in
        schema.pop("primaryKey", None)
        schema["fields"] = [f | {"constraints": {k: v for k, v in f.get("constraints", {}).items() if k != "required"}}
                            if f["name"] in ("source_row", "role") else f for f in schema["fields"]]
    problems = _problems(file, schema)
    if problems:
        raise DataError("your claims folder has a file that breaks its schema:\n  " + "\n  ".join(problems))
    frame = data.typed(file.read_bytes(), schema["fields"])
    return _filled(frame, file) if kind == "evidence" else frame


def _filled(frame: pd.DataFrame, file: Path) -> pd.DataFrame:
    """Evidence rows with what a user may leave empty: the row as a spreadsheet numbers it, the role from the
    stance, and the days a free-text publication date allows."""
    from ..dates import bounds

    frame = frame.copy()
    rows = pd.Series(range(2, len(frame) + 2), index=frame.index, dtype="Int64")
    frame["source_row"] = frame["source_row"].fillna(rows)
    roles = {"confirms": "evidence", "refutes": "evidence", "partly": "evidence", "not_found": "searched",
             "not_factual": "opinion"}
    frame["role"] = frame["role"].fillna(frame["stance"].map(lambda s: roles.get(str(s), "context")))
    for index, published in frame["published"].items():
        first, last = bounds("" if pd.isna(published) else str(published))
        if pd.isna(frame.at[index, "published_first"]) and first:
            frame.at[index, "published_first"] = first.isoformat()
        if pd.isna(frame.at[index, "published_last"]) and last:
            frame.at[index, "published_last"] = last.isoformat()
    frame.attrs["file"] = str(file)
    return frame


def table(kind: str) -> pd.DataFrame | None:
    """One of the folder's tables (``claims``, ``facts`` or ``evidence``), typed and validated; None without it."""
    return _table(kind, version())


def merged(kind: str, project: pd.DataFrame, key: str) -> pd.DataFrame:
    """The project's table and one's own together; an id of one's own that the project uses is refused."""
    mine = table(kind)
    if mine is None:
        return project
    clash = sorted(set(mine[key].astype(str)) & set(project[key].astype(str)))
    if clash:
        raise DataError(f"{folder() / FILES[kind]}: {key} {clash[0]!r} is the project's; give your claims ids of "
                        f"their own (e.g. a number from 900 on: C2-901)")
    return pd.concat([project, mine[project.columns]], ignore_index=True)


@functools.lru_cache(maxsize=8)
def _observations(path: str, _mtime: int) -> None:
    spec = importlib.util.spec_from_file_location("wbanalysis_own_observations", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # its @observation functions register themselves


def load_observations() -> None:
    """Import the folder's ``observations.py`` (once per version of the file), if there is one."""
    path = folder()
    file = path / "observations.py" if path else None
    if file is not None and file.is_file():
        _observations(str(file), file.stat().st_mtime_ns)
