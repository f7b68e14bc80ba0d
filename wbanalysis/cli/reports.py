"""``wbanalysis list``, ``build`` and ``refresh``: the notebooks, and the reports built from them."""

from __future__ import annotations

import argparse
import sys
import time

from .. import paths
from ..builder.executors import EXECUTORS
from ..errors import ParameterError
from ..limits import CELL_TIMEOUT, cell_timeout

TIMEOUT_HELP = f"seconds a cell may run (default: {CELL_TIMEOUT})"


def _list(args: argparse.Namespace) -> int:
    from ..builder.plan import available
    from ..params import declared

    for nb in available():
        print(nb.stem)
        for name, info in declared(str(nb)).items():
            print(f"  {name} ({info['type']}, default {info['default']!r}): {info['help']}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from ..builder import build
    from ..params import parse_cli_value

    names = [name for name, _ in args.param]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ParameterError(f"-p {repeated[0]} is given more than once; give each parameter once")
    if args.out is not None and not args.out.strip():
        raise ParameterError("--out is empty: give a folder, e.g. --out reports/variants")
    args.timeout = cell_timeout(args.timeout)
    if args.jobs is not None and args.jobs <= 0:
        raise ParameterError(f"--jobs must be 1 or more, got {args.jobs}")
    raw = {name: parse_cli_value(name, value) for name, value in args.param}
    started = time.perf_counter()
    results = build(
        args.notebooks,
        raw,
        out_dir=args.out,
        force=args.force,
        timeout=args.timeout,
        workers=args.jobs,
        sweeps=args.sweep,
        params_file=args.params_file,
        show_progress=True,
        executor=args.executor,
        scheduler=args.scheduler,
        svg=args.svg,
        stale=args.stale,
    )
    width = max(len(r.name) for r in results)
    print(f"{'report':<{width}}  {'status':<10}  seconds")
    for r in results:
        print(f"{r.name:<{width}}  {r.status:<10}  {r.seconds:7.1f}")
    counts = {s: sum(r.status == s for r in results) for s in ("built", "up to date", "failed")}
    print(", ".join(f"{n} {s}" for s, n in counts.items()) + f" in {time.perf_counter() - started:.1f} s")
    for r in results:
        if r.status == "failed":
            kept = f" (executed copy kept in {r.kept})" if r.kept else ""
            print(f"error: {r.name} failed: {r.error}{kept}", file=sys.stderr)
    return 1 if counts["failed"] else 0


def _refresh(args: argparse.Namespace) -> int:
    from ..builder.refresh import refresh

    done = refresh(
        args.notebooks,
        timeout=cell_timeout(args.timeout),
        progress=lambda line: print(line, file=sys.stderr, flush=True),
    )
    print(f"re-executed {len(done)} notebook(s) in place")
    return 0


def add(sub: argparse._SubParsersAction) -> None:
    """The ``list``, ``build`` and ``refresh`` commands."""
    sub.add_parser("list", help="notebooks with their parameters, types, defaults and help").set_defaults(run=_list)

    b = sub.add_parser("build", help="execute notebooks and write HTML reports")
    b.add_argument("notebooks", nargs="*", metavar="NOTEBOOK", help="path or name prefix (default: all)")
    b.add_argument(
        "-p",
        "--param",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="a parameter; VALUE is YAML (a list also takes ALB,SRB)",
    )
    b.add_argument("--out", default=None, help=f"output folder (default: {paths.REPORTS_DIR})")
    b.add_argument("--force", action="store_true", help="rebuild even if the report is up to date")
    b.add_argument(
        "--stale",
        action="store_true",
        help="rebuild every report already in --out that is out of date, variants included, with its own parameters",
    )
    b.add_argument("--timeout", type=float, default=CELL_TIMEOUT, help=TIMEOUT_HELP)
    b.add_argument("--jobs", "-j", type=int, default=None, help="worker processes (default: the number of cores)")
    b.add_argument(
        "--sweep", action="append", default=[], metavar="NAME=V1,V2", help="one report per value (repeat for a grid)"
    )
    b.add_argument(
        "--params-file", default=None, metavar="FILE.yaml", help="a YAML list of parameter sets, one report each"
    )
    b.add_argument(
        "--executor",
        choices=EXECUTORS,
        default=EXECUTORS[0],
        help="where reports are built: local worker processes (default) or a Dask distributed cluster",
    )
    b.add_argument("--scheduler", default=None, metavar="ADDRESS", help="the Dask scheduler, e.g. tcp://10.0.0.5:8786")
    b.add_argument(
        "--svg", action="store_true", help="also write each figure to figures/ as SVG (vector; renders figures twice)"
    )
    b.set_defaults(run=_build)

    r = sub.add_parser("refresh", help="re-execute the committed notebooks in place with default parameters")
    r.add_argument("notebooks", nargs="*", metavar="NOTEBOOK", help="path or name prefix (default: all)")
    r.add_argument("--timeout", type=float, default=CELL_TIMEOUT, help=TIMEOUT_HELP)
    r.set_defaults(run=_refresh)
