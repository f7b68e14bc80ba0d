"""One answer to where: each folder can be moved by its environment variable."""

from __future__ import annotations

import subprocess


def test_paths_can_be_moved_by_environment(tmp_path):
    code = "from wbanalysis import paths; print(paths.DATA_DIR, paths.NOTEBOOK_DIR, paths.REPORTS_DIR)"
    env = {
        "WBANALYSIS_DATA": str(tmp_path / "d"),
        "WBANALYSIS_NOTEBOOKS": str(tmp_path / "n"),
        "WBANALYSIS_REPORTS": str(tmp_path / "r"),
        "PATH": "",
    }
    import sys

    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == [str(tmp_path / "d"), str(tmp_path / "n"), str(tmp_path / "r")]
