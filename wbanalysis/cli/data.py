"""``wbanalysis validate`` and ``wbanalysis data rehash``: the data package checked, intended edits accepted."""

from __future__ import annotations

import argparse
import sys


def _validate(args: argparse.Namespace) -> int:
    from .. import raw
    from ..data import validate_package

    problems = validate_package() + raw.problems()
    for line in problems:
        print(line, file=sys.stderr)
    print("data package valid" if not problems else f"{len(problems)} problem(s) found")
    return 1 if problems else 0


def _rehash(args: argparse.Namespace) -> int:
    from .. import raw
    from ..data import rehash

    kept = raw.rehash()  # first: a retrieved snapshot that changed stops it before anything is written
    for path in kept:
        print(f"data/raw/{raw.MANIFEST}: hash updated for {path}")
    changed = rehash()
    print("hashes updated for: " + ", ".join(changed) if changed else "every hash already matches")
    if set(changed) - {"verdicts", "changes"}:
        print("next: `wbanalysis claims --diff HEAD` shows the verdicts that moved; `wbanalysis claims --record` "
              "records them (and adds them to the change log)")
    return 0


def add(sub: argparse._SubParsersAction) -> None:
    """The ``validate`` and ``data`` commands."""
    sub.add_parser("validate", help="validate every data file against datapackage.json").set_defaults(run=_validate)
    d = sub.add_parser("data", help="data maintenance")
    dsub = d.add_subparsers(dest="data_command", required=True)
    dsub.add_parser(
        "rehash", help="accept intended changes to data files (their hashes in datapackage.json, and in "
        "data/raw/manifest.json for the compilations the project keeps)"
    ).set_defaults(run=_rehash)
