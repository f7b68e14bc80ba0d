"""Verdicts at the report's date and today: only evidence published and data released by a date count at that
date; two vintages of a dataset give their own figures; the change log lists what a record moved."""

import json
import re
import subprocess
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from wbanalysis import data, paths, vintages
from wbanalysis.builder.index import write_index
from wbanalysis.claims import drift, evaluate_all, ledger, verdict
from wbanalysis.claims.evidence import REPORT_DATE
from wbanalysis.claims.observations import datasets

BEFORE, AFTER = "2025-01-15", "2025-09-15"


@pytest.fixture(scope="module")
def today() -> list:
    """Every verdict as the data stands (computed when a test asks, not when the tests are collected)."""
    return evaluate_all()


def _dated(rows: set[int], day: str) -> pd.DataFrame:
    table = data.load("evidence")
    mask = table["source_row"].isin(rows)
    table.loc[mask, "published"] = day
    table.loc[mask, "published_first"] = pd.Timestamp(day).date().isoformat()
    table.loc[mask, "published_last"] = pd.Timestamp(day).date().isoformat()
    return table


def _evidence_rows(v) -> set[int]:
    """Every row of the primary evidence a claim's counted sources name ('...evidence.csv, rows 13, 14; ...')."""
    found = set()
    for s in v.sources:
        if s["counted"] and s["role"] == "evidence":
            for part in re.findall(r"evidence\.csv, rows? ([\d, ]+)", s["where"]):
                found |= {int(n) for n in re.findall(r"\d+", part)}
    return found


def test_every_claim_has_a_verdict_at_the_report_date_and_a_reason_when_it_differs(today):
    for v in today:
        assert v.at_publication, v.id
        if v.at_publication != v.verdict:
            assert v.changed_why and v.changed_because and v.then_and_now.startswith("At publication"), v.id
        else:
            assert not (v.changed_why or v.then_and_now), v.id


def test_moving_a_sources_date_across_the_report_date_moves_the_verdict_at_publication(today):
    """A source dated after the report counts today only; dated before it, it counts at the report's date too."""
    later = [v for v in today if v.changed_why in ("later evidence", "undated evidence") and _evidence_rows(v)]
    earlier = [v for v in today if v.at_publication == v.verdict == "supported" and _evidence_rows(v)]
    assert later and earlier
    for v in later[:3]:
        with data.substituted({"evidence": _dated(_evidence_rows(v), BEFORE)}):
            assert verdict(v.id).at_publication == v.verdict, v.id
    for v in earlier[:3]:
        with data.substituted({"evidence": _dated(_evidence_rows(v), AFTER)}):
            moved = verdict(v.id)
            assert moved.verdict == v.verdict and moved.at_publication != v.verdict, v.id
            assert moved.changed_why == "later evidence", v.id


def test_an_earlier_date_uses_no_source_published_after_it():
    day = date(2024, 6, 30)
    for v in evaluate_all(as_of=day)[:80]:
        for s in v.sources:
            if s["counted"]:
                assert s["published_last"] and date.fromisoformat(s["published_last"]) <= day, (v.id, s["where"])


def test_each_vintage_of_the_weo_gives_its_own_figures():
    """The April and October 2025 World Economic Outlooks, each read from its own file in data/raw/imf-weo."""
    raw = paths.ROOT / "data" / "raw" / "imf-weo"
    april = pd.read_csv(raw / "weo_apr2025_cut_2021_2030_wb6_neighbours.csv")
    october = pd.read_csv(raw / "weo_oct2025_wb6_neighbours.csv")
    for resource, frame in (("imf_weo_apr2025", april), ("imf_weo", october)):
        got = datasets.weo_max_in(resource, "MNE", "GGXWDG_NGDP", 2021, 2022)
        rows = frame[(frame["iso3"] == "MNE") & (frame["concept"] == "GGXWDG_NGDP") & frame["year"].between(2021, 2022)]
        assert float(got.observed) == pytest.approx(rows["value"].max()), resource
    assert datasets.weo_vintage(REPORT_DATE) == "imf_weo_apr2025"  # out on 22 April 2025
    assert datasets.weo_vintage(None) == "imf_weo"
    assert datasets.weo_vintage(date(2025, 4, 1)) is None
    # a span the April copy does not hold settles nothing in that vintage, and says so
    assert not datasets.weo_max_in("imf_weo_apr2025", "MNE", "GGXWDG_NGDP", 2014, 2019).observed


def test_a_dataset_released_after_a_date_is_not_used_at_that_date():
    sipri = vintages.of_resource("sipri_milex")
    assert sipri.first and sipri.first > REPORT_DATE  # SIPRI's 2025 release: 28 April 2025
    assert not sipri.released_by(REPORT_DATE) and sipri.released_by(None)
    assert not datasets.versus_largest_neighbour("milex", REPORT_DATE)
    assert datasets.versus_largest_neighbour("milex", None)


def test_every_raw_source_records_when_each_vintage_was_released():
    for source, held in vintages.every().items():
        assert held, source
        for v in held:
            assert v.released and v.last, (source, v.name)
            if v.first is not None:
                assert v.evidence.startswith("http"), (source, v.name)  # the address that says so


def test_the_change_log_lists_a_planted_change(data_copy: Path, tmp_path: Path):
    facts = data_copy / "facts.csv"
    facts.write_text(facts.read_text(encoding="utf-8").replace(",number,10,days,", ",number,14,days,"),
                     encoding="utf-8")
    data.rehash()
    before = drift.recorded().set_index("id").at["C4-1", "verdict"]
    drift.record(day=date(2031, 1, 2))
    log = drift.log()
    planted = log[(log["date"] == "2031-01-02") & (log["id"] == "C4-1") & (log["what"] == "verdict")]
    assert len(planted) == 1 and planted.iloc[0]["before"] == before
    assert "facts" in planted.iloc[0]["inputs"].split()
    out = tmp_path / "reports"
    out.mkdir()
    write_index(out)
    page = (out / "changes.html").read_text(encoding="utf-8")
    assert "2 January 2031" in page and "C4-1" in page and planted.iloc[0]["after"] in page
    assert 'href="changes.html"' in (out / "index.html").read_text(encoding="utf-8")


def test_the_command_line_gives_both_and_any_date(today, cli):
    then = json.loads(cli("claims", "--as-of", "2025-04-25", "--format", "json").stdout)
    assert len(then) == len(ledger.claims()) and all(v["as_of"] == "2025-04-25" for v in then)
    by_id = {v.id: v.at_publication for v in today}
    assert all(v["verdict"] == by_id[v["id"]] for v in then)
    bad = cli("claims", "--as-of", "25/04/2025")
    assert bad.returncode != 0 and "YYYY-MM-DD" in bad.stderr
    wb = str(paths.ROOT / ".venv" / "bin" / "wbanalysis")  # the bytes a spreadsheet reads, from a real process
    csv = subprocess.run([wb, "claims", "--format", "csv", "--chapter", "1"], check=True, capture_output=True)
    assert csv.stdout.startswith("\ufeff".encode()) and b"at_publication" in csv.stdout.splitlines()[0]
