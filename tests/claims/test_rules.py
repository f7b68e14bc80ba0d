"""From facts to verdicts: the rule table covers every case, and each kind of fact is compared as documented."""

import itertools

import pytest

from wbanalysis import theme
from wbanalysis.claims import compare, rules
from wbanalysis.claims.rules import CONFIRMED, NOT_FOUND, OPINION, REFUTED, Tally

STATUSES = (CONFIRMED, REFUTED, NOT_FOUND, OPINION)


def _tallies():
    """Every claim of up to three facts: each fact central or not, any status, refuted ones whole or in part."""
    parts = {REFUTED: (False, True)}
    options = [(c, s, p) for c in (True, False) for s in STATUSES for p in parts.get(s, (False,))]
    for n in (1, 2, 3):
        for facts in itertools.product(options, repeat=n):
            rated_central = [f for f in facts if f[0] and f[1] in (CONFIRMED, REFUTED, NOT_FOUND)]
            rated = [f for f in facts if f[1] in (CONFIRMED, REFUTED, NOT_FOUND)]
            if rated and not rated_central:
                continue  # the ledger gives every rated claim a central fact (a test of the data checks it)
            yield facts


def test_the_rule_table_decides_every_possible_claim():
    for facts in _tallies():
        assert rules.decide(Tally.of(facts)).verdict in theme.VERDICTS, facts


def test_the_rules_mean_what_the_methodology_says():
    for facts in _tallies():
        verdict = rules.decide(Tally.of(facts)).verdict
        statuses = [s for _, s, _ in facts]
        central = [s for c, s, _ in facts if c]
        if verdict == "supported":
            assert REFUTED not in statuses and NOT_FOUND not in central and CONFIRMED in central, facts
        if verdict == "partly supported":
            assert REFUTED in statuses and (CONFIRMED in statuses or any(p for _, s, p in facts if s == REFUTED))
        if verdict == "contradicted":
            assert REFUTED in central and CONFIRMED not in central, facts
        if verdict == "unverified":
            assert NOT_FOUND in central and REFUTED not in central, facts
        if verdict == "not checkable":
            assert set(statuses) <= {OPINION}, facts


def test_not_found_is_never_evidence_against():
    """Turning a fact from not found into confirmed never makes a rating worse (unverified is not a rating: any
    verdict may follow it)."""
    order = ("contradicted", "partly supported", "supported")
    for facts in _tallies():
        for k, (c, s, _) in enumerate(facts):
            if s != NOT_FOUND:
                continue
            found = list(facts)
            found[k] = (c, CONFIRMED, False)
            before, after = (rules.decide(Tally.of(f)).verdict for f in (facts, found))
            if before in order and after in order:
                assert order.index(after) >= order.index(before), (facts, before, after)


def test_a_detail_does_not_rescue_a_claim_whose_central_fact_is_wrong():
    tally = Tally.of([(True, REFUTED, False), (False, CONFIRMED, False)])
    assert rules.decide(tally).verdict == "contradicted"
    tally = Tally.of([(True, CONFIRMED, False), (False, REFUTED, False)])
    assert rules.decide(tally).verdict == "partly supported"


@pytest.mark.parametrize(
    ("claimed", "observed", "op", "tolerance", "status"),
    [
        ("43", "60 member states", "=", "", "refuted"),
        ("196", "196", "=", "", "confirmed"),
        ("500", "566 arrests", ">", "", "confirmed"),
        ("500", "500 arrests", ">", "", "refuted"),
        ("1000000000", "943991500 USD", "~", "10%", "confirmed"),
        ("1000000000", "1 bn USD", "=", "", "confirmed"),
        ("27", "2.7 t", "=", "", "refuted"),
    ],
)
def test_numbers(claimed, observed, op, tolerance, status):
    assert compare.number(claimed, observed, op, tolerance, "", None).status == status


def test_a_reading_decides_a_vague_number():
    from wbanalysis.claims.ledger import Reading

    nearly_every = Reading("nearly every", ">=", 0.8, ">=", 0.9, "of the operations", "why")
    assert compare.number("nearly every", "0.8125", "=", "", "", nearly_every).status == "confirmed"
    stricter = Reading("nearly every", ">=", 0.9, "", None, "", "why")
    assert compare.number("nearly every", "0.8125", "=", "", "", stricter).status == "refuted"


@pytest.mark.parametrize(
    ("claimed", "observed", "op", "status"),
    [
        ("2016", "2016-06-28", "=", "confirmed"),  # a year holds for any day of it
        ("2025-03-11", "2025-03-12", "=", "refuted"),  # the report gives the day: a day off is wrong
        ("2025-04-07", "2025-04", "=", ""),  # a source less precise than the report does not settle it
        ("2020-2024", "2021-2024", "==", "refuted"),  # a plan's period must be the same
        ("2023-2025", "2023-01-12/2025-02-28", "=", "confirmed"),
        ("2016", "2015-08-27", ">=", "refuted"),  # 'first in 2016' is wrong if it happened in 2015
    ],
)
def test_dates(claimed, observed, op, status):
    assert compare.when(claimed, observed, op).status == status


def test_lists_of_countries_are_sets():
    assert compare.members("ALB;MNE;MKD", "MKD;ALB;MNE").status == "confirmed"
    wrong = compare.members("AUT;BGR;HUN;MDA;ROU", "AUT;BGR;HUN;MDA;ROU;SVN;HRV")
    assert wrong.status == "refuted" and wrong.part and "Slovenia and Croatia" in wrong.detail
    assert compare.members("GBR;NOR", "GBR;NOR;FRA", ">=").status == "confirmed"
    assert compare.members("GBR;NOR", "GBR", ">=").status == ""  # a partial list: Norway not found, not refuted


def test_titles_compare_figures_and_words():
    headline = "Criminal ringleader and nine associates arrested after killing a witness"
    assert compare.title("Criminal ringleader and nice associates arrested", headline).status == "confirmed"
    assert compare.title("Spain seizes 27 tonnes of cocaine", "Spain seizes 2.7 tonnes of cocaine").status == "refuted"
    assert compare.title("Almost 1,400 firearms removed", "Almost 1 400 firearms removed from circulation").status == (
        "confirmed"
    )


def test_facts_in_words_rest_on_the_recorded_finding_and_partly_settles_nothing():
    assert compare.words("confirms").status == "confirmed"
    assert compare.words("refutes").status == "refuted"
    assert compare.words("refutes in part").part
    assert compare.words("partly").status == ""
