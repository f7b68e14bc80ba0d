"""Verdict drift: the committed record of every verdict, and what changed between two versions of the evidence.

``data/verdicts.csv`` holds each claim's verdict and observed value; a test recomputes them, so a change of
data or code that moves a verdict shows as a readable diff of that file.  ``diff(ref)`` compares now with a
git ref (evaluated with that version's own code and data) or with another data folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from .. import data, paths
from ..errors import DataError
from ..files import write_atomic
from .verdicts import evaluate_all

RECORD = "verdicts"  # the data package resource: data/verdicts.csv
COLUMNS = ["id", "chapter", "kind", "verdict", "at_publication", "observed"]
#: The change log (``data/changes.csv``): one row per claim and field that moved between two records.
LOG = "changes"
LOG_COLUMNS = ["record", "date", "id", "what", "before", "after", "inputs"]
#: What a change log row's ``what`` says.
WHAT = {
    "verdict": "verdict today",
    "at_publication": "verdict at the report's date",
    "observed": "what the facts came to",
    "added": "claim added",
    "removed": "claim removed",
}


def current() -> pd.DataFrame:
    """Every claim's verdict and observed value now, in ledger order."""
    return pd.DataFrame([{c: getattr(v, c) for c in COLUMNS} for v in evaluate_all()], columns=COLUMNS)


def _inputs() -> dict[str, str]:
    """The hash of every data file the verdicts can read (everything but the record and its log)."""
    return {r["name"]: str(r.get("hash", "")) for r in data.package()["resources"] if r["name"] not in (RECORD, LOG)}


def record(day: date | None = None) -> Path:
    """Write ``data/verdicts.csv`` from the current verdicts, append what moved since the last record to the
    change log ``data/changes.csv`` (dated ``day``, default today, with the data files that changed since), and
    accept the new hashes."""
    from . import own

    if own.folder() is not None:
        raise DataError(f"the record holds the report's claims only: unset {own.VARIABLE} to record them")
    now = current()
    try:
        changes = compare(recorded(), now)
    except DataError:  # the previous record is unreadable (emptied, broken): nothing to compare, it is replaced
        changes = []
    previous = data.resource(RECORD).get("inputs") or {}
    inputs = _inputs()
    moved = sorted(n for n, h in inputs.items() if previous.get(n) != h) if previous else []
    if changes:
        log = data.load(LOG)[LOG_COLUMNS].astype(str)
        stamp = (day or date.today()).isoformat()
        number = int(pd.to_numeric(log["record"]).max()) + 1 if len(log) else 1
        rows = pd.DataFrame([{"record": number, "date": stamp, "id": c.id, "what": c.what, "before": c.before,
                              "after": c.after, "inputs": " ".join(moved)} for c in changes], columns=LOG_COLUMNS)
        write_atomic(data.resource_path(LOG), pd.concat([log, rows], ignore_index=True).to_csv(
            index=False, lineterminator="\n"))
    write_atomic(data.resource_path(RECORD), now.to_csv(index=False, lineterminator="\n"))
    data.rehash(only=[RECORD, LOG])  # only the record and its log: another file's edit is `data rehash`'s to accept
    package = data.package()
    for resource in package["resources"]:
        if resource["name"] == RECORD:
            resource["inputs"] = _inputs()
    write_atomic(data.DATA_DIR / data.PACKAGE_FILE, json.dumps(package, indent=2, ensure_ascii=False) + "\n")
    return data.resource_path(RECORD)


def recorded() -> pd.DataFrame:
    """The committed record (a record written before verdicts at the report's date were kept has none)."""
    table = data.load(RECORD)
    for column in COLUMNS:
        if column not in table:
            table[column] = ""
    return table[COLUMNS].astype({"chapter": int}).fillna("")


def log() -> pd.DataFrame:
    """The change log, newest record first (claims in report order within a record)."""
    table = data.load(LOG)[LOG_COLUMNS].fillna("").astype(str)
    from .ledger import claims

    known = list(claims())
    order = {cid: k for k, cid in enumerate(known + [c for c in table["id"] if c not in known])}
    table = table.assign(_order=table["id"].map(order))
    table = table.assign(_record=pd.to_numeric(table["record"]))
    return table.sort_values(["_record", "_order", "what"], ascending=[False, True, True]).drop(
        columns=["_order", "_record"])


@dataclass(frozen=True)
class Change:
    id: str
    what: str  # added | removed | verdict | observed
    before: str
    after: str


def compare(before: pd.DataFrame, after: pd.DataFrame) -> list[Change]:
    """Claims added, removed, or whose verdict or observed value differ, in claim order."""
    old, new = before.set_index("id"), after.set_index("id")
    changes = [Change(i, "removed", old.at[i, "verdict"], "") for i in old.index.difference(new.index)]
    changes += [Change(i, "added", "", new.at[i, "verdict"]) for i in new.index.difference(old.index)]
    for claim in old.index.intersection(new.index):
        for column in ("verdict", "at_publication", "observed"):
            if column not in old or column not in new or not str(old.at[claim, column]):
                continue  # a record from before the field was kept
            if str(old.at[claim, column]) != str(new.at[claim, column]):
                changes.append(Change(claim, column, str(old.at[claim, column]), str(new.at[claim, column])))

    def order(change: Change) -> tuple:
        chapter, number = change.id[1:].split("-")
        return int(chapter), int(number), change.what

    return sorted(changes, key=order)


def _verdicts_from(cwd: Path, env: dict[str, str]) -> pd.DataFrame:
    run = subprocess.run(
        [sys.executable, "-m", "wbanalysis.cli", "claims", "--format", "json"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        lines = run.stderr.strip().splitlines()
        raise ValueError(f"the claims could not be evaluated there: {lines[-1] if lines else 'no message'}")
    rows = json.loads(run.stdout)
    return pd.DataFrame([{c: row.get(c, "") for c in COLUMNS} for row in rows], columns=COLUMNS)


def at(ref: str) -> pd.DataFrame:
    """The verdicts of another version: a data folder (with this code), or a git ref (with its own code and data)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WBANALYSIS_")}
    if not ref.strip() or ref.startswith("-"):
        raise ValueError(f"--diff {ref!r}: give a git ref (such as HEAD~1) or a data folder")
    folder = Path(ref)
    if folder.is_dir() and (folder / data.PACKAGE_FILE).is_file():
        try:
            return _verdicts_from(paths.ROOT, env | {"WBANALYSIS_DATA": str(folder.resolve())})
        except ValueError as exc:
            raise ValueError(
                f"--diff {ref}: {exc} (that folder's data; if its changes are intended, accept them with "
                f"WBANALYSIS_DATA={folder} wbanalysis data rehash)"
            ) from None
    with tempfile.TemporaryDirectory(prefix="wb-ref-") as tmp:
        archive = Path(tmp) / "ref.tar"
        made = subprocess.run(
            [
                "git",
                "-C",
                str(paths.ROOT),
                "archive",
                "--format=tar",
                "-o",
                str(archive),
                ref,
                "--",
                "wbanalysis",
                "data",
            ],
            capture_output=True,
            text=True,
        )
        if made.returncode != 0:
            raise ValueError(
                f"--diff {ref}: not a data folder (no {data.PACKAGE_FILE} in it) and not a git ref of this "
                f"repository ({made.stderr.strip()})"
            )
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        return _verdicts_from(Path(tmp), env | {"PYTHONPATH": tmp})


def diff(ref: str) -> list[Change]:
    """What changed from ``ref`` (a git ref or a data folder) to now."""
    return compare(at(ref), current())
