"""Notebook parameters: parsing and validation with errors that name the parameter.

Papermill neither enforces the types annotated in a ``parameters`` cell nor
refuses unknown names, so every notebook validates its parameters here, and the
CLI does the same before any kernel starts.
"""

from __future__ import annotations

import ast
import csv
import functools
import math
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from . import paths
from .countries import NEIGHBOURS, WB6, UnknownCountryError, to_code, valid_choices
from .errors import ParameterError, YearsOutsideData
from .limits import load_yaml, shorten
from .parameters_cell import declared


def year_data(notebook: str) -> tuple[str, ...]:
    """The data resources whose years a notebook's ``start_year``/``end_year`` select (the chapters table's
    ``year_data``): the valid range comes from them.  None for a notebook that is no part of the report."""
    from . import report

    found = next((c.year_data for c in report.chapters() if c.notebook == notebook), "")
    return tuple(found.split())


#: For a notebook with no year data (one of your own), any year in this range is accepted.
DEFAULT_YEAR_SPAN = (1900, 2100)


@functools.cache
def _years_in(path: str, size: int, mtime: float) -> frozenset[int]:
    with open(path, encoding="utf-8", newline="") as handle:
        return frozenset(int(row["year"]) for row in csv.DictReader(handle) if (row.get("year") or "").strip())


def years_with_data(notebook: str) -> list[int]:
    """The years a notebook's data have values for (read from the data files, so new data widen the range)."""
    from . import data

    years: set[int] = set()
    for name in year_data(notebook):
        path = data.resource_path(name)
        stat = path.stat()
        years |= _years_in(str(path), stat.st_size, stat.st_mtime)
    return sorted(years)


