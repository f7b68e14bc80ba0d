"""Worker deaths contained and failures told as what they are (``builder.run``, ``cli``)."""

from __future__ import annotations

import nbformat
import pytest
from notebook_files import code_notebook, figure_notebook

from wbanalysis.builder import build
from wbanalysis.cli import main

#: Every test here starts a kernel (left out of the fast lane, make check).
pytestmark = pytest.mark.kernel

#: Kills the worker process that runs this report (as the out-of-memory killer would): the kernel's parent is the
#: worker's template (or the worker itself, for a kernel started the usual way).
KILL_WORKER = """
import os, signal, psutil
parent = psutil.Process(os.getppid())
worker = parent.parent() if parent.name() == "wb-template" else parent
os.kill(worker.pid, signal.SIGKILL)
"""




def test_R6_A4_a_report_that_kills_its_worker_fails_alone_and_the_others_are_built(tmp_path, capsys):
    killer = code_notebook(tmp_path / "98_killer.ipynb", KILL_WORKER, "import time; time.sleep(5)")
    slow = "import time; time.sleep(1); print('fine')"
    healthy = [code_notebook(tmp_path / f"9{k}_healthy.ipynb", slow) for k in range(3)]
    out = tmp_path / "out"
    assert main(["build", str(killer), *map(str, healthy), "--out", str(out), "--jobs", "2"]) == 1
    captured = capsys.readouterr()
    assert "98_killer failed: the worker process died while building this report" in captured.err
    for nb in healthy:
        assert (out / f"{nb.stem}.html").exists(), captured.err
        assert f"{nb.stem} failed" not in captured.err
    assert "executed copy kept" not in captured.err  # there is none: not claimed (A4)
    assert not (out / "failed").exists()


def test_K4b_a_render_error_is_told_as_such_and_its_copy_is_where_it_says(tmp_path, capsys):
    nb = code_notebook(
        tmp_path / "97_bad_png.ipynb", "from IPython.display import display\ndisplay({'image/png': 'abc'}, raw=True)"
    )
    out = tmp_path / "out"
    assert main(["build", str(nb), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "97_bad_png failed: the report could not be made into pages: Error: Incorrect padding" in err
    assert "worker process died" not in err
    kept = out / "failed" / "97_bad_png.ipynb"
    assert f"(executed copy kept in {kept})" in err and kept.exists()




def test_closing_a_local_run_before_asking_for_results_stops_workers_and_kernels(tmp_path):
    import time

    import psutil

    from wbanalysis.builder.executors import Options, local
    from wbanalysis.builder.kernels.runtime import private_runtime_dir
    from wbanalysis.builder.worker import Spec

    nb = tmp_path / "97_slow.ipynb"
    cells = [
        nbformat.v4.new_code_cell('focus_country: str = "SRB"', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import time; time.sleep(60)"),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, nb)
    runtime = private_runtime_dir()
    stream = local.start([Spec(str(nb), {}, "97_slow", 120, "")], Options(1, runtime))
    deadline = time.time() + 60
    kernels = []
    while time.time() < deadline and not kernels:
        kernels = [p for p in psutil.Process().children(recursive=True) if p.name() == "wb-kernel"]
        time.sleep(0.2)
    assert kernels, "the worker's kernel did not start (from its standby child)"
    [server] = [p for p in psutil.Process().children() if "forkserver" in " ".join(p.cmdline())]
    workers = server.children()
    assert workers
    stream.close()  # as after Ctrl-C before the first result was asked for
    _, alive = psutil.wait_procs(workers + kernels, timeout=15)
    assert not alive, alive
    assert server.is_running()  # the fork server stays, for this process's next build:
    [again] = build([str(figure_notebook(tmp_path / "98_after.ipynb"))], {}, out_dir=tmp_path / "out")
    assert again.status == "built", again.error
