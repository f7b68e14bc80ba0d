"""A pytest plugin (``-p nbval_names`` in pyproject.toml): nbval starts a notebook's kernel when the notebook is
set up; first, the notebook is named for it, as a build names it (``wbanalysis.this_notebook``).  A plugin rather
than a conftest hook, so that it holds however the notebooks are collected (``pytest notebooks/02_*.ipynb``)."""

from __future__ import annotations

import os

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.path.suffix == ".ipynb":
        from wbanalysis import this_notebook

        os.environ[this_notebook.VARIABLE] = item.path.stem
