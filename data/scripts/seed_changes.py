"""Seed data/changes.csv, the change log of the verdicts, from the history of data/verdicts.csv in git: for every
commit that changed the record, the claims whose verdict moved (or that were added or removed), dated by the
commit, with the data files the commit changed.  Only verdicts are seeded: the earlier records wrote the observed
values in other formats, so comparing them would list every claim.  Later records append to the log themselves
(``wbanalysis claims --record``).  Run once from the project root: python data/scripts/seed_changes.py"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from wbanalysis.claims.drift import LOG_COLUMNS  # noqa: E402


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True).stdout


def main() -> None:
    commits = git("log", "--reverse", "--format=%H %ad", "--date=short", "--", "data/verdicts.csv").split("\n")
    rows, before, number = [], None, 0
    for line in filter(None, commits):
        sha, day = line.split()
        now = pd.read_csv(io.StringIO(git("show", f"{sha}:data/verdicts.csv")), dtype=str).set_index("id")
        if before is not None:
            number += 1
            files = git("show", "--name-only", "--format=", sha).split()
            inputs = " ".join(sorted(Path(f).stem for f in files if f.startswith("data/") and f.endswith(".csv")
                                     and not f.endswith(("verdicts.csv", "changes.csv"))))
            for cid in before.index.difference(now.index):
                rows.append([number, day, cid, "removed", before.at[cid, "verdict"], "", inputs])
            for cid in now.index.difference(before.index):
                rows.append([number, day, cid, "added", "", now.at[cid, "verdict"], inputs])
            for cid in now.index.intersection(before.index):
                if before.at[cid, "verdict"] != now.at[cid, "verdict"]:
                    was, now_is = before.at[cid, "verdict"], now.at[cid, "verdict"]
                    rows.append([number, day, cid, "verdict", was, now_is, inputs])
        before = now
    frame = pd.DataFrame(rows, columns=LOG_COLUMNS)
    frame.to_csv(ROOT / "data" / "changes.csv", index=False, lineterminator="\n")
    print(f"{len(frame)} changes from {len([c for c in commits if c])} records")


if __name__ == "__main__":
    main()
