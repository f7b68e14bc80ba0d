"""Dates as the sources give them: partial ISO dates ('2025', '2025-03', '2025-03-18'), their bounds, and
how a reader sees them ('18 March 2025')."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_ISO = re.compile(r"\b(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?\b")
_RANGE = re.compile(r"\b(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?\s*(?:/|\.\.)\s*(\d{4}-)?(\d{2})?(?:-?(\d{2}))?\b")
_UNKNOWN = ("n.d.", "undated", "not shown", "date not shown", "year not shown")


@dataclass(frozen=True, order=True)
class Span:
    """The first and last day a partial date or a range can mean; ``precision`` is 'year', 'month' or 'day'."""

    first: date
    last: date
    precision: str = "day"

    def __str__(self) -> str:
        return spoken(self)


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def span(text: str) -> Span | None:
    """The span of one partial ISO date ('2025' -> the whole year), or None when ``text`` is not one."""
    match = re.fullmatch(r"\s*(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?\s*", str(text))
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if day is not None:
            one = date(year, month, day)
            return Span(one, one, "day")
        if month is not None:
            return Span(date(year, month, 1), date(year, month, _last_day(year, month)), "month")
        return Span(date(year, 1, 1), date(year, 12, 31), "year")
    except ValueError:
        return None


def period(text: str) -> Span | None:
    """A date or a period: '2025-03-18', '2023-2025', '2023-11-13/2023-11-18', '2025-02/03' (None otherwise)."""
    text = str(text).strip()
    single = span(text)
    if single:
        return single
    match = re.fullmatch(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)\s*(?:/|\.\.|–|-)\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?|\d{2})", text)
    if not match:
        return None
    start = span(match.group(1))
    end_text = match.group(2)
    if start and len(end_text) == 2:  # '2025-02/03': the same year, another month (or day)
        head = match.group(1)
        end_text = head[: len(head) - 2] + end_text
    end = span(end_text)
    if not (start and end) or end.last < start.first:
        return None
    return Span(start.first, end.last, start.precision)


def bounds(published: str) -> tuple[date | None, date | None]:
    """The earliest and latest day a source's free-text publication date allows; (None, None) when undated.

    Read mechanically: the dates before any parenthesis ('2025-02-10 (derived: ...)' -> that day), several dates
    separated by ';' (the earliest first day and the latest last day), 'c. 2023-12' as that month, and in a
    parenthesis only 'YYYY or later' and 'after DATE' (a first day with no last).
    """
    text = str(published or "").strip()
    if not text or text.lower().startswith(_UNKNOWN) and "(" not in text:
        return None, None
    main, _, note = text.partition("(")
    spans = [s for part in re.split(r"[;]", main) if (s := period(part.strip().removeprefix("c. ").strip()))]
    if not spans:
        spans = [s for part in re.findall(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", main) if (s := span(part))]
    later = re.search(r"(\d{4}) or later", note)
    after = re.search(r"after (\d{4}-\d{2}-\d{2})", note)
    if spans:
        first, last = min(s.first for s in spans), max(s.last for s in spans)
        if after and first <= date.fromisoformat(after.group(1)) <= last:
            first = date.fromisoformat(after.group(1))
        return first, last
    if after:
        return date.fromisoformat(after.group(1)), None
    if later:
        return date(int(later.group(1)), 1, 1), None
    return None, None


def spoken(value: Span | str | date) -> str:
    """A date as a reader says it: '18 March 2025', 'March 2025', '2025', '13-18 November 2023'."""
    if isinstance(value, date):
        value = Span(value, value, "day")
    if isinstance(value, str):
        found = period(value)
        if found is None:
            return value
        value = found
    first, last = value.first, value.last
    if value.precision == "year" or (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        return str(first.year) if first.year == last.year else f"{first.year}-{last.year}"
    if value.precision == "month" and first.day == 1 and last.day == _last_day(last.year, last.month):
        one = f"{calendar.month_name[first.month]} {first.year}"
        if (first.year, first.month) == (last.year, last.month):
            return one
        return f"{one} to {calendar.month_name[last.month]} {last.year}"
    if first == last:
        return f"{first.day} {calendar.month_name[first.month]} {first.year}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}-{last.day} {calendar.month_name[first.month]} {first.year}"
    return f"{spoken(first)} to {spoken(last)}"

