"""Add claims to data/claims.csv from a CSV of new rows (id, chapter, author, quote, kind, test).

Each quote must appear word for word in the report's text, which also gives its place (chapter, section,
paragraph): supply the text with $WBANALYSIS_REPORT_TEXT or --report-text.  Existing ids are refused.  The
ledger is rewritten under a lock and its hash accepted, so two people adding claims at once lose nothing.

    .venv/bin/python data/scripts/add_claims.py new_claims.csv [--report-text PATH]
"""

from __future__ import annotations

import argparse
import fcntl
import sys

import pandas as pd

from wbanalysis import data, report_text
from wbanalysis.locate import claim_place

KINDS = ("count", "share", "date", "sequence", "comparison", "membership", "amount", "rank", "existence")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("new")
    parser.add_argument("--report-text", default=None)
    args = parser.parse_args(argv)
    text = "\n\n".join(f.read_text(encoding="utf-8") for f in report_text.files(args.report_text))
    flat = " ".join(text.split())
    new = pd.read_csv(args.new, dtype=str, keep_default_na=False)
    missing = {"id", "chapter", "author", "quote", "kind", "test"} - set(new.columns)
    if missing:
        print(f"{args.new}: missing columns {sorted(missing)}", file=sys.stderr)
        return 2
    problems = []
    for row in new.itertuples():
        if " ".join(row.quote.split()) not in flat:
            problems.append(f"{row.id}: quote not found word for word: {row.quote!r}")
        if row.kind not in KINDS:
            problems.append(f"{row.id}: kind {row.kind!r} is not one of {', '.join(KINDS)}")
        if not row.id.startswith(f"C{row.chapter}-"):
            problems.append(f"{row.id}: id does not match chapter {row.chapter}")
    path = data.resource_path("claims")
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        ledger = pd.read_csv(path, dtype=str, keep_default_na=False)
        taken = sorted(set(new["id"]) & set(ledger["id"]))
        if taken:
            problems.append(f"ids already in the ledger: {', '.join(taken)}")
        if problems:
            print("\n".join(problems), file=sys.stderr)
            return 2
        new = new.assign(place=[claim_place(i, q, text) for i, q in zip(new["id"], new["quote"], strict=True)])
        merged = pd.concat([ledger, new[ledger.columns]], ignore_index=True)
        merged.to_csv(path, index=False, lineterminator="\n")
        data.rehash()
    path.with_suffix(".lock").unlink(missing_ok=True)
    print(f"{len(new)} claims added to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
