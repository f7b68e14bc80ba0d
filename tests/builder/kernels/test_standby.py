"""A kernel started from a worker's standby child (``builder.standby``) must look like one started the usual way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from wbanalysis.builder.kernels import standby
from wbanalysis.builder.kernels.forked import Forked

#: What a notebook can see of the process it runs in (the probe's one cell prints it as JSON).
PROBE = """
import json, os, subprocess, sys, warnings, multiprocessing
import numpy, pandas
from ipykernel.kernelapp import IPKernelApp
import wbanalysis.paths
app = IPKernelApp.instance()
def twice(x):
    return 2 * x
with multiprocessing.Pool(1) as pool:  # a function defined here, sent to a pool, as a notebook might
    pooled = pool.map(twice, [1])
import matplotlib
def kind(fd):
    try:
        return os.readlink(f"/proc/self/fd/{fd}").split(":")[0]
    except OSError:  # the folder listing's own file
        return None
print(json.dumps({
    "cwd": os.getcwd(),
    "sys.path[0]": sys.path[0],
    "sys.path": [p for p in sys.path if p not in ("", os.getcwd())],
    "argv": sys.argv[1:2],
    "env": sorted(k for k in os.environ if not k.startswith("JPY_SESSION")),
    "kernel watches its parent": app.parent_handle == os.getppid(),
    "own session": os.getsid(0) == os.getpid(),
    "stdin": kind(0),
    "a child process reading stdin gets": subprocess.run(["cat"], capture_output=True, timeout=20).stdout.decode(),
    "sys.stdin open": not sys.stdin.closed and not sys.__stdin__.closed,
    "open files other than pipes": sorted(k for k in map(kind, os.listdir("/proc/self/fd")) if k and k != "pipe"),
    "warning filters (in any order: libraries imported in another order add them in another order)": sorted(
        str((a, getattr(m, "pattern", m), c.__name__, getattr(mod, "pattern", mod)))
        for a, m, c, mod, _ in warnings.filters
    ),
    "argv[0]": os.path.basename(sys.argv[0]),
    "multiprocessing start method": multiprocessing.get_start_method(),
    "pool of the notebook's function": pooled,
    "matplotlib backend": matplotlib.get_backend(),
    "wbanalysis data folder": str(wbanalysis.paths.DATA_DIR),
    "pandas max_rows": pandas.get_option("display.max_rows"),
    "gc": __import__("gc").get_threshold(),
    "modules from the worker": sorted(m for m in sys.modules if m.startswith("wbanalysis.builder")),
    "numpy draw": float(numpy.random.random()),
    "pid": os.getpid(),
}))
"""

#: Run in a new process (a stand-in for a worker): one kernel started the usual way, two from standby children.
SCRIPT = """
import json, os, sys
from pathlib import Path
import numpy
import wbanalysis.builder.executors.preload  # what the pool's fork server preloads
from wbanalysis.builder.kernels import execute as kernel
from wbanalysis.builder.kernels import standby

notebook = Path(sys.argv[1])
standby.prepare()  # as a worker does when it starts
assert standby.ready()
worker_draw = float(numpy.random.random())  # what the child would draw first, had it kept the worker's seed
os.environ["WBANALYSIS_DATA"] = sys.argv[2]  # set after the worker's imports: the kernel must still see it
seen = {}
for how in ("standby", "standby again", "usual"):
    if how == "usual":
        standby.close()  # no template: the kernel starts the usual way
    executed = kernel.execute(notebook, {}, 60)
    assert standby.ready() == (how != "usual")  # the template stays for the next kernel
    text = "".join(o.get("text", "") for o in executed.cells[-1].outputs if o.get("name") == "stdout")
    seen[how] = json.loads(text)
