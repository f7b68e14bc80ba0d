"""No leftovers after kill -9 (``kernels``): a build's, a refresh's or a worker's private folder (kernel sockets,
connection files, multiprocessing's sockets) is removed at the next start when its owner is gone.  Each test
gives its commands a temporary folder of their own, so that what is left can be attributed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from wbanalysis.builder.kernels import runtime as kernels

#: Every test here starts a kernel (left out of the fast lane, make check).
pytestmark = pytest.mark.kernel


@pytest.fixture
def tmpdir_of_its_own():
    """A short $TMPDIR (socket paths must stay short), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="wbt-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _notebook(path: Path, code: str) -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# slow"), nbformat.v4.new_code_cell(code)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def _wait_for(path: Path, seconds: float = 120) -> None:
    deadline = time.time() + seconds
    while not path.exists() and time.time() < deadline:
        time.sleep(0.1)
    assert path.exists(), f"{path} never appeared"


def _command(*args: str, env: dict) -> psutil.Popen:
    return psutil.Popen(
        [sys.executable, "-m", "wbanalysis.cli", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )


def test_O1b_kill_9_of_a_build_leaves_nothing_after_the_next_start(tmp_path, tmpdir_of_its_own):
    started = tmp_path / "started"
    slow = _notebook(tmp_path / "86_slow.ipynb", f"open({str(started)!r}, 'w').close()\nimport time; time.sleep(60)")
    tiny = _notebook(tmp_path / "87_tiny.ipynb", "print('x')")
    env = os.environ | {"TMPDIR": str(tmpdir_of_its_own)}
    build = _command("build", str(slow), "--out", str(tmp_path / "out"), "--jobs", "1", env=env)
    _wait_for(started)
    descendants = build.children(recursive=True)
    assert any(name.startswith("wb-") for name in _leftovers(tmpdir_of_its_own))
    os.kill(build.pid, signal.SIGKILL)
    build.wait(timeout=30)
    psutil.wait_procs(descendants, timeout=30)
    assert _leftovers(tmpdir_of_its_own)  # the killed build's folder (with the fork server's socket) is left...
    after = subprocess.run(
        [sys.executable, "-m", "wbanalysis.cli", "build", str(tiny), "--out", str(tmp_path / "o2")],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert after.returncode == 0, after.stderr
    assert _leftovers(tmpdir_of_its_own) == []  # ...until the next start: no pymp-*, socket or connection file


def test_O5b_kill_9_of_refresh_leaves_nothing_after_the_next_start(tmp_path, tmpdir_of_its_own):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    started = tmp_path / "started"
    _notebook(folder / "88_slow.ipynb", f"open({str(started)!r}, 'w').close()\nimport time; time.sleep(60)")
    _notebook(folder / "89_tiny.ipynb", "print('x')")
    env = os.environ | {"TMPDIR": str(tmpdir_of_its_own), "WBANALYSIS_NOTEBOOKS": str(folder)}
    refresh = _command("refresh", "88", env=env)
    _wait_for(started)
    descendants = refresh.children(recursive=True)
    names = _leftovers(tmpdir_of_its_own)
    assert len(names) == 1 and names[0].startswith("wb-")  # the kernel's files, in a private folder: not loose
    os.kill(refresh.pid, signal.SIGKILL)
    refresh.wait(timeout=30)
    for proc in descendants:  # the kernel ends with its parent; no need to wait for it to notice
        try:
            proc.kill()
        except psutil.Error:
            pass
    after = subprocess.run(
        [sys.executable, "-m", "wbanalysis.cli", "refresh", "89"], capture_output=True, text=True, env=env, timeout=300
    )
    assert after.returncode == 0, after.stderr
    assert _leftovers(tmpdir_of_its_own) == []


WORKER = """
import os, sys, time
from wbanalysis.builder.kernels import runtime as kernels
folder = kernels.worker_runtime()
open(os.path.join(folder, "kernel-0123456789ab.json"), "w").close()
open(os.path.join(folder, "k0123456789ab-1"), "w").close()
print(folder, flush=True)
time.sleep(60)
"""


def test_DK6_a_killed_workers_kernel_files_are_swept_at_the_next_start(tmpdir_of_its_own):
    """What a Dask worker (a process without a build's folder) does with its kernels' files."""
    env = os.environ | {"TMPDIR": str(tmpdir_of_its_own)}
    env.pop("WBANALYSIS_RUNTIME", None)
    worker = subprocess.Popen([sys.executable, "-c", WORKER], stdout=subprocess.PIPE, text=True, env=env)
    folder = Path(worker.stdout.readline().strip())
    assert folder.parent == tmpdir_of_its_own and (folder / "kernel-0123456789ab.json").exists()
    old = tempfile.tempdir
    tempfile.tempdir = str(tmpdir_of_its_own)
    try:
        assert str(folder) not in kernels.sweep_orphans() and folder.exists()  # its owner is alive: kept
        worker.kill()
        worker.wait(timeout=30)
        worker.stdout.close()
        assert str(folder) in kernels.sweep_orphans()  # its owner is gone: removed
    finally:
        tempfile.tempdir = old
    assert not folder.exists()
