"""Every input bounded (``limits``, ``params``, ``builder.plan``, ``cli``): YAML, weights, sweeps, output folders,
notebook names, long values, timeouts, claims tools, kernelspecs, a workshop answer."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time

import nbformat
import pytest

from wbanalysis import paths, versions
from wbanalysis.builder import plan, refresh
from wbanalysis.cli import main
from wbanalysis.errors import BuildError, ParameterError

BOMB = """
- focus_country: &a9 [&a8 [&a7 [&a6 [&a5 [&a4 [&a3 [&a2 [&a1 [&a0 [x,x,x,x,x,x,x,x,x,x]]]]]]]]]]
"""
LAUGHS = "\n".join(
    ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    + [f"a{k}: &a{k} [{', '.join([f'*a{k - 1}'] * 10)}]" for k in range(1, 10)]
    + ["focus_country: *a9"]
)


def test_Y1_an_alias_bomb_in_a_params_file_is_refused_at_once(tmp_path, capsys):
    sets = tmp_path / "laughs.yaml"
    sets.write_text("- " + LAUGHS.replace("\n", "\n  "), encoding="utf-8")
    assert len(sets.read_bytes()) < 1000
    started = time.perf_counter()
    assert main(["build", "02", "--params-file", str(sets), "--out", str(tmp_path / "o")]) == 2
    assert time.perf_counter() - started < 10
    err = capsys.readouterr().err
    assert f"--params-file {sets}: too large to be parameters" in err and "aliases" in err


def test_Y1b_an_alias_bomb_in_a_p_value_and_deep_nesting_are_refused(tmp_path, capsys):
    value = "{" + LAUGHS.replace("\n", ", ") + "}"
    assert main(["build", "02", "-p", "focus_country", value, "--out", str(tmp_path / "o")]) == 2
    assert "too large to be parameters" in capsys.readouterr().err
    deep = "[" * 200 + "]" * 200
    assert main(["build", "02", "-p", "countries", deep, "--out", str(tmp_path / "o")]) == 2
    assert "nested deeper than 20 levels" in capsys.readouterr().err


def test_I1b_a_subnormal_weight_is_refused(tmp_path, capsys):
    zeros = [a for w in ("frameworks", "cfsp", "nato", "milex") for a in ("-p", f"weight_{w}", "0")]
    assert main(["build", "06", "-p", "weight_europol", "5e-324", *zeros, "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "weight_europol must be 0 or a number from 2.23e-308 to 1000, got 5e-324" in err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sweep", "focus_country=,"], "--sweep 'focus_country=,': no value given"),
        (["--params-file", "EMPTY"], "holds no parameter set; give at least one"),
    ],
)
def test_P7b_an_empty_sweep_is_refused_before_anything_is_written(args, message, tmp_path, capsys):
    empty = tmp_path / "empty.yaml"
    empty.write_text("[]\n", encoding="utf-8")
    args = [str(empty) if a == "EMPTY" else a for a in args]
    out = tmp_path / "o"
    assert main(["build", "04", *args, "--out", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_I3b_out_inside_the_package_is_refused(capsys):
    target = versions.PACKAGE / "out"
    assert main(["build", "03", "--out", str(target)]) == 2
    assert "is inside the project's package folder; choose another folder" in capsys.readouterr().err
    assert not target.exists()


def test_U1_the_exact_notebook_name_wins_over_a_jupyterlab_copy(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for name in ("04_berlin_process", "04_berlin_process-Copy1"):
        shutil.copy(paths.NOTEBOOK_DIR / "04_berlin_process.ipynb", folder / f"{name}.ipynb")
    assert [p.name for p in plan.find(["04_berlin_process"], folder)] == ["04_berlin_process.ipynb"]
    with pytest.raises(BuildError, match="matches several notebooks"):
        plan.find(["04_berlin"], folder)  # a prefix of both stays ambiguous


def test_P2b_a_long_value_is_shortened_in_the_message(tmp_path, capsys):
    assert main(["build", "02", "-p", "focus_country", "A" * 100_000, "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "unknown country" in err and re.search(r"\(1000\d\d characters\)", err) and len(err) < 2500


@pytest.mark.parametrize("timeout", ["0", "-5"])
def test_I2b_refresh_refuses_a_timeout_that_is_not_positive(timeout, capsys):
    assert main(["refresh", "04", "--timeout", timeout]) == 2
    assert f"--timeout must be a positive number of seconds, got {timeout}" in capsys.readouterr().err
    with pytest.raises(ParameterError, match="--timeout must be a positive number of seconds"):
        refresh.refresh(["04"], timeout=0)


def test_WS2_a_huge_integer_answer_gets_feedback():
    from wbanalysis.workshop import check

    feedback = check.exercise2.task1(10**400)
    assert feedback.status == "wrong" and "finite" in feedback.message


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"\x00\x01\x80\xffrandom", "not UTF-8 text (byte 2)"), (b"", "the file is empty")],
)
def test_G4_G5_a_report_text_that_is_binary_or_empty_is_named(content, message, tmp_path, capsys):
    text = tmp_path / "report.txt"
    text.write_bytes(content)
    assert main(["claims", "--verify-quotes", str(text)]) == 2
    err = capsys.readouterr().err
    assert f"{text}: {message}" in err and "quote not found" not in err


def test_G8_claims_diff_without_git_says_git_is_needed(monkeypatch, capsys):
    monkeypatch.setenv("PATH", "/nonexistent")
    assert main(["claims", "--diff", "HEAD"]) == 2
    assert "--diff HEAD: reading a git ref needs git, which is not on PATH" in capsys.readouterr().err


@pytest.mark.kernel
def test_E7_a_foreign_python3_kernelspec_is_not_used(tmp_path):
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = ["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "other", "language": "python"}))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import sys; print(sys.executable)")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "95_which.ipynb")
    env = os.environ | {"JUPYTER_PATH": str(tmp_path / "jupyter")}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "wbanalysis.cli",
            "build",
            str(tmp_path / "95_which.ipynb"),
            "--out",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert sys.executable in (tmp_path / "o" / "95_which.full.html").read_text(encoding="utf-8")


def test_DK1_a_scheduler_without_workers_is_reported_after_a_bounded_wait(tmp_path, cli, monkeypatch):
    """A scheduler with no worker (here in this process; the kernel lane's Dask tests start one as a user does)."""
    from distributed import LocalCluster

    monkeypatch.setenv("WBANALYSIS_DASK_WAIT", "1")
    with LocalCluster(n_workers=0, processes=False, dashboard_address=":0", scheduler_port=0) as cluster:
        address = cluster.scheduler_address
        started = time.perf_counter()
        run = cli("build", "04", "--executor", "dask", "--scheduler", address, "--out", str(tmp_path / "o"))
        waited = time.perf_counter() - started
    assert run.returncode == 2, run.stderr
    assert f"--scheduler {address}: the scheduler has no worker (waited 1 s)" in run.stderr
    assert waited < 60
