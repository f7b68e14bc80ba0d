"""One timetable: the notebooks' headings, the landing notebook and the guide's two plans agree with the data in
wbanalysis/workshop/timetable.py, and the check notices when any of them drifts."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from wbanalysis.paths import ROOT
from wbanalysis.workshop import timetable
from wbanalysis.workshop.timetable import PLANS, TIMETABLE


def test_the_three_places_agree_with_the_timetable():
    assert timetable.disagreements(ROOT) == []


def test_the_plans_fit_their_time_and_include_set_up():
    assert timetable.total("class") == 45 and timetable.total("half-day") == timetable.LENGTH["half-day"]
    for plan in PLANS:
        assert TIMETABLE[plan][0].key == "setup" and TIMETABLE[plan][0].minutes >= 5, plan
        exercises = [p for p in TIMETABLE[plan] if p.key in ("ex1", "ex2", "ex3")]
        assert [p.key for p in exercises] == ["ex1", "ex2", "ex3"], plan
        assert all(p.minutes >= 10 or p.homework for p in exercises), plan  # no 8-minute exercise
    short = {p.key: p for p in TIMETABLE["class"]}
    assert short["ex3"].homework and short["ex3"].minutes == 0  # cut from the short class, marked optional


def _minutes_in(text: str, plan: str) -> list[int]:
    return [int(m) for m in re.findall(rf"(\d+) minutes? in the {PLANS[plan]}", text)]


def test_the_same_minutes_are_read_in_all_three_places():
    """Read the minutes of exercise 1 back out of each place, independently of the checker's own parsing."""
    for plan, landing_column, guide_heading in (
        ("class", 1, "## Plan A"),
        ("half-day", 2, "## Plan B"),
    ):
        want = timetable.part(plan, "ex1").minutes
        title = json.loads((ROOT / "notebooks/workshop/ex1_who_works_with_whom.ipynb").read_text())["cells"][0]
        assert _minutes_in("".join(title["source"]), plan) == [want]
        landing = json.loads((ROOT / "notebooks/workshop/00_start_here.ipynb").read_text())["cells"][0]
        row = next(line for line in "".join(landing["source"]).splitlines() if "[Exercise 1" in line)
        assert int(re.match(r"(\d+) min", row.strip("|").split("|")[landing_column].strip()).group(1)) == want
        guide = (ROOT / "docs/workshop.md").read_text(encoding="utf-8")
        section = guide[guide.index(guide_heading) :]
        span = next(line for line in section.splitlines() if "| **Exercise 1**" in line).split("|")[1].strip()
        start, end = (sum(int(x) * 60**i for i, x in enumerate(reversed(t.split(":")))) for t in span.split("-"))
        assert end - start == want, (plan, span)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The three places, copied: a test may change them."""
    for rel in ("notebooks/workshop", "docs"):
        shutil.copytree(ROOT / rel, tmp_path / rel, ignore=shutil.ignore_patterns("*.png"))
    assert timetable.disagreements(tmp_path) == []
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_minute_in_the_guide_is_found(copy):
    _edit(copy / "docs/workshop.md", "| 26-38 | **Exercise 2**", "| 26-36 | **Exercise 2**")
    found = timetable.disagreements(copy)
    assert found == ["docs/workshop.md, 45-minute class: Exercise 2 is at '26-36'; the timetable says 26-38"]


def test_a_changed_minute_in_the_landing_notebook_is_found(copy):
    _edit(copy / "notebooks/workshop/00_start_here.ipynb", "| 12 min | 25 min |", "| 15 min | 25 min |")
    found = timetable.disagreements(copy)
    assert len(found) == 1 and "00_start_here.ipynb, Exercise 2, 45-minute class" in found[0] and "12" in found[0]


def test_a_changed_heading_in_an_exercise_is_found(copy):
    nb = copy / "notebooks/workshop/ex2_nearly_every_operation.ipynb"
    _edit(nb, "25 minutes in the half-day workshop", "20 minutes in the half-day workshop")
    found = timetable.disagreements(copy)
    assert any("half-day workshop: says 20, the timetable says 25" in f for f in found), found


def test_an_unmarked_optional_task_is_found(copy):
    notebook = copy / "notebooks/workshop/ex1_who_works_with_whom.ipynb"
    _edit(notebook, "### Task 3 (optional in the 45-minute class)", "### Task 3")
    _edit(copy / "docs/workshop.md", "task 3 optional, for pairs", "task 3 for pairs")
    found = timetable.disagreements(copy)
    assert any("task 3's heading" in f for f in found) and any("should say task 3 optional" in f for f in found)


def test_a_part_missing_from_the_guide_is_found(copy):
    guide = copy / "docs/workshop.md"
    lines = [line for line in guide.read_text(encoding="utf-8").splitlines() if "| **Break**" not in line]
    guide.write_text("\n".join(lines), encoding="utf-8")
    assert any("half-day workshop: 9 rows, the timetable has 10 parts" in f for f in timetable.disagreements(copy))


def test_the_rendered_lines_name_both_plans():
    short, long = timetable.part("class", "ex1"), timetable.part("half-day", "ex1")
    assert timetable.time_line(1) == (
        f"**Time**: {short.minutes} minutes in the 45-minute class (task 3 optional), "
        f"{long.minutes} minutes in the half-day workshop."
    )
    assert timetable.time_line(3).startswith("**Time**: not in the 45-minute class (optional, as homework)")
    discussion = timetable.part("half-day", "ex3-discussion").minutes
    assert timetable.discussion_heading(3) == f"### To discuss ({discussion} minutes in the half-day workshop)"
    assert timetable.task_heading(1, 3) == "### Task 3 (optional in the 45-minute class)"
    assert timetable.task_heading(2, 3) == "### Task 3"
    with pytest.raises(ValueError, match="unknown plan 'week'; plans: class, half-day"):
        timetable.part("week", "ex1")
