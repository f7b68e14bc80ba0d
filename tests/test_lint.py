"""The code stays ruff clean."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_check_passes():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or "ruff"
    paths = ["wbanalysis", "tests", "data/scripts", "benchmarks"]
    run = subprocess.run([ruff, "check", *paths], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
