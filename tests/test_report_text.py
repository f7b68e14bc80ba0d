"""The report's text, only where a user supplies it: the variable or the option is read, and without it the message
says where to get it."""

from __future__ import annotations

from pathlib import Path

import pytest

from wbanalysis import paths, report_text


def test_missing_report_text_names_the_variable_and_the_publisher(monkeypatch, tmp_path):
    monkeypatch.delenv(paths.REPORT_TEXT_VARIABLE, raising=False)
    with pytest.raises(FileNotFoundError, match=paths.REPORT_TEXT_VARIABLE):
        report_text.files()
    with pytest.raises(FileNotFoundError, match="qkss.org"):
        report_text.files(tmp_path / "nowhere.txt")


def test_report_text_variable_is_read(monkeypatch, tmp_path):
    (tmp_path / "r.txt").write_text("text", encoding="utf-8")
    monkeypatch.setenv(paths.REPORT_TEXT_VARIABLE, str(tmp_path))
    assert report_text.files() == [Path(tmp_path / "r.txt")]
