"""A kernel manager whose kernels talk over local IPC sockets instead of unencrypted TCP."""

from __future__ import annotations

import os
import sys
import tempfile
import uuid
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import CaselessStrEnum, DottedObjectName, Type, default


class IPCKernelClient(AsyncKernelClient):
    """jupyter_client's client, waiting 20 ms instead of 200 for a new kernel's start-up messages to end (every
    report starts a kernel: the wait was a fifth of a second per report; messages are matched to their request
    anyway)."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        import asyncio
        import time
        from queue import Empty

        deadline = time.time() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                msg = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                msg = None
            if msg is not None and msg["msg_type"] == "kernel_info_reply":
                try:
                    await self.iopub_channel.get_msg(timeout=0.2)  # IOPub connected (as jupyter_client checks)
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(msg)
                    break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.time() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")
            await asyncio.sleep(0)
        while True:  # what is left of the start-up messages
            try:
                await self.iopub_channel.get_msg(timeout=0.02)
            except Empty:
                break


class IPCKernelManager(AsyncKernelManager):
    """Start kernels with ``transport="ipc"``: Unix sockets in a private path, one set per kernel.

    Each kernel gets its own socket path, so kernels started in parallel from the same folder
    never share sockets (jupyter_client's default IPC path is relative to the working folder).
    """

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)
    client_class = DottedObjectName("wbanalysis.kernels.IPCKernelClient")
    client_factory = Type(klass="wbanalysis.kernels.IPCKernelClient")

    @default("connection_file")
    def _default_connection_file(self) -> str:
        # beside the sockets, in the build's private folder (removed with it), not a loose file in /tmp
        return os.path.join(runtime_dir(), f"kernel-{uuid.uuid4().hex[:12]}.json")

    @property
    def kernel_spec(self) -> Any:
        """Always this Python's ipykernel (the interpreter whose packages the cache key records), whatever
        kernelspec named "python3" a ``JUPYTER_PATH`` or an environment puts first."""
        if self._kernel_spec is None:
            from jupyter_client.kernelspec import KernelSpec

            self._kernel_spec = KernelSpec(
                argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                display_name=f"Python {sys.version_info[0]}.{sys.version_info[1]} (wbanalysis)",
                language="python",
            )
        return self._kernel_spec

    @default("ip")
    def _default_ip(self) -> str:
        if self.transport == "ipc":
            return os.path.join(runtime_dir(), f"k{uuid.uuid4().hex[:12]}")
        return "127.0.0.1"


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


def manager_class() -> str:
    """Import path of the kernel manager papermill should use on this platform (TCP on Windows)."""
    return "wbanalysis.kernels.IPCKernelManager" if os.name == "posix" else "jupyter_client.manager.AsyncKernelManager"


def short_tempdir() -> None:
    """Unix sockets (the worker pool's and the kernels') need short paths: when $TMPDIR is too long for them, this
    process puts its temporary files in /tmp instead (nothing else changes)."""
    if len(tempfile.gettempdir()) + 40 >= SOCKET_PATH_LIMIT and os.access("/tmp", os.W_OK):
        tempfile.tempdir = "/tmp"
        os.environ["TMPDIR"] = "/tmp"
