"""A view of the room, optional and local: each self-check can note its outcome in a file in the student's folder.

Off by default.  It is on in a notebook's kernel when

- the student ran ``check.record_to(folder)`` in that kernel, or
- the student's file is in the kernel's working folder (``record_to`` in any notebook of the folder creates
  it, so the other exercise notebooks there record too), or
- the variable ``WBANALYSIS_WORKSHOP_RECORD`` names a folder (for a JupyterHub set up by the teacher).

The student's file is ``workshop-outcomes-<id>.csv``, where ``<id>`` is a short hash of the user and the machine
(``$JUPYTERHUB_USER`` on a hub): the same in every notebook of one student, different between students, and
no name in it, so that several students can record into one shared folder.

``WBANALYSIS_WORKSHOP_RECORD=off`` turns it off whatever else is the case.  Each check then appends one line:
the task, its status (right, but, close, wrong, missing) and the local time; never the answer nor the message.
Nothing is sent anywhere: the teacher sees the files only if the students hand them over.
:func:`summary` counts, per task, how many students tried, got it right, are close or are stuck.
"""

from __future__ import annotations

import csv
import getpass
import hashlib
import os
import platform
from datetime import datetime
from pathlib import Path

import pandas as pd

VARIABLE = "WBANALYSIS_WORKSHOP_RECORD"
PATTERN = "workshop-outcomes-*.csv"
FIELDS = ("task", "status", "time")
STATUSES = ("right", "but", "close", "wrong", "missing")

_chosen: Path | None = None  # set by record_to in this kernel
_stopped = False  # set by stop_recording in this kernel


def student_id() -> str:
    """Six hex digits, the same for one user on one machine (or one JupyterHub user), naming nobody."""
    user = os.environ.get("JUPYTERHUB_USER")
    if not user:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):  # a container without a user name
            user = "student"
        user = f"{user}@{platform.node()}"
    return hashlib.sha256(user.encode("utf-8")).hexdigest()[:6]


def own_file(folder: Path | str) -> Path:
    """This student's outcome file in ``folder`` (it may not exist yet)."""
    return Path(folder) / PATTERN.replace("*", student_id())


def start(folder: Path | str = ".") -> Path:
    """Record this kernel's checks in ``folder`` (this student's file there is created, or kept and added to)."""
    global _chosen, _stopped
    folder = Path(folder)
    if not folder.is_dir():
        raise NotADirectoryError(f"folder={str(folder)!r} is not a folder; give an existing one, such as '.'")
    path = own_file(folder)
    if not path.exists():
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerow(FIELDS)
    _chosen, _stopped = path, False
    return path


def stop() -> None:
    """No more records from this kernel (the file stays; delete it to stop every notebook of the folder)."""
    global _chosen, _stopped
    _chosen, _stopped = None, True


def target() -> Path | None:
    """The file this kernel's checks are recorded in, or None when recording is off."""
    setting = os.environ.get(VARIABLE, "").strip()
    if setting.lower() in ("off", "0", "no", "false") or _stopped:
        return None
    if _chosen is not None:
        return _chosen
    if setting:
        folder = Path(setting)
        return start(folder) if folder.is_dir() else None
    path = own_file(Path.cwd())
    return path if path.is_file() else None


def note(task: str, status: str) -> Path | None:
    """Append one outcome where recording is on; returns the file, or None when it is off."""
    path = target()
    if path is None:
        return None
    if status not in STATUSES:
        raise ValueError(f"status={status!r}; valid: {', '.join(STATUSES)}")
    when = datetime.now().astimezone().isoformat(timespec="seconds")
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow((task, status, when))
    return path


def read(folder: Path | str) -> pd.DataFrame:
    """Every outcome file under ``folder``: one row per check, with the file as the student."""
    folder = Path(folder)
    if not folder.is_dir():
        raise NotADirectoryError(f"folder={str(folder)!r} is not a folder; give the folder of collected outcome files")
    files = sorted(folder.rglob(PATTERN))
    if not files:
        raise FileNotFoundError(f"folder={str(folder)!r} holds no outcome files ({PATTERN}); collect them there first")
    frames = []
    for path in files:
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
            raise ValueError(f"{path}: not an outcome file ({exc})") from None
        if tuple(frame.columns) != FIELDS:
            raise ValueError(f"{path}: expected the columns {', '.join(FIELDS)}, found {', '.join(frame.columns)}")
        unknown = sorted(set(frame["status"]) - set(STATUSES))
        if unknown:
            raise ValueError(f"{path}: unknown status {unknown[0]!r}; valid: {', '.join(STATUSES)}")
        frame.insert(0, "student", str(path.relative_to(folder)))
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True)
    table["time"] = pd.to_datetime(table["time"], utc=True, format="ISO8601")
    return table


def _task_order(task: str) -> tuple:
    return tuple(int(n) if n.isdigit() else n for n in task.replace(",", " ").split())


def summary(folder: Path | str) -> pd.DataFrame:
    """Per task: students who tried (checked an answer), got it right at least once, are close (not right yet,
    last check close) or stuck (not right yet, last check "not yet"); students counts every file."""
    table = read(folder)
    students = table["student"].nunique()
    tried = table[table["status"] != "missing"].sort_values(["time"], kind="stable")
    rows = {}
    for task, checks in tried.groupby("task"):
        right = set(checks.loc[checks["status"].isin(["right", "but"]), "student"])
        last = checks[~checks["student"].isin(right)].groupby("student")["status"].last()
        rows[task] = {
            "tried": checks["student"].nunique(),
            "right": len(right),
            "close": int((last == "close").sum()),
            "stuck": int((last == "wrong").sum()),
        }
    result = pd.DataFrame.from_dict(rows, orient="index", columns=["tried", "right", "close", "stuck"], dtype=int)
    result = result.reindex(sorted(result.index, key=_task_order))
    result.index.name = "task"
    result.attrs["students"] = students
    return result


def report(folder: Path | str) -> str:
    """The summary as text for the terminal."""
    table = summary(folder)
    head = f"{table.attrs['students']} student file(s) in {folder}"
    if table.empty:
        return head + "\nno answer checked yet"
    return head + "\n" + table.to_string()
