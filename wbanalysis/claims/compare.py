"""Comparing what the report states with what a source shows: numbers under a stated tolerance, dates at the
report's precision, lists of countries as sets, titles by their figures and words, facts in words by the
source's recorded finding.  Each comparison gives an :class:`Outcome`."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ..countries import names_of
from ..dates import Span, period, spoken
from .ledger import Reading

CONFIRMED, REFUTED = "confirmed", "refuted"
#: A source's recorded finding on a fact in words, as the gatherer wrote it (``stance``) or as the project read a
#: source where the gatherer's 'partly' needed a decision (``data/observed.csv``).
WORDS = {
    "confirms": (CONFIRMED, False),
    "refutes": (REFUTED, False),
    "refutes in part": (REFUTED, True),
    "partly": ("", False),  # confirms part of the fact and leaves the rest open: it settles nothing by itself
    "does not settle": ("", False),
}
#: How much of a title's words (in order) must be in the release's headline for the row to name that release.
TITLE_WORDS = 2 / 3


@dataclass(frozen=True)
class Outcome:
    """What one source says of one fact: confirmed, refuted ('' = does not settle it), whether a refuted fact
    holds in part, and the comparison in words ('63, not 43')."""

    status: str
    part: bool = False
    detail: str = ""
    holds: str = ""  # refuted in part: the part that holds, in words


_SCALE = {"bn": 1e9, "billion": 1e9, "million": 1e6, "mn": 1e6}


def first_number(text: str) -> float | None:
    """The first number in a cell: '63 member states' -> 63, '1,400' -> 1400, '~20 %' -> 20, '1 374' -> 1374,
    '1 bn USD' -> 1e9, '3.7 billion' -> 3.7e9."""
    match = re.search(r"-?\d+(?:[ ,]\d{3})*(?:\.\d+)?(?:\s*(bn|billion|million|mn)\b)?", str(text))
    if not match:
        return None
    number = match.group().split()[0] if match.group(1) else match.group()
    value = float(re.sub(r"[ ,]|bn|billion|million|mn", "", number))
    return value * _SCALE.get(match.group(1) or "", 1)


def amount(value: float, unit: str = "") -> str:
    """A number as a reader reads it: '2.7 t', '1,400', '47%', '1.2 billion EUR'."""
    if abs(value) >= 1e9:
        text = f"{value / 1e9:,.3g} billion"
    elif abs(value) >= 1e6:
        text = f"{value / 1e6:,.3g} million"
    else:
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit in ("%", "percent") or unit.startswith("% "):
        return f"{text}{unit}" if unit.startswith("% ") else f"{text}%"
    if unit.startswith("of ") and 0 <= value <= 1:  # a share
        return f"{value:.0%} {unit}"
    return f"{text} {unit}".strip()


def _holds(op: str, value: float, target: float, tolerance: float) -> bool:
    if op in ("=", "~"):
        return abs(value - target) <= tolerance + 1e-9
    if op == "nearly":  # between tolerance x target and target
        return target * tolerance - 1e-9 <= value <= target + 1e-9
    return {">": value > target, ">=": value >= target - 1e-9, "<": value < target, "<=": value <= target + 1e-9}[
        op
    ]


def _tolerance(text: str, target: float) -> float:
    text = text.strip()
    if not text:
        return 0.0
    if text.endswith("%"):
        return abs(target) * float(text[:-1]) / 100
    return float(text)


OPS = {
    "=": "",
    "~": "about ",
    ">": "more than ",
    ">=": "at least ",
    "<": "less than ",
    "<=": "at most ",
    "nearly": "nearly ",
}


def number(claimed: str, observed: str, op: str, tolerance: str, unit: str, reading: Reading | None) -> Outcome:
    """A number against the report's: exact unless a tolerance or a reading says otherwise."""
    value = first_number(observed)
    if value is None:
        return Outcome("")
    if reading is not None:
        target, op, allowed = reading.value, reading.compare, 0.0
        if op == "nearly":
            target, allowed = first_number(claimed) or 0.0, reading.value
    else:
        target = first_number(claimed)
        if target is None:
            raise ValueError(f"claimed {claimed!r} is not a number")
        allowed = _tolerance(tolerance, target)
    ok = _holds(op, value, target, allowed)
    said = amount(value, unit)
    if ok:
        return Outcome(CONFIRMED, detail=said)
    if reading is not None and reading.compare != "nearly":
        wanted = f"{OPS.get(op, op + ' ')}{amount(target, reading.unit or unit)}"
    else:
        same_unit = unit and not unit.startswith("of ") and unit not in ("%", "percent")
        wanted = f"{OPS.get(op, op + ' ')}{amount(target, '' if same_unit else unit)}"
    return Outcome(REFUTED, detail=f"{said}, not {wanted}")


def _within(inner: Span, outer: Span) -> bool:
    return outer.first <= inner.first and inner.last <= outer.last


