"""A paragraph per chapter on the chosen country (``focus_country``), computed from the data with the notebook's
own choices (its years, its weights, whether Table 2's repeated row is counted once).

Each chapter notebook shows ``country_view.paragraph(chapter, p)`` after its parameters, so a report built for
another country, other years or other weights says what its tables and charts show, not what the defaults do.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .countries import NAMES, WB6

#: The MIME type under which a paragraph travels as data in a notebook's output: the build keeps it in the report's
#: record, and the page comparing variants reads it there (no page is parsed back into numbers).
MIME = "application/vnd.wbanalysis.country-view+json"

#: A part of the paragraph: its sentence, and the figures it states by name ('Rank on the scoreboard': '1').
Part = tuple[str, dict[str, str]]


@dataclass(frozen=True)
class Paragraph:
    """Text that shows itself in a notebook and a report (in a marked box, escaped), with the figures it states."""

    country: str
    text: str
    figures: tuple[tuple[str, str], ...] = ()

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return (
            f'<div class="wb-country-view" data-country="{html.escape(self.country)}"><p><b>'
            f"{html.escape(NAMES[self.country])}:</b> {html.escape(self.text)}</p></div>"
        )

    def data(self) -> dict[str, Any]:
        """The paragraph as data: the country, its text and its figures in order."""
        return {"country": self.country, "text": self.text, "figures": [list(f) for f in self.figures]}

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {"text/plain": self.text, "text/html": self._repr_html_(), MIME: self.data()}


_ORDER = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth"}


def _ordinal(n: int) -> str:
    return {1: "the most", 6: "the fewest"}.get(n, f"number {n}")


def _europol(code: str, choices: Mapping[str, Any]) -> Part:
    from .analysis import europol

    dedupe = choices.get("dedupe", True)
    years = europol.operations()["year"]
    start, end = choices.get("start_year", int(years.min())), choices.get("end_year", int(years.max()))
    counts = europol.country_counts(europol.selection(dedupe, start, end))
    rank = int(counts["operations"].rank(ascending=False, method="min")[code])
    tied = int((counts["operations"] == counts.at[code, "operations"]).sum())
    others = tied - 1
    place = _ordinal(rank) if tied == 1 else f"tied {_ORDER[rank]} with {others} other{'s' if others > 1 else ''}"
    span = f"{start}-{end}" if start != end else str(start)
    repeated = "the row printed twice counted once" if dedupe else "the row printed twice counted twice"
    taken, of = int(counts.at[code, "operations"]), int(counts.at[code, "of"])
    return (
        f"By the report's own ticks, {NAMES[code]} took part in {taken} of the {of} Europol operations of Table 2 "
        f"in {span} ({counts.at[code, 'share']:.0%}; {repeated}), {place} of the six.",
        {f"Europol operations of Table 2, {span}": f"{taken} of {of}", "Place among the six (Europol)": str(rank)},
    )


def _frameworks(code: str, choices: Mapping[str, Any]) -> Part:
    from .analysis import frameworks

    cover = frameworks.coverage("strict")
    taken, of = int(cover.at[code, "frameworks"]), len(frameworks.frameworks())
    return (
        f"Under the strict reading of Table 1 it takes part in {taken} of the {of} security frameworks the report "
        "lists.",
        {"Frameworks of Table 1 (strict reading)": f"{taken} of {of}"},
    )


def _size(code: str, choices: Mapping[str, Any]) -> Part:
    from .analysis import economy

    start, end = choices.get("start_year", 2000), choices.get("end_year", 2024)
    table = economy.panel(["population", "milex"], list(WB6), start, end)
    year = economy.latest_common_year(table, list(WB6))
    if year is None:
        return f"The data give no year from {start} to {end} with its population and military spending.", {}
    shot = economy.snapshot(table, year)
    pop, milex = shot.iloc[:, 0], shot.iloc[:, 1]
    rank = int(pop.rank(ascending=False)[code])
    return (
        f"In {year}, the latest year from {start} to {end} with figures for all six, it had {pop[code]:.1f} million "
        f"people ({rank} of the six by population) and spent US$ {milex[code]:,.0f} million on the military "
        "(constant 2023 prices, SIPRI).",
        {"Year of the sizes": str(year), "Population, millions": f"{pop[code]:.1f}",
         "Military spending, US$ million (2023 prices)": f"{milex[code]:,.0f}"},
    )


def _status(code: str, choices: Mapping[str, Any]) -> Part:
    from . import report
    from .analysis import timeline

    nato = timeline.members("NATO accession", report.DATE.isoformat())
    events = timeline.events([code])
    candidate = events[events["event_type"].str.startswith("EU candidate")]
    eu = f"an EU candidate since {candidate['date'].iloc[0]:%B %Y}" if len(candidate) else "not an EU candidate"
    member = "a NATO member" if code in nato else "not in NATO"
    return f"At the report's date it was {member} and {eu}.", {}


def _alignment(code: str, choices: Mapping[str, Any]) -> Part:
    from . import data

    cfsp = data.load("cfsp_alignment")
    row = cfsp[(cfsp["country"] == code) & (cfsp["period"] == "2024 H1")]
    if row.empty or pd.isna(row["alignment_rate_pct"].iloc[0]):
        return "No alignment rate with EU foreign-policy declarations for 2024 H1 is recorded for it.", {}
    rate = f"{row['alignment_rate_pct'].iloc[0]:g}%"
    return (f"It aligned with {rate} of the EU's foreign-policy declarations in 2024 H1.",
            {"Alignment with EU declarations, 2024 H1": rate})


def _gas(code: str, choices: Mapping[str, Any]) -> Part:
    from .analysis import economy

    shares = economy.russian_gas_share()
    if code not in set(shares.index.get_level_values("country")):
        return "It imports no natural gas (Eurostat, to 2020).", {}
    series = shares.loc[code]
    series = series[(series.index >= choices.get("start_year", 0)) & (series.index <= choices.get("end_year", 9999))]
    if series.empty:
        return "Eurostat gives no gas imports for it in the years chosen (its data stop in 2020).", {}
    year, share = int(series.index[-1]), f"{series.iloc[-1]:.0%}"
    return f"Russia supplied {share} of its gas imports in {year} (Eurostat).", {f"Russian gas share, {year}": share}


def _scoreboard(code: str, choices: Mapping[str, Any]) -> Part:
    from .analysis import scoreboard

    weights = scoreboard.weights_from(choices)
    scores = scoreboard.scores(weights or scoreboard.DEFAULT_WEIGHTS)
    equal = len(set(scoreboard.check_weights(weights).values())) == 1
    missing = scores.at[code, "missing"]
    text = (
        f"With {'equal weights' if equal else 'the weights set for this report'} it ranks "
        f"{int(scores.at[code, 'rank'])} of six on the cooperation scoreboard (score {scores.at[code, 'score']:.2f})"
        + (f"; left out for lack of data: {missing}." if missing else ".")
    )
    figures = {"Weights": "equal" if equal else "set for this report"}
    figures |= {f"Scoreboard: {NAMES[c]}": f"{int(scores.at[c, 'rank'])} ({scores.at[c, 'score']:.2f})" for c in WB6}
    return text, figures


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


def paragraph(chapter: int, choices: Mapping[str, Any] | str) -> Paragraph:
    """The chapter's paragraph on the country in focus, computed from the data with the notebook's choices (its
    parameters: ``focus_country``, and the years, weights and ``dedupe`` where it has them); a bare country code
    means the defaults."""
    choices = {"focus_country": choices} if isinstance(choices, str) else dict(choices)
    code = choices.get("focus_country", "")
    if code not in WB6:
        raise ValueError(f"country view: {code!r} is not one of {', '.join(WB6)}")
    parts = [part(code, choices) for part in PARTS[chapter]]
    figures = {"Country in focus": NAMES[code]}
    for _, stated in parts:
        figures |= stated
    return Paragraph(code, " ".join(text for text, _ in parts), tuple(figures.items()))
