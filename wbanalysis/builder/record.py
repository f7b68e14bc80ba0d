"""The build record: what happened to one report, and, for a built report, what the cache and the index read back.

One type (:class:`Record`), read and written here only.  A build returns one per job; a built report's record is
staged with its pages (``output``) as ``.build/NAME.json`` in the output folder, and read by the cache (is the
report up to date?) and the index (what was built, with which parameters and data).  A record from another
version, or edited by hand, is checked field by field; one that is wrong is treated as missing.
"""

from __future__ import annotations

import dataclasses
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import layout

#: What a record can say of its job.
STATUSES = ("built", "up to date", "failed")


@dataclass
class Record:
    """One report's build: its names, parameters, outcome, the inputs' key and the files written."""

    notebook: str  # the notebook's stem
    name: str  # the report's stem: the notebook's, plus the parameters of a variant
    status: str  # built | up to date | failed
    seconds: float = 0.0
    params: dict[str, Any] = field(default_factory=dict)
    reader: str = ""  # the page without code
    full: str = ""  # the page with code
    error: str = ""
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage: kernel start, execute, export...
    kept: str = ""  # where the failed notebook's executed copy was kept, if anywhere
    key: str = ""  # the cache key of the inputs it was built from ("stale: ..." when they changed meanwhile)
    variant: bool = False  # built with parameters other than the notebook's defaults
    data: str = ""  # the data package's stamp (``data_stamp``)
    title: str = ""
    warnings: list[str] = field(default_factory=list)  # what the notebook wrote to stderr
    built: str = ""  # when, in UTC
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # relative path -> sha256, size, mtime_ns
    view: dict[str, Any] = field(default_factory=dict)  # the country-in-focus paragraph: country, text, figures

    @classmethod
    def of(cls, notebook: str, name: str, status: str, **fields: Any) -> Record:
        """A record for a report, with its page names."""
        return cls(notebook, name, status, reader=layout.reader_page(name), full=layout.full_page(name), **fields)

    def encode(self) -> bytes:
        """The record as written: JSON, keys sorted."""
        return json.dumps(dataclasses.asdict(self), indent=2, sort_keys=True, default=str).encode()

    def stamped(self, files: dict[str, dict[str, Any]], title: str, warnings: list[str],
                view: dict[str, Any] | None = None) -> Record:
        """This record for a report written now, with its files and what its page says of the country in focus."""
        built = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        return dataclasses.replace(self, files=files, title=title, warnings=list(warnings), built=built,
                                   view=dict(view or {}))


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value and value >= 0


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _named(value: Any) -> bool:
    return isinstance(value, str) and bool(value)


def _stamps(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(s, dict)
        and isinstance(s.get("sha256"), str)
        and isinstance(s.get("size"), int)
        and isinstance(s.get("mtime_ns"), int)
        for s in value.values()
    )


def _view(value: Any) -> bool:
    figures = value.get("figures", []) if isinstance(value, dict) else None
    return (
        isinstance(value, dict)
        and isinstance(value.get("text", ""), str)
        and isinstance(figures, list)
        and all(isinstance(f, list) and len(f) == 2 and all(isinstance(x, str) for x in f) for f in figures)
    )


#: What each field of a record on disk must be.
FIELDS: dict[str, tuple[str, Any]] = {
    "notebook": ("text", _named),
    "name": ("text", _named),
    "status": ("one of: " + ", ".join(STATUSES), lambda v: v in STATUSES),
    "reader": ("text", _named),
    "full": ("text", _named),
    "params": ("an object", lambda v: isinstance(v, dict)),
    "key": ("text", _text),
    "seconds": ("a number of seconds", _number),
    "stages": ("an object of seconds", lambda v: isinstance(v, dict) and all(map(_number, v.values()))),
    "variant": ("true or false", lambda v: isinstance(v, bool)),
    "title": ("text", _text),
    "built": ("text", _text),
    "data": ("text", _text),
    "error": ("text", _text),
    "kept": ("text", _text),
    "warnings": ("a list of text", lambda v: isinstance(v, list) and all(isinstance(w, str) for w in v)),
    "files": ("an object of files with sha256, size and mtime_ns", _stamps),
    "view": ("an object with the country, its text and its figures", lambda v: _view(v)),
}
REQUIRED = ("notebook", "name", "reader", "full", "params", "key", "files")


def problem(content: Any) -> str | None:
    """What is wrong with a record's shape or types, or None."""
    if not isinstance(content, dict):
        return f"not a JSON object but {type(content).__name__}"
    missing = [name for name in REQUIRED if name not in content]
    if missing:
        return f"field {missing[0]!r} is missing"
    for name, (kind, check) in FIELDS.items():
        if name in content and not check(content[name]):
            shown = repr(content[name])
            return f"field {name!r} should be {kind}, got {shown[:60] + '…' if len(shown) > 60 else shown}"
    return None


def _load(out_dir: Path, name: str) -> tuple[Record | None, str | None]:
    path = layout.record_path(out_dir, name)
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, None
    except (OSError, ValueError) as exc:
        return None, f"{path}: cannot be read ({exc})"
    wrong = problem(content)
    if wrong:
        return None, f"{path}: {wrong}"
    known = {f.name for f in dataclasses.fields(Record)}
    return Record(**({"status": "built"} | {k: v for k, v in content.items() if k in known})), None


def read(out_dir: Path, name: str) -> Record | None:
    """A report's record, or None when there is none, it cannot be read, or it has the wrong shape or types (its
    report is then rebuilt and the record written anew)."""
    return _load(out_dir, name)[0]


def read_all(out_dir: Path) -> tuple[list[Record], list[str]]:
    """Every readable record in ``out_dir`` (sorted by name), and the files that could not be read or have the wrong
    shape (each with what is wrong)."""
    good, bad = [], []
    for path in sorted((Path(out_dir) / layout.RECORDS).glob("*.json")):
        found, wrong = _load(out_dir, path.stem)
        if found is not None:
            good.append(found)
        elif wrong:
            bad.append(wrong)
    return good, bad


def last_seconds(out_dir: Path, name: str) -> float | None:
    """How long the report's last build took, from any record that holds a time (only a hint: nothing else of the
    record need be right)."""
    try:
        content = json.loads(layout.record_path(out_dir, name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    seconds = content.get("seconds") if isinstance(content, dict) else None
    return float(seconds) if _number(seconds) and seconds > 0 else None


def data_stamp() -> tuple[str, str]:
    """The data package's version and the first 12 digits of its descriptor's sha256: what a report was built with
    (its record keeps it; the index shows it beside the report)."""
    from .. import data
    from ..errors import WBAnalysisError

    try:
        return str(data.package().get("version", "")), data.sha256(data.DATA_DIR / data.PACKAGE_FILE)[7:19]
    except (WBAnalysisError, OSError):
        return "unknown", "unknown"
