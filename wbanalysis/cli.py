"""The ``wbanalysis`` command: list, build, claims, validate, data rehash."""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections.abc import Sequence

from . import __version__
from .errors import ParameterError, Stopped, WBAnalysisError
from .limits import shorten_message


def _list(args: argparse.Namespace) -> int:
    from .build import available
    from .params import declared

    for nb in available():
        print(nb.stem)
        for name, info in declared(str(nb)).items():
            print(f"  {name} ({info['type']}, default {info['default']!r}): {info['help']}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from .build import build
    from .params import parse_cli_value

    names = [name for name, _ in args.param]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ParameterError(f"-p {repeated[0]} is given more than once; give each parameter once")
    if args.out is not None and not args.out.strip():
        raise ParameterError("--out is empty: give a folder, e.g. --out reports/variants")
    if not math.isfinite(args.timeout) or args.timeout <= 0:
        raise ParameterError(f"--timeout must be a positive number of seconds, got {args.timeout:g}")
    args.timeout = max(1, math.ceil(args.timeout))
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
    from .build import refresh

    if not math.isfinite(args.timeout) or args.timeout <= 0:
        raise ParameterError(f"--timeout must be a positive number of seconds, got {args.timeout:g}")
    done = refresh(
        args.notebooks,
        timeout=max(1, math.ceil(args.timeout)),
        progress=lambda line: print(line, file=sys.stderr, flush=True),
    )
    print(f"re-executed {len(done)} notebook(s) in place")
    return 0


def _claims(args: argparse.Namespace) -> int:
    from . import claims

    if isinstance(args.verify_quotes, str):
        args.report_text = args.report_text or args.verify_quotes
    if args.verify_quotes or args.report_text:
        _readable_report_text(args.report_text)
        missing = claims.verify_quotes(args.report_text)
        for claim_id, quote in missing:
            print(f"{claim_id}: quote not found word for word: {quote!r}", file=sys.stderr)
        total = len(claims.claims())
        print(f"{total - len(missing)} of {total} quotes found word for word in the report's text")
        return 1 if missing else 0
    if args.diff is not None:
        import shutil
        from pathlib import Path

        if args.diff.strip() and not Path(args.diff).is_dir() and shutil.which("git") is None:
            raise ParameterError(
                f"--diff {shorten_message(args.diff)}: reading a git ref needs git, which is not on PATH; "
                "install git, or give another data folder"
            )
        return _diff(args.diff)
    if args.record and (args.chapter is not None or args.verdict or args.kind):
        raise ParameterError("--record writes every claim's verdict; leave out --chapter, --verdict and --kind")
    if args.base_url and not (args.base_url.startswith(("https://", "http://")) and args.format == "claimreview"):
        raise ParameterError(
            f"--base-url {args.base_url!r}: give an http(s) address, with --format claimreview "
            "(e.g. https://example.org/reports/)"
        )
    if args.record:
        if args.as_of is not None:
            raise ParameterError("--record writes today's verdicts (with each one's verdict at the report's date); "
                                 "leave out --as-of")
        return _record()
    verdicts = claims.evaluate_all(chapter=args.chapter, verdict=args.verdict, kind=args.kind,
                                   as_of=_as_of(args.as_of))
    if args.format == "json":
        print(json.dumps([v.to_dict() for v in verdicts], indent=2, ensure_ascii=False))
    elif args.format == "csv":
        text = claims.csv_table(verdicts).to_csv(index=False, lineterminator="\r\n")
        sys.stdout.flush()
        sys.stdout.buffer.write(("\ufeff" + text).encode("utf-8"))  # a BOM, so spreadsheets read it as UTF-8
        sys.stdout.buffer.flush()
    elif args.format == "claimreview":
        base = None if not args.base_url else args.base_url if args.base_url.endswith("/") else args.base_url + "/"
        print(json.dumps(claims.claimreview(verdicts, base_url=base), indent=2, ensure_ascii=False))
    else:
        for v in verdicts:
            quote = v.quote if len(v.quote) <= 70 else v.quote[:69] + "…"
            print(f"{v.id:<6} {v.verdict:<17} {quote}")
            print(f"{'':<6} {'':<17} {v.conclusion}")
        if not verdicts:
            print("no claim matches these filters", file=sys.stderr)
    return 0


def _as_of(text: str | None):
    """``--as-of``: an ISO date ('2025-04-25'); 'publication' for the report's date."""
    from datetime import date

    from . import report

    if text is None:
        return None
    if text.strip().lower() in ("publication", "report"):
        return report.DATE
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ParameterError(f"--as-of {text!r}: give a date as YYYY-MM-DD (e.g. {report.DATE.isoformat()}, the "
                             "report's date) or 'publication'") from None


def _readable_report_text(given: str | None) -> None:
    """The report's text files are UTF-8 text with something in them; otherwise a message naming the file."""
    from . import paths

    try:
        files = paths.report_text_files(given)
    except FileNotFoundError:
        return  # verify_quotes says how to get the text
    for path in files:
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ParameterError(
                f"{path}: not UTF-8 text (byte {exc.start}); save the report's text as a UTF-8 .txt file"
            ) from None
        except OSError as exc:
            raise ParameterError(f"{path}: cannot be read ({exc.strerror})") from None
        if not text.strip():
            raise ParameterError(f"{path}: the file is empty; save the report's text into it (see --help)")


def _record() -> int:
    """Write the verdict record (``data/verdicts.csv``) and its change log (``data/changes.csv``) and accept their
    hashes, and nothing else: an edit of another data file is not accepted here (that is ``wbanalysis data
    rehash``'s job, on purpose)."""
    from . import claims
    from .claims import drift

    path = drift.record()
    print(f"verdicts of {len(claims.claims())} claims written to {path} (what moved: data/changes.csv)")
    return 0


def _diff(ref: str) -> int:
    """The claims whose verdict or observed value differ between ``ref`` and now: a fact-checker's change log."""
    from .claims import drift

    changes = drift.diff(ref)
    if not changes:
        print(f"no verdict or observed value differs between {ref} and now")
        return 0
    moved = [c for c in changes if c.what == "verdict"]
    print(f"{len(changes)} change(s) between {ref} and now ({len(moved)} verdict(s) moved)")
    sections = (
        ("verdict", "Verdicts that moved"),
        ("added", "Claims added"),
        ("removed", "Claims removed"),
        ("observed", "Observed values that changed"),
    )
    for what, title in sections:
        group = [c for c in changes if c.what == what]
        if group:
            print(f"\n{title} ({len(group)}):")
        for c in group:
            if what == "verdict":
                print(f"  {c.id:<7} {c.before} -> {c.after}")
            elif what in ("added", "removed"):
                print(f"  {c.id:<7} {c.after or c.before}")
            else:
                print(f"  {c.id:<7} was: {c.before}\n  {'':<7} now: {c.after}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from .data import validate_package

    problems = validate_package()
    for line in problems:
        print(line, file=sys.stderr)
    print("data package valid" if not problems else f"{len(problems)} problem(s) found")
    return 1 if problems else 0


def _rehash(args: argparse.Namespace) -> int:
    from .data import rehash

    changed = rehash()
    print("hashes updated for: " + ", ".join(changed) if changed else "every hash already matches")
    if set(changed) - {"verdicts", "changes"}:
        print("next: `wbanalysis claims --diff HEAD` shows the verdicts that moved; `wbanalysis claims --record` "
              "records them (and adds them to the change log)")
    return 0


def parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    top = argparse.ArgumentParser(prog="wbanalysis", description=__doc__)
    top.add_argument("--version", action="version", version=f"wbanalysis {__version__}")
    sub = top.add_subparsers(dest="command", required=True)

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
    b.add_argument("--out", default=None, help="output folder (default: reports/)")
    b.add_argument("--force", action="store_true", help="rebuild even if the report is up to date")
    b.add_argument("--timeout", type=float, default=300, help="seconds a cell may run (default: 300)")
    b.add_argument("--jobs", "-j", type=int, default=None, help="worker processes (default: the number of cores)")
    b.add_argument(
        "--sweep", action="append", default=[], metavar="NAME=V1,V2", help="one report per value (repeat for a grid)"
    )
    b.add_argument(
        "--params-file", default=None, metavar="FILE.yaml", help="a YAML list of parameter sets, one report each"
    )
    b.add_argument(
        "--executor",
        choices=["local", "dask"],
        default="local",
        help="where reports are built: local worker processes (default) or a Dask distributed cluster",
    )
    b.add_argument("--scheduler", default=None, metavar="ADDRESS", help="the Dask scheduler, e.g. tcp://10.0.0.5:8786")
    b.add_argument(
        "--svg", action="store_true", help="also write each figure to figures/ as SVG (vector; renders figures twice)"
    )
    b.set_defaults(run=_build)

    r = sub.add_parser("refresh", help="re-execute the committed notebooks in place with default parameters")
    r.add_argument("notebooks", nargs="*", metavar="NOTEBOOK", help="path or name prefix (default: all)")
    r.add_argument("--timeout", type=float, default=300, help="seconds a cell may run (default: 300)")
    r.set_defaults(run=_refresh)

    c = sub.add_parser("claims", help="every claim of the report with its verdict")
    c.add_argument(
        "--format",
        choices=["json", "table", "csv", "claimreview"],
        default="table",
        help="table (default), json, csv (UTF-8 with a byte-order mark, for spreadsheets) or claimreview "
        "(schema.org JSON-LD)",
    )
    c.add_argument(
        "--as-of",
        default=None,
        metavar="DATE",
        help="judge by what was known on DATE (YYYY-MM-DD, or 'publication' for the report's date, 25 April 2025): "
        "only evidence published and data released by then. Default: everything known today, with each claim's "
        "verdict at the report's date beside it",
    )
    c.add_argument("--chapter", type=int, default=None, help="only this chapter (0 introduction, 1-5, 6 conclusions)")
    c.add_argument("--verdict", default=None, help="only this verdict, e.g. 'contradicted' (any case)")
    c.add_argument(
        "--verify-quotes",
        nargs="?",
        const=True,
        default=None,
        metavar="REPORT_TEXT",
        help="check that every quote appears word for word in the report's text (a .txt file or folder; "
        "default: $WBANALYSIS_REPORT_TEXT); the text is not distributed with wbanalysis",
    )
    c.add_argument("--report-text", default=None, metavar="PATH", help="the report's text, for --verify-quotes")
    c.add_argument("--kind", default=None, help="only this kind of claim, e.g. 'count' or 'date'")
    c.add_argument(
        "--base-url",
        default="",
        metavar="URL",
        help="where the reports are published (e.g. https://example.org/reports/), to make ClaimReview urls absolute",
    )
    c.add_argument(
        "--diff",
        metavar="REF",
        default=None,
        help="list the claims whose verdict or observed value differ between REF (a git ref such as HEAD~1, or "
        "another data folder) and now",
    )
    c.add_argument("--record", action="store_true", help="write every verdict to data/verdicts.csv (the record)")
    c.set_defaults(run=_claims)

    sub.add_parser("validate", help="validate every data file against datapackage.json").set_defaults(run=_validate)
    d = sub.add_parser("data", help="data maintenance")
    dsub = d.add_subparsers(dest="data_command", required=True)
    dsub.add_parser("rehash", help="accept intended changes to data files").set_defaults(run=_rehash)
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


if __name__ == "__main__":
    run()
