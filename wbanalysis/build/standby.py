"""A kernel forked ahead of time: each local worker's first kernel starts with its libraries already loaded.

Starting a Python kernel means starting Python, importing IPython and ipykernel, and then importing pandas for
the first notebook: about a second of work per kernel, on the path of every build.  The worker processes have
those libraries loaded already (the pool's fork server preloads them, ``warm``), so as soon as a worker starts
(single-threaded, nothing running yet) it forks a *standby* child.  When the worker's first kernel is launched,
jupyter_client's provisioner (:class:`StandbyProvisioner`) hands the kernel's command, environment and folder
to that child instead of starting a new Python: the child becomes the kernel as ``python -m ipykernel_launcher``
would start it: its own session, the given environment and folder, a new Python's ``sys.path``, the warning
filters of the kernel's libraries alone, a standard input at its end, multiprocessing's default start method,
pandas' display options, a new numpy seed, and every ``wbanalysis`` module imported afresh
(``tests/test_standby.py`` compares what a notebook sees there with a usual kernel).  What remains of the
worker: its interpreter flags and hash seed, its open pipes, and ``multiprocessing.current_process()``'s name.
Later kernels (after one died), kernels for another Python and kernels with a relative ``PYTHONPATH`` entry are
started the usual way.  The child leaves as soon as its worker closes the pipe or exits.
"""

from __future__ import annotations

import functools
import gc
import json
import os
import pickle
import signal
import subprocess
import sys
from typing import Any

from jupyter_client.provisioning import LocalProvisioner

#: How a kernel started from a standby child shows in ``ps -o comm`` and ``top`` (its command line is the worker's).
NAME = "wb-kernel"
#: The garbage collector's thresholds of a new Python (a worker raises its own; the kernel gets these back).
_GC_THRESHOLDS = gc.get_threshold()
#: This process's standby child: (pid, write end of its pipe), or empty.
_STANDBY: list[int] = []


def prepare() -> None:
    """Fork the standby child (call while the process is single-threaded: at a worker's start)."""
    import threading

    if _STANDBY or not hasattr(os, "fork") or threading.active_count() > 1:
        return
    fresh_path()  # before forking: the child must not start a process of its own
    read, write = os.pipe()  # the kernel's command comes through here
    stdin, feed = os.pipe()  # the kernel's standard input: a pipe at its end, as jupyter_client leaves it
    pid = os.fork()
    if pid == 0:  # the child: wait for a kernel to become
        os.close(write)
        os.close(feed)
        os.dup2(stdin, 0)
        os.close(stdin)
        _serve(read)
    os.close(read)
    os.close(stdin)
    os.close(feed)
    _STANDBY[:] = [pid, write]


@functools.cache
def fresh_path() -> tuple[str, ...]:
    """``sys.path`` of a new Python in this environment after its first entry (the working folder, for ``-m``)."""
    code = "import json, sys; print(json.dumps(sys.path[1:]))"
    return tuple(json.loads(subprocess.check_output([sys.executable, "-c", code], text=True)))


#: The warning filters of a new Python once it has imported what the standby child has of a kernel's libraries
#: (``remember_filters``), without those the worker imports for itself.
_KERNEL_FILTERS: list[Any] = []


def remember_filters(filters: list[Any]) -> None:
    """The warning filters a kernel has: as they were after importing the kernel's libraries (IPython, ipykernel,
    pandas) and before the worker's own (nbconvert...), whose filters a kernel would not have (``warm``)."""
    _KERNEL_FILTERS[:] = filters


def ready() -> bool:
    """True when this process has a standby child waiting."""
    return bool(_STANDBY)


def take(cmd: list[str], env: dict[str, str], cwd: str) -> int | None:
    """Start the kernel ``cmd`` in the standby child; its pid, or None when there is none (or it cannot be)."""
    relative = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p and not os.path.isabs(p)]
    if not _STANDBY or not _same_python(cmd) or relative:  # a relative entry would resolve from another folder
        return None
    pid, write = _STANDBY
    _STANDBY.clear()
    try:
        payload = pickle.dumps((cmd, dict(env), str(cwd)))
        while payload:
            payload = payload[os.write(write, payload) :]
        os.close(write)
    except OSError:  # the child is gone: start the kernel the usual way
        _reap(pid)
        return None
    return pid


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def _same_python(cmd: list[str]) -> bool:
    """True for ``<this python> -m ipykernel_launcher ...``: what the standby child has loaded."""
    try:
        same = os.path.samefile(cmd[0], sys.executable)
    except (OSError, IndexError):
        return False
    return same and cmd[1:3] == ["-m", "ipykernel_launcher"]


