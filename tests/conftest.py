"""Shared fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wbanalysis import data

ROOT = Path(__file__).resolve().parents[1]
#: The report's text sits in shared/ beside the repository (not part of the project).
REPORT_DIR = ROOT.parent / "shared" / "report"


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of data/ that tests may break; the package reads from it."""
    target = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, target)
    monkeypatch.setattr(data, "DATA_DIR", target)
    data._read.cache_clear()
    yield target
    data._read.cache_clear()


@pytest.fixture
def report_dir() -> Path:
    """The report's text; CI has shared/ beside the clone, so its absence is an error, not a skip."""
    assert REPORT_DIR.is_dir(), f"the report's text is expected at {REPORT_DIR}"
    return REPORT_DIR


@pytest.fixture
def notebook_02() -> Path:
    return ROOT / "notebooks" / "02_institutional_frameworks.ipynb"
