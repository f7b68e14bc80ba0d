"""The claims ledger (``data/claims.csv``) and one registered check per claim.

A check computes its verdict from ``data/`` only.  Verdicts describe the
report's own scope, so they do not depend on exploration parameters.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import pandas as pd

from . import data
from .analysis import europol, frameworks
from .countries import NAMES, WB6

VERDICTS = ("supported", "partly supported", "contradicted", "not checkable")
#: The share this project reads "nearly every" as (claim C2-5).
NEARLY_EVERY = 0.8
#: The share this project reads "largely" as (claim C2-1).
LARGELY = 0.75


@dataclass(frozen=True)
class Finding:
    """What a check found: a verdict, the observed value, the evidence and (if not checkable) why."""

    verdict: str
    observed: str
    evidence: list[str] = field(default_factory=list)
    reason: str = ""

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict {self.verdict!r} is not one of {VERDICTS}")
        if self.verdict == "not checkable" and not self.reason:
            raise ValueError("a 'not checkable' verdict needs a reason")


@dataclass(frozen=True)
class Verdict:
    """A claim from the ledger together with its finding; shows itself in a notebook."""

    id: str
    chapter: int
    author: str
    quote: str
    place: str
    kind: str
    test: str
    verdict: str
    observed: str
    evidence: list[str]
    reason: str

    def to_dict(self) -> dict:
        return asdict(self)

    def __repr__(self) -> str:
        lines = [
            f'{self.id} ({self.author}): "{self.quote}"',
            f"  verdict: {self.verdict}",
            f"  observed: {self.observed}",
        ]
        lines += [f"  evidence: {e}" for e in self.evidence]
        if self.reason:
            lines.append(f"  why: {self.reason}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        evidence = "".join(f"<li>{esc(e)}</li>" for e in self.evidence)
        reason = f"<p><b>Why not checkable:</b> {esc(self.reason)}</p>" if self.reason else ""
        badge = esc(self.verdict)
        return (
            f'<div class="wb-claim" data-verdict="{badge}">'
            f"<p><b>{esc(self.id)}</b> · {esc(self.author)} · <i>{esc(self.kind)}</i></p>"
            f"<blockquote>“{esc(self.quote)}”</blockquote>"
            f'<p><span class="wb-verdict wb-{badge.replace(" ", "-")}">Verdict: {badge}</span></p>'
            f"<p><b>Observed:</b> {esc(self.observed)}</p>{reason}"
            f"<p><b>Evidence:</b></p><ul>{evidence}</ul></div>"
        )


#: The reason given when no source here records what a claim states.
NO_SOURCE = "no public data here: none of the sources gathered records it"


def not_checkable(observed: str, reason: str = NO_SOURCE, evidence: str = "no resource holds it") -> Finding:
    """The finding for a claim the data here cannot test, with what is missing and why."""
    return Finding("not checkable", observed, [evidence], reason=reason)


Check = Callable[[], Finding]
CHECKS: dict[str, Check] = {}


def check(claim_id: str) -> Callable[[Check], Check]:
    """Register a function as the check of one claim."""

    def register(func: Check) -> Check:
        if claim_id in CHECKS:
            raise ValueError(f"claim {claim_id} already has a check")
        CHECKS[claim_id] = func
        return func

    return register


def ledger() -> pd.DataFrame:
    """The claims ledger, ordered by chapter and claim number."""
    table = data.load("claims")
    number = table["id"].str.split("-").str[1].astype(int)
    return table.assign(_n=number).sort_values(["chapter", "_n"]).drop(columns="_n").reset_index(drop=True)


_CACHE: dict[tuple[str, str, tuple], Verdict] = {}


def evaluate(claim_id: str) -> Verdict:
    """Run one claim's check and return its verdict (remembered while the data package is unchanged).

    The key is ``data.fingerprint()``: the size and modification time of every data file, so an
    edited file is checked again (and refused by ``data.load`` until it is rehashed).
    """
    key = (claim_id, str(data.DATA_DIR), data.fingerprint())
    if key not in _CACHE:
        _CACHE[key] = _evaluate(claim_id)
    return _CACHE[key]


def _evaluate(claim_id: str) -> Verdict:
    table = ledger()
    rows = table[table["id"] == claim_id]
    if rows.empty:
        raise KeyError(f"unknown claim {claim_id!r}; the ledger has {', '.join(table['id'])}")
    if claim_id not in CHECKS:
        raise KeyError(f"claim {claim_id} has no registered check")
    row = rows.iloc[0]
    found = CHECKS[claim_id]()
    return Verdict(
        id=claim_id,
        chapter=int(row["chapter"]),
        author=row["author"],
        quote=row["quote"],
        place=row["place"],
        kind=row["kind"],
        test=row["test"],
        verdict=found.verdict,
        observed=found.observed,
        evidence=list(found.evidence),
        reason=found.reason,
    )


def normal_verdict(text: str) -> str:
    """A verdict as the ledger spells it, from any case and separator ('Partly_Supported'); error lists them."""
    key = " ".join(text.replace("_", " ").replace("-", " ").lower().split())
    if key not in VERDICTS:
        raise ValueError(f"unknown verdict {text!r}; valid verdicts: {', '.join(VERDICTS)}")
    return key


def evaluate_all(chapter: int | None = None, verdict: str | None = None) -> list[Verdict]:
    """Every claim in the ledger (optionally one chapter or one verdict), checked."""
    verdict = normal_verdict(verdict) if verdict is not None else None
    ids = ledger()
    if chapter is not None:
        chapters = sorted(set(ids["chapter"].astype(int)))
        if chapter not in chapters:
            raise ValueError(
                f"unknown chapter {chapter}; valid chapters: {', '.join(map(str, chapters))} "
                "(0 is the introduction, 6 the conclusions)"
            )
        ids = ids[ids["chapter"] == chapter]
    results = [evaluate(i) for i in ids["id"]]
    return [r for r in results if verdict is None or r.verdict == verdict]


def table(verdicts: list[Verdict]) -> pd.DataFrame:
    """Verdicts as a compact table (id, quote, verdict, observed), indexed by id."""
    return pd.DataFrame(
        [{"id": v.id, "quote": v.quote, "verdict": v.verdict, "observed": v.observed} for v in verdicts]
    ).set_index("id")


def scorecard(verdicts: list[Verdict], by: str = "chapter") -> pd.DataFrame:
    """Counts of verdicts per chapter (or per ``by``: any Verdict field), every verdict a column in a fixed order."""
    frame = pd.DataFrame([{by: getattr(v, by), "verdict": v.verdict} for v in verdicts])
    counts = pd.crosstab(frame[by], frame["verdict"]).reindex(columns=list(VERDICTS), fill_value=0)
    counts.columns.name = None
    return counts


def _pct(part: int, whole: int) -> str:
    return f"{part} of {whole} ({part / whole:.1%})"


# --- Chapter 1 (Ilazi) -------------------------------------------------------------------------


@check("C1-1")
def _arrests_hundreds() -> Finding:
    distinct = europol.operations(dedupe=True)
    figures = europol.arrests_from_titles(distinct).dropna(subset=["arrests"])
    total = int(figures["arrests"].sum())
    rows = ", ".join(str(r) for r in figures["row"])
    return Finding(
        "supported" if total >= 200 else "contradicted",
        f"{total:,} arrests stated in {len(figures)} of the {len(distinct)} distinct Table 2 titles (a lower bound)",
        [f"table2_europol_operations rows {rows}: arrest figures in the titles"],
    )


@check("C1-2")
def _kosovo_access() -> Finding:
    counts = frameworks.coverage_by("scope", "strict").loc["EU-led", list(WB6)]
    others = counts.drop("XKX")
    observed = (
        ", ".join(f"{c} {counts[c]}" for c in WB6)
        + f" of {frameworks.coverage_by('scope').loc['EU-led', 'frameworks']}"
    )
    lowest = counts["XKX"] < others.min()
    return Finding(
        "supported" if lowest else "contradicted",
        f"EU-led frameworks joined under the strict reading: {observed}",
        ["table1_participation: Europol (working arrangement only), Eurojust (excluded), EUDA (beneficiary)"],
    )


# --- Chapter 2 (Zorić) -------------------------------------------------------------------------


@check("C2-1")
def _largely_broader() -> Finding:
    table = frameworks.frameworks()
    wider = frameworks.beyond_wb6(table)
    scopes = table["scope"].value_counts().sort_index()
    share = wider.mean()
    only_wb6 = ", ".join(wider.index[~wider])
    return Finding(
        "supported" if share >= LARGELY else "contradicted",
        f"{_pct(int(wider.sum()), len(wider))} frameworks include actors beyond the WB6 "
        f"(only {only_wb6} does not); by scope: " + ", ".join(f"{k} {v}" for k, v in scopes.items()),
        ["table1_frameworks: key_actors and scope of all 16 rows"],
    )


@check("C2-2")
def _exceptions_named() -> Finding:
    open_rows = frameworks.unsettled()
    total = len(frameworks.frameworks())
    settled = total - len(open_rows)
    details = "; ".join(f"{fid}: {row.countries} ({row.status})" for fid, row in open_rows.iterrows())
    verdict = "supported" if open_rows.empty else "partly supported"
    return Finding(
        verdict,
        f"{_pct(settled, total)} rows settle every WB6 country's participation; unstated: {details}",
        ["table1_participation: statuses not_listed and implied"],
    )


@check("C2-3")
def _period() -> Finding:
    years = europol.operations()["year"]
    inside = years.between(2023, 2025)
    return Finding(
        "supported" if inside.all() else "partly supported",
        f"{_pct(int(inside.sum()), len(years))} rows dated 2023-2025 (years {years.min()}-{years.max()})",
        ["table2_europol_operations: year of every row"],
    )


@check("C2-4")
def _all_six() -> Finding:
    printed = europol.country_counts(europol.operations())["operations"]
    counts = europol.country_counts(europol.operations(dedupe=True))
    distinct = counts["operations"]
    engaged = bool((printed > 0).all() and (distinct > 0).all())
    least = distinct.idxmin()
    absent = ", ".join(c for c in WB6 if printed[c] == 0 or distinct[c] == 0)
    return Finding(
        "supported" if engaged else "contradicted",
        (
            f"every WB6 country has at least one ✓; fewest: {NAMES[least]} with {distinct[least]} of "
            f"{counts['of'].iloc[0]} distinct operations"
        )
        if engaged
        else f"no ✓ for {absent}",
        ["table2_europol_operations: ✓ counts per country (printed and deduplicated)"],
    )


@check("C2-5")
def _serbia_nearly_every() -> Finding:
    results = []
    for dedupe in (False, True):
        counts = europol.country_counts(europol.operations(dedupe=dedupe))
        top = counts["operations"].max()
        results.append(
            (counts.loc["SRB"], counts["operations"].idxmax() == "SRB" and (counts["operations"] == top).sum() == 1)
        )
    ok = all(row["share"] >= NEARLY_EVERY and highest for row, highest in results)
    (printed, _), (distinct, _) = results
    return Finding(
        "supported" if ok else "partly supported",
        f"Serbia in {_pct(int(printed['operations']), int(printed['of']))} printed rows and "
        f"{_pct(int(distinct['operations']), int(distinct['of']))} distinct operations, the most of the six",
        ["table2_europol_operations: SRB column; corrections K1 (duplicate row)"],
    )


@check("C2-6")
def _rows_distinct() -> Finding:
    table = europol.operations()
    groups = europol.duplicates(table)
    repeats = int(sum(len(r) - 1 for r in groups["rows"]))
    distinct = len(table) - repeats
    if groups.empty:
        return Finding("supported", f"all {len(table)} rows are distinct", ["table2_europol_operations"])
    listed = "; ".join(
        f"rows {', '.join(map(str, r))}: {op}" for op, r in zip(groups["operation"], groups["rows"], strict=True)
    )
    return Finding(
        "partly supported",
        f"{distinct} distinct operations in {len(table)} printed rows; repeated: {listed}",
        [
            "table2_europol_operations",
            "corrections K1: data/external/europol_releases.csv rows 4 and 19 are one release",
        ],
    )


@check("C2-7")
def _kosovo_agreements() -> Finding:
    return not_checkable(
        "no count of Kosovo's agreements available",
        reason="no public data here: neither the minister's statement nor a list of the agreements "
        "was found in the sources gathered",
        evidence="data/external/kosovo_agreements.csv: verified_count left empty",
    )


@check("C2-8")
def _judiciary_distrust() -> Finding:
    return not_checkable(
        "no Balkan Barometer trust series available",
        reason="no public data here: the Balkan Barometer tables on trust in courts were not in the sources gathered",
        evidence="data/external/survey_figures.csv: Balkan Barometer judiciary series marked not found",
    )


# --- Chapter 3 (Džankić) -----------------------------------------------------------------------


@check("C3-1")
def _over_500() -> Finding:
    table = europol.operations()
    row = table[table["row"] == 11].iloc[0]
    figure = europol.arrests_in_title(row["operation"])
    return Finding(
        "supported" if figure is not None and figure > 500 else "contradicted",
        f"{figure} arrests in the title of Table 2 row 11 ({row['operation']!r}, {row['year']})",
        [
            "table2_europol_operations row 11",
            "data/external/north_macedonia_2023_check.csv: same operation (JAD SEE 2023, Skopje)",
        ],
    )


def verify_quotes(report_text: str | None = None) -> list[tuple[str, str]]:
    """Claims whose quote does not appear word for word in the report text (a file or a folder of .txt).

    ``report_text`` defaults to ``$WBANALYSIS_REPORT_TEXT``; the text is not distributed with the project.
    """
    from . import paths

    files = paths.report_text_files(report_text)
    text = " ".join(" ".join(f.read_text(encoding="utf-8").split()) for f in files)
    table = ledger()
    return [(i, q) for i, q in zip(table["id"], table["quote"], strict=True) if " ".join(q.split()) not in text]


# --- Introduction, and the external evidence -----------------------------------------------------


def _size_comparison(indicators: list[str]) -> tuple[pd.DataFrame, int]:
    from .analysis import economy
    from .countries import NEIGHBOURS

    table = economy.panel(indicators, start_year=2000, end_year=2024)
    year = economy.latest_common_year(table, list(WB6) + list(NEIGHBOURS))
    return economy.compare_to_group(table, year, NEIGHBOURS, WB6), year


def _size_finding(indicators: list[str], evidence: list[str]) -> Finding:
    compared, year = _size_comparison(indicators)
    below = compared["below_median"]
    above_min = compared[~compared["below_min"]]
    exceptions = "; ".join(
        f"{r.country} above the smallest neighbour on {r.indicator.split(' (')[0]}" for r in above_min.itertuples()
    )
    verdict = "supported" if below.all() else ("partly supported" if below.mean() >= 0.5 else "contradicted")
    return Finding(
        verdict,
        f"{year}: {int(below.sum())} of {len(below)} country-indicator values of the WB6 are below the median of the "
        f"six neighbouring EU states (HRV, SVN, HUN, ROU, BGR, GRC)" + (f"; {exceptions}" if exceptions else ""),
        evidence,
    )


@check("C0-1")
def _no_country_alone() -> Finding:
    return not_checkable(
        "no measure of threats against national capacity",
        reason="qualitative: 'the scale and complexity of contemporary threats' has no measure in the data",
        evidence="notebooks/00_overview: population, GDP and military spending as context",
    )


@check("C1-3")
def _small_states() -> Finding:
    return _size_finding(
        ["population", "gdp", "milex"],
        ["wdi_population_gdp (population, gdp_current_usd)", "sipri_milex (constant_2023_usd_m)"],
    )


@check("C3-3")
def _limited_defence() -> Finding:
    found = _size_finding(["milex"], ["sipri_milex (constant_2023_usd_m); institutional capacity not measured"])
    verdict = "partly supported" if found.verdict == "supported" else found.verdict
    return Finding(verdict, found.observed + "; institutional capacity is not measured here", found.evidence)


def _defence_documents() -> tuple[str, str, int, str]:
    from .analysis import timeline

    first, second, days = timeline.gap_days("defence declaration", "defence document")
    source = data.load("milestones")
    url = source[source["event_type"] == "defence declaration"]["source_url"].iloc[0]
    return first.date().isoformat(), second.date().isoformat(), days, url


@check("C1-4")
def _days_after() -> Finding:
    first, second, days, url = _defence_documents()
    in_order = days > 0
    return Finding(
        "partly supported" if in_order else "contradicted",
        f"Albania-Croatia-Kosovo declaration {first}, Hungary-Serbia document {second}: {days} days later; "
        "the Hungary-Serbia text was a 2025 military cooperation plan putting a 2023 agreement into effect, "
        "not a new agreement",
        [f"milestones: defence declaration and defence document rows ({url})"],
    )


@check("C4-1")
def _ten_days() -> Finding:
    first, second, days, url = _defence_documents()
    return Finding(
        "supported" if days == 10 else "contradicted",
        f"{days} days between {first} and {second} (the chapter says 10; chapter 1 says 'just days')",
        [f"milestones: defence declaration and defence document rows ({url})"],
    )


@check("C2-9")
def _eurobarometer() -> Finding:
    surveys = data.load("survey_figures")
    row = surveys[
        (surveys["geography"] == "EU27")
        & surveys["survey"].str.contains("Winter 2025")
        & surveys["indicator"].str.contains("more important role in protecting")
    ].iloc[0]
    later = surveys[surveys["survey"].str.contains("later 2025 wave")]
    note = f"; a later 2025 wave gives {later['value_pct'].iloc[0]:g}%" if not later.empty else ""
    return Finding(
        "supported" if row["value_pct"] == 66 else "contradicted",
        f"{row['value_pct']:g}% of EU27 citizens ({row['survey']}, fieldwork {row['fieldwork']}){note}",
        [f"survey_figures: {row['source_url']}"],
    )


@check("C3-2")
def _nato_members() -> Finding:
    from .analysis import timeline

    joined = timeline.members("NATO accession", "2025-04-25")
    claimed = ["ALB", "MNE", "MKD"]
    return Finding(
        "supported" if joined == claimed else "contradicted",
        "NATO members among the WB6 before 25 April 2025: " + ", ".join(NAMES[c] for c in joined),
        ["milestones: NATO accession rows (ALB 2009-04-01, MNE 2017-06-05, MKD 2020-03-27)"],
    )


class Report(list):
    """Several verdicts shown together (cards in HTML, text otherwise), in ledger order."""

    def __repr__(self) -> str:
        return "\n\n".join(repr(v) for v in self)

    def _repr_html_(self) -> str:
        return "".join(v._repr_html_() for v in self)


def chapter_report(chapter: int) -> Report:
    """Every claim of one chapter with its verdict, ready to display."""
    return Report(evaluate_all(chapter=chapter))


def by_kind(verdicts: list[Verdict]) -> pd.DataFrame:
    """Counts of verdicts per kind of claim."""
    return scorecard(verdicts, by="kind")


#: ClaimReview ratings: 1 = false ... 4 = true; "not checkable" has no numeric rating.
RATINGS = {"contradicted": 1, "partly supported": 2, "supported": 4}
REPORT_TITLE = "Regional Security Cooperation in the Western Balkans"


def claimreview(verdicts: list[Verdict]) -> list[dict]:
    """schema.org ClaimReview objects (JSON-LD) for the verdicts.

    reviewRating: ratingValue 1 (contradicted), 2 (partly supported) or 4 (supported) on a scale
    worstRating 1 to bestRating 4, the verdict in alternateName; "not checkable" carries no
    ratingValue, only the alternateName and the reason.
    """
    reviews = []
    for v in verdicts:
        rating = {"@type": "Rating", "worstRating": 1, "bestRating": 4, "alternateName": v.verdict}
        if v.verdict in RATINGS:
            rating["ratingValue"] = RATINGS[v.verdict]
        else:
            rating["ratingExplanation"] = v.reason
        reviews.append(
            {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "identifier": v.id,
                "claimReviewed": v.quote,
                "reviewBody": v.observed,
                "author": {"@type": "Organization", "name": "wbanalysis"},
                "reviewRating": rating,
                "itemReviewed": {
                    "@type": "Claim",
                    "author": {
                        "@type": "Person" if v.author.startswith(("Dr", "Stefan")) else "Organization",
                        "name": v.author,
                    },
                    "appearance": {
                        "@type": "CreativeWork",
                        "name": REPORT_TITLE,
                        "publisher": {"@type": "Organization", "name": "Kosovar Centre for Security Studies"},
                        "datePublished": "2025-04-25",
                        "position": v.chapter,
                    },
                },
            }
        )
    return reviews


from . import checks as _checks  # noqa: E402,F401  registers the remaining checks
