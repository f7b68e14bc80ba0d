"""A new kernel process for every report (``builder.kernel``, ``builder.standby``): nothing one report does to its
process reaches the next, whatever it is (the adversarial run's F1 and F2', which a piece-by-piece reset missed)."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from notebook_files import code_notebook

from wbanalysis import paths
from wbanalysis.builder import plan
from wbanalysis.builder.kernels import execute as kernel
from wbanalysis.cli import main

#: Every test here starts a kernel (left out of the fast lane, make check).
pytestmark = pytest.mark.kernel

#: Everything notebook 91 changes in its process: one of each kind.
CHANGER = r"""
import builtins, decimal, os, threading, time
import numpy as np, pandas as pd
import wbanalysis.data
wbanalysis.data.DATA_DIR = "/nonexistent-data"
os.environ["TZ"] = "Asia/Tokyo"; time.tzset()
np.seterr(all="raise")
decimal.getcontext().prec = 3
os.umask(0o077)
builtins.round = lambda *a, **k: 42
pd.DataFrame.to_html = lambda self, *a, **k: "PATCHED to_html"
def talk():
    while True:
        print("LEAK-FROM-91", flush=True)
        time.sleep(0.05)
threading.Thread(target=talk, daemon=True).start()
get_ipython().run_line_magic("precision", "1")
get_ipython().run_line_magic("config", "InlineBackend.figure_formats = ['svg']")
import wbanalysis.paths
os.chdir("/")
time.sleep(0.3)
"""

#: What notebook 92 shows of its process.
READER = r"""
import decimal, json, os, time
import numpy as np
import wbanalysis.data
mask = os.umask(0); os.umask(mask)
state = {
    "data": str(wbanalysis.data.DATA_DIR).endswith("data"),
    "tz": time.tzname[0],
    "seterr": np.geterr()["divide"],
    "prec": decimal.getcontext().prec,
    "round": round(2.5),
    "umask": oct(mask),
}
print("STATE " + json.dumps(state))
"""




def _state(page: Path) -> dict:
    text = html.unescape(page.read_text(encoding="utf-8"))
    return json.loads(re.search(r"STATE (\{.*?\})", text).group(1))


def test_F1b_nothing_one_report_does_to_its_process_reaches_the_next(tmp_path):
    changer = code_notebook(tmp_path / "91_changer.ipynb", CHANGER)
    reader = code_notebook(
        tmp_path / "92_reader.ipynb",
        READER,
        "import pandas as pd; pd.DataFrame({'a': [1]})",
        "import time; time.sleep(0.3); print('quiet')",
    )
    alone, together = tmp_path / "alone", tmp_path / "together"
    assert main(["build", str(reader), "--out", str(alone), "--jobs", "1"]) == 0
    assert main(["build", str(changer), str(reader), "--out", str(together), "--jobs", "1"]) == 0
    page = (together / "92_reader.full.html").read_text(encoding="utf-8")
    assert "LEAK-FROM-91" not in page and "PATCHED" not in page
    shown, fresh = (_state(folder / "92_reader.full.html") for folder in (together, alone))
    assert shown == fresh
    assert shown["data"] and shown["tz"] != "JST" and shown["seterr"] == "warn" and shown["prec"] == 28
    assert shown["round"] == 2 and shown["umask"] != "0o77"
    assert (together / "92_reader.html").read_bytes() == (alone / "92_reader.html").read_bytes()


def test_F2b_ipython_display_settings_do_not_reach_the_next_report(tmp_path):
    changer = code_notebook(tmp_path / "93_changer.ipynb", CHANGER)
    reader = code_notebook(
        tmp_path / "94_plots.ipynb",
        "3.14159265",
        "import matplotlib.pyplot as plt\nfig, ax = plt.subplots(); ax.plot([1, 2]); ax.set_title('Figure: line')",
    )
    out = tmp_path / "out"
    assert main(["build", str(changer), str(reader), "--out", str(out), "--jobs", "1"]) == 0
    page = (out / "94_plots.html").read_text(encoding="utf-8")
    assert "3.14159265" in page and "data:image/png;base64," in page
    assert [p.suffix for p in (out / "figures").glob("94_plots__*")] == [".png"]


#: A value other than the default for parameters that only some notebooks declare.
OWN_PARAMETERS = {
    "00_overview": {"start_year": 2020, "comparison_countries": ["HRV"]},
    "02_institutional_frameworks": {"start_year": 2024, "dedupe": False},
    "05_external_influence": {"end_year": 2020},
    "06_conclusions": {"weight_nato": 0.0},
}


def _circuit(nodes: list[str]) -> list[str]:
    """A walk through every ordered pair of distinct nodes (an Eulerian circuit of the complete digraph)."""
    edges = {a: [b for b in nodes if b != a] for a in nodes}
    stack, walk = [nodes[0]], []
    while stack:
        if edges[stack[-1]]:
            stack.append(edges[stack[-1]].pop())
        else:
            walk.append(stack.pop())
    return walk[::-1]


@pytest.fixture(scope="module")
def validating_notebooks(tmp_path_factory) -> Path:
    """Each chapter notebook up to its validation cell (where leaked parameters showed), plus a cell that reports
    the state a new kernel would have."""
    folder = tmp_path_factory.mktemp("notebooks")
    probe = nbformat.v4.new_code_cell(
        "import os, pandas as pd, matplotlib as mpl\n"
        "print(pd.get_option('display.max_rows'), mpl.rcParams['lines.linewidth'], os.environ.get('WB_LEAK'))"
    )
    for nb_path in plan.available():
        nb = nbformat.read(nb_path, as_version=4)
        cells = nb.cells
        validation = next(k for k, c in enumerate(cells) if "from_namespace" in c.source)
        nb.cells = cells[: validation + 1] + [probe]
        nbformat.write(nb, folder / nb_path.name)
    return folder


def _probe(executed) -> str:
    return "".join(o.get("text", "") for o in executed.cells[-1].outputs).strip()


def test_every_ordered_pair_of_notebooks_through_one_warm_kernel(validating_notebooks):
    notebooks = {p.stem: p for p in sorted(validating_notebooks.glob("*.ipynb"))}
    walk = _circuit(sorted(notebooks))
    pairs = set(zip(walk, walk[1:], strict=False))
    assert len(pairs) == len(notebooks) * (len(notebooks) - 1)
    try:
        probes = []
        for stem in walk:
            executed = kernel.execute(notebooks[stem], OWN_PARAMETERS.get(stem, {"focus_country": "ALB"}), 120)
            probes.append(_probe(executed))
        assert len(set(probes)) == 1, probes  # every notebook saw the same library state
    finally:
        kernel.shutdown()


def test_library_state_set_by_one_report_does_not_reach_the_next(tmp_path):
    changer = nbformat.v4.new_notebook()
    changer.cells = [
        nbformat.v4.new_code_cell(
            "import os, pandas as pd, matplotlib as mpl\n"
            "pd.set_option('display.max_rows', 4); mpl.rcParams['lines.linewidth'] = 9; os.environ['WB_LEAK'] = '1'"
        )
    ]
    reader = nbformat.v4.new_notebook()
    reader.cells = [
        nbformat.v4.new_code_cell(
            "import os, pandas as pd, matplotlib as mpl\n"
            "print(pd.get_option('display.max_rows'), mpl.rcParams['lines.linewidth'], os.environ.get('WB_LEAK'),"
            " 'x' in dir())"
        )
    ]
    nbformat.write(changer, tmp_path / "81_changer.ipynb")
    nbformat.write(reader, tmp_path / "82_reader.ipynb")
    try:
        fresh = _probe(kernel.execute(tmp_path / "82_reader.ipynb", {}, 60))
        kernel.execute(tmp_path / "81_changer.ipynb", {}, 60)
        after = _probe(kernel.execute(tmp_path / "82_reader.ipynb", {}, 60))
    finally:
        kernel.shutdown()
    assert after == fresh == "60 1.5 None False"


def test_the_reported_leak_builds(tmp_path):
    """``build 02 06 -p start_year 2024 --jobs 1``: 06 has no start_year and failed after 02 in the same kernel."""
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "wbanalysis.cli",
            "build",
            "02",
            "06",
            "-p",
            "start_year",
            "2024",
            "--jobs",
            "1",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    records = [json.loads(p.read_text()) for p in (tmp_path / ".build").glob("*.json")]
    assert sorted(r["status"] for r in records) == ["built", "built"]