def _spans(years: Sequence[int]) -> str:
    """``[1995, 1996, 1997, 2000]`` as ``1995-1997, 2000``."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _country_list(name: str, allowed: tuple[str, ...]) -> Callable[[Any], list[str]]:
    def parse(value: Any) -> list[str]:
        if value is None:
            raise ParameterError(f"{name} is empty: give at least one country; {valid_choices(allowed)}")
        if isinstance(value, str):
            value = [v for v in value.split(",") if v.strip()]
        if not isinstance(value, (list, tuple)):
            raise ParameterError(
                f"{name} must be a list of country codes such as {list(allowed[:2])} or "
                f"'{','.join(allowed[:2])}', got {value!r}"
            )
        if not value:
            raise ParameterError(f"{name} is empty: give at least one country; {valid_choices(allowed)}")
        try:
            codes = {to_code(v, allowed) for v in value}
        except UnknownCountryError as exc:
            raise ParameterError(f"{name}: {exc}") from None
        return [c for c in allowed if c in codes]

    return parse


def _country(name: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ParameterError(f"{name} is empty: give a country; {valid_choices()}")
        try:
            return to_code(value)
        except UnknownCountryError as exc:
            raise ParameterError(f"{name}: {exc}") from None

    return parse


def _year(name: str) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ParameterError(f"{name} must be a whole year such as 2023, got {value!r} ({type(value).__name__})")
        return value

    return parse


def _flag(name: str) -> Callable[[Any], bool]:
    def parse(value: Any) -> bool:
        if not isinstance(value, bool):
            raise ParameterError(f"{name} must be true or false, got {value!r} ({type(value).__name__})")
        return value

    return parse


#: The largest weight accepted (only ratios of weights matter; larger numbers only risk overflow).
MAX_WEIGHT = 1000.0


def _weight(name: str) -> Callable[[Any], float]:
    def parse(value: Any) -> float:
        if isinstance(value, str):
            try:
                value = float(value)  # YAML reads 1e3 (without a dot) as text
            except ValueError:
                pass
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ParameterError(f"{name} must be a finite number from 0 to {MAX_WEIGHT:g}, got {value!r}")
        if not 0 <= value <= MAX_WEIGHT:
            raise ParameterError(f"{name} must be a finite number from 0 to {MAX_WEIGHT:g}, got {value!r}")
        if 0 < value < sys.float_info.min:  # a subnormal: products with it lose their digits or become 0
            raise ParameterError(
                f"{name} must be 0 or a number from {sys.float_info.min:.3g} to {MAX_WEIGHT:g}, got {value!r} "
                "(too small to compute with)"
            )
        return float(value)

    return parse


#: One parser per parameter name used by any notebook.
PARSERS: dict[str, Callable[[Any], Any]] = {
    **{f"weight_{name}": _weight(f"weight_{name}") for name in ("europol", "frameworks", "cfsp", "nato", "milex")},
    "countries": _country_list("countries", WB6),
    "comparison_countries": _country_list("comparison_countries", NEIGHBOURS),
    "focus_country": _country("focus_country"),
    "start_year": _year("start_year"),
    "end_year": _year("end_year"),
    "dedupe": _flag("dedupe"),
}


def label(name: str) -> str:
    """A parameter as a reader names it ('Country in focus' for ``focus_country``): ``labels.LABELS``."""
    from .labels import label as readable

    text = readable(name)
    return text[:1].upper() + text[1:]


def shown(value: Any) -> str:
    """A parameter value as a reader reads it: 'Albania and Kosovo', 'yes', '2024', not a Python repr."""
    from .countries import any_name, join

    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return join([any_name(str(v)) for v in value])
    if isinstance(value, str) and len(value) == 3 and value.isupper():
        return any_name(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class Params(dict):
    """Validated parameters: a dict with attribute access that shows itself as a small table; ``notebook`` and
    ``chapter`` say whose they are (set by ``from_namespace``)."""

    notebook: str = ""
    chapter: int | None = None

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __repr__(self) -> str:
        return "\n".join(f"{k} = {v!r}" for k, v in self.items())

    def _repr_html_(self) -> str:
        import html

        rows = "".join(f'<tr><th scope="row">{html.escape(label(k))}</th><td>{html.escape(shown(v))}</td></tr>'
                       for k, v in self.items())
        return f'<table class="wb-params"><caption>The choices behind this report</caption>{rows}</table>'


def validate(notebook: str, /, **values: Any) -> Params:
    """Check and normalise a notebook's parameters; raise ParameterError naming the first bad one."""
    unknown = [name for name in values if name not in PARSERS]
    if unknown:
        raise ParameterError(f"unknown parameter {unknown[0]!r}; known parameters: {', '.join(PARSERS)}")
    result = Params({name: PARSERS[name](value) for name, value in values.items()})
    weights = [v for k, v in result.items() if k.startswith("weight_")]
    if weights and sum(weights) == 0:
        raise ParameterError("the weights are all 0: give at least one indicator a weight above 0")
    _check_years(notebook, result)
    return result


def fit_years(notebook: str, given: Mapping[str, Any]) -> dict[str, Any]:
    """A year range given to several notebooks, narrowed to the years this notebook's data cover where the two
    overlap (2018-2023 for data of 2023-2025 becomes 2023-2023); a range with no year in common is left as given,
    and refused by ``validate`` naming the notebook."""
    given = dict(given)
    years = years_with_data(notebook) if year_data(notebook) else []
    if not years or not {"start_year", "end_year"} & set(given):
        return given
    try:
        start = int(given.get("start_year", years[0]))
        end = int(given.get("end_year", years[-1]))
    except (TypeError, ValueError):
        return given  # validate says what is wrong with the value
    if start > end or end < years[0] or start > years[-1]:
        return given
    if "start_year" in given:
        given["start_year"] = max(start, years[0])
    if "end_year" in given:
        given["end_year"] = min(end, years[-1])
    return given


def _check_years(notebook: str, values: Mapping[str, Any]) -> None:
    years = years_with_data(notebook) if year_data(notebook) else []
    low, high = (years[0], years[-1]) if years else DEFAULT_YEAR_SPAN
    for name in ("start_year", "end_year"):
        if name in values and not low <= values[name] <= high:
            raise YearsOutsideData(
                f"{name}={values[name]} is outside the years the data of {notebook} cover ({low}-{high})"
            )
    start, end = values.get("start_year", low), values.get("end_year", high)
    if start > end:
        raise ParameterError(f"start_year={start} is after end_year={end}: the range is inverted")
    if years and not any(start <= y <= end for y in years):
        raise YearsOutsideData(
            f"start_year={start}, end_year={end}: no data in these years; the data of {notebook} cover {_spans(years)}"
        )


