"""Shared fixtures, and the fast lane's guard.

A test that starts a kernel (a build, a refresh, nbval, JupyterLab) is marked ``kernel``; ``make check`` runs the
others (``-m "not kernel"``).  In that lane no kernel may start: ``$WBANALYSIS_NO_KERNELS`` is set for this process
and every process it starts, and the build's kernel manager refuses to start one, so a test that should be marked
fails, saying so, instead of slowing the lane down."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wbanalysis import data
from wbanalysis import report_text as text_of_the_report

BIN = Path(sys.executable).parent


def pytest_configure(config: pytest.Config) -> None:
    from wbanalysis.builder.kernels.manager import NO_KERNELS_VARIABLE

    if "not kernel" in (config.option.markexpr or ""):
        os.environ[NO_KERNELS_VARIABLE] = "1"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """nbval's cells run in a kernel, and so do the builds behind the ``reports`` fixture: marked as such, wherever
    they are collected from."""
    for item in items:
        if item.path.suffix == ".ipynb" or "reports" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.kernel)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch):
    """The ``wbanalysis`` command run in this process (no interpreter to start), as ``run(*args)`` giving a
    ``CompletedProcess`` with its exit code, standard output and standard error.  The command's own process-level
    behaviour (its entry point, signals, a closed pipe, the environment) is tested with real processes."""
    from wbanalysis import cli as command

    monkeypatch.setattr(command, "stop_on_signals", lambda: None)  # this process keeps pytest's own handlers

    def run(*args: str) -> subprocess.CompletedProcess:
        capsys.readouterr()
        try:
            code = command.main(list(args))
        except SystemExit as exc:  # argparse refusing the arguments
            code = exc.code if isinstance(exc.code, int) else 2
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(["wbanalysis", *args], code, out, err)

    return run


@pytest.fixture
def workshop_command(capsys: pytest.CaptureFixture):
    """``python -m wbanalysis.workshop`` run in this process, as ``run(*args)`` giving a ``CompletedProcess``."""
    from wbanalysis.workshop.__main__ import main

    def run(*args: str) -> subprocess.CompletedProcess:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse refusing the arguments
            code = exc.code if isinstance(exc.code, int) else 2
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(["python", "-m", "wbanalysis.workshop", *args], code, out, err)

    return run


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
        return text_of_the_report.files()[0]
    except FileNotFoundError as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def reports(tmp_path_factory) -> Path:
    """Every report built once with default parameters (shared by the browser, print and page tests)."""
    from wbanalysis.builder import build

    out = tmp_path_factory.mktemp("reports")
    results = build([], {}, out_dir=out)
    assert all(r.status == "built" for r in results)
    return out


@pytest.fixture
def notebook_02() -> Path:
    return ROOT / "notebooks" / "02_institutional_frameworks.ipynb"


@pytest.fixture(scope="session")
def cluster(tmp_path_factory):
    """The scheduler's address; the scheduler and both workers (and their kernels) are stopped afterwards."""
    folder = tmp_path_factory.mktemp("dask")
    address_file = folder / "scheduler.json"
    common = {"cwd": folder, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "start_new_session": True}
    procs = [
        subprocess.Popen(
            [
                str(BIN / "dask"),
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                str(address_file),
            ],
            **common,
        )
    ]
    deadline = time.time() + 60
    while not address_file.exists() and time.time() < deadline:
        time.sleep(0.2)
    address = json.loads(address_file.read_text())["address"]
    for name in ("w1", "w2"):
        procs.append(
            subprocess.Popen(
                [str(BIN / "dask"), "worker", address, "--nthreads", "1", "--no-dashboard", "--name", name], **common
            )
        )
    from distributed import Client

    with Client(address, timeout="30s") as client:
        client.wait_for_workers(2, timeout=60)
    yield address
    for proc in procs:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=30)
