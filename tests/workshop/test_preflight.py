"""The workshop kit: the notebooks and solutions run (through the teacher's pre-flight), the solutions stay out of the
students' way, and a real Jupyter server runs a workshop notebook."""

import json
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from wbanalysis import paths
from wbanalysis.paths import ROOT
from wbanalysis.workshop import check, environment, preflight, solutions

WORKSHOP = ROOT / "notebooks" / "workshop"
EXERCISES = sorted(WORKSHOP.glob("ex*.ipynb"))


def test_there_are_three_exercises_each_with_a_packed_solution():
    assert [p.name for p in EXERCISES] == [
        "ex1_who_works_with_whom.ipynb",
        "ex2_nearly_every_operation.ipynb",
        "ex3_build_a_scoreboard.ipynb",
    ]
    packed = solutions.answers()
    assert sorted(packed) == [p.stem for p in EXERCISES]
    for path in EXERCISES:
        cells = nbformat.read(path, as_version=4).cells
        slots = [c for c in cells if c.cell_type == "code" and c.source == solutions.ANSWER_CELL]
        assert len(slots) == len(packed[path.stem]) == 3, path.name


@pytest.fixture(scope="module")
def workshop_check():
    """``make workshop-check`` as the teacher runs it: the timed pre-flight (every notebook, every solution)."""
    start = time.perf_counter()
    run = subprocess.run(["make", "-C", str(ROOT), "workshop-check"], capture_output=True, text=True, timeout=300)
    return run, time.perf_counter() - start


@pytest.mark.kernel
def test_make_workshop_check_passes_in_under_a_minute(workshop_check):
    run, seconds = workshop_check
    assert run.returncode == 0, run.stdout + run.stderr
    assert "ready for the class" in run.stdout and seconds < 60, (seconds, run.stdout)
    steps = re.findall(r"^(ok  |FAIL) ([a-z ]+?)(?: \(|:)", run.stdout, flags=re.M)
    assert steps == [("ok  ", s) for s in ("environment", "timetable", "notebooks", "solutions", "room view")], steps


def _break_copy(tmp_path: Path, name: str) -> Path:
    """A copy of one exercise whose setup cell fails, and packed answers of which one is wrong."""
    folder = tmp_path / "workshop"
    folder.mkdir()
    nb = nbformat.read(WORKSHOP / name, as_version=4)
    nb.cells[1].source += "\nraise RuntimeError('a broken setup cell')"
    nbformat.write(nb, folder / name)
    packed = solutions.answers()
    stem = Path(name).stem
    packed[stem][0] = "answer = 0.5"
    target = tmp_path / "answers.json.gz"
    import gzip

    target.write_bytes(gzip.compress(json.dumps(packed).encode()))
    good = folder.parent / "good"
    good.mkdir()
    nbformat.write(nbformat.read(WORKSHOP / name, as_version=4), good / name)
    return folder, good, target


@pytest.mark.kernel
def test_the_pre_flight_names_a_notebook_that_fails_and_a_solution_that_does_not_pass(tmp_path):
    broken, good, packed = _break_copy(tmp_path, "ex2_nearly_every_operation.ipynb")
    blank, _ = preflight.run_notebooks(broken, packed=packed)
    assert len(blank) == 1 and "ex2_nearly_every_operation.ipynb stopped" in blank[0] and "broken setup" in blank[0]
    blank, solved = preflight.run_notebooks(good, packed=packed)
    assert blank == [] and len(solved) == 1 and "solution ex2_nearly_every_operation.ipynb" in solved[0], solved
    assert "task 1" in solved[0]


def test_exercises_leave_only_answer_cells_to_fill():
    for path in EXERCISES:
        exercise = nbformat.read(path, as_version=4)
        solution = solutions.solution(path)
        assert [c.cell_type for c in exercise.cells] == [c.cell_type for c in solution.cells]
        pairs = zip(exercise.cells, solution.cells, strict=True)
        changed = [i for i, (a, b) in enumerate(pairs) if a.source != b.source]
        slots = [i for i, c in enumerate(exercise.cells) if c.source == solutions.ANSWER_CELL]
        assert changed == [0, *slots] and solution.cells[0].source.startswith("# Solution: exercise"), path.name


def test_tasks_need_no_special_characters():
    """Everything a student types is plain ASCII: Table 2's marks come as True/False (issue 25)."""
    for path in EXERCISES:
        for code in solutions.answers()[path.stem]:
            assert code.isascii(), (path.name, code)
        setup = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        assert all(code.isascii() for code in setup), path.name
    from wbanalysis.workshop import operations

    marks = operations()[["ALB", "BIH", "XKX", "MNE", "MKD", "SRB"]]
    assert all(pd.api.types.is_bool_dtype(t) for t in marks.dtypes)
    assert marks.to_numpy().any() and not marks.to_numpy().all()
    with pytest.raises(TypeError, match="dedupe must be True or False"):
        operations(dedupe="yes")


