"""A kernel manager whose kernels talk over local IPC sockets instead of unencrypted TCP."""

from __future__ import annotations

from jupyter_client.manager import KernelManager
from traitlets import CaselessStrEnum


class IPCKernelManager(KernelManager):
    """Start kernels with ``transport="ipc"``: Unix sockets readable only on this machine."""

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)


def manager_class() -> str:
    """Import path of the kernel manager papermill should use on this platform (TCP on Windows)."""
    import os

    return "wbanalysis.kernels.IPCKernelManager" if os.name == "posix" else "jupyter_client.manager.KernelManager"
