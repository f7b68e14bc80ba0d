"""A notebook's declared parameters (``wbanalysis/parameters_cell.py``), read once per version of the file."""

import json

import pytest

from wbanalysis import paths, report
from wbanalysis.errors import ParameterError
from wbanalysis.parameters_cell import declared


def _notebook(path, source: str) -> None:
    cell = {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": source, "outputs": [],
            "execution_count": None}
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [cell]}),
                    encoding="utf-8")


def test_type_default_and_help_are_read(tmp_path):
    path = tmp_path / "n.ipynb"
    _notebook(path, "start_year: int = 2010  # first year shown\ncountries: list = ['ALB']\n")
    assert declared(str(path)) == {
        "start_year": {"type": "int", "default": 2010, "help": "first year shown"},
        "countries": {"type": "list", "default": ["ALB"], "help": ""},
    }


def test_an_edited_notebook_is_read_again_and_a_caller_cannot_change_what_the_next_gets(tmp_path):
    path = tmp_path / "n.ipynb"
    _notebook(path, "countries: list = ['ALB']\n")
    declared(str(path))["countries"]["default"].append("SRB")  # a caller changing its copy
    assert declared(str(path))["countries"]["default"] == ["ALB"]
    _notebook(path, "countries: list = ['ALB', 'MNE']\nend_year: int = 2024\n")
    assert set(declared(str(path))) == {"countries", "end_year"}


@pytest.mark.parametrize("text", ["not json", json.dumps({"nbformat": 3, "cells": []})])
def test_an_unreadable_notebook_is_named(tmp_path, text):
    path = tmp_path / "bad.ipynb"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParameterError, match="bad.ipynb"):
        declared(str(path))
    with pytest.raises(ParameterError, match="missing.ipynb"):
        declared(str(tmp_path / "missing.ipynb"))


def test_every_chapter_notebook_declares_parameters():
    for part in report.chapters():
        assert declared(str(paths.NOTEBOOK_DIR / f"{part.notebook}.ipynb")), part.notebook
