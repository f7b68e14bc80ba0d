"""Execute notebooks with papermill and export reader and full HTML reports with nbconvert.

- Parameters are validated for every job before any kernel starts.
- Jobs run in parallel worker processes (papermill is not thread-safe); each worker executes and
  exports in-process, so no interpreter starts per notebook besides its kernel.
- A report whose inputs have not changed is skipped: the cache key hashes the notebook's cell
  sources, tags and kernelspec, the parameters, every file under data/, the wbanalysis source and
  the versions of Python and the key packages.  A no-op build imports neither papermill nor nbconvert.
- Every file is written atomically.  A notebook that fails keeps its executed copy under
  ``<out>/failed/`` and leaves the previous good report untouched; the other notebooks still build.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import os
import platform
import re
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from . import __version__, data, paths, polish
from .errors import BuildError, ParameterError, WBAnalysisError
from .files import write_atomic
from .params import Params, declared, parse_cli_value, resolve

NOTEBOOK_DIR = paths.NOTEBOOK_DIR
DEFAULT_OUT = paths.REPORTS_DIR
#: Seconds a single cell may run before the build gives up on the notebook.
DEFAULT_CELL_TIMEOUT = 300
KEY_PACKAGES = ("pandas", "numpy", "matplotlib", "seaborn", "papermill", "nbconvert", "nbformat", "ipykernel")
STATE_DIR = ".build"


@dataclass
class Job:
    """One report to build: a notebook and one set of parameters."""

    notebook: Path
    params: Params
    name: str  # file stem of the report: the notebook name, plus the parameters for a variant

    @property
    def variant(self) -> bool:
        return self.name != self.notebook.stem


@dataclass
class Result:
    """What happened to one job."""

    notebook: str
    name: str
    status: str  # built | up to date | failed
    seconds: float = 0.0
    params: dict[str, Any] = field(default_factory=dict)
    reader: str = ""
    full: str = ""
    error: str = ""


# --- choosing notebooks and parameter sets ---------------------------------------------------------


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


def parse_sweep(text: str) -> tuple[str, list[Any]]:
    """``NAME=V1,V2,...`` to the name and its values (each value YAML)."""
    name, sep, values = text.partition("=")
    if not sep or not name.strip() or not values.strip():
        raise ParameterError(f"--sweep {text!r}: expected NAME=V1,V2,... such as focus_country=ALB,SRB")
    return name.strip(), [parse_cli_value("", v.strip()) for v in values.split(",") if v.strip()]


def read_params_file(path: str) -> list[dict[str, Any]]:
    """A YAML file holding a list of parameter sets (mappings)."""
    import yaml

    try:
        content = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ParameterError(f"--params-file {path}: file not found") from None
    except yaml.YAMLError as exc:
        raise ParameterError(f"--params-file {path}: not valid YAML ({exc})") from None
    if not isinstance(content, list) or not all(isinstance(item, dict) for item in content):
        raise ParameterError(
            f"--params-file {path}: expected a list of parameter sets, e.g. '- {{focus_country: ALB}}'"
        )
    return content


def parameter_sets(base: Mapping[str, Any], sweeps: Sequence[str] = (), params_file: str | None = None) -> list[dict]:
    """Every combination: the sweeps' cartesian product times the file's sets, each over ``base``."""
    axes = [parse_sweep(s) for s in sweeps]
    swept = [dict(zip([n for n, _ in axes], combo, strict=True)) for combo in itertools.product(*[v for _, v in axes])]
    listed = read_params_file(params_file) if params_file else [{}]
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
    report.
    """
    notebooks = find(selectors)
    if not notebooks:
        raise BuildError(f"no notebooks found in {NOTEBOOK_DIR}")
    names = {name for params in sets for name in params}
    known = {name for nb in notebooks for name in declared(str(nb))}
    unknown = sorted(names - known)
    if unknown:
        listing = "; ".join(f"{nb.stem}: {', '.join(declared(str(nb))) or '(none)'}" for nb in notebooks)
        raise ParameterError(f"no selected notebook has a parameter {unknown[0]!r}; parameters are {listing}")
    jobs = []
    for nb in notebooks:
        for params in sets:
            checked = resolve(str(nb), nb.stem, params, strict=len(notebooks) == 1)
            defaults = resolve(str(nb), nb.stem, {}, strict=True, defaults=True) if name_changes else {}
            varied = {k: v for k, v in checked.items() if k in vary or (name_changes and v != defaults.get(k))}
            job = Job(nb, checked, report_name(nb, varied))
            if all(j.name != job.name for j in jobs):  # identical variants (a swept name it lacks) build once
                jobs.append(job)
    return jobs


