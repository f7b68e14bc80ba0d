"""Which notebook is running, learnt from where it runs, never typed in it: its name gives its part of the report
(``data/report/chapters.csv``), so a notebook says ``params.from_namespace(globals())`` and ``p.chapter``, and
shows its byline with ``this_notebook.byline(globals())``.

Where the name comes from, in order: papermill's ``--inject-input-path`` parameter, ``$WBANALYSIS_NOTEBOOK`` (set
by ``wbanalysis build``, ``make notebooks`` and the test suite for each kernel), Jupyter Server's session
(JupyterLab, Binder: ``$JPY_SESSION_NAME``, ``__session__``) and VS Code's ``__vsc_ipynb_file__``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import report
from .errors import ParameterError

VARIABLE = "WBANALYSIS_NOTEBOOK"


def name(namespace: Mapping[str, Any]) -> str:
    """The running notebook's name without ``.ipynb`` ('02_institutional_frameworks'); ``namespace`` is the
    notebook's ``globals()``."""
    for found in (
        namespace.get("PAPERMILL_INPUT_PATH"),
        os.environ.get(VARIABLE),
        namespace.get("__session__"),
        os.environ.get("JPY_SESSION_NAME"),
        namespace.get("__vsc_ipynb_file__"),
    ):
        if found and str(found).strip():
            return Path(str(found).strip()).name.removesuffix(".ipynb")
    raise ParameterError(
        "cannot tell which notebook this is: open it in JupyterLab, build it with `wbanalysis build`, run it with "
        f"`papermill --inject-input-path`, or set {VARIABLE} to its name (such as "
        f"{report.chapters()[0].notebook})"
    )


def chapter(notebook: str) -> int | None:
    """The part of the report a notebook covers: the chapters table's row for its name, or for the name it was
    copied from ('02_institutional_frameworks-Copy1'); None for a notebook that is not a part's."""
    for part in sorted(report.chapters(), key=lambda c: -len(c.notebook)):
        if notebook == part.notebook or notebook.startswith(part.notebook):
            return part.number
    return None


def byline(namespace: Mapping[str, Any]) -> Any:
    """The running notebook's byline, from the chapters table and the report's constants, as Markdown: 'Chapter 2
    of *Regional Security ...* (KCSS, April 2025) · author: ...' (a part written by the publisher names no author)."""
    from IPython.display import Markdown

    notebook = name(namespace)
    number = chapter(notebook)
    if number is None:
        raise ParameterError(f"{notebook} is not a part of the report: no row of data/report/chapters.csv names it")
    part = report.chapter(number)
    who = f" · author: {part.author}" if part.type == "Person" else ""
    return Markdown(f"**{part.label} of *{report.TITLE}* ({report.PUBLISHER_SHORT}, {report.DATE:%B %Y}){who}**")