def _serve(read: int) -> None:
    """In the child: wait for the kernel's command; become that kernel; never return."""
    code = 0
    try:
        os.setsid()  # its own session and process group, as jupyter_client gives a kernel
        _name(NAME)
        chunks = []
        while chunk := os.read(read, 65536):
            chunks.append(chunk)
        os.close(read)
        if not chunks:  # the worker closed the pipe (or ended) without needing a kernel
            os._exit(0)
        cmd, env, cwd = pickle.loads(b"".join(chunks))
        _as_new_python(env, cwd)
        import importlib.util

        from ipykernel import kernelapp

        argv = list(cmd[3:])
        sys.argv = [importlib.util.find_spec("ipykernel_launcher").origin, *argv]
        # ipykernel read JPY_PARENT_PID from the environment when it was imported (in the worker): give it here
        handle = {"parent_handle": int(env["JPY_PARENT_PID"])} if env.get("JPY_PARENT_PID") else {}
        kernelapp.launch_new_instance(argv=argv, **handle)
    except SystemExit as exc:  # as Python exits: 0 for None, the number, else 1 after printing the message
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        os._exit(code)


def _name(name: str) -> None:
    """Show the process as ``name`` in ps and top (Linux; elsewhere it keeps the worker's name)."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(15, name.encode()[:15], 0, 0, 0)  # PR_SET_NAME
    except (OSError, AttributeError, TypeError):
        pass


def _as_new_python(env: dict[str, str], cwd: str) -> None:
    """In the child: what ``python -m ipykernel_launcher`` started with ``env`` in ``cwd`` would have (what a
    test compares: ``tests/test_standby.py``)."""
    import asyncio
    import importlib
    import multiprocessing
    import warnings

    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)
    sys.stdin = sys.__stdin__ = open(0, closefd=False)  # noqa: SIM115  (a worker's own stdin was closed)
    asyncio.set_event_loop(asyncio.new_event_loop())  # never the worker's
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    sys.path[:] = fresh_path()  # ipykernel's launcher takes the working folder out of sys.path
    importlib.invalidate_caches()
    if _KERNEL_FILTERS:
        warnings.filters[:] = _KERNEL_FILTERS
        warnings._filters_mutated()  # type: ignore[attr-defined]  (as kernel_state does: cached decisions dropped)
    multiprocessing.set_start_method(None, force=True)  # the platform's default, not the worker's
    sys.modules.pop("__mp_main__", None)

    for name in [m for m in sys.modules if m == "wbanalysis" or m.startswith("wbanalysis.")]:
        del sys.modules[name]  # the notebook imports wbanalysis afresh, reading this environment
    gc.set_threshold(*_GC_THRESHOLDS)
    if "numpy" in sys.modules:  # a new seed, as numpy takes on import (the worker's is shared by its children)
        sys.modules["numpy"].random.seed()
    if "pandas" in sys.modules:  # display options as on import (the worker's imports set some); only these:
        with warnings.catch_warnings():  # resetting plotting options would import matplotlib before the kernel
            warnings.simplefilter("ignore")  # chose its backend
            sys.modules["pandas"].reset_option("display")


class _Forked:
    """What jupyter_client's local provisioner needs of a process (as ``subprocess.Popen``), for a forked child."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid, self.returncode = pid, None

    def _status(self, flags: int) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, flags)
            except ChildProcessError:
                self.returncode = 0  # reaped elsewhere
                return self.returncode
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def poll(self) -> int | None:
        return self._status(os.WNOHANG)

    def wait(self, timeout: float | None = None) -> int | None:
        if timeout is None:
            return self._status(0)
        import time

        deadline = time.monotonic() + timeout
        while self._status(os.WNOHANG) is None:
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.005)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class StandbyProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, launching the kernel in the standby child when there is one."""

    async def wait(self) -> int | None:
        """Wait for the kernel to end, looking every 5 ms (the local provisioner looks every 100 ms, which a
        build pays at its end, when each worker stops its kernel)."""
        import asyncio

        if isinstance(self.process, _Forked):
            while self.process.poll() is None:
                await asyncio.sleep(0.005)
        return await super().wait()

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        # as jupyter_client's launcher does: the kernel watches this process and ends when it is gone
        env = dict(kwargs.get("env") or os.environ) | {"JPY_PARENT_PID": str(os.getpid())}
        pid = take(cmd, env, str(kwargs.get("cwd") or os.getcwd()))
        if pid is None:
            return await super().launch_kernel(cmd, **kwargs)
        self.process = _Forked(pid)  # type: ignore[assignment]
        self.pid, self.pgid = pid, pid
        self.cwd = kwargs.get("cwd") or os.getcwd()
        return self.connection_info
