"""Verdicts a fact-checker would sign: evidence from the publisher, numbers compared from values, never from a
judgement column, the report never corroborating itself, every verdict moved by its facts, and a record of it."""

from __future__ import annotations

import re
import subprocess

import pandas as pd
import pytest

from wbanalysis import claims, data, paths, report
from wbanalysis.claims import drift, evidence, factcheck, ledger, mutation

VALUE_TESTS = ("number", "date", "set", "title")


def _facts():
    return [f for c in ledger.claims() for f in ledger.facts(c)]


def test_every_rated_claim_has_evidence_with_publisher_address_date_and_tier():
    for v in claims.evaluate_all():
        if v.verdict in ("supported", "partly supported", "contradicted"):
            items = [s for s in v.sources if s["counted"]]
            complete = [s for s in items if s["publisher"] and s["address"] and s["published_last"] and s["tier"]]
            absences = all(f["test"] == "absence" for f in v.facts if f["central"])
            searches = [s for s in items if s["role"] == "searched" and s["searched"] and s["published_last"]]
            assert complete or (absences and searches), v.id  # an absence rests on a dated search that found nothing


def test_numbers_dates_and_lists_do_not_rest_on_the_gatherers_reading():
    """Blank the ``stance`` column (the gatherer's reading): no number, date, list or title fact moves."""
    before = {f.key: factcheck.evaluate(f).status for f in _facts() if f.test in VALUE_TESTS}
    blank = data.load("evidence").assign(stance=pd.NA)
    with data.substituted({"evidence": blank}):
        after = {f.key: factcheck.evaluate(f).status for f in _facts() if f.test in VALUE_TESTS}
    assert after == before


def test_the_report_cannot_corroborate_itself():
    own = data.load("evidence")
    assert set(own.loc[own["publisher"].str.startswith("KCSS report", na=False), "role"]) <= {"report", "derived"}
    for fact in _facts():
        result = factcheck.evaluate(fact)
        assert all(c.source.role not in ("report", "derived") for c in result.basis), fact.key
    # a fact whose sources were the report's own rows would not be found
    fact = ledger.fact("C2-17/1")
    rows = [s.key[1] for s in factcheck.sources(fact)[0]]
    table = own.assign(role=own["role"].where(~own["source_row"].isin(rows), "report"))
    with data.substituted({"evidence": table}):
        assert factcheck.evaluate(fact).status == "not found"


@pytest.mark.parametrize("chapter", [c.number for c in report.chapters()])
def test_refuting_the_confirmed_facts_moves_every_verdict_that_can_move(chapter):
    """Refute every confirmed fact of a claim: its verdict must move, unless nothing could move it by the rule
    table: it is contradicted already, a refuted fact keeps a part that holds, or only details were confirmed.
    (One test per part of the report, so that the fast lane's workers share them.)"""
    stuck = []
    for claim_id in [c.id for c in ledger.claims().values() if c.chapter == chapter]:
        outcome = mutation.mutate(claim_id)
        if not outcome.refuted or outcome.moved:  # nothing confirmed to refute, or the verdict moved
            continue
        holds = any(r.status == "refuted" and r.part for r in outcome.results)
        only_details = not any(r.fact.central for r in outcome.results if r.status == "confirmed")
        if outcome.before == "contradicted" or holds or only_details:
            continue
        stuck.append((claim_id, outcome.before))
    assert stuck == []


def test_the_mutation_test_catches_a_verdict_that_ignores_its_facts(monkeypatch):
    from wbanalysis.claims import rules

    fixed = rules.Rule("always", "supported", lambda t: True)
    monkeypatch.setattr(rules, "RULES", (fixed,))
    assert not mutation.mutate("C2-17").moved


def test_each_source_names_its_publisher_first_and_reproductions_say_so():
    for fact in _facts():
        for source in factcheck.sources(fact)[0]:
            if source.role == "evidence":
                assert source.who(), fact.key
                if source.reproduces and source.tier in (2, 3) and not source.reproduces.startswith("http"):
                    assert "as republished by" in source.who(), fact.key


def test_sources_published_after_the_report_are_marked():
    later = [s for f in _facts() for s in factcheck.sources(f)[0] if s.first and s.first > evidence.REPORT_DATE]
    assert later and all(s.after_report for s in later)
    v = next(v for v in claims.evaluate_all() if any(s["after_report"] and s["counted"] for s in v.sources))
    assert any("after the report" in n for n in v.notes)


def test_the_projects_readings_of_sources_are_honest():
    """Every row of data/observed.csv reads a row that exists, for a fact that exists, and a figure it records is in
    that row's value or finding (never typed from elsewhere)."""
    rows = data.load("evidence").set_index("source_row")
    for r in data.load("observed").itertuples():
        assert r.source_row in rows.index, r.source_row
        if isinstance(r.fact, str) and r.fact:
            ledger.fact(r.fact)
        raw = f"{rows.at[r.source_row, 'value']} {rows.at[r.source_row, 'finding']}".replace(",", "")
        for figure in re.findall(r"\d+(?:\.\d+)?", str(r.observed)):
            if len(figure) >= 3 and not figure.startswith("0") and "000000" not in figure:
                assert figure in raw or figure.rstrip("0").rstrip(".") in raw, (r.source_row, figure)


def test_the_record_matches_the_verdicts_now():
    """data/verdicts.csv is the committed record: if this fails, look at the diff (wbanalysis claims --diff HEAD)
    and, if the change is intended, run `wbanalysis claims --record`."""
    now, recorded = drift.current(), drift.recorded()
    changes = drift.compare(recorded, now)
    assert changes == [], "\n".join(f"{c.id} {c.what}: {c.before!r} -> {c.after!r}" for c in changes[:20])


def test_compare_lists_moved_added_and_removed_claims():
    before = pd.DataFrame(
        {
            "id": ["C1-1", "C1-2", "C1-3"],
            "chapter": 1,
            "kind": "count",
            "verdict": ["supported", "supported", "contradicted"],
            "observed": ["a", "b", "c"],
        }
    )
    after = before.drop(index=2).assign(verdict=["supported", "partly supported"], observed=["a2", "b"])
    after = pd.concat(
        [after, pd.DataFrame([{"id": "C1-10", "chapter": 1, "kind": "date", "verdict": "supported", "observed": "d"}])]
    )
    changes = [(c.id, c.what) for c in drift.compare(before, after)]
    assert changes == [("C1-1", "observed"), ("C1-2", "verdict"), ("C1-3", "removed"), ("C1-10", "added")]


def test_diff_against_another_data_folder_shows_the_moved_verdict(tmp_path):
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, copy)
    path = copy / "facts.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",number,10,days,", ",number,14,days,"), encoding="utf-8")
    data.rehash(copy)
    changes = drift.compare(drift.at(str(copy)), drift.current())
    moved = {c.id for c in changes if c.what == "verdict"}
    assert "C4-1" in moved  # 14 days in the other folder, 10 here


def test_diff_against_the_previous_commit_runs(cli):
    parent = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "HEAD~1"], cwd=paths.ROOT, capture_output=True)
    if parent.returncode != 0:
        pytest.skip("this clone is shallow: the previous commit is not here to compare with")
    run = cli("claims", "--diff", "HEAD~1")
    assert run.returncode == 0, run.stderr
    assert "between HEAD~1 and now" in run.stdout


def test_diff_names_a_bad_ref(cli):
    run = cli("claims", "--diff", "no-such-ref")
    assert run.returncode == 2 and "not a git ref of this repository" in run.stderr