seen["worker draw"] = worker_draw
print(json.dumps(seen))
"""


def _probe(tmp_path: Path) -> dict:
    nb = nbformat_notebook(tmp_path / "probe.ipynb", PROBE)
    data_dir = tmp_path / "elsewhere"
    data_dir.mkdir()
    script = tmp_path / "worker.py"
    script.write_text(textwrap.dedent(SCRIPT), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "WBANALYSIS_DATA"}
    out = subprocess.run(
        [sys.executable, str(script), str(nb), str(data_dir)],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
        env=env,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def nbformat_notebook(path: Path, code: str) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}), nbformat.v4.new_code_cell(code)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.mark.kernel
def test_a_standby_kernel_sees_what_a_new_kernel_sees(tmp_path):
    seen = _probe(tmp_path)
    usual, forked, again = seen["usual"], seen["standby"], seen["standby again"]
    pids = {k: v.pop("pid") for k, v in (("usual", usual), ("standby", forked), ("again", again))}
    assert len(set(pids.values())) == 3  # a new process for every report
    draws = {k: v.pop("numpy draw") for k, v in (("usual", usual), ("standby", forked), ("again", again))}
    assert again == forked  # the second child of the template sees what the first saw
    from collections import Counter

    def differences(key):
        if not isinstance(usual[key], list):
            return usual[key], forked.get(key)
        a, c = Counter(map(str, usual[key])), Counter(map(str, forked[key]))
        return a - c, c - a

    assert forked == usual, {k: differences(k) for k in usual if usual[k] != forked.get(k)}
    assert usual["wbanalysis data folder"].endswith("elsewhere")  # the environment of the kernel, not the worker's
    assert usual["cwd"] == str(tmp_path)
    assert usual["kernel watches its parent"] and usual["own session"]
    assert usual["modules from the worker"] == []
    # numpy reseeded: kernels do not share the worker's draws
    assert draws["standby"] != seen["worker draw"] and draws["again"] != draws["standby"]


def test_an_unused_template_leaves_with_its_worker(tmp_path):
    code = "from wbanalysis.builder.kernels import standby; standby.prepare(); print(standby._STANDBY[0], flush=True)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    child = int(proc.stdout.strip())
    deadline = time.time() + 10
    while time.time() < deadline and psutil.pid_exists(child) and psutil.Process(child).status() != "zombie":
        time.sleep(0.1)
    assert not psutil.pid_exists(child) or psutil.Process(child).status() == "zombie"


def test_only_this_python_s_ipykernel_is_started_from_the_standby():
    assert not standby._same_python(["/usr/bin/python3-other", "-m", "ipykernel_launcher", "-f", "x.json"])
    assert not standby._same_python([sys.executable, "-m", "other_kernel", "-f", "x.json"])
    assert standby._same_python([sys.executable, "-m", "ipykernel_launcher", "-f", "x.json"])


#: In a new process (a stand-in for a worker) with a template: which commands it forks, and which it leaves alone.
TAKE = """
import json, os, sys
from wbanalysis.builder.kernels import standby
standby.prepare()
kernel = [sys.executable, "-m", "ipykernel_launcher", "-f", os.devnull]
print(json.dumps({
    "ready": standby.ready(),
    "another command": standby.take(["/bin/true"], {}, "."),
    "a relative PYTHONPATH": standby.take(kernel, {"PYTHONPATH": "lib"}, "."),
    "still ready": standby.ready(),
    "this Python's kernel": isinstance(standby.take(kernel, dict(os.environ), "."), int),  # forked (then it fails:
}))  # its connection file is empty; the template reaps it)
standby.close()
"""


@pytest.mark.kernel
def test_the_template_forks_only_this_python_s_kernels():
    run = subprocess.run([sys.executable, "-c", TAKE], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    # with a template there, a None can only mean the command was refused: the usual way for it
    assert seen == {
        "ready": True,
        "another command": None,
        "a relative PYTHONPATH": None,
        "still ready": True,
        "this Python's kernel": True,
    }


def test_forked_process_handle_reports_exit_and_signals(tmp_path):
    pid = os.fork()
    if pid == 0:
        time.sleep(30)
        os._exit(0)
    handle = Forked(pid)
    assert handle.poll() is None
    handle.kill()
    assert handle.wait() == -9
    assert handle.poll() == -9
    handle.send_signal(15)  # a finished process: nothing to signal, no error
