"""The catalogue of bad input and faults: each case asserts the message and the state afterwards.

The README's troubleshooting table lists the same cases (input -> message).  Case ids: P parameters,
N parameters inside a notebook, D data files, K notebooks and kernels, S safety.
"""

from __future__ import annotations

import ast
import csv
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from wbanalysis import data, limits, params
from wbanalysis.builder import build, plan
from wbanalysis.builder.layout import site_pages
from wbanalysis.cli import main
from wbanalysis.errors import DataError, ParameterError

ROOT = Path(__file__).resolve().parents[1]

# --- P: parameters from the command line (validated before any kernel starts) --------------------------

CLI_CASES = [
    ("P1", ["-p", "countries", "ALB,Narnia"], "countries: unknown country 'Narnia'; valid codes: ALB (Albania)"),
    ("P2", ["-p", "countries", "[]"], "countries is empty: give at least one country"),
    ("P3", ["-p", "start_year", "last year"], "start_year must be a whole year such as 2023, got 'last year' (str)"),
    ("P4", ["-p", "start_year", "2025", "-p", "end_year", "2023"], "start_year=2025 is after end_year=2023"),
    ("P5", ["-p", "end_year", "2031"],
     "end_year=2031 is outside the years the data of 02_institutional_frameworks cover (2023-2025)"),
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


@pytest.mark.kernel
@pytest.mark.parametrize("inject_input_path", [True, False])
def test_N1_papermill_direct_with_an_unknown_parameter_is_refused(tmp_path, monkeypatch, inject_input_path):
    """As ``papermill [--inject-input-path] 02_....ipynb out.ipynb -p colour red`` (the flag adds the notebook's
    path to the parameters: how the notebook learns which it is)."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from wbanalysis import this_notebook

    monkeypatch.delenv(this_notebook.VARIABLE, raising=False)
    notebook = plan.find(["02"])[0]
    injected = {"PAPERMILL_INPUT_PATH": str(notebook)} if inject_input_path else {}
    with pytest.raises(PapermillExecutionError) as err:
        papermill.execute_notebook(
            str(notebook),
            str(tmp_path / "out.ipynb"),
            parameters={"colour": "red"} | injected,
            cwd=str(ROOT / "notebooks"),
            progress_bar=False,
        )
    if inject_input_path:
        assert "02_institutional_frameworks has no parameter 'colour' (passed by papermill)" in err.value.evalue
    else:
        assert "cannot tell which notebook this is" in err.value.evalue and "--inject-input-path" in err.value.evalue


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
        params.from_namespace(namespace, notebook="02_institutional_frameworks")


def test_N3_parameters_cell_not_run():
    with pytest.raises(ParameterError, match="parameter 'countries' is not defined: run the parameters cell first"):
        params.from_namespace({"In": []}, notebook="02_institutional_frameworks")


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


@pytest.mark.kernel
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


@pytest.mark.kernel
def test_K1_a_failing_cell_is_named_kept_and_the_rest_still_builds(tmp_path, capsys):
    good = _notebook(tmp_path / "81_good.ipynb", "print('fine')")
    bad = _notebook(tmp_path / "82_bad.ipynb", "x = 1", "raise ValueError('broken on purpose')")
    out = tmp_path / "out"
    out.mkdir()
    (out / "82_bad.html").write_text("previous good report", encoding="utf-8")
    assert main(["build", str(good), str(bad), "--out", str(out), "--jobs", "2"]) == 1
    err = capsys.readouterr().err
    # cell 3: the notebook's own code cells, as its author counts them (not papermill's injected-parameters cell)
    assert "error: 82_bad failed: ValueError in cell 3: broken on purpose" in err
    assert (out / "81_good.html").exists()
    assert (out / "82_bad.html").read_text(encoding="utf-8") == "previous good report"
    kept = nbformat.read(out / "failed" / "82_bad.ipynb", as_version=4)
    failing = [c for c in kept.cells if any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    assert [c.execution_count for c in failing] == [3]  # numbered as in the message, not by the kernel's counter
    assert not list(out.rglob("*.tmp"))


@pytest.mark.kernel
def test_K2_a_kernel_that_dies(tmp_path):
    nb = _notebook(tmp_path / "83_dies.ipynb", "import os; os._exit(1)")
    [result] = build([str(nb)], {}, out_dir=tmp_path / "out")
    assert result.status == "failed" and "DeadKernelError" in result.error
    assert not (tmp_path / "out" / "83_dies.html").exists()


@pytest.mark.kernel
def test_K3_a_cell_that_hangs_times_out(tmp_path):
    nb = _notebook(tmp_path / "84_hangs.ipynb", "import time; time.sleep(60)")
    started = time.perf_counter()
    [result] = build([str(nb)], {}, out_dir=tmp_path / "out", timeout=3)
    assert result.status == "failed"
    assert "CellTimeoutError in cell 2: the cell ran longer than the per-cell timeout" in result.error
    assert time.perf_counter() - started < 40
    assert limits.CELL_TIMEOUT == 300


def _is_kernel(proc: psutil.Process) -> bool:
    """A kernel started the usual way, or from a worker's standby child (``builder.standby``)."""
    from wbanalysis.builder.kernels import standby

    try:
        return "ipykernel" in " ".join(proc.cmdline()) or proc.name() == standby.NAME
    except psutil.Error:
        return False


@pytest.mark.kernel
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
        kernels = [p for p in proc.children(recursive=True) if _is_kernel(p)]
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


@pytest.mark.kernel
def test_S1_text_from_data_is_escaped(hostile_build):
    for name in ("02_institutional_frameworks.html", "02_institutional_frameworks.full.html"):
        page = (hostile_build / name).read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


EXTERNAL = re.compile(
    r"""<(?:script|img|link|iframe|source|video|audio)\b[^>]*\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I
)


@pytest.mark.kernel
def test_S2_reports_load_nothing_from_the_network(hostile_build):
    pages = sorted(hostile_build.glob("*.html"))
    assert len(pages) == 2 + len(site_pages())  # reader, full and the pages of the evidence base
    for page in pages:
        assert not EXTERNAL.search(page.read_text(encoding="utf-8")), page.name


def test_S3_kernels_talk_over_ipc_with_private_sockets():
    from wbanalysis.builder.kernels.manager import IPCKernelManager, manager_class

    first, second = IPCKernelManager(), IPCKernelManager()
    assert manager_class() == "wbanalysis.builder.kernels.manager.IPCKernelManager"
    assert first.transport == "ipc" and first.ip != second.ip and os.path.isabs(first.ip)


def test_S4_parameters_reach_the_kernel_as_literals_not_code():
    from papermill.parameterize import parameterize_notebook

    hostile = "SRB'; import os; os.system('echo owned'); x='"
    from papermill.iorw import load_notebook_node

    nb = parameterize_notebook(
        load_notebook_node(str(plan.find(["02"])[0])),
        {"focus_country": hostile},
        kernel_name="python3",
        language="python",
    )
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    tree = ast.parse(injected.source)
    assert len(tree.body) == 1 and isinstance(tree.body[0], ast.Assign)
    assert ast.literal_eval(tree.body[0].value) == hostile
    with pytest.raises(ParameterError, match="unknown country"):
        params.validate("02_institutional_frameworks", focus_country=hostile)


# --- H: hostile text reaches no page as live markup; links are URL-encoded -----------------------------------------


def _live_markup(page: str) -> list[str]:
    """Elements or attributes that would run script: <script>, <img onerror>, any on* handler, javascript: links."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    found = []
    for tag in soup.find_all(True):
        for attr, value in tag.attrs.items():
            if attr.lower().startswith("on") or (attr in ("href", "src") and "javascript:" in str(value).lower()):
                found.append(f"<{tag.name} {attr}>")
        if tag.name == "script" and "alert(" in tag.get_text():
            found.append("<script>")
    return found


@pytest.mark.kernel
def test_H1_a_heading_with_markup_stays_text_in_the_contents(tmp_path):
    nb = _notebook(tmp_path / "31_headings.ipynb", "print('x')")
    node = nbformat.read(nb, as_version=4)
    node.cells.insert(2, nbformat.v4.new_markdown_cell("## Escaping `<img src=x onerror=alert(2)>` here"))
    nbformat.write(node, nb)
    out = tmp_path / "out"
    assert main(["build", str(nb), "--out", str(out)]) == 0
    page = (out / "31_headings.html").read_text(encoding="utf-8")
    assert _live_markup(page) == [] and "onerror=alert(2)" in page.replace("&lt;", "<").replace("&gt;", ">")


@pytest.mark.kernel
def test_H2_a_notebook_file_name_with_markup_is_escaped_and_url_encoded(tmp_path):
    name = '31_a"><img src=x onerror=alert(7)>'
    nb = _notebook(tmp_path / f"{name}.ipynb", "print('x')")
    node = nbformat.read(nb, as_version=4)
    node.cells[0].source = "# A report"  # the name reaches the pages only through the build, not the notebook's text
    nbformat.write(node, nb)
    out = tmp_path / "out"
    assert main(["build", str(nb), "--out", str(out)]) == 0
    for page in (out / "index.html", out / f"{name}.html"):
        assert _live_markup(page.read_text(encoding="utf-8")) == [], page.name
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="31_a%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%287%29%3E.html"' in index


@pytest.mark.kernel
def test_H3_a_report_name_with_a_hash_or_percent_links_to_its_file(tmp_path):
    nb = _notebook(tmp_path / "32_50% #1.ipynb", "print('x')")
    out = tmp_path / "out"
    assert main(["build", str(nb), "--out", str(out)]) == 0
    assert 'href="32_50%25%20%231.html"' in (out / "index.html").read_text(encoding="utf-8")


# --- O: a build owns its processes: signals and the parent's death leave nothing behind ------------------------------


def _slow_build(tmp_path: Path, jobs: str = "2", tmpdir: Path | None = None) -> tuple[psutil.Popen, Path, Path, list]:
    started = tmp_path / "started"
    code = f"import pathlib, time; pathlib.Path({str(started)!r}).touch(); time.sleep(60)"
    slow = [_notebook(tmp_path / f"8{5 + k}_slow.ipynb", code) for k in range(int(jobs))]
    out = tmp_path / "out"
    out.mkdir()
    (out / "85_slow.html").write_text("previous good report", encoding="utf-8")
    cmd = [sys.executable, "-m", "wbanalysis.cli", "build", *map(str, slow), "--out", str(out), "--jobs", jobs]
    env = os.environ | ({"TMPDIR": str(tmpdir)} if tmpdir else {})
    proc = psutil.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                        env=env)
    deadline = time.time() + 90
    while time.time() < deadline and not started.exists():
        time.sleep(0.1)
    assert started.exists(), "no notebook started"
    time.sleep(0.5)
    return proc, out, started, proc.children(recursive=True)


@pytest.fixture
def private_tmp():
    """A temporary folder of the build's own ($TMPDIR, short enough for sockets): what it leaves there is its
    own, whatever other builds on the machine do meanwhile."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="wbt", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _runtime_dirs(folder: Path) -> set[str]:
    return {p.name for p in folder.glob("wb-*")}


@pytest.mark.kernel
@pytest.mark.parametrize(("case", "signame", "code"), [("O1", "SIGTERM", 143), ("O2", "SIGHUP", 129)])
def test_a_signal_stops_the_build_like_ctrl_c(case, signame, code, tmp_path, private_tmp):
    proc, out, _, descendants = _slow_build(tmp_path, tmpdir=private_tmp)
    os.kill(proc.pid, getattr(signal, signame))
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert f"stopped by {signame}: no report was half-written" in err
    assert (out / "85_slow.html").read_text(encoding="utf-8") == "previous good report"
    assert not list(out.rglob("*.tmp"))
    _, alive = psutil.wait_procs(descendants, timeout=15)
    assert not alive, [p.cmdline() for p in alive]
    assert _runtime_dirs(private_tmp) == set()  # no socket or connection file left


@pytest.mark.kernel
def test_O3_kill_9_of_the_build_takes_workers_and_kernels_with_it(tmp_path, private_tmp, monkeypatch):
    proc, out, _, descendants = _slow_build(tmp_path, tmpdir=private_tmp)
    proc.kill()
    proc.wait(timeout=10)
    _, alive = psutil.wait_procs(descendants, timeout=20)
    assert not alive, [p.cmdline() for p in alive]
    assert (out / "85_slow.html").read_text(encoding="utf-8") == "previous good report"
    assert not (out / ".build").exists() or not list((out / ".build").glob("*.json"))
    time.sleep(1)
    import tempfile

    from wbanalysis.builder.kernels import runtime as kernels

    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))  # the next build, with the same $TMPDIR
    kernels.sweep_orphans()  # what the next start does: the killed build's own folder (its fork server's socket)
    assert _runtime_dirs(private_tmp) == set()


@pytest.mark.kernel
def test_O4_ctrl_c_leaves_no_socket_or_connection_file(tmp_path, private_tmp):
    proc, out, _, descendants = _slow_build(tmp_path, jobs="1", tmpdir=private_tmp)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    psutil.wait_procs(descendants, timeout=15)
    assert _runtime_dirs(private_tmp) == set()


# --- F: each report as if in a fresh process; a dead kernel is replaced --------------------------------------------


@pytest.mark.kernel
def test_F1_library_options_set_by_one_report_do_not_reach_the_next(tmp_path):
    setter = _notebook(tmp_path / "71_set.ipynb", "import pandas as pd; pd.set_option('display.max_rows', 4)")
    reader = _notebook(tmp_path / "72_read.ipynb", "import pandas as pd; pd.DataFrame({'a': range(20)})")
    out = tmp_path / "out"
    assert main(["build", str(setter), str(reader), "--out", str(out), "--jobs", "1"]) == 0
    page = (out / "72_read.html").read_text(encoding="utf-8")
    assert "<td>19</td>" in page and "..." not in page.split("<table")[1].split("</table>")[0]


@pytest.mark.kernel
def test_F2_a_kernel_that_dies_is_replaced_and_the_report_retried_once(tmp_path):
    marker = tmp_path / "died-once"
    code = (
        f"import os, pathlib\nm = pathlib.Path({str(marker)!r})\n"
        "if not m.exists():\n    m.touch(); os._exit(1)\nprint('second try')"
    )
    nb = _notebook(tmp_path / "73_dies_once.ipynb", code)
    out = tmp_path / "out"
    assert main(["build", str(nb), "--out", str(out)]) == 0
    assert "second try" in (out / "73_dies_once.full.html").read_text(encoding="utf-8")


@pytest.mark.kernel
def test_F3_every_report_runs_in_a_new_kernel_process(tmp_path):
    from wbanalysis.builder.kernels import execute as kernel

    notebooks = [_notebook(tmp_path / f"7{4 + k}_pid.ipynb", "import os; print(os.getpid())") for k in range(2)]
    pids = []
    for nb in [*notebooks, notebooks[0]]:
        executed = kernel.execute(nb, {}, 60)
        pids.append("".join(o.get("text", "") for o in executed.cells[-1].outputs).strip())
    assert len(set(pids)) == 3
    assert not kernel._CURRENT  # and none is kept afterwards


# --- C: a cache that cannot lie ----------------------------------------------------------------------------------


@pytest.mark.kernel
@pytest.mark.parametrize(
    ("case", "damage"),
    [
        ("C1", lambda page: page.write_bytes(b"")),
        ("C2", lambda page: page.write_text(page.read_text(encoding="utf-8") + "<!-- edited -->", encoding="utf-8")),
        ("C3", lambda page: page.unlink()),
    ],
)
def test_a_report_whose_files_changed_is_rebuilt(case, damage, tmp_path):
    nb = _notebook(tmp_path / "76_tiny.ipynb", "print('x')")
    out = tmp_path / "out"
    assert main(["build", str(nb), "--out", str(out)]) == 0
    damage(out / "76_tiny.html")
    [result] = build([str(nb)], {}, out_dir=out)
    assert result.status == "built" and (out / "76_tiny.html").stat().st_size > 1000


@pytest.mark.kernel
def test_C4_an_unreadable_build_record_is_named_and_rebuilt_not_fatal(tmp_path, capsys):
    nb = _notebook(tmp_path / "77_tiny.ipynb", "print('x')")
    other = _notebook(tmp_path / "78_other.ipynb", "print('y')")
    out = tmp_path / "out"
    assert main(["build", str(nb), str(other), "--out", str(out)]) == 0
    (out / ".build" / "78_other.json").write_text("{ corrupt", encoding="utf-8")
    assert main(["build", str(nb), str(other), "--out", str(out)]) == 0
    assert "78_other: built" in capsys.readouterr().err
    assert "77_tiny" in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.kernel
def test_C5_inputs_that_change_during_the_build_are_not_recorded_as_up_to_date(tmp_path, monkeypatch):
    from wbanalysis.builder import cache

    nb = _notebook(tmp_path / "79_tiny.ipynb", "print('x')")
    out = tmp_path / "out"
    real = cache.inputs
    calls = []

    def changing(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs) + ("-changed" if len(calls) > 1 else "")

    monkeypatch.setattr(cache, "inputs", changing)
    [result] = build([str(nb)], {}, out_dir=out)
    monkeypatch.setattr(cache, "inputs", real)
    assert result.status == "built"
    [again] = build([str(nb)], {}, out_dir=out)
    assert again.status == "built"  # its record said stale, so it was built again


# --- W: all-or-nothing writes, never outside --out ----------------------------------------------------------------


@pytest.mark.kernel
def test_W1_a_full_disk_leaves_the_previous_report_and_names_the_path(tmp_path, monkeypatch):
    import errno

    from wbanalysis.builder import output

    nb = _notebook(tmp_path / "61_tiny.ipynb", "print('x')")
    out = tmp_path / "out"
    assert main(["build", str(nb), "--out", str(out)]) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    real, count = output._stage, []

    def full(path, content):
        count.append(1)
        if len(count) > 1:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, content)

    monkeypatch.setattr(output, "_stage", full)
    [result] = build([str(nb)], {}, out_dir=out, force=True)
    assert result.status == "failed" and "No space left on device" in result.error and str(out) in result.error
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert {p: v for p, v in after.items() if p.name != "index.html"} == {
        p: v for p, v in before.items() if p.name != "index.html"
    }


@pytest.mark.kernel
def test_W2_a_symlink_out_of_the_output_folder_is_not_followed(tmp_path):
    nb = _notebook(tmp_path / "62_fig.ipynb", "from wbanalysis import plots\nplots.no_data('t', 'nothing')")
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "figures").symlink_to(elsewhere)
    [result] = build([str(nb)], {}, out_dir=out)
    assert result.status == "failed" and "leads out of" in result.error
    assert list(elsewhere.iterdir()) == []


# --- E: the environment changes nothing in the reports ----------------------------------------------------------


@pytest.mark.kernel
def test_E1_a_long_tmpdir_does_not_break_kernel_sockets(tmp_path):
    long_tmp = tmp_path / ("t" * 70)
    long_tmp.mkdir()
    nb = _notebook(tmp_path / "63_tiny.ipynb", "print('x')")
    run = subprocess.run(
        [sys.executable, "-m", "wbanalysis.cli", "build", str(nb), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=os.environ | {"TMPDIR": str(long_tmp)},
        timeout=300,
    )
    assert run.returncode == 0, run.stderr


@pytest.mark.kernel
def test_E2_a_read_only_home_puts_no_warning_in_the_page(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o500)
    nb = _notebook(tmp_path / "64_plot.ipynb", "from wbanalysis import plots\nplots.no_data('t', 'nothing')")
    run = subprocess.run(
        [sys.executable, "-m", "wbanalysis.cli", "build", str(nb), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=os.environ | {"HOME": str(home)},
        timeout=300,
    )
    home.chmod(0o700)
    assert run.returncode == 0, run.stderr
    for page in (tmp_path / "out").glob("64_plot*.html"):
        text = page.read_text(encoding="utf-8")
        assert "Warning" not in text and str(home) not in text


# --- I: every input checked before any kernel starts ----------------------------------------------------------------

INPUT_CASES = [
    ("I1", ["06", "-p", "weight_nato", ".inf"], "weight_nato must be a finite number from 0 to 1000, got inf"),
    ("I2", ["06", "-p", "weight_nato", ".nan"], "weight_nato must be a finite number from 0 to 1000, got nan"),
    ("I3", ["02", "-p", "dedupe", "true", "-p", "dedupe", "false"], "-p dedupe is given more than once"),
    ("I4", ["02", "--sweep", "dedupe=true", "--sweep", "dedupe=false"], "'dedupe' is given more than once"),
    ("I5", ["02", "-p", "dedupe", "true", "--sweep", "dedupe=false"], "'dedupe' is given more than once"),
    ("I6", ["02", "--out", ""], "--out is empty"),
    ("I7", ["02", "--timeout", "0"], "--timeout must be a positive number of seconds, got 0"),
    ("I8", ["02", "--jobs", "0"], "--jobs must be 1 or more, got 0"),
    ("I9", ["02", "--sweep", "countries=[ALB"], "--sweep countries='[ALB': not a valid value"),
    ("I10", ["02", "--executor", "dask"], "--executor dask needs --scheduler ADDRESS"),
]


@pytest.mark.parametrize(("case", "args", "message"), INPUT_CASES, ids=[c[0] for c in INPUT_CASES])
def test_bad_build_input_is_refused_before_anything_runs(case, args, message, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    if "--out" not in args:
        args = [*args, "--out", str(tmp_path / "reports")]
    assert main(["build", *args]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "reports").exists()


def test_I11_a_parameters_cell_with_a_syntax_error_is_named(tmp_path, capsys):
    nb = _notebook(tmp_path / "65_bad.ipynb", "print('x')")
    node = nbformat.read(nb, as_version=4)
    node.cells[1].source = "focus_country: str = 'SRB\n"
    nbformat.write(node, nb)
    assert main(["build", str(nb), "--out", str(tmp_path / "o")]) == 2
    assert "65_bad.ipynb: the parameters cell is not valid Python (line 1" in capsys.readouterr().err


def test_I12_a_params_file_whose_keys_are_not_text(tmp_path, capsys):
    (tmp_path / "sets.yaml").write_text("- {1: ALB}\n", encoding="utf-8")
    assert main(["build", "02", "--params-file", str(tmp_path / "sets.yaml"), "--out", str(tmp_path / "o")]) == 2
    assert "set 1: parameter names must be text, got 1" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("case", "content", "message"),
    [("I13", "{ not json", "not a readable notebook"), ("I14", '{"nbformat": 3, "worksheets": []}', "not a readable")],
)
def test_a_notebook_that_is_not_nbformat_4_json_is_named(case, content, message, tmp_path, capsys):
    path = tmp_path / "66_broken.ipynb"
    path.write_text(content, encoding="utf-8")
    assert main(["build", str(path), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "66_broken.ipynb" in err and message in err


def test_I15_nbformat_3_is_named_with_its_version(tmp_path, capsys):
    path = tmp_path / "67_old.ipynb"
    path.write_text('{"nbformat": 3, "cells": []}', encoding="utf-8")
    assert main(["build", str(path), "--out", str(tmp_path / "o")]) == 2
    assert "67_old.ipynb: nbformat 3 is not supported; save it as nbformat 4" in capsys.readouterr().err


def test_I16_a_resource_path_outside_data_is_refused(data_copy):
    import json

    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        if res["name"] == "corrections":
            res["path"] = "../../etc/passwd"
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(
        DataError, match=r"resource 'corrections' has path '../../etc/passwd', which is not a file inside"
    ):
        data.load("corrections")


@pytest.mark.kernel
def test_H4_markup_in_a_notebooks_own_markdown_is_made_inert(tmp_path):
    nb = _notebook(tmp_path / "33_evil.ipynb", "print('x')")
    node = nbformat.read(nb, as_version=4)
    node.cells[0].source = "# Title <script>alert(10)</script> <img src=x onerror=alert(11)>"
    node.cells.insert(
        2,
        nbformat.v4.new_markdown_cell(
            '## Head <script>alert(21)</script>\n\n[x](javascript:alert(1)) <a href="JaVaScRiPt&colon;alert(2)">y</a>'
            ' <iframe src="javascript:alert(3)"></iframe> <details ontoggle=alert(4) open>d</details>'
        ),
    )
    nbformat.write(node, nb)
    out = tmp_path / "out"
    assert main(["build", str(nb), "--out", str(out)]) == 0
    for page in ("33_evil.html", "33_evil.full.html"):
        text = (out / page).read_text(encoding="utf-8")
        assert _live_markup(text) == [], page
        assert "<script>alert" not in text and "<iframe" not in text, page


INPUT_CASES_2 = [
    ("I17", ["02", "--sweep", "focus_country=SRB"], "'focus_country' is given more than once (in --params-file"),
    ("I18", ["06", "-p", "weight_nato", "1.0e+308"], "weight_nato must be a finite number from 0 to 1000"),
    ("I19", ["02", "--scheduler", "tcp://127.0.0.1:8786"], "--scheduler is for --executor dask"),
    ("I20", ["02", "--out", "DATA"], "is inside the project's data folder"),
]


@pytest.mark.parametrize(("case", "args", "message"), INPUT_CASES_2, ids=[c[0] for c in INPUT_CASES_2])
def test_more_bad_build_input_is_refused(case, args, message, tmp_path, capsys):
    sets = tmp_path / "sets.yaml"
    sets.write_text("- {focus_country: ALB}\n", encoding="utf-8")
    args = [str(data.DATA_DIR / "reports") if a == "DATA" else a for a in args]
    extra = ["--params-file", str(sets)] if case == "I17" else []
    if "--out" not in args:
        args = [*args, "--out", str(tmp_path / "reports")]
    assert main(["build", *args, *extra]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "reports").exists() and not (data.DATA_DIR / "reports").exists()


@pytest.mark.parametrize(
    ("case", "args", "message"),
    [
        ("I21", ["--diff", ""], "give a git ref (such as HEAD~1) or a data folder"),
        ("I22", ["--diff=--output=/tmp/x.tar"], "give a git ref"),
        ("I23", ["--format", "claimreview", "--base-url", "javascript:alert(1)//"], "give an http(s) address"),
        ("I24", ["--record", "--chapter", "2"], "--record writes every claim's verdict"),
    ],
)
def test_bad_claims_options_are_refused(case, args, message, capsys):
    assert main(["claims", *args]) == 2
    assert message in capsys.readouterr().err


def test_I25_a_weight_written_as_1e3_is_read_as_a_number():
    assert params.validate("06_conclusions", weight_nato="1e3").weight_nato == 1000.0


@pytest.mark.kernel
def test_O5_kernel_connection_files_stay_in_the_builds_private_folder(tmp_path):
    import tempfile

    before = set(Path(tempfile.gettempdir()).glob("tmp*.json"))
    nb = _notebook(tmp_path / "34_tiny.ipynb", "print('x')")
    assert main(["build", str(nb), "--out", str(tmp_path / "out")]) == 0
    assert set(Path(tempfile.gettempdir()).glob("tmp*.json")) <= before


@pytest.mark.kernel
def test_C6_the_explorer_links_only_to_pages_in_its_folder(tmp_path):
    from bs4 import BeautifulSoup

    nb = _notebook(tmp_path / "35_tiny.ipynb", "print('x')")
    out = tmp_path / "out"
    assert main(["build", str(nb), "--out", str(out)]) == 0
    (out / "claims.html").unlink()
    assert main(["build", str(nb), "--out", str(out)]) == 0  # nothing to rebuild, but the page is restored
    soup = BeautifulSoup((out / "claims.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"].split("#")[0] for a in soup.select("#claims tbody a")]
    assert all((out / h).exists() for h in hrefs)


@pytest.mark.kernel
def test_E3_a_terminal_that_is_not_utf8_changes_nothing_in_the_reports(tmp_path):
    env = os.environ | {"PYTHONIOENCODING": "ascii", "LC_ALL": "C", "LANG": "C"}
    listing = subprocess.run(
        [sys.executable, "-m", "wbanalysis.cli", "claims", "--chapter", "2"], capture_output=True, env=env, timeout=120
    )
    assert listing.returncode == 0 and b"C2-212" in listing.stdout and b"Traceback" not in listing.stderr
    nb = _notebook(tmp_path / "36_zoric.ipynb", "print('Zorić, Kosovë, Србија')")
    outs = []
    for name, environment in (("ascii", env), ("utf8", os.environ)):
        out = tmp_path / name
        run = subprocess.run(
            [sys.executable, "-m", "wbanalysis.cli", "build", str(nb), "--out", str(out)],
            capture_output=True,
            env=environment,
            timeout=300,
        )
        assert run.returncode == 0, run.stderr
        outs.append((out / "36_zoric.html").read_bytes())
    assert outs[0] == outs[1] and "Zorić, Kosovë, Србија".encode() in outs[0]