# --- the cache key -----------------------------------------------------------------------------------


def _notebook_fingerprint(notebook: Path) -> bytes:
    """Cell types, sources and tags, and the kernelspec: what an execution depends on (not old outputs)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    cells = [[c["cell_type"], "".join(c["source"]), c.get("metadata", {}).get("tags", [])] for c in nb["cells"]]
    return json.dumps([cells, nb.get("metadata", {}).get("kernelspec")], sort_keys=True).encode()


def cache_key(notebook: Path, params: Mapping[str, Any], data_dir: Path | None = None) -> str:
    """Hash of everything a report depends on: notebook, parameters, data, library code, versions."""
    data_dir = Path(data_dir or data.DATA_DIR)
    digest = hashlib.sha256()

    def add(label: str, payload: bytes) -> None:
        digest.update(label.encode() + b"\0" + hashlib.sha256(payload).digest())

    add("notebook", _notebook_fingerprint(notebook))
    add("params", json.dumps(params, sort_keys=True).encode())
    for path in sorted(data_dir.rglob("*")):
        if path.is_file():
            add(f"data:{path.relative_to(data_dir)}", path.read_bytes())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        add(f"code:{path.relative_to(package)}", path.read_bytes())
    add("versions", json.dumps(environment(), sort_keys=True).encode())
    return digest.hexdigest()


def environment() -> dict[str, str]:
    """Versions of Python and of the packages whose upgrades can change a report."""
    return {name: version(name) for name in KEY_PACKAGES} | {"python": platform.python_version()}


def _state(out_dir: Path, name: str) -> Path:
    return out_dir / STATE_DIR / f"{name}.json"


def up_to_date(job: Job, out_dir: Path, key: str) -> bool:
    """True when both reports exist and were built from exactly these inputs."""
    state = _state(out_dir, job.name)
    if not (
        state.exists() and (out_dir / f"{job.name}.html").exists() and (out_dir / f"{job.name}.full.html").exists()
    ):
        return False
    try:
        return json.loads(state.read_text(encoding="utf-8")).get("key") == key
    except (OSError, json.JSONDecodeError):
        return False


# --- executing and exporting ---------------------------------------------------------------------------


def _execute(notebook: Path, params: Mapping[str, Any], timeout: int, scratch: Path) -> Any:
    """Run the notebook; papermill saves it to ``scratch`` as it goes, so a failure leaves a copy."""
    import papermill

    from .kernels import manager_class

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
        request_save_on_cell_execute=False,
    )


#: The kernel a worker process keeps between jobs: (kernel manager, kernel client) or None.
_WARM_KERNEL: list[Any] = []
#: Run before each notebook in a kept kernel: see ``kernel_state.fresh``.
RESET_CODE = '__import__("wbanalysis.kernel_state", fromlist=["fresh"]).fresh(get_ipython())'


def _execute_warm(notebook: Path, params: Mapping[str, Any], timeout: int) -> Any:
    """Execute a notebook in this worker's kernel, started on first use and reset between notebooks.

    A worker builds several reports in a row (a sweep, or more notebooks than workers); starting a
    kernel and importing pandas, matplotlib and wbanalysis costs about two seconds each time, so the
    kernel is kept, and ``kernel_state.fresh`` makes it look new before each notebook (names, input
    history, environment, library options).  Parameters are
    injected by papermill (as literals in a cell of their own); execution counts are renumbered so
    the report reads as a fresh run.  A failure shuts the kernel down: the next job gets a new one.
    """
    import nbformat
    from nbclient import NotebookClient
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from .kernels import manager_class

    nb = parameterize_notebook(
        load_notebook_node(str(notebook)), dict(params), kernel_name="python3", language="python"
    )
    nb.cells.insert(0, nbformat.v4.new_code_cell(RESET_CODE))
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        kernel_manager_class=manager_class(),
        resources={"metadata": {"path": str(notebook.parent)}},
        shutdown_kernel="immediate",
    )
    if _WARM_KERNEL:
        client.km, client.kc = _WARM_KERNEL
    try:
        # kernels started here also render figures as SVG (for figures/); the caller's environment is left alone
        client.execute(cleanup_kc=False, env=os.environ | {"WBANALYSIS_SVG": "1"})
    except BaseException as exc:
        _stop_warm_kernel(client)
        nb.cells.pop(0)
        exc.wb_notebook = nb  # the partly executed notebook, kept under failed/
        raise
    nb.cells.pop(0)
    if not _WARM_KERNEL:
        import multiprocessing.util

        # worker processes skip atexit; a Finalize runs when the worker exits (and atexit in the parent)
        multiprocessing.util.Finalize(None, shutdown_warm_kernel, exitpriority=10)
    _WARM_KERNEL[:] = [client.km, client.kc]
    for number, cell in enumerate((c for c in nb.cells if c.cell_type == "code"), 1):
        cell.execution_count = number
        for output in cell.get("outputs", []):
            if "execution_count" in output:
                output["execution_count"] = number
    return nb


def shutdown_warm_kernel() -> None:
    """Stop this process's kept kernel, if any, and remove its sockets."""
    if _WARM_KERNEL:
        from nbclient import NotebookClient

        client = NotebookClient(nbformat_stub(), shutdown_kernel="immediate")
        client.km, client.kc = _WARM_KERNEL
        _stop_warm_kernel(client)


