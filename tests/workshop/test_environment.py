"""The students' environment (binder/): exact pins taken from requirements.lock, complete, without the developers'
tools, enough for every workshop notebook; Binder's files and the launch link."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib.metadata import distribution
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from wbanalysis.paths import ROOT
from wbanalysis.workshop import environment, solutions, timetable

BINDER = ROOT / "binder"
LEFT_OUT = {"rfc3987-syntax", "lark"}  # left out of requirements.lock on purpose (documented there)


def _lines(path: Path) -> set[str]:
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()[:1] not in ("", "#")}


def test_the_students_pins_are_lines_of_the_lock():
    students, lock = _lines(BINDER / "requirements.txt"), _lines(ROOT / "requirements.lock")
    assert students and students <= lock, sorted(students - lock)
    assert all("==" in line for line in students)


def test_the_students_environment_has_none_of_the_developers_tools():
    pins = environment.pins()
    developers = ("pytest", "ruff", "hypothesis", "dask", "distributed", "coverage", "nbval", "papermill")
    for tool in developers:
        assert tool not in pins, tool
    assert "frictionless" not in pins
    for needed in ("jupyterlab", "ipykernel", "pandas", "numpy"):
        assert needed in pins, needed
    assert len(pins) < len(_lines(ROOT / "requirements.lock"))


def test_the_students_pins_are_complete():
    """Every requirement of every pinned package (and of the extras they ask for) is pinned too, on this system."""
    pins = environment.pins()
    missing = set()
    for name in pins:
        for text in distribution(name).requires or []:
            req = Requirement(text)
            if req.marker is not None and not req.marker.evaluate({"extra": ""}):
                continue
            wanted = [req.name]
            for extra in req.extras:  # e.g. jsonschema[format-nongpl]
                for inner in distribution(req.name).requires or []:
                    inner_req = Requirement(inner)
                    if inner_req.marker is not None and inner_req.marker.evaluate({"extra": extra}):
                        wanted.append(inner_req.name)
            missing |= {f"{name} -> {w}" for w in wanted if environment.normalise(w) not in set(pins) | LEFT_OUT}
    assert not missing, sorted(missing)


def test_the_workshop_imports_only_what_the_students_have():
    """Run every solution's code (all a student's code can use) and list the distributions it imported."""
    code = "\n".join(
        c.source for p in solutions.exercises() for c in solutions.solution(p).cells if c.cell_type == "code"
    )
    probe = (
        "import sys, json\n"
        "from importlib.metadata import packages_distributions\n"
        f"exec(compile({json.dumps(code)}, 'solutions', 'exec'), {{}})\n"
        "mapping = packages_distributions()\n"
        "used = {d for m in list(sys.modules) for d in mapping.get(m.split('.')[0], [])}\n"
        "print(json.dumps(sorted(used)))\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT / "notebooks/workshop")
    assert run.returncode == 0, run.stderr
    used = {environment.normalise(d) for d in json.loads(run.stdout.splitlines()[-1])}
    allowed = set(environment.pins()) | {"wbanalysis", "setuptools", "pip"}  # setuptools: its import hook
    assert "pandas" in used and used <= allowed, sorted(used - allowed)


def test_binder_has_its_own_folder():
    """With binder/, repo2docker reads only binder/ (the root environment.yml stays the developers')."""
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.11"
    assert not (BINDER / "environment.yml").exists()  # requirements.txt is the one environment file there
    assert sorted(p.name for p in BINDER.iterdir()) == ["postBuild", "requirements.txt", "runtime.txt"]


def test_the_launch_link_opens_the_landing_notebook_and_is_shown_to_teacher_and_students():
    link = timetable.BINDER_LINK
    assert re.fullmatch(r"https://mybinder\.org/v2/gh/OWNER/REPO/HEAD\?urlpath=lab/tree/(\S+)", link)
    assert (ROOT / link.split("lab/tree/", 1)[1]).is_file()
    assert link in (ROOT / "docs/workshop.md").read_text(encoding="utf-8")
    assert link in (ROOT / "notebooks/workshop/00_start_here.ipynb").read_text(encoding="utf-8")


def test_the_pip_route_is_documented_the_same_way_everywhere():
    steps = ["python -m pip install -r binder/requirements.txt", "python -m pip install --no-deps -e ."]
    for path in ("docs/workshop.md", "notebooks/workshop/00_start_here.ipynb", "binder/requirements.txt"):
        text = (ROOT / path).read_text(encoding="utf-8")
        assert all(step in text for step in steps) and "python -m wbanalysis.workshop lab" in text, path


def test_the_pre_flight_names_a_package_at_another_version(tmp_path):
    assert environment.mismatches() == []
    fake = tmp_path / "requirements.txt"
    pandas = environment.pins()["pandas"]
    fake.write_text(f"# a comment\npandas=={pandas}.post99\nnot-a-package-here==1.0\n", encoding="utf-8")
    assert environment.mismatches(fake) == [
        f"pandas is {pandas}, pinned {pandas}.post99",
        "not-a-package-here is not installed (pinned 1.0)",
    ]
    fake.write_text("pandas>=2\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"requirements.txt, line 1: 'pandas>=2' is not an exact pin"):
        environment.pins(fake)
