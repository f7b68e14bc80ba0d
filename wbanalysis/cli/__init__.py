"""The ``wbanalysis`` command: list, build, refresh, claims, validate, data rehash.

Each family of commands is a module here (``reports``, ``claims``, ``data``) that adds its commands to the parser."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import Stopped, WBAnalysisError
from ..limits import shorten_message
from . import claims, data, reports


def parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    top = argparse.ArgumentParser(prog="wbanalysis", description=__doc__.splitlines()[0])
    top.add_argument("--version", action="version", version=f"wbanalysis {__version__}")
    sub = top.add_subparsers(dest="command", required=True)
    reports.add(sub)
    claims.add(sub)
    data.add(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run a subcommand; bad input ends with a message and exit code 2."""
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show a character gets a '?', not a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    args = parser().parse_args(argv)
    stop_on_signals()
    try:
        return args.run(args)
    except BrokenPipeError:  # the reader went away (``wbanalysis claims | head``): nothing more to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except (WBAnalysisError, KeyError, ValueError, OSError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"error: {shorten_message(str(message))}", file=sys.stderr)
        return 2
    except Stopped as exc:
        print(f"stopped by {exc.name}: no report was half-written", file=sys.stderr)
        return 128 + exc.signum
    except KeyboardInterrupt:
        print("interrupted: no report was half-written", file=sys.stderr)
        return 130


def stop_on_signals() -> None:
    """SIGTERM and SIGHUP (a closed terminal) stop the command as Ctrl-C does: workers and kernels stopped first."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise Stopped(signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)


def run() -> None:
    """The ``wbanalysis`` command: :func:`main`, then exit without tearing the interpreter down.

    Every exit handler the command registered still runs (workers joined, multiprocessing's clean-up); only
    the teardown after them is skipped: freeing every module and object, which the operating system does
    anyway and which takes about 0.3 s once pandas, matplotlib and IPython are loaded.
    """
    import atexit

    status: list[int] = []
    atexit.register(_leave, status)  # registered first, so it runs after every handler registered from here on
    status.append(main())
    sys.exit(status[0])


def _leave(status: list[int]) -> None:
    if not status:  # main() did not return (an uncaught error): the usual exit, with its traceback
        return
    if "logging" in sys.modules:
        sys.modules["logging"].shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    os._exit(status[0])

