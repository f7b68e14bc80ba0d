"""The three descriptions of the environment agree."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _lock() -> set[str]:
    lines = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def test_environment_yml_pins_exactly_the_lock():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert set(pip) - {"-e ."} == _lock()
    assert "-e ." in pip
    assert "python=3.11" in env["dependencies"] and "conda-forge" in env["channels"]


def test_lock_pins_every_key_package_exactly():
    names = {line.split("==")[0].lower() for line in _lock()}
    assert all("==" in line for line in _lock())
    for key in (
        "jupyterlab",
        "pandas",
        "matplotlib",
        "seaborn",
        "papermill",
        "nbval",
        "nbconvert",
        "ipykernel",
        "frictionless",
        "pytest",
        "ruff",
    ):
        assert key in names, key


def test_installed_versions_match_the_lock():
    from importlib.metadata import version

    for line in _lock():
        name, pinned = line.split("==")
        if name.lower() in {"pandas", "matplotlib", "numpy", "nbval", "papermill", "nbconvert"}:
            assert version(name) == pinned, name


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make reports" in readme and "make test" in readme


def test_lock_is_complete():
    """Installed with --no-deps, the lock must hold every requirement of every locked package."""
    import re
    from importlib.metadata import distribution

    from packaging.requirements import Requirement

    locked = {re.sub(r"[-_.]+", "-", line.split("==")[0]).lower() for line in _lock()}
    left_out = {"rfc3987-syntax", "lark"}  # documented in requirements.lock
    missing = set()
    for name in locked:
        for text in distribution(name).requires or []:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                dep = re.sub(r"[-_.]+", "-", req.name).lower()
                if dep not in locked and dep not in left_out:
                    missing.add(f"{name} -> {dep}")
    assert not missing, sorted(missing)
