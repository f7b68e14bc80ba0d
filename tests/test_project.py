"""A clone is the whole product: nothing points outside it, every file is tracked, CI supplies the report's text where
it has it, the package's metadata installs cleanly."""

from __future__ import annotations

import subprocess

import pytest

from wbanalysis import paths

ROOT = paths.ROOT


def test_nothing_in_the_product_points_outside_the_project():
    tracked = subprocess.run(
        ["git", "ls-files", "wbanalysis", "data", "notebooks"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    files = [ROOT / f for f in tracked] or [
        p for d in ("wbanalysis", "data", "notebooks") for p in (ROOT / d).rglob("*")
    ]
    offenders = [str(f.relative_to(ROOT)) for f in files if f.is_file() and b"shared/" in f.read_bytes()]
    assert offenders == []


def test_ci_supplies_the_report_text_when_it_has_it():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert paths.REPORT_TEXT_VARIABLE in script and "make test" in script


def test_the_package_metadata_uses_a_licence_expression():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert isinstance(project["project"]["license"], str)  # a table makes setuptools warn on every install


def test_every_file_of_the_package_and_data_is_tracked():
    """A clone gets only what git tracks: an ignore rule must not hide part of the product."""
    tracked = set(
        subprocess.run(
            ["git", "ls-files", "wbanalysis", "data", "notebooks", "tests"], cwd=ROOT, capture_output=True, text=True
        ).stdout.split()
    )
    if not tracked:
        pytest.skip("not a git checkout")
    on_disk = {
        str(p.relative_to(ROOT))
        for folder in ("wbanalysis", "data", "notebooks", "tests")
        for p in (ROOT / folder).rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and ".ipynb_checkpoints" not in p.parts
        and not p.name.endswith((".lock", ".pyc"))
    }
    assert sorted(on_disk - tracked) == []
