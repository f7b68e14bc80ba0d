"""Verdicts a reader can trust: computed from facts (mutation test), independent of the report, not copied from
anyone's judgement column, and recorded so that any change shows as a diff."""

from __future__ import annotations

import subprocess

import pandas as pd
import pytest

from wbanalysis import claims, data, paths
from wbanalysis.claims import drift, mutation
from wbanalysis.claims.evaluate import independent
from wbanalysis.claims.model import ONLY_THE_REPORT, REPORT_RESOURCES, Evidence, Finding

#: Columns in which the people who compiled a source table wrote their own reading of a claim.
JUDGEMENT_COLUMNS = {
    "berlin_claims_check": ["verdict"],
    "north_macedonia_2023_check": ["verdict"],
    "europol_releases": ["ticks_vs_source", "title_check"],
    "evidence_not_found": ["status"],
}


def _checkable() -> list[str]:
    return [v.id for v in claims.evaluate_all() if v.verdict != "not checkable"]


def test_the_mutation_test_moves_every_checkable_verdict_by_a_fact():
    outcomes = [mutation.mutate(claim) for claim in _checkable()]
    constant = [o.claim for o in outcomes if not o.moved_to]
    by_key_only = [o.claim for o in outcomes if o.kind == "key"]
    assert constant == [], f"verdicts no change of their evidence can move: {constant}"
    assert by_key_only == [], f"verdicts that move only when their rows vanish: {by_key_only}"


def test_the_mutation_test_catches_a_constant_verdict(monkeypatch):
    from wbanalysis.claims import registry

    row = lambda: claims.Finding("supported", "always", "x", (Evidence("survey_figures", (1,)),))  # noqa: E731
    monkeypatch.setitem(registry._CHECKS, "C2-9", row)
    assert mutation.mutate("C2-9").moved_to == ""


def test_no_verdict_rests_on_someones_judgement_column():
    for claim in _checkable():
        found = claims.run(claim)
        for resource in {e.resource for e in found.evidence} & set(JUDGEMENT_COLUMNS):
            table = data.load(resource)
            blanked = table.assign(**{c: "zz" for c in JUDGEMENT_COLUMNS[resource]})
            with data.substituted({resource: blanked}):
                assert claims.run(claim).verdict == found.verdict, (claim, resource)


def test_the_report_cannot_corroborate_itself():
    own = Finding("supported", "As printed.", "x", (Evidence("table1_frameworks", (1,)),))
    assert independent(own).verdict == "not checkable" and independent(own).reason == ONLY_THE_REPORT
    mixed = Finding("supported", "x", "x", (Evidence("table1_frameworks", (1,)), Evidence("milestones", (1,))))
    assert independent(mixed).verdict == "supported"
    for v in claims.evaluate_all():
        if v.verdict != "not checkable":
            assert any(s["file"] not in {f"data/report/{r}.csv" for r in REPORT_RESOURCES} for s in v.sources), v.id


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("C1-2", "supported"),
        ("C2-1", "not checkable"),
        ("C1-7", "partly supported"),
        ("C4-13", "supported"),
        ("C2-107", "supported"),
        ("C5-3", "partly supported"),
    ],
)
def test_the_verdicts_the_audit_found_wrong(claim, verdict):
    assert claims.evaluate(claim).verdict == verdict


def test_c5_3_says_debt_passed_100_percent_only_in_2020():
    v = claims.evaluate("C5-3")
    assert "only in 2020" in v.conclusion and "108.4" in v.conclusion
    assert "external debt" in v.conclusion


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
    path = copy / "external" / "milestones.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2025-04-01", "2025-03-28"), encoding="utf-8")
    subprocess.run(
        [str(paths.ROOT / ".venv" / "bin" / "wbanalysis"), "data", "rehash"],
        check=True,
        env={"WBANALYSIS_DATA": str(copy), "PATH": ""},
        capture_output=True,
    )
    changes = drift.compare(drift.at(str(copy)), drift.current())
    moved = {c.id for c in changes if c.what == "verdict"}
    assert "C4-1" in moved  # 10 days in the other folder, 14 here


def test_diff_against_the_previous_commit_runs():
    parent = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "HEAD~1"], cwd=paths.ROOT, capture_output=True)
    if parent.returncode != 0:
        pytest.skip("this clone is shallow: the previous commit is not here to compare with")
    run = subprocess.run(
        [str(paths.ROOT / ".venv" / "bin" / "wbanalysis"), "claims", "--diff", "HEAD~1"],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
    )
    assert run.returncode == 0, run.stderr
    assert "between HEAD~1 and now" in run.stdout


def test_diff_names_a_bad_ref():
    run = subprocess.run(
        [str(paths.ROOT / ".venv" / "bin" / "wbanalysis"), "claims", "--diff", "no-such-ref"],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
    )
    assert run.returncode == 2 and "not a git ref of this repository" in run.stderr
