"""Rebuild data/external/ from the public source files kept as retrieved in data/raw/.

Run from the repository root:

    .venv/bin/python data/scripts/vendor_external.py [RAW_FOLDER]

($WBANALYSIS_OUT writes elsewhere, e.g. to compare with the committed files.)

Values are copied, never changed: rows are selected, reshaped to long form and
given the project's country codes (ISO alpha-3, XKX for Kosovo).  Afterwards
run ``wbanalysis data rehash`` to record the new hashes.  A test re-runs this
script into a temporary folder and checks that it reproduces data/external/.
"""

from __future__ import annotations

import math
import os
import shutil
import sys
from pathlib import Path

import pandas as pd

from wbanalysis.countries import ALL_NAMES, NEIGHBOURS, WB6, to_code

ROOT = Path(__file__).resolve().parents[2]
COUNTRIES = list(WB6) + list(NEIGHBOURS)


def _write(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def _codes(cell: str) -> str:
    """'Albania; Croatia; Kosovo' -> 'ALB;HRV;XKX' (empty stays empty)."""
    if not isinstance(cell, str) or not cell.strip():
        return ""
    return ";".join(to_code(part, ALL_NAMES) for part in cell.split(";"))


def sipri(src: Path, out: Path) -> None:
    long = pd.read_csv(src / "sipri-milex" / "sipri_milex_long.csv")
    measures = {
        "Constant (2023) US$": "constant_2023_usd_m",
        "Current US$": "current_usd_m",
        "Share of GDP": "share_of_gdp",
    }
    keep = long[
        long["sheet"].isin(measures) & long["iso3"].isin(COUNTRIES) & long["value"].notna() & (long["year"] >= 1995)
    ]
    table = pd.DataFrame(
        {
            "country": keep["iso3"],
            "year": keep["year"],
            "measure": keep["sheet"].map(measures),
            "value": keep["value"],
            "estimate": keep["font_flag"].eq("blue_estimate").map({True: "true", False: "false"}),
            "notes": keep["Notes"].fillna(""),
        }
    )
    _write(table.sort_values(["country", "measure", "year"]), out / "sipri_milex.csv")


def wdi(src: Path, out: Path) -> None:
    parts = []
    for code, indicator in (("SP.POP.TOTL", "population"), ("NY.GDP.MKTP.CD", "gdp_current_usd")):
        frame = pd.read_csv(src / "wdi-pop-gdp" / f"wdi_{code}_wb6_neighbours.csv")
        frame = frame[frame["Year"] >= 1995]
        parts.append(
            pd.DataFrame(
                {
                    "country": frame["Country Code"],
                    "year": frame["Year"],
                    "indicator": indicator,
                    "value": frame["Value"],
                }
            )
        )
    table = pd.concat(parts)
    _write(
        table[table["country"].isin(COUNTRIES)].sort_values(["country", "indicator", "year"]),
        out / "wdi_population_gdp.csv",
    )


def weo(src: Path, out: Path) -> None:
    frame = pd.read_csv(src / "imf-weo" / "weo_oct2025_wb6_neighbours.csv")
    concepts = ["GGXWDG_NGDP", "NGDPD", "NGDPDPC", "LP"]
    keep = frame[
        frame["concept"].isin(concepts)
        & frame["iso3"].isin(COUNTRIES)
        & frame["year"].between(2000, 2030)
        & frame["value"].notna()
    ]
    projection = keep["after_last_actual"].map({True: "true", False: "false", "True": "true", "False": "false"})
    table = pd.DataFrame(
        {
            "country": keep["iso3"],
            "year": keep["year"],
            "concept": keep["concept"],
            "unit": keep["unit"],
            "scale": keep["scale"].astype(int),
            "value": keep["value"],
            "projection": projection.fillna(""),
        }
    )
    _write(table.sort_values(["country", "concept", "year"]), out / "imf_weo.csv")


#: The April 2025 file's letter codes for units and its scale as a multiplier, as the October file writes them.
APRIL_UNITS = {"K": "PT", "P": "USD", "N": "na"}


def weo_april(src: Path, out: Path) -> None:
    """The IMF's April 2025 vintage (the one out at the report's date), held for 2021-2030 only, in the columns of
    the October vintage (units as codes, scale as a power of ten, ``projection`` = after the last actual year)."""
    frame = pd.read_csv(src / "imf-weo" / "weo_apr2025_cut_2021_2030_wb6_neighbours.csv")
    keep = frame[frame["concept"].isin(["GGXWDG_NGDP", "NGDPD", "NGDPDPC", "LP"]) & frame["iso3"].isin(COUNTRIES)
                 & frame["value"].notna()]
    last = keep["lastactualdate"]
    table = pd.DataFrame(
        {
            "country": keep["iso3"],
            "year": keep["year"],
            "concept": keep["concept"],
            "unit": keep["unit"].map(APRIL_UNITS),
            "scale": keep["scale"].map(lambda m: round(math.log10(m))).astype(int),
            "value": keep["value"],
            "projection": [("true" if y > a else "false") if pd.notna(a) else "" for y, a in zip(keep["year"], last,
                                                                                               strict=True)],
        }
    )
    _write(table.sort_values(["country", "concept", "year"]), out / "imf_weo_apr2025.csv")


def gas(src: Path, out: Path) -> None:
    imports = pd.read_csv(src / "eurostat-gas" / "nrg_ti_gas_imports_by_partner_2011_2020.csv")
    imports = imports[imports["siec"] == "Natural gas"]
    imports = imports.assign(flow="imports_from_" + imports["partner"].str.lower())
    balance = pd.read_csv(src / "eurostat-gas" / "nrg_cb_gas_balance_selected_2011_2020.csv")
    flows = {
        "Indigenous production": "indigenous_production",
        "Inland consumption - calculated": "inland_consumption_calculated",
    }
    balance = balance[balance["nrg_bal"].isin(flows)].assign(flow=lambda f: f["nrg_bal"].map(flows))
    both = pd.concat([imports, balance])
    both = both[both["geo"].isin(COUNTRIES) & both["value"].notna()]
    table = pd.DataFrame(
        {"country": both["geo"], "year": both["year"], "flow": both["flow"], "value_tj": both["value"]}
    )
    _write(table.sort_values(["country", "flow", "year"]), out / "eurostat_gas.csv")


def borders(src: Path, out: Path) -> None:
    shutil.copyfile(
        src / "naturalearth-balkans" / "ne_50m_admin0_balkans_clip.geojson", out / "naturalearth_balkans.geojson"
    )


def events(src: Path, out: Path) -> None:
    ev = src / "events"
    milestones = pd.read_csv(ev / "milestones.csv", dtype=str, keep_default_na=False)
    milestones.insert(2, "countries", milestones["country"].map(_codes))
    _write(milestones.drop(columns="country"), out / "milestones.csv")

    cfsp = pd.read_csv(ev / "cfsp_alignment.csv", dtype=str, keep_default_na=False)
    cfsp["country"] = cfsp["country"].map(lambda c: to_code(c))
    _write(cfsp, out / "cfsp_alignment.csv")

    for name, target in (
        ("berlin_process_summits.csv", "berlin_summits.csv"),
        ("berlin_process_security_topics.csv", "berlin_topics.csv"),
    ):
        shutil.copyfile(ev / name, out / target)


#: How a row of the primary evidence bears on its fact, from the gatherer's stance and publisher: evidence (it
#: confirms, refutes or partly confirms the fact), context, searched (looked for, not found), opinion (the fact is
#: a statement of opinion), report (the report itself, which cannot corroborate itself) or derived (a figure the
#: gatherer computed from other rows or from the project's own compilations: never evidence of its own).
ROLES = {"confirms": "evidence", "refutes": "evidence", "partly": "evidence", "context": "context",
         "not_found": "searched", "not_factual": "opinion"}


def _role(stance: str, publisher: str) -> str:
    who = publisher.strip().lower()
    if who.startswith("kcss report"):
        return "derived" if "compared with" in who else "report"
    if who.startswith(("project data", "project compilation", "derived")):
        return "derived"
    return ROLES.get(stance, "context")


def _split_address(address: str) -> tuple[str, str]:
    """(the public addresses, the gatherer's own working files) of an address cell: a page's address is public;
    'data/external/... rows 5-6' names a file of the gatherer's that no reader can open."""
    parts = [p.strip() for p in address.split(";") if p.strip()]
    public = [p for p in parts if p.startswith(("http://", "https://"))]
    return " ; ".join(public), "; ".join(p for p in parts if p not in public)


def _joined(*texts: str) -> str:
    kept = [t.strip() for t in texts if t and t.strip()]
    return kept[0] if len(kept) == 1 else "; ".join(t.rstrip(".") for t in kept)


def primary_evidence(src: Path, out: Path) -> None:
    """One row per (claim, fact, source) as gathered, with its row in the raw file (as a spreadsheet numbers it),
    its role and the first and last day its free-text publication date allows (``wbanalysis.dates.bounds``).  A
    page with no date, or only a first one, existed by the day it was retrieved: that day is its last."""
    import json
    from datetime import date

    from wbanalysis.dates import bounds

    sources = json.loads((src / "manifest.json").read_text(encoding="utf-8"))["sources"]
    retrieved = date.fromisoformat(next(s["retrieved"] for s in sources if s["name"] == "primary-evidence"))
    raw = pd.read_csv(src / "primary-evidence" / "evidence.csv", dtype=str, keep_default_na=False)
    first_last = [(first, last or retrieved) for first, last in raw["published"].map(bounds)]
    public, local = zip(*raw["address"].map(_split_address), strict=True)
    table = raw.assign(
        address=public,
        note=[_joined(n, f"also cited by the gatherer: {w}" if w else "") for n, w in zip(raw["note"], local,
                                                                                           strict=True)],
        source_row=range(2, len(raw) + 2),
        role=[_role(s, p) for s, p in zip(raw["stance"], raw["publisher"], strict=True)],
        published_first=[f.isoformat() if f else "" for f, _ in first_last],
        published_last=[last.isoformat() if last else "" for _, last in first_last],
    )
    columns = ["claim_id", "fact_no", "source_row", "role", "stance", "finding", "value", "publisher", "title",
               "address", "published", "published_first", "published_last", "tier", "reproduces", "searched", "note"]
    _write(table[columns], out / "evidence.csv")


def main(src: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for step in (sipri, wdi, weo, weo_april, gas, borders, events, primary_evidence):
        step(src, out)


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data" / "raw"
    main(source, Path(os.environ.get("WBANALYSIS_OUT", ROOT / "data" / "external")))