def when(claimed: str, observed: str, op: str = "=") -> Outcome:
    """A date or period against the report's, at the report's precision: the source's date must fall inside the
    report's ('2016' holds for 3 May 2016); a source less precise than the report does not settle it."""
    said = period(observed)
    wanted = period(claimed)
    if wanted is None:
        raise ValueError(f"claimed {claimed!r} is not a date or period")
    if said is None:
        return Outcome("")
    if op in (">=", ">"):
        ok = said.first > wanted.last if op == ">" else said.first >= wanted.first
        return Outcome(CONFIRMED if ok else REFUTED, detail=spoken(said) if ok else f"{spoken(said)}, before "
                       f"{spoken(wanted)}")
    if op in ("<=", "<"):
        ok = said.last < wanted.first if op == "<" else said.last <= wanted.last
        return Outcome(CONFIRMED if ok else REFUTED, detail=spoken(said) if ok else f"{spoken(said)}, after "
                       f"{spoken(wanted)}")
    if op == "==":  # the same period (a plan's span, not an event within it)
        same = (said.first.year, said.last.year) == (wanted.first.year, wanted.last.year)
        return Outcome(CONFIRMED if same else REFUTED, detail=spoken(said) if same else
                       f"{spoken(said)}, not {spoken(wanted)}")
    if _within(said, wanted):
        return Outcome(CONFIRMED, detail=spoken(said))
    if said.last < wanted.first or said.first > wanted.last:
        return Outcome(REFUTED, detail=f"{spoken(said)}, not {spoken(wanted)}")
    return Outcome("", detail=f"the source gives {spoken(said)}, less precise than {spoken(wanted)}")


def codes(text: str) -> list[str] | None:
    """'ALB;MNE;MKD' -> the codes; None when the cell is not such a list."""
    cell = str(text).strip()
    if not re.fullmatch(r"[A-Z]{3}(\s*;\s*[A-Z]{3})*", cell):
        return None
    return [c.strip() for c in cell.split(";")]


def members(claimed: str, observed: str, op: str = "=") -> Outcome:
    """A list of countries against the report's, as sets ('>=' : the source's list includes the report's)."""
    said, wanted = codes(observed), codes(claimed)
    if wanted is None:
        raise ValueError(f"claimed {claimed!r} is not a list of country codes")
    if said is None:
        return Outcome("")
    got, want = set(said), set(wanted)
    missing, extra = want - got, got - want
    ok = {"=": not missing and not extra, ">=": not missing, "<=": not extra}[op]
    if ok:
        return Outcome(CONFIRMED, detail=names_of(sorted(got, key=said.index)))
    right = [c for c in wanted if c in got]
    if op == ">=":  # the sources' lists are read as partial: a member they do not name is not found, not refuted
        seen = f"the sources name {names_of(right)}; " if right else ""
        return Outcome("", detail=f"{seen}{names_of(sorted(missing, key=wanted.index))} not found in them")
    parts = []
    if extra and op in ("=", "<="):
        parts.append(f"the source also names {names_of(sorted(extra, key=said.index))}")
    if missing:
        parts.append(f"it does not name {names_of(sorted(missing, key=wanted.index))}")
    holds = f"{names_of(right)} right" if right else ""
    return Outcome(REFUTED, part=bool(right), detail="; ".join(parts), holds=holds)


def _words(text: str) -> list[str]:
    text = re.sub(r"(?<=\d)[ ,](?=\d{3}\b)", "", str(text).lower())
    return re.findall(r"[a-z0-9.]+", text.replace("'", ""))


def title(claimed: str, observed: str) -> Outcome:
    """A row's title against the release's headline: the same figures, and at least two in three of its words in
    the headline in order (a shortened or lightly reworded headline names the same release)."""
    if not observed.strip():
        return Outcome("")
    mine, theirs = _words(claimed), _words(observed)
    figures = [w for w in mine if re.fullmatch(r"\d+(\.\d+)?", w)]
    their_figures = [w for w in theirs if re.fullmatch(r"\d+(\.\d+)?", w)]
    wrong = [f for f in figures if f not in their_figures]
    if wrong:
        return Outcome(REFUTED, part=True, detail=f"the headline has {', '.join(their_figures) or 'no figure'} "
                       f"where the report has {', '.join(wrong)}", holds=f"headline: ‘{observed.strip()}’")
    matcher = difflib.SequenceMatcher(a=mine, b=theirs, autojunk=False)
    shared = sum(block.size for block in matcher.get_matching_blocks())
    if mine and shared / len(mine) >= TITLE_WORDS:
        return Outcome(CONFIRMED, detail=f"headline: ‘{observed.strip()}’")
    return Outcome(REFUTED, part=shared > 0, detail=f"the headline is ‘{observed.strip()}’")


def words(reading: str) -> Outcome:
    """A fact in words: the source's recorded finding ('confirms', 'refutes', 'refutes in part')."""
    status, part = WORDS.get(reading.strip(), ("", False))
    return Outcome(status, part)
