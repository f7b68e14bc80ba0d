"""Execute notebooks with papermill and export reader and full HTML reports with nbconvert.

Parameters are validated before any kernel starts.  Every file is written
atomically; a notebook that fails leaves its executed copy under
``<out>/failed/`` and does not touch the previous good report.  A report whose
inputs (notebook, parameters, data, library code, key package versions) have
not changed is not rebuilt unless ``force`` is set.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import platform
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from . import __version__, data
from .errors import BuildError
from .files import write_atomic
from .kernels import manager_class
from .params import Params, resolve

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = Path(os.environ.get("WBANALYSIS_NOTEBOOKS", ROOT / "notebooks"))
DEFAULT_OUT = ROOT / "reports"
#: Seconds a single cell may run before the build gives up on the notebook.
DEFAULT_CELL_TIMEOUT = 300
KEY_PACKAGES = ("pandas", "numpy", "matplotlib", "seaborn", "papermill", "nbconvert", "nbformat", "ipykernel")
STATE_DIR = ".build"


@dataclass
class Result:
    """What happened to one notebook."""

    notebook: str
    status: str  # built | up to date | failed
    seconds: float = 0.0
    params: dict[str, Any] = field(default_factory=dict)
    reader: str = ""
    full: str = ""
    error: str = ""


def available(notebook_dir: Path | None = None) -> list[Path]:
    """The chapter notebooks, sorted by name."""
    return sorted(Path(notebook_dir or NOTEBOOK_DIR).glob("[0-9][0-9]_*.ipynb"))


def find(selectors: Sequence[str], notebook_dir: Path | None = None) -> list[Path]:
    """Notebooks named by path or name prefix (all when none given); the error lists the choices."""
    every = available(notebook_dir)
    if not selectors:
        return every
    chosen: list[Path] = []
    for sel in selectors:
        path = Path(sel)
        if path.suffix == ".ipynb" and path.is_file():
            matches = [path.resolve()]
        else:
            matches = [nb for nb in every if nb.stem.startswith(sel) or nb.name == sel]
        if len(matches) != 1:
            names = ", ".join(nb.stem for nb in every)
            problem = "matches no notebook" if not matches else "matches several notebooks"
            raise BuildError(f"notebook {sel!r} {problem}; available: {names}")
        chosen += [m for m in matches if m not in chosen]
    return chosen


def cache_key(notebook: Path, params: Mapping[str, Any]) -> str:
    """Hash of everything a report depends on: notebook, parameters, data, library code, versions."""
    digest = hashlib.sha256()

    def add(label: str, payload: bytes) -> None:
        digest.update(label.encode() + b"\0" + hashlib.sha256(payload).digest())

    add("notebook", notebook.read_bytes())
    add("params", json.dumps(params, sort_keys=True).encode())
    for path in sorted(data.DATA_DIR.rglob("*")):
        if path.is_file():
            add(f"data:{path.relative_to(data.DATA_DIR)}", path.read_bytes())
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        add(f"code:{path.relative_to(Path(__file__).parent)}", path.read_bytes())
    versions = {name: version(name) for name in KEY_PACKAGES} | {"python": platform.python_version()}
    add("versions", json.dumps(versions, sort_keys=True).encode())
    return digest.hexdigest()


def _execute(notebook: Path, params: Mapping[str, Any], timeout: int, scratch: Path) -> Any:
    """Run the notebook; papermill saves it to ``scratch`` as it goes, so a failure leaves a copy."""
    import papermill

    scratch.parent.mkdir(parents=True, exist_ok=True)
    return papermill.execute_notebook(
        str(notebook),
        str(scratch),
        parameters=dict(params),
        kernel_name="python3",
        cwd=str(notebook.parent),
        execution_timeout=timeout,
        progress_bar=False,
        log_output=False,
        kernel_manager_class=manager_class(),
    )


def _export(executed: Any, reader: bool) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab", exclude_input=reader, exclude_input_prompt=reader, exclude_output_prompt=reader
    )
    body, _ = exporter.from_notebook_node(executed)
    return body


def build_one(
    notebook: Path, params: Params, out_dir: Path, force: bool = False, timeout: int = DEFAULT_CELL_TIMEOUT
) -> Result:
    """Build one notebook's reader and full reports (or skip them when up to date)."""
    name = notebook.stem
    reader, full = out_dir / f"{name}.html", out_dir / f"{name}.full.html"
    state = out_dir / STATE_DIR / f"{name}.json"
    key = cache_key(notebook, params)
    result = Result(name, "built", params=dict(params), reader=reader.name, full=full.name)
    if not force and reader.exists() and full.exists() and state.exists():
        if json.loads(state.read_text(encoding="utf-8")).get("key") == key:
            result.status = "up to date"
            return result
    started = time.perf_counter()
    scratch = out_dir / STATE_DIR / "running" / notebook.name
    try:
        executed = _execute(notebook, params, timeout, scratch)
    except Exception as exc:  # papermill raises several types; all mean the notebook failed
        result.status, result.error = "failed", _describe(exc)
        if scratch.exists():
            (out_dir / "failed").mkdir(exist_ok=True)
            os.replace(scratch, out_dir / "failed" / notebook.name)
        result.seconds = time.perf_counter() - started
        return result
    finally:
        scratch.unlink(missing_ok=True)
    write_atomic(reader, _export(executed, reader=True))
    write_atomic(full, _export(executed, reader=False))
    result.seconds = time.perf_counter() - started
    record = asdict(result) | {
        "key": key,
        "title": _title(executed),
        "built": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    write_atomic(state, json.dumps(record, indent=2, sort_keys=True))
    return result


def _describe(exc: Exception) -> str:
    ename, evalue = getattr(exc, "ename", type(exc).__name__), getattr(exc, "evalue", str(exc))
    cell = getattr(exc, "exec_count", None)
    where = f" in cell {cell}" if cell else ""
    return f"{ename}{where}: {evalue}".strip()


def _title(executed: Any) -> str:
    for cell in executed.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def build(
    selectors: Sequence[str] = (),
    raw_params: Mapping[str, Any] | None = None,
    out_dir: Path | None = None,
    force: bool = False,
    timeout: int = DEFAULT_CELL_TIMEOUT,
    progress: Callable[[str], None] | None = None,
) -> list[Result]:
    """Validate all parameters first, then build each notebook and rewrite the index."""
    out_dir = Path(out_dir or DEFAULT_OUT)
    notebooks = find(selectors)
    if not notebooks:
        raise BuildError(f"no notebooks found in {NOTEBOOK_DIR}")
    plans = [(nb, resolve(str(nb), nb.stem, raw_params or {})) for nb in notebooks]
    _check_writable(out_dir)
    results = []
    for k, (nb, params) in enumerate(plans, 1):
        if progress:
            progress(f"[{k}/{len(plans)}] {nb.stem} ...")
        result = build_one(nb, params, out_dir, force=force, timeout=timeout)
        results.append(result)
        if progress:
            detail = f" - {result.error}" if result.error else ""
            progress(f"[{k}/{len(plans)}] {nb.stem}: {result.status} ({result.seconds:.1f} s){detail}")
    write_index(out_dir)
    return results


def _check_writable(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / ".write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise BuildError(
            f"cannot write reports to {out_dir}: {exc.strerror}; choose another folder with --out"
        ) from None


def write_index(out_dir: Path) -> Path:
    """``index.html``: every report built into ``out_dir``, its parameters, and build information."""
    from .claims import VERDICTS, evaluate_all, scorecard

    records = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((out_dir / STATE_DIR).glob("*.json"))]
    esc = html.escape
    cards = []
    for rec in records:
        params = ", ".join(f"{k}={v!r}" for k, v in rec["params"].items()) or "defaults"
        cards.append(
            f'<li class="card"><h2>{esc(rec["title"] or rec["notebook"])}</h2>'
            f'<p><a href="{esc(rec["reader"])}">Reader report</a> · '
            f'<a href="{esc(rec["full"])}">Full report with code</a></p>'
            f"<p>Parameters: {esc(params)}</p><p>Built {esc(rec['built'])} in {rec['seconds']:.1f} s</p></li>"
        )
    card = scorecard(evaluate_all())
    header = "".join(f"<th>{esc(v)}</th>" for v in VERDICTS)
    rows = "".join(
        f"<tr><th>Chapter {chapter}</th>" + "".join(f"<td>{int(card.loc[chapter, v])}</td>" for v in VERDICTS) + "</tr>"
        for chapter in card.index
    )
    pkg = data.package()
    data_hash = data.sha256(data.DATA_DIR / data.PACKAGE_FILE).split(":")[1][:12]
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>wbanalysis reports</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}}
.card{{list-style:none;border:1px solid #ccc;border-radius:6px;padding:0 1rem;margin:1rem 0}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}}</style></head>
<body><h1>Regional Security Cooperation in the Western Balkans: the evidence</h1>
<p>Reports generated by wbanalysis from the KCSS report (April 2025) and the data in <code>data/</code>.</p>
<ul>{"".join(cards) or "<li>No reports built yet.</li>"}</ul>
<h2>Claims scorecard</h2><table><tr><th></th>{header}</tr>{rows}</table>
<h2>Build information</h2><p>wbanalysis {esc(__version__)} · data package {esc(pkg.get("version", ""))}
(datapackage.json sha256 {data_hash}…) · Python {esc(platform.python_version())}</p>
</body></html>
"""
    return write_atomic(out_dir / "index.html", page)


#: Metadata papermill and Jupyter add on every run; stripped so committed notebooks diff cleanly.
VOLATILE = ("papermill", "execution")


def strip_volatile(nb: Any) -> Any:
    """Remove run-specific metadata (papermill timings, execution timestamps) from a notebook node."""
    for key in VOLATILE:
        nb.metadata.pop(key, None)
    for cell in nb.cells:
        for key in VOLATILE:
            cell.metadata.pop(key, None)
    return nb


def refresh(
    selectors: Sequence[str] = (), timeout: int = DEFAULT_CELL_TIMEOUT, progress: Callable[[str], None] | None = None
) -> list[Path]:
    """Re-execute notebooks in place with their default parameters and strip volatile metadata."""
    import nbformat

    notebooks = find(selectors)
    for k, nb in enumerate(notebooks, 1):
        if progress:
            progress(f"[{k}/{len(notebooks)}] {nb.stem}")
        scratch = nb.parent / f".{nb.stem}.running.ipynb"
        try:
            executed = _execute(nb, {}, timeout, scratch)
        except Exception as exc:
            raise BuildError(f"{nb.name} failed: {_describe(exc)}; the committed notebook is unchanged") from None
        finally:
            scratch.unlink(missing_ok=True)
        write_atomic(nb, nbformat.writes(strip_volatile(executed)) + "\n")
    return notebooks
