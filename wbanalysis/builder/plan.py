"""Planning a build: which notebooks, which parameter sets, and the name of each report.

Everything here is checked before any kernel starts; nothing here starts one.
"""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import paths
from ..errors import BuildError, ParameterError, YearsOutsideData
from ..limits import MAX_YAML_CHARACTERS, load_yaml, shorten
from ..params import Params, declared, parse_cli_value, resolve


@dataclass
class Job:
    """One report to build: a notebook and one set of parameters."""

    notebook: Path
    params: Params
    name: str  # file stem of the report: the notebook name, plus the parameters for a variant

    @property
    def variant(self) -> bool:
        return self.name != self.notebook.stem


def available(notebook_dir: Path | None = None) -> list[Path]:
    """The chapter notebooks, sorted by name."""
    return sorted(Path(notebook_dir or paths.NOTEBOOK_DIR).glob("[0-9][0-9]_*.ipynb"))


def find(selectors: Sequence[str], notebook_dir: Path | None = None) -> list[Path]:
    """Notebooks named by path or name prefix (all when none given); the error lists the choices."""
    every = available(notebook_dir)
    if not selectors:
        return every
    chosen: list[Path] = []
    for sel in selectors:
        if not str(sel).strip():
            raise BuildError(f"an empty notebook name; available: {', '.join(nb.stem for nb in every)}")
        path = Path(sel)
        if path.suffix == ".ipynb" and path.is_file():
            matches = [path.resolve()]
        else:
            exact = [nb for nb in every if nb.stem == sel or nb.name == sel]  # the exact name wins over a copy
            matches = exact or [nb for nb in every if nb.stem.startswith(sel)]
        if len(matches) != 1:
            names = ", ".join(nb.stem for nb in every)
            problem = "matches no notebook" if not matches else "matches several notebooks"
            raise BuildError(f"notebook {shorten(repr(sel))} {problem}; available: {names}")
        chosen += [m for m in matches if m not in chosen]
    return chosen


def parse_sweep(text: str) -> tuple[str, list[Any]]:
    """``NAME=V1,V2,...`` to the name and its values (each value YAML)."""
    name, sep, values = text.partition("=")
    if not sep or not name.strip() or not values.strip():
        raise ParameterError(f"--sweep {text!r}: expected NAME=V1,V2,... such as focus_country=ALB,SRB")
    name = name.strip()
    parsed = [parse_cli_value(name, v.strip(), option="--sweep") for v in values.split(",") if v.strip()]
    if not parsed:
        raise ParameterError(
            f"--sweep {shorten(repr(text))}: no value given; expected NAME=V1,V2,... such as focus_country=ALB,SRB"
        )
    return name, parsed


def read_params_file(path: str) -> list[dict[str, Any]]:
    """A YAML file holding a list of parameter sets (mappings)."""
    import yaml

    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read(MAX_YAML_CHARACTERS + 1)
        content = load_yaml(text, f"--params-file {path}")
    except FileNotFoundError:
        raise ParameterError(f"--params-file {path}: file not found") from None
    except IsADirectoryError:
        raise ParameterError(f"--params-file {path}: is a folder; give a YAML file") from None
    except UnicodeDecodeError:
        raise ParameterError(f"--params-file {path}: not UTF-8 text; save it as UTF-8") from None
    except yaml.YAMLError as exc:
        raise ParameterError(f"--params-file {path}: not valid YAML ({exc})") from None
    if not isinstance(content, list) or not all(isinstance(item, dict) for item in content):
        raise ParameterError(
            f"--params-file {path}: expected a list of parameter sets, e.g. '- {{focus_country: ALB}}'"
        )
    if not content:
        raise ParameterError(
            f"--params-file {path}: holds no parameter set; give at least one, e.g. '- {{focus_country: ALB}}'"
        )
    for number, item in enumerate(content, 1):
        bad = [k for k in item if not isinstance(k, str)]
        if bad:
            raise ParameterError(f"--params-file {path}, set {number}: parameter names must be text, got {bad[0]!r}")
    return content


