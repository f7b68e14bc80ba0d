"""A clone is the whole product: raw snapshots with provenance, no path outside the project, the report's text
only where a user supplies it."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from wbanalysis import data, locate, paths, report_text

ROOT = paths.ROOT
RAW = ROOT / "data" / "raw"


def _manifest() -> dict:
    return json.loads((RAW / "manifest.json").read_text(encoding="utf-8"))


def test_every_raw_file_is_in_the_manifest_with_its_hash_and_provenance():
    manifest = _manifest()
    listed = {}
    for source in manifest["sources"]:
        for key in ("title", "producer", "address", "retrieved_from", "retrieved", "license"):
            assert source.get(key), (source["name"], key)
        for entry in source["files"]:
            listed[entry["path"]] = entry
    on_disk = {str(p.relative_to(RAW)) for p in RAW.rglob("*") if p.is_file() and p.name != "manifest.json"}
    assert on_disk == set(listed)
    for rel, entry in listed.items():
        content = (RAW / rel).read_bytes()
        assert hashlib.sha256(content).hexdigest() == entry["sha256"], rel
        assert len(content) == entry["bytes"], rel


def test_every_external_resource_names_its_raw_snapshot_or_public_address():
    for res in data.package()["resources"]:
        if res["path"].startswith("external/"):
            text = json.dumps(res["sources"])
            assert "data/raw/" in text or "raw/" in text, res["name"]


def test_nothing_in_the_product_points_outside_the_project():
    tracked = subprocess.run(
        ["git", "ls-files", "wbanalysis", "data", "notebooks"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    files = [ROOT / f for f in tracked] or [
        p for d in ("wbanalysis", "data", "notebooks") for p in (ROOT / d).rglob("*")
    ]
    offenders = [str(f.relative_to(ROOT)) for f in files if f.is_file() and b"shared/" in f.read_bytes()]
    assert offenders == []


def test_ci_supplies_the_report_text_when_it_has_it():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert paths.REPORT_TEXT_VARIABLE in script and "make test" in script


def test_missing_report_text_names_the_variable_and_the_publisher(monkeypatch, tmp_path):
    monkeypatch.delenv(paths.REPORT_TEXT_VARIABLE, raising=False)
    with pytest.raises(FileNotFoundError, match=paths.REPORT_TEXT_VARIABLE):
        report_text.files()
    with pytest.raises(FileNotFoundError, match="qkss.org"):
        report_text.files(tmp_path / "nowhere.txt")


def test_every_claim_records_its_place():
    table = data.load("claims")
    assert table["place"].str.len().gt(10).all()


def test_recorded_places_match_the_report_text(report_text):
    text = report_text.read_text(encoding="utf-8")
    table = pd.read_csv(data.resource_path("claims"), dtype=str, keep_default_na=False)
    computed = [locate.claim_place(i, q, text) for i, q in zip(table["id"], table["quote"], strict=True)]
    assert computed == table["place"].tolist()


def test_locate_finds_a_paragraph_by_section():
    text = "Disclaimer:\n\nIntroduction\n\n" + "A first paragraph that is long enough to count as one. " * 2
    text += "\n\nFragmented Regional Response\n\n" + "Second paragraph, with the quoted words inside it here. " * 2
    assert locate.locate("quoted words", text) == "Introduction, section “Fragmented Regional Response”, paragraph 1"
    assert locate.locate("absent words", text) == ""


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


def test_report_text_variable_is_read(monkeypatch, tmp_path):
    (tmp_path / "r.txt").write_text("text", encoding="utf-8")
    monkeypatch.setenv(paths.REPORT_TEXT_VARIABLE, str(tmp_path))
    assert report_text.files() == [Path(tmp_path / "r.txt")]


# --- defects found by trying the product as a new user would ---------------------------------------------------


def _cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    import sys

    return subprocess.run(
        [sys.executable, "-m", "wbanalysis.cli", *args], capture_output=True, text=True, cwd=ROOT, **kwargs
    )


def test_claims_into_a_closed_pipe_is_quiet():
    run = subprocess.run(
        f"'{ROOT}/.venv/bin/wbanalysis' claims | head -1", shell=True, capture_output=True, text=True, cwd=ROOT
    )
    assert run.returncode == 0 and run.stderr == "" and run.stdout.startswith("C0-1")
    import sys

    piped = subprocess.run(
        f"'{sys.executable}' -m wbanalysis.cli claims --format json | head -c 10; exit ${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert piped.returncode == 0 and piped.stderr == ""


@pytest.mark.parametrize("spelling", ["Contradicted", "CONTRADICTED", "contradicted"])
def test_verdict_filter_ignores_case(spelling):
    run = _cli("claims", "--verdict", spelling, "--format", "json")
    assert run.returncode == 0 and {v["verdict"] for v in json.loads(run.stdout)} == {"contradicted"}


def test_partly_supported_in_any_spelling():
    from wbanalysis import claims

    assert claims.normal_verdict("Partly_Supported") == claims.normal_verdict("partly-supported") == "partly supported"


def test_unknown_chapter_is_an_error_naming_the_valid_ones():
    run = _cli("claims", "--chapter", "9")
    assert run.returncode == 2 and "valid chapters: 0, 1, 2, 3, 4, 5, 6" in run.stderr


def test_unknown_verdict_names_the_valid_ones():
    run = _cli("claims", "--verdict", "maybe")
    assert run.returncode == 2 and "valid verdicts: supported, partly supported" in run.stderr


@pytest.mark.parametrize(
    "alias, code",
    [
        ("Kosova", "XKX"),
        ("Kosovë", "XKX"),
        ("Shqipëria", "ALB"),
        ("Србија", "SRB"),
        ("Crna Gora", "MNE"),
        ("Bosna i Hercegovina", "BIH"),
        ("Severna Makedonija", "MKD"),
        ("Maqedonia e Veriut", "MKD"),
    ],
)
def test_names_in_the_countries_own_languages(alias, code):
    from wbanalysis.countries import to_code

    assert to_code(alias) == code


def test_verify_quotes_without_the_text_says_how_to_get_it(monkeypatch):
    env = {k: v for k, v in __import__("os").environ.items() if k != paths.REPORT_TEXT_VARIABLE}
    run = _cli("claims", "--verify-quotes", env=env)
    assert run.returncode == 2
    assert paths.REPORT_TEXT_VARIABLE in run.stderr and "qkss.org" in run.stderr and "--report-text" in run.stderr


def test_a_variant_into_the_default_folder_carries_its_parameters(monkeypatch, tmp_path):
    from wbanalysis.builder import plan as build

    jobs = build.plan(["02"], [{"focus_country": "ALB", "dedupe": True}], name_changes=True)
    assert [j.name for j in jobs] == ["02_institutional_frameworks__focus_country-ALB"]
    assert all(j.variant for j in jobs)
    assert [j.name for j in build.plan(["02"], [{"focus_country": "SRB"}], name_changes=True)] == [
        "02_institutional_frameworks"
    ]
    assert [j.name for j in build.plan(["02"], [{"focus_country": "ALB"}])] == ["02_institutional_frameworks"]


def test_identical_variants_of_a_sweep_are_planned_once():
    from wbanalysis.builder import plan as build

    sets = build.parameter_sets({}, ["dedupe=true,false"])
    jobs = build.plan(["01", "02"], sets, vary=["dedupe"])
    assert sorted(j.name for j in jobs) == [
        "01_strategic_imperative",
        "02_institutional_frameworks__dedupe-false",
        "02_institutional_frameworks__dedupe-true",
    ]


def test_year_ranges_come_from_the_data_and_an_empty_range_is_refused(monkeypatch):
    from wbanalysis import params
    from wbanalysis.errors import ParameterError

    assert params.years_with_data("02_institutional_frameworks") == [2023, 2024, 2025]
    assert params.years_with_data("00_overview")[-1] == 2024
    monkeypatch.setattr(params, "years_with_data", lambda nb: [2000, 2001, 2010])
    with pytest.raises(ParameterError, match=r"no data in these years; this notebook's data cover 2000-2001, 2010"):
        params.validate("00_overview", start_year=2003, end_year=2008)
    params.validate("00_overview", start_year=2001, end_year=2008)


def test_an_indicator_without_data_in_the_chosen_years_is_said_in_words():
    from wbanalysis import plots
    from wbanalysis.analysis import economy

    panel = economy.panel(["population", "gdp"], ["ALB", "SRB"], 2024, 2024)  # the World Bank GDP stops in 2023
    year = economy.latest_common_year(panel, ["ALB", "SRB"])
    shot = economy.snapshot(panel, year)
    assert year == 2024 and shot["gdp (US$ billion (current))"].isna().all()
    assert "No data" in plots.describe(plots.value_bars(shot["gdp (US$ billion (current))"], title="GDP"))


def test_the_package_metadata_uses_a_licence_expression():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert isinstance(project["project"]["license"], str)  # a table makes setuptools warn on every install


def test_every_file_of_the_package_and_data_is_tracked():
    """A clone gets only what git tracks: an ignore rule must not hide part of the product."""
    tracked = set(
        subprocess.run(
            ["git", "ls-files", "wbanalysis", "data", "notebooks", "tests"], cwd=ROOT, capture_output=True, text=True
        ).stdout.split()
    )
    if not tracked:
        pytest.skip("not a git checkout")
    on_disk = {
        str(p.relative_to(ROOT))
        for folder in ("wbanalysis", "data", "notebooks", "tests")
        for p in (ROOT / folder).rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and ".ipynb_checkpoints" not in p.parts
        and not p.name.endswith((".lock", ".pyc"))
    }
    assert sorted(on_disk - tracked) == []
