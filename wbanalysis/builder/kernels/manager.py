"""A kernel manager whose kernels talk over local IPC sockets instead of unencrypted TCP, in the build's private
folder (``runtime``), and always run this Python's ipykernel."""

from __future__ import annotations

import os
import sys
import uuid
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import CaselessStrEnum, DottedObjectName, Type, default

from .runtime import runtime_dir

#: Set where no kernel may start (``make check``, the tests' fast lane): starting one is an error that says so.
NO_KERNELS_VARIABLE = "WBANALYSIS_NO_KERNELS"


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
    client_class = DottedObjectName(f"{__name__}.IPCKernelClient")
    client_factory = Type(klass=f"{__name__}.IPCKernelClient")

    async def _async_pre_start_kernel(self, **kw: Any) -> tuple[list[str], dict[str, Any]]:
        if os.environ.get(NO_KERNELS_VARIABLE):
            raise RuntimeError(f"no kernel may start here: {NO_KERNELS_VARIABLE} is set (the tests' fast lane)")
        return await super()._async_pre_start_kernel(**kw)

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


def manager_class() -> str:
    """Import path of the kernel manager papermill should use on this platform (TCP on Windows)."""
    return f"{__name__}.IPCKernelManager" if os.name == "posix" else "jupyter_client.manager.AsyncKernelManager"
