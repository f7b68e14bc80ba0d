"""A kept kernel must be indistinguishable from a new one to the next notebook (issue: parameters leaked)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from wbanalysis import paths
from wbanalysis.builder import plan
from wbanalysis.builder.kernels import execute as kernel

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
