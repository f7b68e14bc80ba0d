"""The data package descriptor's shape (``check_shape``), and a resource's file validated against its Table Schema by
frictionless, with readable errors (file, row, column).

Validation reads the file, its descriptor and the resources its foreign keys point to (``needed``), nothing else:
frictionless is given a package of just those (a few milliseconds to build, where the whole package takes half a
second), and the result is remembered under a digest of exactly those, so the same file is validated once per
process however many data folders hold a copy of it (``data.validate_package`` and ``data.rehash`` use it; the tests
validate many broken copies of the data, each with one file broken).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import DataError


def check_shape(parsed: Any, path: Path) -> None:
    """A data package descriptor: an object whose "resources" is a list of objects with a text name and path."""
    if not isinstance(parsed, dict):
        raise DataError(f"{path}: expected a JSON object with a list of resources, got a {type(parsed).__name__}")
    resources = parsed.get("resources")
    if not isinstance(resources, list):
        raise DataError(f'{path}: "resources" must be a list of resources, each with a name and a path')
    first: dict[str, int] = {}
    for number, res in enumerate(resources, 1):
        if not isinstance(res, dict) or not isinstance(res.get("name"), str) or not isinstance(res.get("path"), str):
            raise DataError(f'{path}: resource {number} must be an object with a text "name" and "path"')
        if first.setdefault(res["name"], number) != number:
            raise DataError(f'{path}: resource {number} has the name "{res["name"]}" of resource '
                            f'{first[res["name"]]}; each name must be unique')  # fmt: skip


#: Problems found, by ``key`` (an empty list: valid).
_FOUND: dict[str, list[str]] = {}


def needed(name: str, package: dict[str, Any]) -> list[str]:
    """The resource and those its foreign keys point to (``package`` is the parsed descriptor)."""
    resources = {r["name"]: r for r in package["resources"]}
    schema = resources[name].get("schema")
    keys = schema.get("foreignKeys", []) if isinstance(schema, dict) else []
    return [name] + sorted({k.get("reference", {}).get("resource") or name for k in keys if isinstance(k, dict)}
                           - {name})  # fmt: skip


def key(name: str, package: dict[str, Any], locate: Callable[[str], Path]) -> str:
    """A digest of what validating ``name`` depends on; ``locate`` gives a resource's file (or raises)."""
    resources = {r["name"]: r for r in package["resources"]}
    digest = hashlib.sha256(json.dumps({k: v for k, v in package.items() if k != "resources"}, sort_keys=True,
                                       default=str).encode())  # fmt: skip
    for each in needed(name, package):
        described = {k: v for k, v in resources.get(each, {}).items() if k not in ("hash", "bytes")}
        digest.update(json.dumps([each, described], sort_keys=True, default=str).encode())
        try:
            digest.update(hashlib.sha256(locate(each).read_bytes()).digest())
        except Exception as exc:  # no file, or one outside data/: part of what the result depends on
            digest.update(f"{type(exc).__name__}: {exc}".encode())
    return digest.hexdigest()


def errors(name: str, rel: str, package: dict[str, Any], data_dir: Path, found_key: str) -> list[str]:
    """Every problem of one resource's file (``rel``, its path in data/), hash and size left out (the hash check
    reports them)."""
    if found_key in _FOUND:
        return list(_FOUND[found_key])
    report = _frictionless(name, package, data_dir).get_resource(name).validate()
    messages = []
    for task in report.tasks:
        for err in task.errors:
            if err.type in ("hash-count", "byte-count"):
                continue
            where = [f"data/{rel}"]
            if getattr(err, "row_number", None):
                where.append(f"row {err.row_number}")
            if getattr(err, "field_name", None):
                where.append(f"column {err.field_name!r}")
            messages.append(f"{', '.join(where)}: {err.message}")
    messages += [f"data/{rel}: {err.message}" for err in report.errors]
    _FOUND[found_key] = messages
    return list(messages)


def _frictionless(name: str, package: dict[str, Any], data_dir: Path) -> Any:
    """The part of the package that validating ``name`` reads, as frictionless reads it (frictionless is imported
    here: its import costs a second)."""
    from frictionless import Package

    resources = {r["name"]: r for r in package["resources"]}
    part = [resources[n] for n in needed(name, package) if n in resources]
    return Package({**{k: v for k, v in package.items() if k != "resources"}, "resources": part},
                   basepath=str(data_dir))  # fmt: skip
