"""A paragraph per chapter on the chosen country (``focus_country``), computed from the data.

Each chapter notebook shows ``country_view.paragraph(chapter, p.focus_country)`` after its parameters, so a report
built for another country says something different about it, not only in its colours.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from .countries import NAMES, WB6


@dataclass(frozen=True)
class Paragraph:
    """Text that shows itself in a notebook and a report (in a marked box, escaped)."""

    country: str
    text: str

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return (
            f'<div class="wb-country-view" data-country="{html.escape(self.country)}"><p><b>'
            f"{html.escape(NAMES[self.country])}:</b> {html.escape(self.text)}</p></div>"
        )


def _ordinal(n: int) -> str:
    return {1: "the most", 6: "the fewest"}.get(n, f"number {n}")


def _europol(code: str) -> str:
    from .analysis import europol

    counts = europol.country_counts(europol.operations(dedupe=True))
    rank = int(counts["operations"].rank(ascending=False, method="min")[code])
    tied = int((counts["operations"] == counts.at[code, "operations"]).sum())
    others = tied - 1
    place = _ordinal(rank) if tied == 1 else f"tied {rank} with {others} other{'s' if others > 1 else ''}"
    return (
        f"By the report's own ticks, {NAMES[code]} took part in {int(counts.at[code, 'operations'])} of the "
        f"{int(counts.at[code, 'of'])} distinct Europol operations of Table 2 ({counts.at[code, 'share']:.0%}; the row "
        f"printed twice counted once), {place} of the six."
    )


def _frameworks(code: str) -> str:
    from .analysis import frameworks

    cover = frameworks.coverage("strict")
    return (
        f"Under the strict reading of Table 1 it takes part in {int(cover.at[code, 'frameworks'])} of the "
        f"{len(frameworks.frameworks())} security frameworks the report lists."
    )


def _size(code: str) -> str:
    from .analysis import economy

    table = economy.panel(["population", "milex"], list(WB6), 2000, 2024)
    year = economy.latest_common_year(table, list(WB6))
    shot = economy.snapshot(table, year)
    pop, milex = shot.iloc[:, 0], shot.iloc[:, 1]
    return (
        f"In {year} it had {pop[code]:.1f} million people ({int(pop.rank(ascending=False)[code])} of the six by "
        f"population) and spent US$ {milex[code]:,.0f} million on the military (constant 2023 prices, SIPRI)."
    )


def _status(code: str) -> str:
    from .analysis import timeline

    nato = timeline.members("NATO accession", "2025-04-25")
    events = timeline.events([code])
    candidate = events[events["event_type"].str.startswith("EU candidate")]
    eu = f"an EU candidate since {candidate['date'].iloc[0]:%B %Y}" if len(candidate) else "not an EU candidate"
    return f"At the report's date it was {'a NATO member' if code in nato else 'not in NATO'} and {eu}."


def _alignment(code: str) -> str:
    from . import data

    cfsp = data.load("cfsp_alignment")
    row = cfsp[(cfsp["country"] == code) & (cfsp["period"] == "2024 H1")]
    if row.empty or pd.isna(row["alignment_rate_pct"].iloc[0]):
        return "No alignment rate with EU foreign-policy declarations for 2024 H1 is recorded for it."
    return f"It aligned with {row['alignment_rate_pct'].iloc[0]:g}% of the EU's foreign-policy declarations in 2024 H1."


def _gas(code: str) -> str:
    from .analysis import economy

    shares = economy.russian_gas_share()
    if code not in set(shares.index.get_level_values("country")):
        return "It imports no natural gas (Eurostat, to 2020)."
    series = shares.loc[code]
    return f"Russia supplied {series.iloc[-1]:.0%} of its gas imports in {int(series.index[-1])} (Eurostat)."


def _scoreboard(code: str) -> str:
    from .analysis import scoreboard

    scores = scoreboard.scores()
    return (
        f"With equal weights it ranks {int(scores.at[code, 'rank'])} of six on the cooperation scoreboard "
        f"(score {scores.at[code, 'score']:.2f})"
        + (f"; left out for lack of data: {scores.at[code, 'missing']}." if scores.at[code, "missing"] else ".")
    )


#: What each chapter's paragraph says about the chosen country.
PARTS = {
    0: (_size, _status),
    1: (_europol, _gas),
    2: (_europol, _frameworks),
    3: (_status, _europol),
    4: (_frameworks, _status),
    5: (_gas, _alignment),
    6: (_scoreboard, _alignment),
}


def paragraph(chapter: int, code: str) -> Paragraph:
    """The chapter's paragraph on one country (a WB6 code), computed from the data."""
    if code not in WB6:
        raise ValueError(f"country view: {code!r} is not one of {', '.join(WB6)}")
    return Paragraph(code, " ".join(part(code) for part in PARTS[chapter]))
