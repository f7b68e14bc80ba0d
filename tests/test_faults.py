"""The catalogue of bad input and faults: each case asserts the message and the state afterwards.

The README's troubleshooting table lists the same cases (input -> message).  Case ids: P parameters,
N parameters inside a notebook, D data files, K notebooks and kernels, S safety.
"""

from __future__ import annotations

import ast
import csv
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from wbanalysis import build as b
from wbanalysis import data, params
from wbanalysis.cli import main
from wbanalysis.errors import DataError, ParameterError

ROOT = Path(__file__).resolve().parents[1]

# --- P: parameters from the command line (validated before any kernel starts) --------------------------

CLI_CASES = [
    ("P1", ["-p", "countries", "ALB,Narnia"], "countries: unknown country 'Narnia'; valid codes: ALB (Albania)"),
    ("P2", ["-p", "countries", "[]"], "countries is empty: give at least one country"),
    ("P3", ["-p", "start_year", "last year"], "start_year must be a whole year such as 2023, got 'last year' (str)"),
    ("P4", ["-p", "start_year", "2025", "-p", "end_year", "2023"], "start_year=2025 is after end_year=2023"),
    ("P5", ["-p", "end_year", "2031"], "end_year=2031 is outside the years this notebook's data covers (2023-2025)"),
    ("P6", ["-p", "colour", "red"], "no selected notebook has a parameter 'colour'"),
    ("P7", ["-p", "countries", "[ALB, SRB"], "-p countries '[ALB, SRB': not a valid value"),
    ("P8", ["--sweep", "focus_country=ALB,Atlantis"], "focus_country: unknown country 'Atlantis'"),
    ("P9", ["--sweep", "focus_country"], "--sweep 'focus_country': expected NAME=V1,V2,..."),
    ("P10", ["--params-file", "/nonexistent/sets.yaml"], "--params-file /nonexistent/sets.yaml: file not found"),
    ("P11", ["-p", "dedupe", "maybe"], "dedupe must be true or false, got 'maybe' (str)"),
    ("P12", ["-p", "focus_country", "Kosova Republic"], "focus_country: unknown country 'Kosova Republic'"),
]


