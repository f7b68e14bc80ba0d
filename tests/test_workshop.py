"""The workshop kit: self-checks with right and wrong answers, the notebooks, and a real Jupyter server."""

import json
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
from nbclient import NotebookClient

from wbanalysis.workshop import check

ROOT = Path(__file__).resolve().parents[1]
WORKSHOP = ROOT / "notebooks" / "workshop"
SOLUTIONS = ROOT / "docs" / "workshop-solutions"  # for teachers: not in the students' file browser
EXERCISES = sorted(WORKSHOP.glob("ex*.ipynb"))


def _run(path: Path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def _feedback(nb) -> list[str]:
    texts = []
    for cell in nb.cells:
        if cell.cell_type == "code" and "check.exercise" in cell.source:
            texts += ["".join(o.get("data", {}).get("text/plain", "")) for o in cell.outputs]
    return texts


def test_there_are_three_exercises_each_with_a_solution():
    assert [p.name for p in EXERCISES] == [
        "ex1_who_works_with_whom.ipynb",
        "ex2_nearly_every_operation.ipynb",
        "ex3_build_a_scoreboard.ipynb",
    ]
    assert all((SOLUTIONS / p.name).exists() for p in EXERCISES)


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_solutions_pass_every_check(path):
    feedback = _feedback(_run(SOLUTIONS / path.name))
    assert len(feedback) == 3 and all("✓ Right" in f for f in feedback), feedback


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_blank_exercises_run_and_wait_for_answers(path):
    feedback = _feedback(_run(path))
    assert len(feedback) == 3 and all("No answer yet" in f for f in feedback), feedback


def test_exercises_do_not_contain_the_solutions():
    for path in EXERCISES:
        exercise = nbformat.read(path, as_version=4)
        solution = nbformat.read(SOLUTIONS / path.name, as_version=4)
        student = [c.source for c in exercise.cells if c.source.startswith("answer = None")]
        assert len(student) == 3
        assert [c.cell_type for c in exercise.cells] == [c.cell_type for c in solution.cells]


# --- the self-checks, right and wrong ----------------------------------------------------------------------------


def test_solutions_are_kept_apart_from_the_students_folder():
    assert not (WORKSHOP / "solutions").exists()
    students = [p for p in (ROOT / "notebooks").rglob("*.ipynb")]
    assert not any("# Solution" in p.read_text(encoding="utf-8") for p in students)


def test_the_landing_notebook_links_every_exercise():
    start = (WORKSHOP / "00_start_here.ipynb").read_text(encoding="utf-8")
    assert all(p.name in start for p in EXERCISES)


def test_hints_point_to_concepts_not_to_the_line_to_type():
    for path in EXERCISES:
        solution = nbformat.read(SOLUTIONS / path.name, as_version=4)
        answers = [
            c.source.splitlines()[-1] for c in solution.cells if c.cell_type == "code" and "answer =" in c.source
        ]
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


def test_unknown_task_lists_the_tasks():
    with pytest.raises(AttributeError, match="tasks: task1, task2, task3"):
        getattr(check.exercise1, "task9")  # noqa: B009


# --- a real Jupyter server ------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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

        assert "solutions" not in workshop  # the teachers' copy lives in docs/, outside the students' browser
        notebook = json.loads((SOLUTIONS / "ex2_nearly_every_operation.ipynb").read_text(encoding="utf-8"))
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
    """No news pop-up (in this environment, for make and for Binder), and make lab opens the landing notebook."""
    import json as _json

    overrides = _json.loads((ROOT / "wbanalysis" / "templates" / "jupyterlab" / "overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    installed = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert _json.loads(installed.read_text()) == overrides
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "overrides.json" in makefile and "workshop/00_start_here.ipynb" in makefile
    assert "overrides.json" in (ROOT / "postBuild").read_text(encoding="utf-8")
