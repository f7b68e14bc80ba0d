"""A kernel manager whose kernels talk over local IPC sockets instead of unencrypted TCP."""

from __future__ import annotations

import os
import tempfile
import uuid

from jupyter_client.manager import AsyncKernelManager
from traitlets import CaselessStrEnum, default


class IPCKernelManager(AsyncKernelManager):
    """Start kernels with ``transport="ipc"``: Unix sockets in a private path, one set per kernel.

    Each kernel gets its own socket path, so kernels started in parallel from the same folder
    never share sockets (jupyter_client's default IPC path is relative to the working folder).
    """

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

    @default("connection_file")
    def _default_connection_file(self) -> str:
        # beside the sockets, in the build's private folder (removed with it), not a loose file in /tmp
        return os.path.join(runtime_dir(), f"kernel-{uuid.uuid4().hex[:12]}.json")

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


def private_runtime_dir() -> str:
    """A new private folder for one build's kernel sockets and connection files (short, whatever $TMPDIR is)."""
    base = tempfile.gettempdir()
    if len(base) + 40 >= SOCKET_PATH_LIMIT:
        base = "/tmp"
    return tempfile.mkdtemp(prefix="wb-", dir=base)


def manager_class() -> str:
    """Import path of the kernel manager papermill should use on this platform (TCP on Windows)."""
    return "wbanalysis.kernels.IPCKernelManager" if os.name == "posix" else "jupyter_client.manager.AsyncKernelManager"


def short_tempdir() -> None:
    """Unix sockets (the worker pool's and the kernels') need short paths: when $TMPDIR is too long for them, this
    process puts its temporary files in /tmp instead (nothing else changes)."""
    if len(tempfile.gettempdir()) + 40 >= SOCKET_PATH_LIMIT and os.access("/tmp", os.W_OK):
        tempfile.tempdir = "/tmp"
        os.environ["TMPDIR"] = "/tmp"
