"""The private folders of builds and workers: where kernels put their sockets and connection files, short enough
for a Unix socket path, marked with their owner, and swept at the next start when the owner was killed."""

from __future__ import annotations

import os
import tempfile

#: A Unix socket path may hold at most 107 bytes; the kernel adds "-N" to the base path.
SOCKET_PATH_LIMIT = 100


def runtime_dir() -> str:
    """Where kernels put their sockets: the build's private folder ($WBANALYSIS_RUNTIME), else the temporary folder,
    else /tmp when the temporary folder's path is too long for a socket path."""
    base = os.environ.get("WBANALYSIS_RUNTIME") or tempfile.gettempdir()
    return base if len(base) + 16 < SOCKET_PATH_LIMIT else "/tmp"


#: The file in each private folder naming its owner: "<pid> <process start time>".
OWNER_FILE = "owner"


def _start_time(pid: int) -> str | None:
    import psutil

    try:
        return repr(psutil.Process(pid).create_time())
    except psutil.Error:
        return None


def private_runtime_dir() -> str:
    """A new private folder for one build's kernel sockets and connection files (short, whatever $TMPDIR is),
    marked with its owner, so that the next start removes it if its owner was killed (``sweep_orphans``)."""
    base = tempfile.gettempdir()
    if len(base) + 40 >= SOCKET_PATH_LIMIT:
        base = "/tmp"
    path = tempfile.mkdtemp(prefix="wb-", dir=base)
    with open(os.path.join(path, OWNER_FILE), "w", encoding="ascii") as handle:
        handle.write(f"{os.getpid()} {_start_time(os.getpid())}\n")
    return path


def sweep_orphans() -> list[str]:
    """Remove the private folders (kernel sockets, connection files, multiprocessing's sockets) whose owner process
    is gone: what a build, refresh or worker killed with SIGKILL left.  Folders of a live owner, and folders
    without an owner file, are left alone.  The folders removed."""
    import glob
    import shutil

    removed = []
    for base in dict.fromkeys((tempfile.gettempdir(), "/tmp")):
        for folder in glob.glob(os.path.join(glob.escape(base), "wb-*")):
            try:
                with open(os.path.join(folder, OWNER_FILE), encoding="ascii") as handle:
                    pid, started = handle.read().split()
            except (OSError, ValueError):
                continue
            if not pid.isdigit() or _start_time(int(pid)) == started:
                continue
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


_PROCESS_DIR: list[str] = []


def process_dir() -> str:
    """This process's own private folder (made once, removed when it exits, swept if it is killed)."""
    if not _PROCESS_DIR:
        import atexit
        import shutil

        _PROCESS_DIR.append(private_runtime_dir())
        atexit.register(shutil.rmtree, _PROCESS_DIR[0], True)
    return _PROCESS_DIR[0]


def own_multiprocessing_folder() -> None:
    """multiprocessing's sockets (the fork server's listener) in this process's private folder, not a ``pymp-*``
    folder of their own in $TMPDIR that a SIGKILL would leave behind."""
    import multiprocessing
    import multiprocessing.util

    config = multiprocessing.current_process()._config  # type: ignore[attr-defined]
    if config.get("tempdir") is None:
        config["tempdir"] = process_dir()


def worker_runtime() -> str:
    """For a process that runs reports without a build's private folder (a Dask worker): a private folder of its
    own for its kernels' sockets and connection files, set as $WBANALYSIS_RUNTIME (leftovers of killed workers
    are swept first)."""
    if not os.environ.get("WBANALYSIS_RUNTIME"):
        sweep_orphans()
        folder = process_dir()
        os.environ["WBANALYSIS_RUNTIME"] = folder
        os.environ["JUPYTER_RUNTIME_DIR"] = folder
    return os.environ["WBANALYSIS_RUNTIME"]


def short_tempdir() -> None:
    """Unix sockets (the worker pool's and the kernels') need short paths: when $TMPDIR is too long for them, this
    process puts its temporary files in /tmp instead (nothing else changes)."""
    if len(tempfile.gettempdir()) + 40 >= SOCKET_PATH_LIMIT and os.access("/tmp", os.W_OK):
        tempfile.tempdir = "/tmp"
        os.environ["TMPDIR"] = "/tmp"
