"""A per-country security-cooperation scoreboard: the conclusions' "measurable benchmark", made explicit.

Five indicators from the data, each rescaled to 0-1 across the WB6 (min-max; a binary one as is):

- ``europol``: share of the 20 distinct Table 2 operations the country took part in;
- ``frameworks``: share of Table 1's frameworks it takes part in (strict reading);
- ``cfsp``: alignment with EU foreign-policy declarations, H1 2024 (ISAC; none published for Kosovo);
- ``nato``: NATO member before the report (milestones);
- ``milex``: military spending as a share of GDP, 2024 (SIPRI).

The score is the weighted mean of the indicators a country has; a missing indicator is left out and
the remaining weights are renormalised (and reported), never filled in.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .. import data, report
from ..countries import WB6
from ..labels import label
from . import economy, europol, frameworks, timeline

INDICATORS = ("europol", "frameworks", "cfsp", "nato", "milex")
DEFAULT_WEIGHTS = {name: 1.0 for name in INDICATORS}


def raw_indicators() -> pd.DataFrame:
    """Country x indicator values in their own units (missing where the data have none).

    Read once per version of the data files (every score and sensitivity row needs them)."""
    if data._SUBSTITUTES:  # tables substituted in memory (a check of the checks): not the files' version
        return _raw_indicators()
    return _remembered(str(data.DATA_DIR), data.fingerprint()).copy()


@functools.lru_cache(maxsize=4)
def _remembered(_data_dir: str, _version: tuple) -> pd.DataFrame:
    return _raw_indicators()


def _raw_indicators() -> pd.DataFrame:
    ops = europol.country_counts(europol.operations(dedupe=True))["share"]
    cover = frameworks.coverage("strict")["share"]
    cfsp = data.load("cfsp_alignment")
    cfsp = cfsp[(cfsp["period"] == "2024 H1")].set_index("country")["alignment_rate_pct"].astype(float) / 100
    nato = pd.Series({c: float(c in timeline.members("NATO accession", report.DATE.isoformat())) for c in WB6})
    milex = economy.snapshot(economy.panel(["milex_share_gdp"], WB6, 2024, 2024), 2024).iloc[:, 0] / 100
    table = pd.DataFrame({"europol": ops, "frameworks": cover, "cfsp": cfsp, "nato": nato, "milex": milex})
    return table.reindex(list(WB6)).astype(float)


def normalised(raw: pd.DataFrame) -> pd.DataFrame:
    """Each indicator rescaled to 0-1 across the countries (min-max); constant columns become 1."""
    low, high = raw.min(), raw.max()
    span = (high - low).replace(0, np.nan)
    return ((raw - low) / span).fillna(raw.notna().astype(float).where(raw.notna()))


def check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Weights for every indicator: non-negative numbers, not all zero."""
    unknown = [k for k in weights if k not in INDICATORS]
    if unknown:
        raise ValueError(f"unknown indicator {unknown[0]!r}; indicators: {', '.join(INDICATORS)}")
    full = DEFAULT_WEIGHTS | dict(weights)
    if any(w < 0 for w in full.values()) or sum(full.values()) == 0:
        raise ValueError("weights must be non-negative and not all zero")
    return full


def scores(weights: Mapping[str, float] = DEFAULT_WEIGHTS, countries: Sequence[str] = WB6) -> pd.DataFrame:
    """Per country: weighted score (0-1), rank (1 = highest) and the indicators left out as missing."""
    full = check_weights(weights)
    norm = normalised(raw_indicators()).loc[list(countries)]
    w = pd.Series(full)[list(INDICATORS)]
    present = norm.notna()
    weight_present = (present * w).sum(axis=1)
    score = ((norm.fillna(0) * w).sum(axis=1) / weight_present.where(weight_present > 0)).round(3)
    result = pd.DataFrame({"score": score})
    result["rank"] = result["score"].rank(ascending=False, method="min").astype("Int64")
    result["missing"] = [", ".join(label(i) for i in INDICATORS if not present.loc[c, i]) for c in result.index]
    return result.sort_values(["rank", "score"], na_position="last")


def sensitivity(
    indicator: str,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    values: Sequence[float] = (0, 0.5, 1, 2, 3, 5),
    countries: Sequence[str] = WB6,
) -> pd.DataFrame:
    """Rank of each country (columns) as one indicator's weight takes each of ``values`` (rows)."""
    if indicator not in INDICATORS:
        raise ValueError(f"unknown indicator {indicator!r}; indicators: {', '.join(INDICATORS)}")
    rows = {}
    for value in values:
        varied = check_weights(weights) | {indicator: float(value)}
        if sum(varied.values()) == 0:
            continue
        rows[value] = scores(varied, countries)["rank"]
    table = pd.DataFrame(rows).T[list(countries)]
    table.index.name = f"weight of {indicator}"
    return table


def weights_from(parameters: Mapping[str, float]) -> dict[str, float]:
    """The ``weight_<indicator>`` entries of a notebook's parameters as a weights mapping."""
    return {name: float(parameters[f"weight_{name}"]) for name in INDICATORS if f"weight_{name}" in parameters}
