"""``wbanalysis claims``: every claim with its verdict, as a table, JSON, CSV or ClaimReview; the quotes checked
against the report's text; the verdicts recorded, and what moved since a git ref."""

from __future__ import annotations

import argparse
import json
import sys

from ..errors import ParameterError
from ..limits import shorten_message
from ..report import date_text


def _claims(args: argparse.Namespace) -> int:
    from .. import claims

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

    from .. import report

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
    from .. import report_text

    try:
        files = report_text.files(given)
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
    from .. import claims
    from ..claims import drift

    path = drift.record()
    print(f"verdicts of {len(claims.claims())} claims written to {path} (what moved: data/changes.csv)")
    return 0


def _diff(ref: str) -> int:
    """The claims whose verdict or observed value differ between ``ref`` and now: a fact-checker's change log."""
    from ..claims import drift

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


def add(sub: argparse._SubParsersAction) -> None:
    """The ``claims`` command."""
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
        help=f"judge by what was known on DATE (YYYY-MM-DD, or 'publication' for the report's date, {date_text()}): "
        "only evidence published and data released by then. Default: everything known today, with each claim's "
        "verdict at the report's date beside it",
    )
    c.add_argument(
        "--chapter",
        type=int,
        default=None,
        help="only this part of the report, by its number in data/report/chapters.csv (0 the introduction)",
    )
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