def parameter_sets(base: Mapping[str, Any], sweeps: Sequence[str] = (), params_file: str | None = None) -> list[dict]:
    """Every combination: the sweeps' cartesian product times the file's sets, each over ``base``."""
    axes = [parse_sweep(s) for s in sweeps]
    names = [n for n, _ in axes]
    repeated = sorted({n for n in names if names.count(n) > 1} | (set(names) & set(base)))
    if repeated:
        raise ParameterError(f"{repeated[0]!r} is given more than once (in -p and --sweep, or in two --sweep options)")
    swept = [dict(zip([n for n, _ in axes], combo, strict=True)) for combo in itertools.product(*[v for _, v in axes])]
    listed = read_params_file(params_file) if params_file else [{}]
    in_file = sorted({k for item in listed for k in item} & (set(names) | set(base)))
    if in_file:
        raise ParameterError(
            f"{in_file[0]!r} is given more than once (in --params-file {params_file} and in -p or --sweep); "
            "give each parameter in one place"
        )
    return [dict(base) | sweep | extra for sweep in swept for extra in listed]


def _slug(value: Any) -> str:
    if isinstance(value, bool):
        text = str(value).lower()
    elif isinstance(value, (list, tuple)):
        text = "+".join(str(v) for v in value)
    else:
        text = str(value)
    return re.sub(r"[^A-Za-z0-9+.]+", "-", text).strip("-")


def report_name(notebook: Path, varied: Mapping[str, Any]) -> str:
    """``02_institutional_frameworks__focus_country-SRB`` for a variant; the notebook's name otherwise."""
    if not varied:
        return notebook.stem
    return notebook.stem + "".join(f"__{name}-{_slug(value)}" for name, value in varied.items())


def plan(
    selectors: Sequence[str] = (),
    sets: Sequence[Mapping[str, Any]] = ({},),
    vary: Sequence[str] = (),
    name_changes: bool = False,
) -> list[Job]:
    """Validate every (notebook, parameter set) before anything runs.

    ``vary`` names the swept parameters, which always go into the report's name; with ``name_changes`` so does
    every parameter whose value differs from the notebook's default, so a variant never replaces the default
    report.  Identical variants (a swept parameter a notebook lacks) are planned once.
    """
    notebooks = find(selectors)
    if not notebooks:
        raise BuildError(f"no notebooks found in {paths.NOTEBOOK_DIR}")
    names = {name for params in sets for name in params}
    known = {name for nb in notebooks for name in declared(str(nb))}
    unknown = sorted(names - known)
    if unknown:
        listing = "; ".join(f"{nb.stem}: {', '.join(declared(str(nb))) or '(none)'}" for nb in notebooks)
        raise ParameterError(f"no selected notebook has a parameter {unknown[0]!r}; parameters are {listing}")
    jobs: list[Job] = []
    left_out: list[str] = []
    for nb in notebooks:
        defaults = resolve(str(nb), nb.stem, {}, strict=True, defaults=True) if name_changes else {}
        for params in sets:
            try:
                checked = resolve(str(nb), nb.stem, params, strict=len(notebooks) == 1)
            except YearsOutsideData as exc:
                if len(notebooks) == 1:
                    raise
                left_out.append(str(exc))  # a year range for several notebooks: built where the data cover it
                continue
            varied = {k: v for k, v in checked.items() if k in vary or (name_changes and v != defaults.get(k))}
            job = Job(nb, checked, report_name(nb, varied))
            if all(j.name != job.name for j in jobs):
                jobs.append(job)
    if left_out and not jobs:
        raise ParameterError(left_out[0])
    for reason in dict.fromkeys(left_out):
        print(f"note: left out, its data do not cover the years asked for: {reason}", file=sys.stderr)
    return jobs


def recorded(out_dir: Path, selectors: Sequence[str] = ()) -> list[Job]:
    """Every report already in ``out_dir``, the default ones and the variants, with the parameters its build
    record holds (``build --stale``: the cache then rebuilds those whose inputs changed).  A report of a notebook
    that is no longer in the project is left out, and named."""
    from .record import read_all

    records, _ = read_all(out_dir)
    wanted = {nb.stem for nb in find(selectors)} if selectors else None
    every = {nb.stem: nb for nb in available()}
    jobs: list[Job] = []
    for rec in records:
        nb = every.get(rec.notebook)
        if nb is None:
            print(f"note: left out, its notebook {rec.notebook} is not in {paths.NOTEBOOK_DIR}: {rec.name}",
                  file=sys.stderr)
            continue
        if wanted is not None and rec.notebook not in wanted:
            continue
        try:
            params = resolve(str(nb), nb.stem, rec.params, strict=True)
        except ParameterError as exc:
            raise ParameterError(f"{rec.name}: its recorded parameters are no longer valid: {exc}") from None
        jobs.append(Job(nb, params, rec.name))
    if not jobs:
        raise BuildError(f"--stale: no report in {out_dir} to rebuild; build one first (wbanalysis build --out ...)")
    return jobs
