"""The workshop's one timetable: both plans, minute by minute, and a check that every place agrees with it.

The minutes appear in three places, all written by hand (they carry prose around them): the exercise
notebooks' headings, the landing notebook's table and the facilitator guide's two plans.
:func:`disagreements` reads all three and lists every difference from :data:`TIMETABLE`; the tests and the
teacher's pre-flight (``python -m wbanalysis.workshop preflight``) run it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .. import paths

#: The plans, by key, as the texts name them.
PLANS: dict[str, str] = {"class": "45-minute class", "half-day": "half-day workshop"}


@dataclass(frozen=True)
class Part:
    """One part of a plan: its label as the texts print it, its minutes, and what is optional in it."""

    key: str
    label: str
    minutes: int
    optional_tasks: tuple[int, ...] = ()
    homework: bool = False  # outside the class time, optional (minutes is then 0)


TIMETABLE: dict[str, tuple[Part, ...]] = {
    "class": (
        Part("setup", "Set-up", 5),
        Part("intro", "Introduction", 3),
        Part("ex1", "Exercise 1", 15, optional_tasks=(3,)),
        Part("ex1-discussion", "Discussion of exercise 1", 3),
        Part("ex2", "Exercise 2", 12),
        Part("ex2-discussion", "Discussion of exercise 2", 4),
        Part("check", "Check of understanding", 3),
        Part("ex3", "Exercise 3", 0, homework=True),
    ),
    "half-day": (
        Part("setup", "Set-up", 20),
        Part("tour", "Tour of the reports", 15),
        Part("ex1", "Exercise 1", 30),
        Part("ex1-discussion", "Discussion of exercise 1", 10),
        Part("ex2", "Exercise 2", 25),
        Part("ex2-discussion", "Discussion of exercise 2", 10),
        Part("break", "Break", 15),
        Part("ex3", "Exercise 3", 45),
        Part("ex3-discussion", "Discussion of exercise 3", 20),
        Part("check", "Check of understanding", 20),
    ),
}

#: The length each plan promises.
LENGTH = {"class": 45, "half-day": 210}

#: The address that starts the students' environment on mybinder.org, opening on the landing notebook;
#: OWNER/REPO are filled in once the repository is public.
BINDER_LINK = "https://mybinder.org/v2/gh/OWNER/REPO/HEAD?urlpath=lab/tree/notebooks/workshop/00_start_here.ipynb"

GUIDE = Path("docs") / "workshop.md"
WORKSHOP = Path("notebooks") / "workshop"
LANDING = WORKSHOP / "00_start_here.ipynb"
GUIDE_SECTIONS = {"class": "## Plan A: a 45-minute class", "half-day": "## Plan B: a half-day workshop"}


def part(plan: str, key: str) -> Part | None:
    """The part ``key`` of ``plan``, or None when the plan has no such part."""
    if plan not in TIMETABLE:
        raise ValueError(f"unknown plan {plan!r}; plans: {', '.join(TIMETABLE)}")
    return next((p for p in TIMETABLE[plan] if p.key == key), None)


def schedule(plan: str) -> list[tuple[Part, int, int]]:
    """Each part in class time with its start and end minute; homework parts come last, at the end minute."""
    rows, start = [], 0
    for p in TIMETABLE[plan]:
        rows.append((p, start, start + p.minutes))
        start += p.minutes
    return rows


def total(plan: str) -> int:
    """Minutes of class time in ``plan``."""
    return sum(p.minutes for p in TIMETABLE[plan])


def clock(minute: int, plan: str) -> str:
    """A minute as the guide writes it: ``12`` in the class plan, ``0:12`` in the half-day plan."""
    return str(minute) if plan == "class" else f"{minute // 60}:{minute % 60:02d}"


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


# --- the texts, as they must read ----------------------------------------------------------------------------------


def _in_plan(key: str, plan: str) -> str | None:
    found = part(plan, key)
    if found is None:
        return None
    if found.homework:
        return f"not in the {PLANS[plan]} (optional, as homework)"
    optional = _optional(found)
    return f"{found.minutes} minutes in the {PLANS[plan]}" + (f" ({optional})" if optional else "")


def _optional(found: Part) -> str:
    if not found.optional_tasks:
        return ""
    tasks = " and ".join(str(t) for t in found.optional_tasks)
    return f"task{'s' if len(found.optional_tasks) > 1 else ''} {tasks} optional"


def time_line(exercise: int) -> str:
    """The line under an exercise notebook's title."""
    parts = [text for plan in PLANS if (text := _in_plan(f"ex{exercise}", plan))]
    return f"**Time**: {', '.join(parts)}."


