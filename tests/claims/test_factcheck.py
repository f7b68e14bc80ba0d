"""How one fact is settled, for the kinds a fact-checker treats with care: an absence (something that does not exist
or has not happened), several partial lists read together, a fact refuted only in part."""

from datetime import date

import pandas as pd

from wbanalysis import data
from wbanalysis.claims import evidence, factcheck, ledger
from wbanalysis.claims.rules import CONFIRMED, NOT_FOUND, REFUTED


def _facts(test: str) -> list[ledger.Fact]:
    return [f for c in ledger.claims() for f in ledger.facts(c) if f.test == test and not f.same_as]


def _with_readings(rows: list[dict]):
    table = data.load("observed")
    extra = pd.DataFrame(rows, columns=table.columns).astype(table.dtypes.to_dict())
    return data.substituted({"observed": pd.concat([table, extra], ignore_index=True)})


def test_an_absence_rests_on_a_search_and_is_refuted_when_the_thing_is_found():
    absences = _facts("absence")
    assert absences, "the ledger records statements of absence"
    for fact in absences:
        searches = [s for s in evidence.rows(fact.evidence) if s.role == "searched"]
        result = factcheck.evaluate(fact)
        assert (result.status == CONFIRMED) == bool(searches), fact.key
        if not searches:
            continue
        assert result.absence and result.detail.startswith("nothing found"), fact.key
        found = [{"source_row": s.key[1], "fact": fact.key, "observed": "refutes", "note": "it exists"}
                 for s in searches[:1]]
        with _with_readings(found):
            assert factcheck.evaluate(fact).status == REFUTED, fact.key


def test_a_search_made_after_a_date_settles_nothing_at_that_date():
    for fact in _facts("absence"):
        searches = [s for s in evidence.rows(fact.evidence) if s.role == "searched"]
        before = min((s.last for s in searches if s.last), default=None)
        if before is None:
            continue
        earlier = date.fromordinal(before.toordinal() - 1)
        assert factcheck.evaluate(fact, earlier).status in (NOT_FOUND, CONFIRMED, REFUTED)
        if all(s.last and s.last > earlier for s in searches):
            assert factcheck.evaluate(fact, earlier).status == NOT_FOUND, fact.key


def test_partial_lists_read_together_use_each_rows_reading_for_that_fact():
    """A list fact read from several rows ('>='): the pooled list is what the rows name for this fact, and a row
    taken away leaves its countries not found, never refuted."""
    lists = [f for f in _facts("set") if f.compare == ">=" and not f.observe]
    checked = 0
    for fact in lists:
        result = factcheck.evaluate(fact)
        rows = [s for s in evidence.rows(fact.evidence) if s.counted and factcheck.machine_value(fact, s)]
        if result.status != CONFIRMED or len(rows) < 2:
            continue
        checked += 1
        table = data.load("observed")
        keep = table[~((table["source_row"] == rows[-1].key[1]) & (table["fact"] == fact.key))]
        with data.substituted({"observed": keep}), _with_readings(
                [{"source_row": rows[-1].key[1], "fact": fact.key, "observed": "none", "note": "taken away"}]):
            assert factcheck.evaluate(fact).status in (CONFIRMED, NOT_FOUND), fact.key
    assert checked, "some list facts are read from several rows"


def test_a_fact_refuted_in_part_says_what_holds_apart_from_what_is_wrong():
    parts = [r for c in ledger.claims() for f in ledger.facts(c) if (r := factcheck.evaluate(f)).part]
    assert parts
    for r in parts:
        assert r.holds, f"{r.fact.key}: a fact refuted in part names the part that holds (data/observed.csv, holds)"
        assert r.holds not in r.detail and r.detail not in r.holds, r.fact.key