@pytest.mark.parametrize(("case", "args", "message"), CLI_CASES, ids=[c[0] for c in CLI_CASES])
def test_bad_parameter_fails_at_once_and_writes_nothing(case, args, message, tmp_path, capsys):
    out = tmp_path / "reports"
    assert main(["build", "02", *args, "--out", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()  # validation happens before the output folder is touched or a kernel starts


def test_P13_unknown_notebook_lists_the_available_ones(tmp_path, capsys):
    assert main(["build", "07_missing", "--out", str(tmp_path)]) == 2
    assert (
        "notebook '07_missing' matches no notebook; available: 00_overview, 01_strategic_imperative"
        in capsys.readouterr().err
    )


def test_P14_params_file_that_is_not_a_list(tmp_path, capsys):
    (tmp_path / "sets.yaml").write_text("focus_country: ALB\n", encoding="utf-8")
    assert main(["build", "02", "--params-file", str(tmp_path / "sets.yaml"), "--out", str(tmp_path / "o")]) == 2
    assert "expected a list of parameter sets" in capsys.readouterr().err


def test_P15_comparison_countries_must_be_neighbours(tmp_path, capsys):
    assert main(["build", "00", "-p", "comparison_countries", "SRB", "--out", str(tmp_path / "o")]) == 2
    assert "comparison_countries: 'SRB' (Serbia) is not allowed here; valid codes: HRV (Croatia)" in (
        capsys.readouterr().err
    )


# --- N: parameters inside a notebook (JupyterLab, or papermill run directly) ------------------------------


def test_N1_papermill_direct_with_an_unknown_parameter_is_refused(tmp_path):
    import papermill
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError) as err:
        papermill.execute_notebook(
            str(b.find(["02"])[0]),
            str(tmp_path / "out.ipynb"),
            parameters={"colour": "red"},
            cwd=str(ROOT / "notebooks"),
            progress_bar=False,
        )
    assert "02_institutional_frameworks has no parameter 'colour' (passed by papermill)" in err.value.evalue


def test_N2_jupyterlab_edit_with_a_bad_value_stops_at_the_validation_cell():
    namespace = {
        "countries": ["ALB", "Atlantis"],
        "start_year": 2023,
        "end_year": 2025,
        "focus_country": "SRB",
        "dedupe": True,
        "In": ["", "countries = ['ALB', 'Atlantis']"],
    }
    with pytest.raises(ParameterError, match="countries: unknown country 'Atlantis'"):
        params.from_namespace("02_institutional_frameworks", namespace)


def test_N3_parameters_cell_not_run():
    with pytest.raises(ParameterError, match="parameter 'countries' is not defined: run the parameters cell first"):
        params.from_namespace("02_institutional_frameworks", {"In": []})


# --- D: data files ----------------------------------------------------------------------------------------------


def _edit_csv(path: Path, edit) -> None:
    rows = list(csv.reader(path.open(encoding="utf-8")))
    edit(rows)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _rename_column(rows):
    rows[0][1] = "title"


DATA_CASES = [
    ("D1", "corrections", lambda p: p.unlink(), r"data/corrections.csv: file not found"),
    (
        "D2",
        "corrections",
        lambda p: _edit_csv(p, lambda rows: [r.pop(9) for r in rows]),
        r"data/corrections.csv breaks its schema.*missing",
    ),
    (
        "D3",
        "table2_europol_operations",
        lambda p: _edit_csv(p, _rename_column),
        r"table2_europol_operations.csv breaks its schema.*column 'operation'",
    ),
    (
        "D4",
        "table2_europol_operations",
        lambda p: _edit_csv(p, lambda rows: rows[3].__setitem__(2, "2024a")),
        r"table2_europol_operations.csv, row 4, column 'year'",
    ),
    (
        "D5",
        "claims",
        lambda p: _edit_csv(p, lambda rows: rows.append(list(rows[1]))),
        r"claims.csv, row \d+, column 'id'.*violates the primary key",
    ),
    (
        "D6",
        "table1_participation",
        lambda p: _edit_csv(p, lambda rows: rows[2].__setitem__(1, "HRV")),
        r"table1_participation.csv, row 3, column 'country'.*HRV",
    ),
    ("D7", "claims", lambda p: p.write_text("", encoding="utf-8"), r"data/claims.csv breaks its schema"),
    (
        "D8",
        "corrections",
        lambda p: p.write_bytes(
            p.read_bytes().replace("Zorić".encode(), "Zori\xe6".encode("latin-1")) + "caf\xe9".encode("latin-1")
        ),
        r"data/corrections.csv breaks its schema",
    ),
    (
        "D9",
        "claims",
        lambda p: p.write_text(p.read_text(encoding="utf-8").replace("arrests,", "arrests ,"), "utf-8"),
        r"data/claims.csv has changed since its hash was recorded.*wbanalysis data rehash",
    ),
    (
        "D10",
        "corrections",
        lambda p: p.write_text(p.read_text(encoding="utf-8") + 'K9,"unclosed\n', encoding="utf-8"),
        r"data/corrections.csv breaks its schema",
    ),
]


@pytest.mark.parametrize(("case", "resource", "damage", "message"), DATA_CASES, ids=[c[0] for c in DATA_CASES])
def test_damaged_data_file_is_named(case, resource, damage, message, data_copy):
    damage(data_copy / data.resource(resource, data_copy)["path"])
    with pytest.raises(DataError) as err:
        data.load(resource)
    assert re.search(message, str(err.value), re.S), str(err.value)


def test_D11_descriptor_that_is_not_json(data_copy):
    (data_copy / "datapackage.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(DataError, match=r"datapackage.json: not valid JSON \(line 1, column 3"):
        data.load("claims")


def test_D12_validate_command_lists_every_problem_and_exits_1(data_copy, capsys):
    (data_copy / "claims.csv").write_text((data_copy / "claims.csv").read_text(encoding="utf-8") + "\n", "utf-8")
    (data_copy / "corrections.csv").unlink()
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert "data/claims.csv: hash differs" in err and "data/corrections.csv: file not found" in err


def test_D13_a_notebook_on_broken_data_fails_with_the_file_named(data_copy, tmp_path):
    _edit_csv(data_copy / "report" / "table2_europol_operations.csv", lambda rows: rows[5].__setitem__(4, "yes"))
    env = os.environ | {"WBANALYSIS_DATA": str(data_copy)}
    run = subprocess.run(
        [sys.executable, "-m", "wbanalysis.cli", "build", "02", "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert run.returncode == 1
    assert "02_institutional_frameworks failed: DataError" in run.stderr
    assert "table2_europol_operations.csv breaks its schema" in run.stderr
    assert (tmp_path / "o" / "failed" / "02_institutional_frameworks.ipynb").exists()


# --- K: notebooks and kernels -------------------------------------------------------------------------------------


def _notebook(path: Path, *cells: str) -> Path:
    code = [nbformat.v4.new_code_cell('focus_country: str = "SRB"  # highlighted', metadata={"tags": ["parameters"]})]
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell(f"# {path.stem}"), *code, *[nbformat.v4.new_code_cell(c) for c in cells]]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def test_K1_a_failing_cell_is_named_kept_and_the_rest_still_builds(tmp_path, capsys):
    good = _notebook(tmp_path / "81_good.ipynb", "print('fine')")
    bad = _notebook(tmp_path / "82_bad.ipynb", "x = 1", "raise ValueError('broken on purpose')")
    out = tmp_path / "out"
    out.mkdir()
    (out / "82_bad.html").write_text("previous good report", encoding="utf-8")
    assert main(["build", str(good), str(bad), "--out", str(out), "--jobs", "2"]) == 1
    err = capsys.readouterr().err
    # cell 4: code cells are counted as papermill runs them, with its injected-parameters cell
    assert "error: 82_bad failed: ValueError in cell 4: broken on purpose" in err
    assert (out / "81_good.html").exists()
    assert (out / "82_bad.html").read_text(encoding="utf-8") == "previous good report"
    assert (out / "failed" / "82_bad.ipynb").exists()
    assert not list(out.rglob("*.tmp"))


def test_K2_a_kernel_that_dies(tmp_path):
    nb = _notebook(tmp_path / "83_dies.ipynb", "import os; os._exit(1)")
    [result] = b.build([str(nb)], {}, out_dir=tmp_path / "out")
    assert result.status == "failed" and "DeadKernelError" in result.error
    assert not (tmp_path / "out" / "83_dies.html").exists()


def test_K3_a_cell_that_hangs_times_out(tmp_path):
    nb = _notebook(tmp_path / "84_hangs.ipynb", "import time; time.sleep(60)")
    started = time.perf_counter()
    [result] = b.build([str(nb)], {}, out_dir=tmp_path / "out", timeout=3)
    assert result.status == "failed"
    assert "CellTimeoutError in cell 3: the cell ran longer than the per-cell timeout" in result.error
    assert time.perf_counter() - started < 40
    assert b.DEFAULT_CELL_TIMEOUT == 300


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_K4_ctrl_c_leaves_no_half_written_file_and_no_kernel(tmp_path, jobs):
    started = tmp_path / "started"
    code = f"import pathlib, time; pathlib.Path({str(started)!r}).touch(); time.sleep(30)"
    slow = [_notebook(tmp_path / f"8{5 + k}_slow.ipynb", code) for k in range(2)]
    out = tmp_path / "out"
    out.mkdir()
    (out / "85_slow.html").write_text("previous good report", encoding="utf-8")
    cmd = [sys.executable, "-m", "wbanalysis.cli", "build", *map(str, slow), "--out", str(out), "--jobs", jobs]
    proc = psutil.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    kernels: list[psutil.Process] = []
    deadline = time.time() + 60
    while time.time() < deadline and len(kernels) < int(jobs):
        kernels = [p for p in proc.children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]
        time.sleep(0.2)
    assert kernels, "no kernel started"
    while time.time() < deadline and not started.exists():  # Ctrl-C while a cell runs, not while a kernel starts
        time.sleep(0.1)
    descendants = proc.children(recursive=True)
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole foreground group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted: no report was half-written" in err
    assert (out / "85_slow.html").read_text(encoding="utf-8") == "previous good report"
    assert not list(out.rglob("*.tmp"))
    gone, alive = psutil.wait_procs(descendants, timeout=10)
    assert not alive, [p.cmdline() for p in alive]


def test_K5_an_output_folder_that_cannot_be_written(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(["build", "02", "--out", str(blocker / "reports")]) == 2
    assert f"cannot write reports to {blocker / 'reports'}" in capsys.readouterr().err


# --- S: safe reports and kernels ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """A build of chapter 2 on a copy of the data whose Table 2 holds a script tag."""
    import shutil

    root = tmp_path_factory.mktemp("hostile")
    copy = root / "data"
    shutil.copytree(data.DATA_DIR, copy)
    _edit_csv(
        copy / "report" / "table2_europol_operations.csv",
        lambda rows: rows[3].__setitem__(1, "<script>alert(1)</script>"),
    )
    data.rehash(copy)
    env = os.environ | {"WBANALYSIS_DATA": str(copy)}
    out = root / "out"
    run = subprocess.run(
        [sys.executable, "-m", "wbanalysis.cli", "build", "02", "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    return out


def test_S1_text_from_data_is_escaped(hostile_build):
    for name in ("02_institutional_frameworks.html", "02_institutional_frameworks.full.html"):
        page = (hostile_build / name).read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


EXTERNAL = re.compile(
    r"""<(?:script|img|link|iframe|source|video|audio)\b[^>]*\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I
)


def test_S2_reports_load_nothing_from_the_network(hostile_build):
    pages = sorted(hostile_build.glob("*.html"))
    assert len(pages) == 3
    for page in pages:
        assert not EXTERNAL.search(page.read_text(encoding="utf-8")), page.name


def test_S3_kernels_talk_over_ipc_with_private_sockets():
    from wbanalysis.kernels import IPCKernelManager, manager_class

    first, second = IPCKernelManager(), IPCKernelManager()
    assert manager_class() == "wbanalysis.kernels.IPCKernelManager"
    assert first.transport == "ipc" and first.ip != second.ip and os.path.isabs(first.ip)


def test_S4_parameters_reach_the_kernel_as_literals_not_code():
    from papermill.parameterize import parameterize_notebook

    hostile = "SRB'; import os; os.system('echo owned'); x='"
    from papermill.iorw import load_notebook_node

    nb = parameterize_notebook(
        load_notebook_node(str(b.find(["02"])[0])), {"focus_country": hostile}, kernel_name="python3", language="python"
    )
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    tree = ast.parse(injected.source)
    assert len(tree.body) == 1 and isinstance(tree.body[0], ast.Assign)
    assert ast.literal_eval(tree.body[0].value) == hostile
    with pytest.raises(ParameterError, match="unknown country"):
        params.validate("02_institutional_frameworks", focus_country=hostile)
