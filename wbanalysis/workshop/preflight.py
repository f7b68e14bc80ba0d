"""The teacher's pre-flight (``make workshop-check``): in under a minute, is this machine ready for the class?

1. the environment: the students' pins installed at their versions, a Python 3 kernel;
2. the timetable: the notebooks, the landing notebook and the guide agree with it;
3. every workshop notebook runs from top to bottom (the exercises waiting for answers);
4. every solution passes every check;
5. the room view: two simulated students' outcome files are summarised.

The notebooks run at the same time, each in its own kernel, with recording off.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .. import paths
from . import environment, outcomes, solutions, timetable


@dataclass
class Step:
    """One line of the pre-flight: what was checked, whether it passed, and the details."""

    name: str
    ok: bool
    detail: str
    seconds: float


def _errors(cell: nbformat.NotebookNode) -> bool:
    return any(o.get("output_type") == "error" for o in cell.get("outputs", []))


def _feedback(nb: nbformat.NotebookNode) -> list[str]:
    texts = []
    for cell in nb.cells:
        if cell.cell_type == "code" and "check.exercise" in cell.source:
            texts += ["".join(o.get("data", {}).get("text/plain", "")) for o in cell.get("outputs", [])]
    return texts


async def _execute(nb: nbformat.NotebookNode, folder: Path, limit: asyncio.Semaphore) -> nbformat.NotebookNode | str:
    """The executed notebook, or one line saying where and why it stopped."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    env = {**os.environ, outcomes.VARIABLE: "off"}  # a rehearsal is not a student's outcome
    async with limit:
        client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}})
        with tempfile.TemporaryFile() as log:  # the kernel's own messages, shown only if it dies
            try:
                await client.async_execute(env=env, stderr=log)
            except CellExecutionError as exc:
                failed = [i for i, c in enumerate(nb.cells) if _errors(c)]
                return f"cell {failed[0] if failed else '?'} raised {exc.ename}: {exc.evalue}"
            except Exception as exc:  # a kernel that dies or does not start
                log.seek(0)
                lines = log.read().decode("utf-8", "replace").strip().splitlines()
                return f"{type(exc).__name__}: {exc}" + (f" (the kernel said: {lines[-1]})" if lines else "")
    return nb


async def _run_all(jobs: dict[str, nbformat.NotebookNode], folder: Path) -> dict[str, nbformat.NotebookNode | str]:
    limit = asyncio.Semaphore(max(2, min(4, os.cpu_count() or 2)))

    async def one(name: str, nb: nbformat.NotebookNode) -> tuple[str, nbformat.NotebookNode | str]:
        return name, await _execute(nb, folder, limit)

    return dict(await asyncio.gather(*(one(name, nb) for name, nb in jobs.items())))


def run_notebooks(workshop: Path | None = None, packed: Path = solutions.ANSWERS) -> tuple[list[str], list[str]]:
    """Run every workshop notebook and every solution; (problems of the notebooks, problems of the solutions)."""
    workshop = Path(workshop or paths.NOTEBOOK_DIR / "workshop")
    notebooks = sorted(workshop.glob("*.ipynb"))
    jobs = {p.name: nbformat.read(p, as_version=4) for p in notebooks}
    jobs |= {f"solution {p.name}": solutions.solution(p, packed) for p in solutions.exercises(workshop)}
    results = asyncio.run(_run_all(jobs, workshop))
    blank, solved = [], []
    for name, result in results.items():
        problems = solved if name.startswith("solution ") else blank
        if isinstance(result, str):
            problems.append(f"{name} stopped: {result}")
            continue
        feedback = _feedback(result)
        if name.startswith("solution "):
            if not feedback or not all("✓ Right" in f for f in feedback):
                problems.append(f"{name}: {[f for f in feedback if '✓ Right' not in f] or 'no check ran'}")
        elif name.startswith("ex") and (not feedback or not all("No answer yet" in f for f in feedback)):
            problems.append(f"{name}: the blank exercise should wait for answers, got {feedback}")
        elif not name.startswith("ex") and "Ready:" not in str([c.get("outputs") for c in result.cells]):
            problems.append(f"{name}: its first cell did not say Ready")
    return blank, solved


def room_view() -> list[str]:
    """Two simulated students' outcome files, summarised: the counts must come out as written."""
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        lines = {
            "a": [("exercise 1, task 1", "close"), ("exercise 1, task 1", "right")],
            "b": [("exercise 1, task 1", "wrong"), ("exercise 1, task 2", "missing")],
        }
        for student, rows in lines.items():
            body = "".join(f'"{t}",{s},2025-01-01T10:0{i}:00+00:00\n' for i, (t, s) in enumerate(rows))
            text = "task,status,time\n" + body
            (base / f"workshop-outcomes-{student}.csv").write_text(text, encoding="utf-8")
        table = outcomes.summary(base)
        got = table.loc["exercise 1, task 1"].to_dict() if "exercise 1, task 1" in table.index else {}
        want = {"tried": 2, "right": 1, "close": 0, "stuck": 1}
        return [] if got == want and "exercise 1, task 2" not in table.index else [f"summary gave {got}, not {want}"]


def _step(name: str, check: Callable[[], tuple[list[str], str]]) -> Step:
    start = time.perf_counter()
    try:
        problems, detail = check()
    except Exception as exc:  # a pre-flight reports every failure rather than stopping at the first
        problems, detail = [f"{type(exc).__name__}: {exc}"], ""
    return Step(name, not problems, "; ".join(problems) if problems else detail, time.perf_counter() - start)


def preflight() -> list[Step]:
    """Every step, in order (the notebooks and the solutions run together)."""
    import platform

    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    def env() -> tuple[list[str], str]:
        problems = environment.mismatches()
        try:
            KernelSpecManager().get_kernel_spec("python3")
        except NoSuchKernel:
            problems.append("no python3 kernel: install ipykernel (it is in binder/requirements.txt)")
        count = len(environment.pins())
        return problems, f"{count} packages at the pinned versions, Python {platform.python_version()}, kernel python3"

    steps = [_step("environment", env)]
    steps.append(_step("timetable", lambda: (timetable.disagreements(), "the notebooks, landing page and guide agree")))
    runs: dict[str, list[str]] = {}

    def notebooks() -> tuple[list[str], str]:
        runs["blank"], runs["solved"] = run_notebooks()
        count = len(list((paths.NOTEBOOK_DIR / "workshop").glob("*.ipynb")))
        return runs["blank"], f"{count} notebooks ran top to bottom (exercises waiting for answers)"

    steps.append(_step("notebooks", notebooks))
    solved = runs.get("solved", ["the solutions did not run"])
    steps.append(Step("solutions", not solved, "; ".join(solved) or "every solution passes every check", 0.0))
    steps.append(_step("room view", lambda: (room_view(), "two simulated students summarised")))
    return steps


def main() -> int:
    """Print the pre-flight and return its exit status (0: ready)."""
    start = time.perf_counter()
    steps = preflight()
    for step in steps:
        mark = "ok  " if step.ok else "FAIL"  # plain ASCII: a Windows console may not print other marks
        timing = f" ({step.seconds:.1f} s)" if step.seconds >= 0.05 else ""
        print(f"{mark} {step.name}{timing}: {step.detail}", flush=True)
    ready = all(step.ok for step in steps)
    verdict = "ready for the class" if ready else "NOT ready: see the lines marked FAIL"
    print(f"pre-flight {verdict} ({time.perf_counter() - start:.1f} s)")
    return 0 if ready else 1
