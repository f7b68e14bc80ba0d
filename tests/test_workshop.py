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

from wbanalysis.analysis import europol, scoreboard
from wbanalysis.workshop import check

ROOT = Path(__file__).resolve().parents[1]
WORKSHOP = ROOT / "notebooks" / "workshop"
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
    assert all((WORKSHOP / "solutions" / p.name).exists() for p in EXERCISES)


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_solutions_pass_every_check(path):
    feedback = _feedback(_run(WORKSHOP / "solutions" / path.name))
    assert len(feedback) == 3 and all("✓ Right" in f for f in feedback), feedback


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_blank_exercises_run_and_wait_for_answers(path):
    feedback = _feedback(_run(path))
    assert len(feedback) == 3 and all("No answer yet" in f for f in feedback), feedback


def test_exercises_do_not_contain_the_solutions():
    for path in EXERCISES:
        exercise = nbformat.read(path, as_version=4)
        solution = nbformat.read(WORKSHOP / "solutions" / path.name, as_version=4)
        student = [c.source for c in exercise.cells if c.source.startswith("answer = None")]
        assert len(student) == 3
        assert [c.cell_type for c in exercise.cells] == [c.cell_type for c in solution.cells]


# --- the self-checks, right and wrong ----------------------------------------------------------------------------


def test_exercise1_checks():
    distinct = europol.country_counts(europol.operations(dedupe=True))["operations"]
    printed = europol.country_counts(europol.operations())["operations"]
    assert check.exercise1.task1(distinct).correct
    close = check.exercise1.task1(printed)
    assert close.status == "close" and "printed twice" in close.message
    assert check.exercise1.task1(distinct.to_dict()).status == "wrong"
    assert "pandas Series indexed by country code" in check.exercise1.task1([1, 2]).message
    assert check.exercise1.task2(europol.co_participation(europol.operations(dedupe=True))).correct
    assert check.exercise1.task2(europol.co_participation(europol.operations())).status == "close"
    assert check.exercise1.task3(("SRB", "SRB")).status == "close"
    assert check.exercise1.task3("SRB").status == "wrong"


def test_exercise2_checks():
    assert check.exercise2.task1(18 / 21).correct
    assert check.exercise2.task1(17 / 20).status == "close"
    assert "percentage" in check.exercise2.task1(100 * 18 / 21).message
    assert check.exercise2.task2(17 / 20).correct
    assert check.exercise2.task2("85%").status == "wrong"
    assert check.exercise2.task3(None).status == "missing"


def test_exercise3_checks():
    assert check.exercise3.task1(lambda s: (s - s.min()) / (s.max() - s.min())).correct
    assert check.exercise3.task1(lambda s: s / s.max()).status == "close"
    assert check.exercise3.task1(lambda s: 1 / 0).status == "wrong"
    assert check.exercise3.task1(pd.Series([1.0])).status == "wrong"
    assert check.exercise3.task2(scoreboard.scores({"europol": 2})["score"]).correct
    assert check.exercise3.task2(scoreboard.scores()["score"]).status == "close"
    assert check.exercise3.task3("Narnia").status == "wrong"


def test_feedback_never_prints_the_expected_answer():
    text = repr(check.exercise2.task1(0.5)) + repr(
        check.exercise1.task1(pd.Series(dict.fromkeys(["ALB", "BIH", "XKX", "MNE", "MKD", "SRB"], 0)))
    )
    assert "0.857" not in text and "18" not in text and "17" not in text


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

        notebook = api("/api/contents/workshop/solutions/ex2_nearly_every_operation.ipynb")["content"]
        kernel = api("/api/kernels", "POST", {"name": "python3", "path": "workshop/solutions"})
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
