"""Atomic writes: a file is replaced whole or not at all, and no temporary file is left."""

from __future__ import annotations

import os

import pytest

from wbanalysis.files import write_atomic


def test_write_atomic_replaces_whole_files_and_leaves_no_temp(tmp_path):
    target = tmp_path / "report.html"
    write_atomic(target, "first")
    write_atomic(target, "second")
    assert target.read_text() == "second"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    assert oct(target.stat().st_mode & 0o777) != "0o600"  # readable like any other file


def test_interrupted_write_keeps_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    write_atomic(target, "previous good report")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "half")
    assert target.read_text() == "previous good report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
