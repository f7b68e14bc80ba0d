"""From facts to a verdict: one rule table, read in order, the first rule that applies decides.

Each fact of a claim is *confirmed*, *refuted* or *not found* (or not rated: an opinion, or context); a refuted
fact may hold in part (a list with some members right, a source that confirms part of it).  The table is shown
on the methodology page as it is written here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: What one fact can come to.
CONFIRMED, REFUTED, NOT_FOUND, OPINION, CONTEXT = "confirmed", "refuted", "not found", "opinion", "context"
STATUSES = (CONFIRMED, REFUTED, NOT_FOUND, OPINION, CONTEXT)
#: What each status means (methodology page).
STATUS_MEANINGS = {
    CONFIRMED: "a source shows the fact as the report states it (numbers within the stated tolerance, dates at "
    "the report's precision, lists of countries as sets)",
    REFUTED: "a source shows otherwise; where part of the fact holds (some countries of a list, part of a "
    "statement), the fact is refuted in part",
    NOT_FOUND: "no source found settles it, or sources of equal standing disagree; never counted against the claim",
    OPINION: "the statement is a judgement, metaphor, forecast or recommendation: not a fact, not rated",
    CONTEXT: "background that helps read the claim but is not asserted by it",
}


@dataclass(frozen=True)
class Tally:
    """What a claim's facts came to: central and other facts by status, and whether anything of it holds."""

    central: dict[str, int]
    other: dict[str, int]
    holds_in_part: bool  # a refuted fact with a part that holds
    central_holds_in_part: bool  # ... and that fact carries the claim

    @property
    def rated(self) -> int:
        return sum(self.central.get(s, 0) + self.other.get(s, 0) for s in (CONFIRMED, REFUTED, NOT_FOUND))

    def count(self, status: str) -> int:
        return self.central.get(status, 0) + self.other.get(status, 0)

    @classmethod
    def of(cls, facts: Sequence[tuple[bool, str, bool]]) -> Tally:
        """From (central, status, holds in part) per fact."""
        central: dict[str, int] = {}
        other: dict[str, int] = {}
        for is_central, status, _ in facts:
            target = central if is_central else other
            target[status] = target.get(status, 0) + 1
        parts = [(is_central, part) for is_central, status, part in facts if status == REFUTED]
        return cls(central, other, any(p for _, p in parts), any(p for c, p in parts if c))


@dataclass(frozen=True)
class Rule:
    when: str  # in words, for the methodology page
    verdict: str
    applies: Callable[[Tally], bool]


RULES: tuple[Rule, ...] = (
    Rule("the statement asserts no fact that can be tested (only opinion or context)", "not checkable",
         lambda t: t.rated == 0),
    Rule("every central fact is confirmed and no fact is refuted", "supported",
         lambda t: t.central.get(CONFIRMED, 0) > 0 and t.count(REFUTED) == 0 and t.central.get(NOT_FOUND, 0) == 0),
    Rule("a central fact is refuted and no central fact is confirmed, even in part (a confirmed detail does not "
         "rescue the claim)", "contradicted",
         lambda t: t.central.get(REFUTED, 0) > 0 and t.central.get(CONFIRMED, 0) == 0 and not t.central_holds_in_part),
    Rule("some of what the claim asserts is confirmed (a fact, or part of one) and some is refuted",
         "partly supported", lambda t: t.count(REFUTED) > 0 and (t.count(CONFIRMED) > 0 or t.holds_in_part)),
    Rule("no central fact is refuted, but a central fact was not found", "unverified",
         lambda t: t.central.get(NOT_FOUND, 0) > 0 and t.central.get(REFUTED, 0) == 0),
)


def decide(tally: Tally) -> Rule:
    """The first rule that applies (the table covers every case: a test checks it)."""
    for rule in RULES:
        if rule.applies(tally):
            return rule
    raise ValueError(f"no rule applies to {tally}: a claim needs at least one central fact")
