"""A new kernel process for every report (``build.kernel``, ``build.standby``): nothing one report does to its
process reaches the next, whatever it is (the adversarial run's F1 and F2', which a piece-by-piece reset missed)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import nbformat

from wbanalysis.cli import main

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


def _notebook(path: Path, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# {path.stem}")])
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def _state(page: Path) -> dict:
    text = html.unescape(page.read_text(encoding="utf-8"))
    return json.loads(re.search(r"STATE (\{.*?\})", text).group(1))


def test_F1b_nothing_one_report_does_to_its_process_reaches_the_next(tmp_path):
    changer = _notebook(tmp_path / "91_changer.ipynb", CHANGER)
    reader = _notebook(
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
    changer = _notebook(tmp_path / "93_changer.ipynb", CHANGER)
    reader = _notebook(
        tmp_path / "94_plots.ipynb",
        "3.14159265",
        "import matplotlib.pyplot as plt\nfig, ax = plt.subplots(); ax.plot([1, 2]); ax.set_title('Figure: line')",
    )
    out = tmp_path / "out"
    assert main(["build", str(changer), str(reader), "--out", str(out), "--jobs", "1"]) == 0
    page = (out / "94_plots.html").read_text(encoding="utf-8")
    assert "3.14159265" in page and "data:image/png;base64," in page
    assert [p.suffix for p in (out / "figures").glob("94_plots__*")] == [".png"]
