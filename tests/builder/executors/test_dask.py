"""Builds on a Dask distributed cluster: a scheduler and two workers on 127.0.0.1, started as a user would
(``dask scheduler`` / ``dask worker``); the reports come back and match a local build's byte for byte."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from wbanalysis import paths

BIN = Path(sys.executable).parent


def _build(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "wbanalysis"), "build", *args],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
        timeout=600,
        env=None if env is None else os.environ | env,
    )


@pytest.mark.kernel
def test_a_sweep_through_the_cluster_matches_a_local_build(cluster, tmp_path):
    remote, local = tmp_path / "remote", tmp_path / "local"
    sweep = ["02", "--sweep", "focus_country=ALB,SRB"]
    run = _build(*sweep, "--executor", "dask", "--scheduler", cluster, "--out", str(remote))
    assert run.returncode == 0, run.stderr
    assert _build(*sweep, "--out", str(local)).returncode == 0
    pages = sorted(p.relative_to(local) for p in local.rglob("*") if p.is_file() and p.parent.name != ".build")
    pages.remove(Path("index.html"))  # lists build times
    pages.remove(Path(".build.lock"))  # the folder's lock: names the last build's process
    assert len(pages) > 4
    for rel in pages:
        assert (remote / rel).read_bytes() == (local / rel).read_bytes(), rel
    names = sorted(p.name for p in (remote / ".build").glob("*.json"))
    assert names == [
        "02_institutional_frameworks__focus_country-ALB.json",
        "02_institutional_frameworks__focus_country-SRB.json",
    ]
    again = _build(*sweep, "--executor", "dask", "--scheduler", cluster, "--out", str(remote))
    assert "0 built, 2 up to date" in again.stdout  # the same cache as a local build


@pytest.mark.kernel
def test_a_failing_notebook_on_the_cluster_is_reported_and_writes_nothing(cluster, tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("raise ValueError('broken on purpose')")]
    path = tmp_path / "87_broken.ipynb"
    nbformat.write(nb, path)
    out = tmp_path / "out"
    run = _build(str(path), "--executor", "dask", "--scheduler", cluster, "--out", str(out))
    assert run.returncode == 1
    assert "87_broken failed: ValueError in cell 1: broken on purpose" in run.stderr  # the notebook's own cell 1
    assert not (out / "87_broken.html").exists() and (out / "failed" / "87_broken.ipynb").exists()


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path, cli, monkeypatch):
    address = "tcp://127.0.0.1:9"
    monkeypatch.setenv("WBANALYSIS_DASK_WAIT", "0.5")  # seconds to reach it (15 at most by default)
    run = cli("build", "02", "--executor", "dask", "--scheduler", address, "--out", str(tmp_path))
    assert run.returncode == 2 and "--scheduler tcp://127.0.0.1:9: cannot reach a Dask scheduler there" in run.stderr
    assert not list(tmp_path.glob("*.html"))


def test_dask_needs_a_scheduler(tmp_path, cli):
    run = cli("build", "02", "--executor", "dask", "--out", str(tmp_path))
    assert run.returncode == 2 and "--executor dask needs --scheduler ADDRESS" in run.stderr