def parse_cli_value(name: str, text: str, option: str = "-p") -> Any:
    """A ``-p NAME VALUE`` value: YAML, except that a list parameter also takes ``ALB,SRB``."""
    where = f"-p {name} {shorten(repr(text))}" if option == "-p" else f"{option} {name}={shorten(repr(text))}"
    try:
        value = load_yaml(text, where)
    except yaml.YAMLError as exc:
        raise ParameterError(f"{where}: not a valid value ({getattr(exc, 'problem', None) or exc})") from None
    if name.endswith("countries") and isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    return value


def resolve(
    notebook_path: str, notebook: str, given: Mapping[str, Any], strict: bool = True, defaults: bool = False
) -> Params:
    """Validate ``given`` against a notebook's declared parameters (defaults fill the rest).

    With ``strict=False`` a parameter the notebook does not declare is left out instead of refused
    (used when one ``-p`` applies to several notebooks that do not all declare it).  The result holds the
    given parameters only, or every parameter with ``defaults=True``.
    """
    spec = declared(notebook_path)
    for name in given:
        if name not in spec and strict:
            raise ParameterError(
                f"{notebook} has no parameter {name!r}; its parameters are: {', '.join(spec) or '(none)'}"
            )
    given = {name: value for name, value in given.items() if name in spec}
    if not strict:
        given = fit_years(notebook, given)
    merged = {name: info["default"] for name, info in spec.items()} | dict(given)
    checked = validate(notebook, **merged)
    return checked if defaults else Params({name: checked[name] for name in given})


NOTEBOOK_DIR = paths.NOTEBOOK_DIR


def injected_names(history: Sequence[str]) -> list[str]:
    """Names assigned in the cells papermill injects (they start with '# Parameters')."""
    names: list[str] = []
    for source in history:
        if isinstance(source, str) and source.lstrip().startswith("# Parameters"):
            for node in ast.parse(source).body:
                targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
                names += [t.id for t in targets if isinstance(t, ast.Name) and t.id not in names]
    return names


def from_namespace(namespace: Mapping[str, Any], notebook: str | None = None) -> Params:
    """Validate a running notebook's parameters, as they stand in its namespace (pass ``globals()``); the result
    also knows the notebook (``.notebook``) and its part of the report (``.chapter``), learnt from where it runs
    (``this_notebook``) unless ``notebook`` names it.

    Every parameter the notebook declares is checked; a name papermill injected that the notebook
    does not declare is refused (papermill itself only warns about it).
    """
    from . import present, this_notebook

    present.apply_display_options()  # every notebook validates first: its tables then show whole
    notebook = notebook or this_notebook.name(namespace)
    places = (Path.cwd() / f"{notebook}.ipynb", NOTEBOOK_DIR / f"{notebook}.ipynb")
    path = next((p for p in places if p.is_file()), None)
    if path is None:
        raise ParameterError(f"cannot find {notebook}.ipynb in {Path.cwd()} or {NOTEBOOK_DIR}")
    spec = declared(str(path))
    injected = [n for n in injected_names(namespace.get("In", [])) if n not in PAPERMILL_PATHS]
    unknown = [name for name in injected if name not in spec]
    if unknown:
        raise ParameterError(
            f"{notebook} has no parameter {unknown[0]!r} (passed by papermill); its parameters are: {', '.join(spec)}"
        )
    missing = [name for name in spec if name not in namespace]
    if missing:
        raise ParameterError(f"parameter {missing[0]!r} is not defined: run the parameters cell first")
    found = validate(notebook, **{name: namespace[name] for name in spec})
    found.notebook, found.chapter = notebook, this_notebook.chapter(notebook)
    return found


#: What papermill's ``--inject-paths`` adds to the parameters (the notebook's own path, not a parameter of it).
PAPERMILL_PATHS = ("PAPERMILL_INPUT_PATH", "PAPERMILL_OUTPUT_PATH")