def discussion_heading(exercise: int) -> str:
    """The heading of an exercise notebook's last cell."""
    parts = [text for plan in PLANS if (text := _in_plan(f"ex{exercise}-discussion", plan))]
    return f"### To discuss ({', '.join(parts)})"


def task_heading(exercise: int, task: int) -> str:
    """A task's heading: optional tasks say in which plan."""
    optional = [PLANS[plan] for plan in PLANS if task in getattr(part(plan, f"ex{exercise}"), "optional_tasks", ())]
    return f"### Task {task}" + (f" (optional in the {' and the '.join(optional)})" if optional else "")


# --- reading the three places ----------------------------------------------------------------------------------------

_MINUTES = {plan: re.compile(rf"(\d+) minutes? in the {re.escape(name)}") for plan, name in PLANS.items()}
_HOMEWORK = {plan: f"not in the {name} (optional, as homework)" for plan, name in PLANS.items()}
_OPTIONAL = re.compile(r"tasks? ([\d ,and]+?) optional")


def _said(text: str, plan: str) -> int | str | None:
    """What ``text`` says about ``plan``: minutes, "homework", or None when it does not name the plan."""
    if _HOMEWORK[plan] in text:
        return "homework"
    found = _MINUTES[plan].search(text)
    return int(found.group(1)) if found else None


def _expected(found: Part | None) -> int | str | None:
    if found is None:
        return None
    return "homework" if found.homework else found.minutes


def _optional_tasks(text: str) -> tuple[int, ...]:
    found = _OPTIONAL.search(text)
    return tuple(int(t) for t in re.findall(r"\d+", found.group(1))) if found else ()


def _cells(path: Path) -> list[dict]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))["cells"]
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: not found (the timetable checks it)") from None


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _check_exercise(path: Path, exercise: int) -> list[str]:
    problems = []
    cells = [_source(c) for c in _cells(path)]
    name = path.name
    title = cells[0] if cells else ""
    for key, text, where in (
        (f"ex{exercise}", title, "the title cell"),
        (f"ex{exercise}-discussion", cells[-1].splitlines()[0] if cells else "", "the discussion heading"),
    ):
        for plan in PLANS:
            said, expected = _said(text, plan), _expected(part(plan, key))
            if said != expected:
                problems.append(f"{name}, {where}: {PLANS[plan]}: says {said}, the timetable says {expected}")
    if time_line(exercise) not in title.splitlines():
        problems.append(f"{name}: the title cell should have the line {time_line(exercise)!r}")
    if cells and cells[-1].splitlines()[0] != discussion_heading(exercise):
        problems.append(f"{name}: the last cell should start with {discussion_heading(exercise)!r}")
    headings = [line for text in cells for line in text.splitlines() if line.startswith("### Task ")]
    for number, heading in enumerate(headings, start=1):
        if heading != task_heading(exercise, number):
            want = task_heading(exercise, number)
            problems.append(f"{name}: task {number}'s heading is {heading!r}; the timetable: {want!r}")
    return problems


def _table(text: str) -> list[list[str]]:
    """The rows of the first markdown table in ``text`` (header and rule left out), as lists of cells."""
    rows = []
    for line in text.splitlines():
        if line.startswith("|"):
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
        elif rows:
            break
    return rows[2:]


def _landing_value(cell: str) -> int | str | None:
    if cell in ("", "-", "—"):
        return None
    if "homework" in cell:
        return "homework"
    found = re.match(r"(\d+) min", cell)
    return int(found.group(1)) if found else cell


