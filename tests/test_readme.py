"""Every command in the README's code blocks runs as documented (builds go to a temporary --out)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from wbanalysis import paths

ROOT = paths.ROOT
README = (ROOT / "README.md").read_text(encoding="utf-8")
#: Commands shown but not run here, and why.
NOT_RUN = {
    "make test": "is this test suite",
    "make check": "is this test suite's fast lane",
    "make lab": "starts JupyterLab, which runs until stopped (tests/test_workshop.py starts the same server)",
}


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def _commands() -> list[str]:
    lines = [line.strip() for block in _blocks("bash") for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def _has_parent_commit() -> bool:
    run = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "HEAD~1"], cwd=ROOT, capture_output=True)
    return run.returncode == 0


def _runnable(command: str, out: Path) -> str:
    """The command with the project's venv by absolute path and every build sent to ``out``."""
    bare = command.split(" #")[0].strip()
    bare = bare.replace(".venv/bin/", f"{ROOT}/.venv/bin/")
    if " build" in bare:
        if "--out" in bare:
            bare = re.sub(r"--out \S+", f"--out {out}", bare)
        else:
            bare += f" --out {out}"
    elif bare.startswith("make reports"):
        match = re.search(r'ARGS="([^"]*)"', bare)
        args = (match.group(1) + " " if match else "") + f"--out {out}"
        bare = f'make -C {ROOT} reports ARGS="{args}"'
    elif bare.startswith("make "):
        bare = f"make -C {ROOT} " + bare[5:]
    return bare


def test_the_readme_shows_commands_and_names_what_is_not_run():
    commands = [c.split(" #")[0].strip() for c in _commands()]
    assert "make reports" in commands and "make test" in commands
    assert set(NOT_RUN) <= set(commands)


@pytest.mark.kernel
@pytest.mark.parametrize("command", [c for c in _commands() if c.split(" #")[0].strip() not in NOT_RUN])
def test_readme_command_runs(command, tmp_path_factory, request):
    # one folder for every command, in the README's order: a command may use a file an earlier one wrote
    workdir = tmp_path_factory.getbasetemp() / "readme-workdir"
    workdir.mkdir(exist_ok=True)
    out = tmp_path_factory.getbasetemp() / "readme-reports"  # shared, so later builds use the cache
    env = {k: v for k, v in os.environ.items() if k != "MAKEFLAGS"}
    if "--executor dask" in command:  # the documented command, against a scheduler and two workers started here
        command = re.sub(r"--scheduler \S+", f"--scheduler {request.getfixturevalue('cluster')}", command)
    if "HEAD~1" in command and not _has_parent_commit():
        pytest.skip("this clone is shallow: the previous commit is not here to compare with")
    run = subprocess.run(
        ["bash", "-c", _runnable(command, out)], cwd=workdir, capture_output=True, text=True, env=env, timeout=900
    )
    if "--verify-quotes" in command and paths.report_text() is None:
        assert run.returncode == 2 and paths.REPORT_TEXT_VARIABLE in run.stderr, run.stderr
        return
    assert run.returncode == 0, f"{command}\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}"
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("code", _blocks("python"))
def test_readme_python_runs(code):
    run = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_the_readme_counts_are_the_verdicts_now():
    """The README's table of verdicts by chapter is generated from the verdicts (python -m wbanalysis.docs), never
    typed: the block must be what the generator writes now."""
    from wbanalysis import docs

    block = README.split(docs.START)[1].split(docs.END)[0].strip()
    assert block == docs.counts_block(), "run: .venv/bin/python -m wbanalysis.docs"
