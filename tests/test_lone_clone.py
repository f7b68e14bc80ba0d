"""A clone is the whole product: raw snapshots with provenance, no path outside the project, the report's text
only where a user supplies it."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from wbanalysis import data, locate, paths

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
        paths.report_text_files()
    with pytest.raises(FileNotFoundError, match="qkss.org"):
        paths.report_text_files(tmp_path / "nowhere.txt")


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
    assert paths.report_text_files() == [Path(tmp_path / "r.txt")]
