"""A template process: every kernel of a local worker is a new child of it, forked with its libraries loaded.

Starting a Python kernel means starting Python, importing IPython and ipykernel, and then importing pandas for the
notebook: about a second of work per kernel. The worker processes have those libraries loaded already (the pool's
fork server preloads them, ``warm``), so as soon as a worker starts (single-threaded, nothing running yet) it forks
a *template* child, which stays single-threaded and does nothing but fork. Each report gets a kernel of its own:
jupyter_client's provisioner (:class:`StandbyProvisioner`) sends the kernel's command, environment and folder to the
template, which forks a child that becomes the kernel as ``python -m ipykernel_launcher`` would start it: its own
session, the given environment and folder, a new Python's ``sys.path``, the warning filters of the kernel's
libraries alone, a standard input at its end, multiprocessing's default start method, pandas' display options, a new
numpy seed, and every ``wbanalysis`` module imported afresh (``tests/builder/kernels/test_standby.py`` compares what
a notebook sees there with a usual kernel). No state can pass from one report to the next: each kernel is a new
process, and the template never runs a notebook. What remains of the worker: its interpreter flags and hash seed,
and ``multiprocessing.current_process()``'s name. Kernels for another Python and kernels with a relative
``PYTHONPATH`` entry are started the usual way. The template leaves (and stops its kernels) as soon as its worker
closes the pipe or exits; a kernel ends when its template does."""

from __future__ import annotations

import functools
import gc
import json
import os
import pickle
import signal
import struct
import subprocess
import sys
from typing import Any

from jupyter_client.provisioning import LocalProvisioner

from .forked import Forked as _Forked

#: How a kernel started from a standby child shows in ``ps -o comm`` and ``top`` (its command line is the worker's).
NAME = "wb-kernel"
#: The garbage collector's thresholds of a new Python (a worker raises its own; the kernel gets these back).
_GC_THRESHOLDS = gc.get_threshold()
#: How the template shows in ``ps -o comm``.
TEMPLATE_NAME = "wb-template"
#: This process's template: (pid, write end of the command pipe, read end of the reply pipe), or empty.
_STANDBY: list[int] = []


def prepare() -> None:
    """Fork the template (call while the process is single-threaded: at a worker's start)."""
    import threading

    if _STANDBY or not hasattr(os, "fork") or threading.active_count() > 1:
        return
    fresh_path()  # before forking: the template must not start a process of its own
    commands, send = os.pipe()  # each kernel's command comes through here
    replies, answer = os.pipe()  # and the new kernel's pid goes back through here
    stdin, feed = os.pipe()  # the kernels' standard input: a pipe at its end, as jupyter_client leaves it
    pid = os.fork()
    if pid == 0:  # the template: fork a kernel for each command
        os.close(send)
        os.close(replies)
        os.close(feed)
        os.dup2(stdin, 0)
        os.close(stdin)
        _serve(commands, answer)
    os.close(commands)
    os.close(answer)
    os.close(stdin)
    os.close(feed)
    _STANDBY[:] = [pid, send, replies]


def close() -> None:
    """Stop this process's template (and any kernel it still has); later kernels start the usual way."""
    if not _STANDBY:
        return
    pid, send, replies = _STANDBY
    _STANDBY.clear()
    for fd in (send, replies):
        try:
            os.close(fd)
        except OSError:
            pass
    _reap(pid)


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
    """Fork the kernel ``cmd`` from the template; its pid, or None when there is no template (or it cannot)."""
    relative = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p and not os.path.isabs(p)]
    if not _STANDBY or not _same_python(cmd) or relative:  # a relative entry would resolve from another folder
        return None
    _, send, replies = _STANDBY
    payload = pickle.dumps((cmd, dict(env), str(cwd)))
    try:
        _write_all(send, struct.pack("!Q", len(payload)) + payload)
        reply = _read_exact(replies, 8)
    except OSError:
        reply = None
    if reply is None:  # the template is gone: this kernel and the later ones start the usual way
        close()
        return None
    return struct.unpack("!q", reply)[0]


def _write_all(fd: int, data: bytes) -> None:
    while data:
        data = data[os.write(fd, data) :]


