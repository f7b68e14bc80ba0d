"""A view of the room: outcomes recorded only when turned on, never the answer, and the teacher's summary of a folder
of files from two simulated students."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from wbanalysis.analysis import europol
from wbanalysis.workshop import check, outcomes


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    """Each test starts with recording off in this process, as a new kernel does."""
    monkeypatch.delenv(outcomes.VARIABLE, raising=False)
    monkeypatch.setattr(outcomes, "_chosen", None)
    monkeypatch.setattr(outcomes, "_stopped", False)


def _share(dedupe: bool) -> float:
    return float(europol.country_counts(europol.operations(dedupe=dedupe)).loc["SRB", "share"])


def _student(folder: Path, user: str, monkeypatch, answers: list[tuple[str, object]]) -> Path:
    """One student on their own machine: turns recording on in their folder and checks ``answers`` in order."""
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setenv("JUPYTERHUB_USER", user)
    monkeypatch.setattr(outcomes, "_chosen", None)
    monkeypatch.setattr(outcomes, "_stopped", False)
    check.record_to(".")
    for task, answer in answers:
        exercise, number = task.split(".")
        feedback = getattr(getattr(check, f"exercise{exercise}"), f"task{number}")(answer)
        assert feedback.noted.startswith("outcome noted in workshop-outcomes-"), repr(feedback)
    return outcomes.own_file(folder)


def test_the_summary_of_two_simulated_students(tmp_path, monkeypatch, workshop_command):
    printed, distinct = _share(False), _share(True)
    a = _student(
        tmp_path / "laptop-a",
        "student-a",
        monkeypatch,
        [("2.1", None), ("2.1", 100 * printed), ("2.1", printed), ("2.2", printed)],  # 2.1: close, then right
    )
    b = _student(
        tmp_path / "laptop-b",
        "student-b",
        monkeypatch,
        [("2.1", 0.5), ("2.1", printed), ("2.2", 0.5), ("2.2", 0.5)],  # 2.2: not yet, twice
    )
    assert a.name != b.name and a.parent != b.parent
    collected = tmp_path / "collected"
    for path in (a, b):  # the teacher collects the files, here into one folder
        target = collected / path.parent.name
        target.mkdir(parents=True)
        shutil.copy(path, target)
    table = outcomes.summary(collected)
    assert table.attrs["students"] == 2
    assert list(table.index) == ["exercise 2, task 1", "exercise 2, task 2"]
    assert table.loc["exercise 2, task 1"].to_dict() == {"tried": 2, "right": 2, "close": 0, "stuck": 0}
    assert table.loc["exercise 2, task 2"].to_dict() == {"tried": 2, "right": 0, "close": 1, "stuck": 1}
    assert distinct != printed  # student a's answer to 2.2 was the printed share: "close"

    run = workshop_command("summary", str(collected))
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"2 student file(s) in {collected}")
    assert any(line.split()[-4:] == ["2", "0", "1", "1"] for line in run.stdout.splitlines() if "task 2" in line)


def test_a_record_holds_task_status_and_time_never_the_answer(tmp_path, monkeypatch):
    answer = 0.123456789
    path = _student(tmp_path / "me", "amira.hoxha", monkeypatch, [("2.1", answer), ("3.1", lambda s: s)])
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["task", "status", "time"] and [r[:2] for r in rows[1:]] == [
        ["exercise 2, task 1", "wrong"],
        ["exercise 3, task 1", "wrong"],
    ]
    text = path.read_text(encoding="utf-8")
    assert "0.12" not in text and "lambda" not in text and "amira" not in text + path.name
    assert pd.to_datetime([r[2] for r in rows[1:]], format="ISO8601").notna().all()


def test_recording_is_off_by_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    feedback = check.exercise2.task1(0.5)
    assert feedback.noted == "" and "noted" not in repr(feedback)
    assert list(tmp_path.iterdir()) == []


def test_the_other_notebooks_of_the_folder_record_once_it_is_on(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    check.record_to(".")  # in the landing notebook
    monkeypatch.setattr(outcomes, "_chosen", None)  # another notebook: a new kernel, same folder
    assert check.exercise1.task1(None).noted.startswith("outcome noted")
    check.stop_recording()
    assert check.exercise1.task1(None).noted == ""
    assert len(outcomes.own_file(tmp_path).read_text().splitlines()) == 2


def test_the_variable_turns_recording_on_for_a_hub_or_off_everywhere(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    monkeypatch.chdir(tmp_path)
    for user in ("u1", "u2"):
        monkeypatch.setenv(outcomes.VARIABLE, str(shared))
        monkeypatch.setenv("JUPYTERHUB_USER", user)
        monkeypatch.setattr(outcomes, "_chosen", None)
        check.exercise2.task1(None)
    assert len(list(shared.glob(outcomes.PATTERN))) == 2  # one file per student in a shared folder
    monkeypatch.setenv(outcomes.VARIABLE, "off")
    check.record_to(".")
    assert check.exercise2.task1(None).noted == ""


def test_a_folder_that_cannot_be_written_never_costs_the_feedback(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    check.record_to(".")
    monkeypatch.setattr(outcomes, "_chosen", tmp_path / "gone" / "workshop-outcomes-x.csv")
    feedback = check.exercise2.task1(None)
    assert feedback.status == "missing" and feedback.noted.startswith("the outcome could not be noted")


def test_bad_folders_and_files_get_clear_errors(tmp_path, workshop_command):
    with pytest.raises(NotADirectoryError, match="folder='.*nowhere' is not a folder"):
        check.record_to(tmp_path / "nowhere")
    with pytest.raises(NotADirectoryError, match="folder of collected outcome files"):
        outcomes.summary(tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError, match=r"holds no outcome files \(workshop-outcomes-\*.csv\)"):
        outcomes.summary(tmp_path)
    bad = tmp_path / "workshop-outcomes-abc.csv"
    bad.write_text("task,answer,time\nexercise 1, task 1,42,now\n", encoding="utf-8")
    with pytest.raises(ValueError, match="workshop-outcomes-abc.csv: expected the columns task, status, time"):
        outcomes.summary(tmp_path)
    bad.write_text('task,status,time\n"exercise 1, task 1",great,2025-01-01T10:00:00+00:00\n', encoding="utf-8")
    with pytest.raises(ValueError, match="unknown status 'great'"):
        outcomes.summary(tmp_path)
    run = workshop_command("summary", str(tmp_path / "nowhere"))
    assert run.returncode == 2 and "is not a folder" in run.stderr and "Traceback" not in run.stderr