# --- the solutions are out of every route of the students' file browser ----------------------------------------------


def _tracked_text() -> dict[str, str]:
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    texts = {}
    for name in files:
        try:
            texts[name] = (ROOT / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue
    return texts


def test_no_file_of_the_repository_shows_a_solution():
    """Only the packed file holds the answers: no notebook, no document, no test spells one out."""
    lines = {
        line.strip()
        for codes in solutions.answers().values()
        for code in codes
        for line in code.splitlines()
        if len(line.strip()) > 20 and not line.startswith("def ")  # a computation, not a signature
    }
    assert lines
    for name, text in _tracked_text().items():
        shown = [line for line in lines if line in text]
        assert not shown, (name, shown)
    assert not (ROOT / "docs" / "workshop-solutions").exists()
    tracked = subprocess.run(["git", "ls-files", "*.ipynb"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "solution" not in tracked.lower()


def test_binder_removes_the_packed_solutions_and_sets_lab_up(tmp_path):
    post = (ROOT / "binder" / "postBuild").read_text(encoding="utf-8")
    commands = [line for line in post.splitlines() if line and not line.startswith(("#", "set "))]
    assert commands == [
        "python -m pip install --no-cache-dir --no-deps -e .",
        "python -m wbanalysis.workshop prepare-binder",
    ]
    assert (ROOT / "binder" / "postBuild").stat().st_mode & 0o111, "postBuild must be executable"
    copy = tmp_path / "clone"
    packed = copy / solutions.ANSWERS.relative_to(ROOT)
    packed.parent.mkdir(parents=True)
    packed.write_bytes(solutions.ANSWERS.read_bytes())
    done = environment.prepare_binder(copy, prefix=tmp_path / "prefix")
    assert not packed.exists() and any("removed" in line for line in done)
    settings = tmp_path / "prefix" / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert json.loads(settings.read_text()) == json.loads(environment.LAB_SETTINGS.read_text())
    assert solutions.ANSWERS.exists()  # the clone itself keeps them
    with pytest.raises(FileNotFoundError, match="not in this copy"):
        solutions.answers(packed)


def test_local_routes_root_the_file_browser_at_the_notebooks():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--notebook-dir=notebooks notebooks/workshop/00_start_here.ipynb" in makefile
    import inspect

    assert "--notebook-dir={paths.NOTEBOOK_DIR}" in inspect.getsource(environment.lab)


def test_the_teacher_writes_the_solutions_out_and_packs_them_again(tmp_path):
    run = subprocess.run(
        ["make", "-C", str(ROOT), "solutions", f"OUT={tmp_path / 'mine'}"], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    written = sorted(p.name for p in (tmp_path / "mine").glob("*.ipynb"))
    assert written == [p.name for p in EXERCISES]
    repacked = solutions.pack(tmp_path / "mine", packed=tmp_path / "answers.json.gz")
    assert repacked.read_bytes() == solutions.ANSWERS.read_bytes()  # deterministic: the same answers, the same bytes
    edited = nbformat.read(tmp_path / "mine" / EXERCISES[1].name, as_version=4)
    slot = next(c for c in edited.cells if c.source.startswith("answer = ops"))
    slot.source = "answer = None  # your code here"
    nbformat.write(edited, tmp_path / "mine" / EXERCISES[1].name)
    with pytest.raises(ValueError, match="still empty"):
        solutions.pack(tmp_path / "mine", packed=tmp_path / "other.json.gz")


def test_solutions_are_never_written_into_the_students_folder(tmp_path, workshop_command):
    with pytest.raises(ValueError, match="out=.*students see in JupyterLab"):
        solutions.write_solutions(paths.NOTEBOOK_DIR / "workshop" / "solutions")
    run = workshop_command("solutions", str(paths.NOTEBOOK_DIR))
    assert run.returncode == 2 and "students see in JupyterLab" in run.stderr
    assert not (paths.NOTEBOOK_DIR / "workshop" / "solutions").exists()


def test_the_landing_notebook_links_every_exercise():
    start = (WORKSHOP / "00_start_here.ipynb").read_text(encoding="utf-8")
    assert all(p.name in start for p in EXERCISES)


def test_hints_point_to_concepts_not_to_the_line_to_type():
    for path in EXERCISES:
        answers = [code.splitlines()[-1] for code in solutions.answers()[path.stem]]
        hints = " ".join(c.source for c in nbformat.read(path, as_version=4).cells if "<summary>Hint" in c.source)
        typed = [line.split("=", 1)[1].strip() for line in answers if "=" in line]
        assert not any(code in hints for code in typed if len(code) > 12), path.name


def test_each_exercise_has_its_own_discussion_prompt():
    prompts = [nbformat.read(p, as_version=4).cells[-1].source for p in EXERCISES]
    assert all(p.startswith("### To discuss") for p in prompts) and len(set(prompts)) == len(prompts)


def test_feedback_never_prints_the_expected_answer():
    text = repr(check.exercise2.task1(0.5)) + repr(
        check.exercise1.task1(pd.Series(dict.fromkeys(["ALB", "BIH", "XKX", "MNE", "MKD", "SRB"], 0)))
    )
    assert "0.857" not in text and "0.85" not in text and "18" not in text and "17" not in text
    assert not re.search(r"\d\.\d{2}", text)


def test_unknown_task_lists_the_tasks():
    with pytest.raises(AttributeError, match="tasks: task1, task2, task3"):
        getattr(check.exercise1, "task9")  # noqa: B009


# --- a real Jupyter server ------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.kernel
def test_jupyter_server_lists_notebooks_and_runs_a_workshop_notebook(tmp_path):
    import websocket

    port, token = _free_port(), secrets.token_hex(16)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter",
            "server",
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={ROOT / 'notebooks'}",
            "--ServerApp.port_retries=0",
            "--allow-root",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**__import__("os").environ, "JUPYTER_RUNTIME_DIR": str(tmp_path)},
    )
    base, headers = f"http://127.0.0.1:{port}", {"Authorization": f"token {token}"}

    def api(path, method="GET", body=None):
        request = urllib.request.Request(
            base + path, method=method, headers=headers, data=json.dumps(body).encode() if body is not None else None
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    try:
        for _ in range(150):
            try:
                api("/api/status")
                break
            except OSError:
                time.sleep(0.2)
        top = {item["name"] for item in api("/api/contents/")["content"]}
        assert "02_institutional_frameworks.ipynb" in top and "workshop" in top
        workshop = {item["name"] for item in api("/api/contents/workshop")["content"]}
        assert "ex2_nearly_every_operation.ipynb" in workshop
        with pytest.raises(urllib.error.HTTPError):  # the token is required
            urllib.request.urlopen(base + "/api/contents/", timeout=10)

        assert not any("solution" in name for name in workshop)  # no solution in the students' folder
        notebook = json.loads(nbformat.writes(solutions.solution(WORKSHOP / "ex2_nearly_every_operation.ipynb")))
        kernel = api("/api/kernels", "POST", {"name": "python3", "path": "workshop"})
        ws = websocket.create_connection(
            f"ws://127.0.0.1:{port}/api/kernels/{kernel['id']}/channels?token={token}", timeout=60
        )
        outputs = []
        for cell in notebook["cells"]:
            if cell["cell_type"] != "code":
                continue
            msg_id = uuid.uuid4().hex
            ws.send(
                json.dumps(
                    {
                        "header": {
                            "msg_id": msg_id,
                            "msg_type": "execute_request",
                            "username": "test",
                            "session": uuid.uuid4().hex,
                            "version": "5.3",
                        },
                        "parent_header": {},
                        "metadata": {},
                        "channel": "shell",
                        "content": {"code": "".join(cell["source"]), "silent": False},
                    }
                )
            )
            replied = idle = False
            while not (replied and idle):  # iopub and shell messages may arrive in either order
                msg = json.loads(ws.recv())
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] in ("execute_result", "display_data"):
                    outputs.append(msg["content"]["data"].get("text/plain", ""))
                if msg["msg_type"] == "execute_reply":
                    assert msg["content"]["status"] == "ok", msg["content"]
                    replied = True
                if msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle":
                    idle = True
        ws.close()
        assert sum("✓ Right" in text for text in outputs) == 3
        api(f"/api/kernels/{kernel['id']}", "DELETE")
        assert api("/api/kernels") == []
    finally:
        try:
            api("/api/shutdown", "POST", {})
        except OSError:
            pass
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert server.returncode is not None


def test_jupyterlab_is_set_up_for_a_class():
    """No news pop-up (in this environment, for make, pip and Binder), and make lab opens the landing notebook."""
    overrides = json.loads((ROOT / "wbanalysis" / "templates" / "jupyterlab" / "overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    installed = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert json.loads(installed.read_text()) == overrides
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "overrides.json" in makefile and "workshop/00_start_here.ipynb" in makefile
    assert not (ROOT / "postBuild").exists(), "with a binder/ folder, repo2docker ignores the root postBuild"
