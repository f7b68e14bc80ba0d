"""Shared fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wbanalysis import data, paths

ROOT = Path(__file__).resolve().parents[1]


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
def report_text() -> Path:
    """The report's text file, where the user supplies it ($WBANALYSIS_REPORT_TEXT); skipped otherwise.

    The text is not distributed with the project (its rights stay with KCSS); .ci/run supplies it when it
    has a copy, so CI runs these tests.
    """
    try:
        return paths.report_text_files()[0]
    except FileNotFoundError as exc:
        pytest.skip(str(exc))


@pytest.fixture
def notebook_02() -> Path:
    return ROOT / "notebooks" / "02_institutional_frameworks.ipynb"