def _check_landing(path: Path) -> list[str]:
    text = "\n".join(_source(c) for c in _cells(path) if c.get("cell_type") == "markdown")
    rows = _table(text[text.find("| part |") :]) if "| part |" in text else []
    if not rows:
        return [f"{path.name}: no timetable (a table whose header starts with '| part |')"]
    problems = []
    keys = list(dict.fromkeys(p.key for plan in ("half-day", "class") for p in TIMETABLE[plan]))
    labels = {p.key: p.label for plan in TIMETABLE for p in TIMETABLE[plan]}
    seen = set()
    for row in rows:
        if len(row) != 1 + len(PLANS):
            problems.append(f"{path.name}: the row {' | '.join(row)!r} should have {1 + len(PLANS)} cells")
            continue
        if row[0].startswith("**total"):
            for plan, cell in zip(PLANS, row[1:], strict=True):
                if cell.strip("*") != _duration(total(plan)):
                    problems.append(f"{path.name}: the total of the {PLANS[plan]} is {cell}; timetable: {total(plan)}")
            seen.add("total")
            continue
        key = next((k for k in keys if re.search(rf"\b{re.escape(labels[k])}\b", row[0])), None)
        if key is None:
            problems.append(f"{path.name}: the row {row[0]!r} names no part of the timetable")
            continue
        seen.add(key)
        for plan, cell in zip(PLANS, row[1:], strict=True):
            found, where = part(plan, key), f"{path.name}, {labels[key]}, {PLANS[plan]}"
            if _landing_value(cell) != _expected(found):
                problems.append(f"{where}: says {cell!r}, the timetable says {_expected(found)}")
            elif found and _optional_tasks(cell) != found.optional_tasks:
                problems.append(f"{where}: the optional tasks should read {_optional(found)!r}")
    for key in [*keys, "total"]:
        if key not in seen:
            problems.append(f"{path.name}: the timetable has no row for {labels.get(key, key)}")
    return problems


def _guide_minute(text: str) -> int:
    hours, _, minutes = text.rpartition(":")
    return int(hours or 0) * 60 + int(minutes)


def _check_guide(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [f"{path}: not found (the timetable checks it)"]
    problems = []
    for plan, heading in GUIDE_SECTIONS.items():
        start = text.find(heading)
        if start < 0:
            problems.append(f"{GUIDE}: no section {heading!r}")
            continue
        end = text.find("\n## ", start + 1)
        section = text[start : end if end >= 0 else len(text)]
        length = f"({_duration(total(plan))} with a break)"
        if plan == "half-day" and length not in section.splitlines()[0]:
            problems.append(f"{GUIDE}: the heading {section.splitlines()[0]!r} should say {length}")
        rows = _table(section)
        expected = schedule(plan)
        if len(rows) != len(expected):
            problems.append(f"{GUIDE}, {PLANS[plan]}: {len(rows)} rows, the timetable has {len(expected)} parts")
        for row, (p, begin, end) in zip(rows, expected, strict=False):
            label = re.match(r"\*\*(.+?)\*\*", row[1]) if len(row) > 1 else None
            if label is None or label.group(1) != p.label:
                problems.append(f"{GUIDE}, {PLANS[plan]}: the row {row[0]!r} should start with **{p.label}**")
                continue
            if p.homework:
                if row[0] != "homework":
                    problems.append(f"{GUIDE}, {PLANS[plan]}: {p.label} is homework there, not {row[0]!r}")
                continue
            span = re.fullmatch(r"([\d:]+)-([\d:]+)", row[0])
            if span is None or (_guide_minute(span.group(1)), _guide_minute(span.group(2))) != (begin, end):
                want = f"{clock(begin, plan)}-{clock(end, plan)}"
                problems.append(f"{GUIDE}, {PLANS[plan]}: {p.label} is at {row[0]!r}; the timetable says {want}")
            if _optional_tasks(row[1]) != p.optional_tasks:
                problems.append(f"{GUIDE}, {PLANS[plan]}: {p.label} should say {_optional(p) or 'no optional task'}")
    return problems


def disagreements(root: Path | None = None) -> list[str]:
    """Every place where the notebooks, the landing notebook or the guide differ from :data:`TIMETABLE`."""
    root = Path(root or paths.ROOT)
    problems = [f"the {PLANS[p]} lasts {total(p)} minutes, not {LENGTH[p]}" for p in PLANS if total(p) != LENGTH[p]]
    for exercise in (1, 2, 3):
        found = sorted((root / WORKSHOP).glob(f"ex{exercise}_*.ipynb"))
        if len(found) != 1:
            problems.append(f"{WORKSHOP}: expected one notebook ex{exercise}_*.ipynb, found {len(found)}")
            continue
        problems += _check_exercise(found[0], exercise)
    problems += _check_landing(root / LANDING)
    problems += _check_guide(root / GUIDE)
    return problems
