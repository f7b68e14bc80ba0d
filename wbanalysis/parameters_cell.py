"""The parameters a notebook's ``parameters`` cell declares (``name: type = value  # help``), read as
``papermill --help-notebook`` reads them, without importing papermill."""

from __future__ import annotations

import ast
import copy
import functools
import io
import json
import os
import tokenize
from pathlib import Path
from typing import Any

from .errors import ParameterError


def declared(notebook_path: str) -> dict[str, dict[str, Any]]:
    """The parameters a notebook's ``parameters`` cell declares: type, default (a Python value) and help.

    Reads the cell the way ``papermill --help-notebook`` does (``name: type = value  # help``), without
    importing papermill, so that a build with nothing to do starts in a fraction of a second; once per version of
    the file (a build plans every report from it).
    """
    try:
        st = os.stat(notebook_path)
    except OSError:
        st = None  # reading it says what is wrong
    return copy.deepcopy(_declared(str(notebook_path), st and (st.st_mtime_ns, st.st_size, st.st_ino)))


@functools.lru_cache(maxsize=64)
def _declared(notebook_path: str, _stamp: tuple | None) -> dict[str, dict[str, Any]]:
    try:
        content = json.loads(Path(notebook_path).read_text(encoding="utf-8"))
        cells = content["cells"]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise ParameterError(
            f"{notebook_path}: not a readable notebook (nbformat 4 JSON with cells): {type(exc).__name__}: {exc}"
        ) from None
    if content.get("nbformat") != 4:
        raise ParameterError(
            f"{notebook_path}: nbformat {content.get('nbformat')} is not supported; save it as nbformat 4"
        )
    tagged = [c for c in cells if c["cell_type"] == "code" and "parameters" in c.get("metadata", {}).get("tags", [])]
    if not tagged:
        return {}
    source = "".join(tagged[0]["source"])
    comments = {
        tok.start[0]: tok.string.lstrip("#").strip()
        for tok in tokenize.generate_tokens(io.StringIO(source).readline)
        if tok.type == tokenize.COMMENT
    }
    result = {}
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ParameterError(
            f"{notebook_path}: the parameters cell is not valid Python (line {exc.lineno}: {exc.msg})"
        ) from None
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            name, kind = node.target.id, ast.unparse(node.annotation)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, kind = node.targets[0].id, "None"
        else:
            continue
        try:
            default = ast.literal_eval(node.value)
        except ValueError:
            default = ast.unparse(node.value)
        result[name] = {"type": kind, "default": default, "help": comments.get(node.end_lineno, "")}
    return result