def _read_exact(fd: int, size: int) -> bytes | None:
    """``size`` bytes from ``fd``, or None at its end."""
    chunks, left = [], size
    while left:
        chunk = os.read(fd, left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


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


def _serve(commands: int, answer: int) -> None:
    """In the template: for each command, fork a child that becomes that kernel; never return.

    The template stays single-threaded (so that forking it is safe) and reaps its kernels as they end.  When the
    worker closes the pipe (or ends), the template stops the kernels it still has and leaves."""
    kernels: set[int] = set()

    def reap(*_: object) -> None:
        while True:
            try:
                pid, _status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if not pid:
                return
            kernels.discard(pid)

    try:
        os.setsid()  # out of the worker's process group: a Ctrl-C there is the worker's to handle
        _name(TEMPLATE_NAME)
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, signal.SIG_IGN if number == signal.SIGINT else signal.SIG_DFL)
        signal.signal(signal.SIGCHLD, reap)
        while True:
            header = _read_exact(commands, 8)
            if header is None:
                break
            payload = _read_exact(commands, struct.unpack("!Q", header)[0])
            if payload is None:
                break
            pid = os.fork()
            if pid == 0:
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                os.close(commands)
                os.close(answer)
                _become(payload)
            kernels.add(pid)
            _write_all(answer, struct.pack("!q", pid))
    except BaseException:  # noqa: S110  (the template has nowhere to report; its kernels are stopped below)
        pass
    finally:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for pid in list(kernels):
            for stop in (os.killpg, os.kill):
                try:
                    stop(pid, signal.SIGKILL)
                except OSError:
                    pass
        os._exit(0)


def _become(payload: bytes) -> None:
    """In a child of the template: become the kernel the payload describes; never return."""
    code = 0
    try:
        os.setsid()  # its own session and process group, as jupyter_client gives a kernel
        _name(NAME)
        cmd, env, cwd = pickle.loads(payload)
        env = dict(env) | {"JPY_PARENT_PID": str(os.getppid())}  # it watches its template, which watches the worker
        _as_new_python(env, cwd)
        import importlib.util

        from ipykernel import kernelapp

        argv = list(cmd[3:])
        sys.argv = [importlib.util.find_spec("ipykernel_launcher").origin, *argv]
        # ipykernel read JPY_PARENT_PID from the environment when it was imported (in the worker): give it here
        kernelapp.launch_new_instance(argv=argv, parent_handle=int(env["JPY_PARENT_PID"]))
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
    test compares: ``tests/builder/kernels/test_standby.py``)."""
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
        warnings._filters_mutated()  # type: ignore[attr-defined]  (cached decisions dropped)
    multiprocessing.set_start_method(None, force=True)  # the platform's default, not the worker's
    sys.modules.pop("__mp_main__", None)

    for name in [m for m in sys.modules if m == "wbanalysis" or m.startswith("wbanalysis.")]:
        del sys.modules[name]  # the notebook imports wbanalysis afresh, reading this environment
    gc.set_threshold(*_GC_THRESHOLDS)
    if "numpy" in sys.modules:  # a new seed, as numpy takes on import (the worker's is shared by its children)
        sys.modules["numpy"].random.seed()
    if "matplotlib" in sys.modules:  # loaded by the worker: the settings a new import would read here
        _matplotlib_as_imported(sys.modules["matplotlib"], env)
    if "pandas" in sys.modules:  # display options as on import (the worker's imports set some); only these:
        with warnings.catch_warnings():  # resetting plotting options would import matplotlib before the kernel
            warnings.simplefilter("ignore")  # chose its backend
            sys.modules["pandas"].reset_option("display")


#: The backend a Jupyter kernel gives matplotlib when none is asked for (ipykernel sets $MPLBACKEND to it).
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


def _matplotlib_as_imported(mpl: Any, env: dict[str, str]) -> None:
    """rcParams as ``import matplotlib`` would set them in this environment and folder (its matplotlibrc), with
    the backend the kernel will ask for ($MPLBACKEND, which ipykernel sets to the inline backend when unset)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fresh = mpl.rc_params()
        dict.clear(mpl.rcParams)
        dict.update(mpl.rcParams, fresh)
        dict.update(mpl.rcParamsOrig, fresh)
        mpl.rcParams["backend"] = env.get("MPLBACKEND") or INLINE_BACKEND


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
