"""What the report is, in one place: its title, publisher, date and address, and its parts (read from
``data/report/chapters.csv``).  Every other module that names the report or a chapter reads it from here."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from datetime import date

TITLE = "Regional Security Cooperation in the Western Balkans"
PUBLISHER = "Kosovar Centre for Security Studies"
PUBLISHER_SHORT = "KCSS"
#: The date printed on the cover ("April 25, 2025").
DATE = date(2025, 4, 25)
#: The publisher's site, where the PDF is published.
ADDRESS = "https://qkss.org/en"


def date_text() -> str:
    """'25 April 2025'."""
    return f"{DATE.day} {DATE:%B %Y}"


@dataclass(frozen=True)
class Chapter:
    """One part of the report (``data/report/chapters.csv``)."""

    number: int  # 0 the introduction, 1-5 the chapters, 6 the conclusions
    label: str  # 'Chapter 2', 'Introduction'
    heading: str  # as printed
    notebook: str  # '02_institutional_frameworks'
    author: str
    type: str  # schema.org: Person or Organization
    affiliation: str
    first_page: int  # of the PDF, from the table of contents
    year_data: str = ""  # the resources whose years its start_year/end_year select, space-separated

    @property
    def surname(self) -> str:
        """'Zorić' for a person; '' for the publisher."""
        return self.author.split()[-1] if self.type == "Person" else ""

    @property
    def page(self) -> str:
        """The reader page that holds this part's claim cards: '02_institutional_frameworks.html'."""
        return f"{self.notebook}.html"

    @property
    def named(self) -> str:
        """How a place in the report names the part: 'Chapter 2 (Zorić)', 'Introduction'."""
        return f"{self.label} ({self.surname})" if self.surname else self.label


def chapters() -> tuple[Chapter, ...]:
    """The report's parts in order (``data/report/chapters.csv``, its hash checked as ``data.load`` does; read
    without pandas, so that a command that only plans, such as a build with nothing to do, starts fast)."""
    from . import data

    path = data.check_file("chapters")
    stat = path.stat()
    return _chapters(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _chapters(path: str, _mtime_ns: int, _size: int) -> tuple[Chapter, ...]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    parts = [Chapter(int(r["chapter"]), r["label"], r["heading"], r["notebook"], r["author"], r["type"],
                     r["affiliation"], int(r["first_page"]), r.get("year_data") or "") for r in rows]
    return tuple(sorted(parts, key=lambda c: c.number))


def pages(number: int) -> str:
    """The pages of the PDF a part covers, from the table of contents: 'pp. 9-17'; the last part 'from p. 38'."""
    parts = chapters()
    first = chapter(number).first_page
    later = [c.first_page for c in parts if c.first_page > first]
    if not later:
        return f"from p. {first}"
    last = min(later) - 1
    return f"p. {first}" if last == first else f"pp. {first}-{last}"


def chapter(number: int) -> Chapter:
    """One part; the error names the valid numbers."""
    found = {c.number: c for c in chapters()}
    if int(number) not in found:
        raise ValueError(f"unknown chapter {number}; valid chapters: {named(found)}")
    return found[int(number)]


def named(numbers: object) -> str:
    """'0 (Introduction), 1 (Chapter 1), ... 6 (Conclusions)': the parts' numbers with their labels, for errors."""
    labels = {c.number: c.label for c in chapters()}
    return ", ".join(f"{n} ({labels[n]})" if n in labels else str(n) for n in sorted(numbers))
