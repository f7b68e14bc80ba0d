"""The solutions, kept out of every students' file browser: packed, and written out only by a teacher's command.

No solution notebook is part of the repository.  The answers (the code of each task's answer cell) are
packed in ``wbanalysis/templates/workshop/answers.json.gz``, which JupyterLab cannot display; the Binder
image deletes even that (``binder/postBuild``).  A teacher writes the solution notebooks out with
``make solutions`` or ``python -m wbanalysis.workshop solutions FOLDER``: each is the exercise notebook
with its answer cells filled in, so the two never drift apart.  After editing a written-out solution, a
maintainer packs the answers again with ``python -m wbanalysis.workshop pack FOLDER``.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import nbformat

from .. import paths

#: The packed answers: {notebook stem: [code of task 1's answer cell, task 2's, ...]}.
ANSWERS = Path(__file__).resolve().parents[1] / "templates" / "workshop" / "answers.json.gz"
#: The cell a student fills in, as the exercise notebooks have it.
ANSWER_CELL = "answer = None  # your code here"
#: Where ``make solutions`` writes by default (ignored by git; outside notebooks/, so outside ``make lab``).
DEFAULT_OUT = paths.ROOT / "workshop-solutions"


def exercises(workshop: Path | None = None) -> list[Path]:
    """The exercise notebooks, in order."""
    return sorted(Path(workshop or paths.NOTEBOOK_DIR / "workshop").glob("ex*.ipynb"))


def answers(packed: Path = ANSWERS) -> dict[str, list[str]]:
    """The packed answers; a clear error where this copy has none (a Binder image, a student's copy)."""
    try:
        return json.loads(gzip.decompress(packed.read_bytes()).decode("utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(
            f"{packed}: the packed solutions are not in this copy (the Binder image removes them); write the "
            "solutions out on the teacher's own clone: make solutions, or python -m wbanalysis.workshop solutions"
        ) from None


def _answer_cells(nb: nbformat.NotebookNode) -> list[int]:
    return [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip() == ANSWER_CELL]


def solution(exercise: Path, packed: Path = ANSWERS) -> nbformat.NotebookNode:
    """The solution notebook of ``exercise``: its answer cells filled in, its title marked as a solution."""
    nb = nbformat.read(exercise, as_version=4)
    codes = answers(packed).get(exercise.stem)
    slots = _answer_cells(nb)
    if codes is None or len(codes) != len(slots):
        have = "none" if codes is None else len(codes)
        raise ValueError(f"{exercise.name}: {len(slots)} answer cells but {have} packed answers; pack them again")
    for index, code in zip(slots, codes, strict=True):
        nb.cells[index].source = code
    title = nb.cells[0].source
    if title.startswith("# "):
        nb.cells[0].source = "# Solution: " + title[2].lower() + title[3:]
    nb.metadata["wbanalysis"] = {"solution_of": f"notebooks/workshop/{exercise.name}"}
    return nb


def write_solutions(out: Path | str | None = None, workshop: Path | None = None) -> list[Path]:
    """Write every solution notebook into ``out`` (created); never inside the students' notebooks/ folder."""
    out = Path(out or DEFAULT_OUT).resolve()
    students = paths.NOTEBOOK_DIR.resolve()
    if out == students or students in out.parents:
        raise ValueError(
            f"out={out}: that is inside {students}, which students see in JupyterLab; "
            f"choose a folder outside it, such as {DEFAULT_OUT}"
        )
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for exercise in exercises(workshop):
        target = out / exercise.name
        nbformat.write(solution(exercise), target)
        written.append(target)
    return written


def pack(folder: Path | str, workshop: Path | None = None, packed: Path = ANSWERS) -> Path:
    """Pack the answer cells of the solution notebooks in ``folder`` (as written out, then edited)."""
    folder = Path(folder)
    found: dict[str, list[str]] = {}
    for exercise in exercises(workshop):
        edited = folder / exercise.name
        if not edited.is_file():
            raise FileNotFoundError(f"folder={folder}: no {exercise.name}; write the solutions out first")
        slots = _answer_cells(nbformat.read(exercise, as_version=4))
        nb = nbformat.read(edited, as_version=4)
        if len(nb.cells) != len(nbformat.read(exercise, as_version=4).cells):
            raise ValueError(f"{edited}: its cells no longer line up with {exercise.name}; edit answer cells only")
        found[exercise.stem] = [nb.cells[i].source for i in slots]
        if any(code.strip() in ("", ANSWER_CELL) for code in found[exercise.stem]):
            raise ValueError(f"{edited}: an answer cell is still empty")
    text = json.dumps(found, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    packed.parent.mkdir(parents=True, exist_ok=True)
    packed.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))  # the same answers give the same bytes
    return packed