def nbformat_stub() -> Any:
    import nbformat

    return nbformat.v4.new_notebook()


def _stop_warm_kernel(client: Any) -> None:
    """Shut down a worker's kernel (after a failure, or when the worker ends)."""
    _WARM_KERNEL.clear()
    km = getattr(client, "km", None)
    if km is not None and km.has_kernel:
        try:
            client._cleanup_kernel()
        except Exception:  # a dead kernel cannot be shut down cleanly; its process is gone already
            pass


TEMPLATES = Path(__file__).parent / "templates"


def _export(executed: Any, reader: bool) -> str:
    """HTML from the ``offline`` template: the lab look, with nothing loaded from the network."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="offline",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=reader,
        exclude_input_prompt=reader,
        exclude_output_prompt=reader,
    )
    body, _ = exporter.from_notebook_node(executed, resources={"metadata": {"name": _title(executed) or "Report"}})
    return body


def _describe(exc: BaseException, nb: Any = None) -> str:
    """``RuntimeError in cell 3: message``: the error and the cell it happened in (its execution count)."""
    ename, evalue = getattr(exc, "ename", type(exc).__name__), getattr(exc, "evalue", None)
    if ename == "CellTimeoutError":
        evalue = "the cell ran longer than the per-cell timeout (raise it with --timeout SECONDS)"
    elif ename == "DeadKernelError":
        evalue = "the kernel died (out of memory, or the code ended the process)"
    elif evalue is None:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip().strip("-")]
        evalue = lines[-1] if lines else ""
    cell = getattr(exc, "exec_count", None)
    if cell is None and nb is not None:
        code = [c for c in nb.cells if c.cell_type == "code"]
        errors = [any(o.get("output_type") == "error" for o in c.get("outputs", [])) for c in code]
        failing = [n for n, failed in enumerate(errors, 1) if failed]
        started = [n for n, c in enumerate(code, 1) if c.get("execution_count") is not None]
        cell = failing[0] if failing else (started[-1] if started else None)
    where = f" in cell {cell}" if cell else ""
    return f"{ename}{where}: {evalue}".strip()


def _title(executed: Any) -> str:
    for cell in executed.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def run_job(job: Job, out_dir: Path, key: str, timeout: int = DEFAULT_CELL_TIMEOUT) -> Result:
    """Execute and export one job (in a worker process); never raises for a failing notebook."""
    reader, full = out_dir / f"{job.name}.html", out_dir / f"{job.name}.full.html"
    result = Result(job.notebook.stem, job.name, "built", params=dict(job.params), reader=reader.name, full=full.name)
    started = time.perf_counter()
    try:
        executed = _execute_warm(job.notebook, job.params, timeout)
        figure_names = polish.write_figures(executed, out_dir, job.name)
        _drop_svg(executed)  # SVG went to figures/; the pages embed the PNG, which carries alt text
        reader_html = polish.reader(_export(executed, reader=True), executed, full.name, figure_names)
        full_html = _export(executed, reader=False)
    except Exception as exc:  # nbclient raises several types; all mean the notebook failed
        partial = getattr(exc, "wb_notebook", None)
        result.status, result.error = "failed", _describe(exc, partial)
        if partial is not None:
            import nbformat

            write_atomic(out_dir / "failed" / f"{job.name}.ipynb", nbformat.writes(partial))
        result.seconds = time.perf_counter() - started
        return result
    write_atomic(reader, reader_html)
    write_atomic(full, full_html)
    result.seconds = time.perf_counter() - started
    record = asdict(result) | {
        "key": key,
        "title": _title(executed),
        "variant": job.variant,
        "built": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    write_atomic(_state(out_dir, job.name), json.dumps(record, indent=2, sort_keys=True))
    return result


def _stop_everything(pool: Any, out_dir: Path) -> None:
    """After Ctrl-C (or any error in the caller): kill workers and their kernels, remove temporary files.

    Reports are written to a temporary file and renamed, so a killed worker can leave only a
    temporary file behind, never a half-written report; those are removed here.
    """
    import psutil

    pool.shutdown(wait=False, cancel_futures=True)
    descendants = psutil.Process().children(recursive=True)
    for proc in descendants:
        try:
            proc.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(descendants, timeout=10)
    for leftover in out_dir.rglob(".*.tmp"):
        leftover.unlink(missing_ok=True)


def _drop_svg(executed: Any) -> None:
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            output.get("data", {}).pop("image/svg+xml", None)


def _pool_worker(args: tuple[Job, Path, str, int]) -> Result:
    return run_job(*args)


def default_jobs() -> int:
    """Worker processes by default: the cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def execute_jobs(
    jobs: Sequence[Job],
    out_dir: Path,
    force: bool = False,
    timeout: int = DEFAULT_CELL_TIMEOUT,
    workers: int | None = None,
    progress: Progress | None = None,
) -> list[Result]:
    """Build the jobs that are not up to date, ``workers`` at a time; results in job order."""
    progress = progress or Progress(len(jobs), enabled=False)
    keys = [cache_key(job.notebook, job.params) for job in jobs]
    results: dict[int, Result] = {}
    todo = []
    for k, (job, key) in enumerate(zip(jobs, keys, strict=True)):
        if not force and up_to_date(job, out_dir, key):
            results[k] = Result(
                job.notebook.stem,
                job.name,
                "up to date",
                params=dict(job.params),
                reader=f"{job.name}.html",
                full=f"{job.name}.full.html",
            )
            progress.done(results[k])
        else:
            todo.append(k)
    if todo:
        # always in worker processes, even one: the caller stays free to handle Ctrl-C (nbclient, which
        # runs the notebooks, installs its own SIGINT handler in whichever process it runs in)
        workers = max(1, min(workers or default_jobs(), len(todo)))
        results.update(_parallel(jobs, keys, todo, out_dir, timeout, workers, progress))
    return [results[k] for k in range(len(jobs))]


