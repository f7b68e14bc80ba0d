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

    @default("ip")
    def _default_ip(self) -> str:
        if self.transport == "ipc":
            return os.path.join(tempfile.gettempdir(), f"wbanalysis-kernel-{uuid.uuid4().hex}")
        return "127.0.0.1"


def manager_class() -> str:
    """Import path of the kernel manager papermill should use on this platform (TCP on Windows)."""
    return "wbanalysis.kernels.IPCKernelManager" if os.name == "posix" else "jupyter_client.manager.AsyncKernelManager"
