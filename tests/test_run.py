"""Worker deaths contained and failures told as what they are (``build.run``, ``cli``)."""

from __future__ import annotations

from pathlib import Path

import nbformat

from wbanalysis.cli import main

#: Kills the worker process that runs this report (as the out-of-memory killer would): the kernel's parent is the
#: worker's template (or the worker itself, for a kernel started the usual way).
KILL_WORKER = """
import os, signal, psutil
parent = psutil.Process(os.getppid())
worker = parent.parent() if parent.name() == "wb-template" else parent
os.kill(worker.pid, signal.SIGKILL)
"""


def _notebook(path: Path, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# {path.stem}")])
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def test_R6_A4_a_report_that_kills_its_worker_fails_alone_and_the_others_are_built(tmp_path, capsys):
    killer = _notebook(tmp_path / "98_killer.ipynb", KILL_WORKER, "import time; time.sleep(5)")
    slow = "import time; time.sleep(1); print('fine')"
    healthy = [_notebook(tmp_path / f"9{k}_healthy.ipynb", slow) for k in range(3)]
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
    nb = _notebook(
        tmp_path / "97_bad_png.ipynb", "from IPython.display import display\ndisplay({'image/png': 'abc'}, raw=True)"
    )
    out = tmp_path / "out"
    assert main(["build", str(nb), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "97_bad_png failed: the report could not be made into pages: Error: Incorrect padding" in err
    assert "worker process died" not in err
    kept = out / "failed" / "97_bad_png.ipynb"
    assert f"(executed copy kept in {kept})" in err and kept.exists()