def _parallel(
    jobs: Sequence[Job],
    keys: Sequence[str],
    todo: Sequence[int],
    out_dir: Path,
    timeout: int,
    workers: int,
    progress: Progress,
) -> dict[int, Result]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # forkserver: workers fork from a clean single-threaded server that has papermill and nbconvert
    # imported once; forking the (possibly multi-threaded) caller itself can deadlock.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["papermill", "nbconvert", "wbanalysis.build"])
    results = {}
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(_pool_worker, (jobs[k], out_dir, keys[k], timeout)): k for k in todo}
        for k in todo[:workers]:
            progress.start(jobs[k].name)
        try:
            for future in as_completed(futures):
                k = futures[future]
                results[k] = future.result()
                progress.done(results[k])
        except BaseException:
            _stop_everything(pool, out_dir)
            raise
    return results


class Progress:
    """A progress bar (reports done/total, the current report, elapsed time) on a terminal; lines elsewhere."""

    def __init__(self, total: int, enabled: bool = True, stream: Any = None) -> None:
        self.total, self.enabled, self.count = total, enabled, 0
        self.stream = stream or sys.stderr
        self.bar = None
        if enabled and total and getattr(self.stream, "isatty", lambda: False)():
            from tqdm import tqdm

            self.bar = tqdm(
                total=total,
                unit="report",
                file=self.stream,
                dynamic_ncols=True,
                bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}] {postfix}",
            )

    def start(self, name: str) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(name)

    def done(self, result: Result) -> None:
        self.count += 1
        if self.bar is not None:
            self.bar.set_postfix_str(f"{result.name}: {result.status}")
            self.bar.update(1)
        elif self.enabled:
            detail = f" - {result.error}" if result.error else ""
            print(
                f"[{self.count}/{self.total}] {result.name}: {result.status} ({result.seconds:.1f} s){detail}",
                file=self.stream,
                flush=True,
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def build(
    selectors: Sequence[str] = (),
    raw_params: Mapping[str, Any] | None = None,
    out_dir: Path | None = None,
    force: bool = False,
    timeout: int = DEFAULT_CELL_TIMEOUT,
    workers: int | None = None,
    sweeps: Sequence[str] = (),
    params_file: str | None = None,
    show_progress: bool = False,
) -> list[Result]:
    """Validate every job, build what is out of date in parallel, and rewrite the index if anything changed."""
    name_changes = out_dir is None  # into the default folder, a variant must not take the default report's name
    out_dir = Path(out_dir or DEFAULT_OUT)
    sets = parameter_sets(raw_params or {}, sweeps, params_file)
    vary = [parse_sweep(s)[0] for s in sweeps] + sorted(
        {k for s in (read_params_file(params_file) if params_file else []) for k in s}
    )
    jobs = plan(selectors, sets, vary, name_changes=name_changes)
    _check_writable(out_dir)
    progress = Progress(len(jobs), enabled=show_progress)
    try:
        results = execute_jobs(jobs, out_dir, force=force, timeout=timeout, workers=workers, progress=progress)
    finally:
        progress.close()
    if any(r.status == "built" for r in results) or not (out_dir / "index.html").exists():
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


# --- the index -----------------------------------------------------------------------------------------------


def _scorecard_chart(card: Any) -> str:
    """The scorecard as an embedded PNG chart with alt text (the table above carries the same numbers)."""
    import base64

    from . import plots

    fig = plots.verdict_bars(card, title="Verdicts on the report's claims, by chapter", ylabel="chapter")
    data_uri = base64.b64encode(plots.png(fig)).decode()
    return (
        f'<p><img src="data:image/png;base64,{data_uri}" style="max-width:100%" '
        'alt="Stacked bars: verdicts on the report\'s claims per chapter, as in the table above"></p>'
    )


def write_index(out_dir: Path) -> Path:
    """``index.html``: every report built into ``out_dir`` (variants under their notebook), and build information."""
    from .claims import VERDICTS, evaluate_all, scorecard

    records = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((out_dir / STATE_DIR).glob("*.json"))]
    esc = html.escape
    cards = []
    for notebook, group in itertools.groupby(
        sorted(records, key=lambda r: (r["notebook"], r["name"])), key=lambda r: r["notebook"]
    ):
        group = list(group)
        title = next((r["title"] for r in group if r.get("title")), notebook)
        items = []
        for rec in group:
            params = ", ".join(f"{k}={v!r}" for k, v in rec["params"].items()) or "default parameters"
            items.append(
                f'<li><a href="{esc(rec["reader"])}">Reader report</a> · '
                f'<a href="{esc(rec["full"])}">Full report with code</a> · {esc(params)} '
                f"<small>(built {esc(rec['built'])} in {rec['seconds']:.1f} s)</small></li>"
            )
        cards.append(
            f'<li class="card"><h2>{esc(title)}</h2><p><code>{esc(notebook)}</code></p><ul>{"".join(items)}</ul></li>'
        )
    try:
        card = scorecard(evaluate_all())
        header = "".join(f"<th>{esc(v)}</th>" for v in VERDICTS)
        rows = "".join(
            f"<tr><th>Chapter {chapter}</th>"
            + "".join(f"<td>{int(card.loc[chapter, v])}</td>" for v in VERDICTS)
            + "</tr>"
            for chapter in card.index
        )
        scores = f"<table><tr><th></th>{header}</tr>{rows}</table>" + _scorecard_chart(card)
    except WBAnalysisError as exc:  # broken data must not stop the index listing the reports
        scores = f"<p>The scorecard could not be computed: {esc(str(exc))}</p>"
    try:
        version_info = esc(data.package().get("version", ""))
        data_hash = data.sha256(data.DATA_DIR / data.PACKAGE_FILE).split(":")[1][:12]
    except (WBAnalysisError, OSError):
        version_info, data_hash = "unknown", "unknown"
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>wbanalysis reports</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}}
.card{{list-style:none;border:1px solid #ccc;border-radius:6px;padding:0 1rem;margin:1rem 0}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}}</style></head>
<body><h1>Regional Security Cooperation in the Western Balkans: the evidence</h1>
<p>Reports generated by wbanalysis from the KCSS report (April 2025) and the data in <code>data/</code>.</p>
<ul>{"".join(cards) or "<li>No reports built yet.</li>"}</ul>
<h2>Claims scorecard</h2>{scores}
<h2>Build information</h2><p>wbanalysis {esc(__version__)} · data package {version_info}
(datapackage.json sha256 {data_hash}…) · Python {esc(platform.python_version())}</p>
</body></html>
"""
    return write_atomic(out_dir / "index.html", page)


# --- re-executing the committed notebooks ------------------------------------------------------------------

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
