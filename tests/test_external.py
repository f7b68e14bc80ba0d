"""External datasets: loaders, units, values checked by hand against data/raw/, the panel helper."""

import subprocess
import sys

import pytest

from wbanalysis import data, vintages
from wbanalysis.analysis import economy, timeline
from wbanalysis.countries import NEIGHBOURS, WB6

#: The tables derived from data/raw/, read from the data package (never a list kept by hand).
EXTERNAL = [r["name"] for r in data.package()["resources"] if r["path"].startswith("external/")]


def test_every_external_file_is_in_the_package_with_provenance():
    resources = {r["name"]: r for r in data.package()["resources"]}
    for name in EXTERNAL:
        res = resources[name]
        assert res["path"].startswith("external/")
        source = res["sources"][0]
        assert {"title", "path", "publisher", "retrieved_from", "accessed", "raw"} <= set(source), name
        assert source["raw"] in vintages.every(), name  # the release dates live in data/raw/manifest.json
        assert source.get("vintage") or source.get("vintage_by"), name
        assert res["licenses"][0].get("name"), name
        assert len(res["description"]) > 80, name  # carries the SOURCE.md caveats


def _value(resource, **match):
    table = data.load(resource)
    for column, wanted in match.items():
        table = table[table[column] == wanted]
    assert len(table) == 1, match
    return table.iloc[0]


def test_sipri_values_match_the_source_workbook():
    # data/raw/sipri-milex/*_wide.csv, read by hand
    assert _value("sipri_milex", country="XKX", measure="constant_2023_usd_m", year=2023)["value"] == pytest.approx(
        133.18546592279202
    )
    row = _value("sipri_milex", country="SRB", measure="share_of_gdp", year=2024)
    assert row["value"] == pytest.approx(0.025951398310571357)  # a fraction, not a percent
    assert bool(row["estimate"]) is True  # Serbia 2012-2024: SIPRI estimates
    assert bool(_value("sipri_milex", country="MNE", measure="share_of_gdp", year=2023)["estimate"]) is False


def test_wdi_imf_and_eurostat_values_match_the_sources():
    assert _value("wdi_population_gdp", country="XKX", indicator="population", year=2023)["value"] == 1682668
    assert _value("imf_weo", country="MNE", concept="GGXWDG_NGDP", year=2020)["value"] == pytest.approx(108.404)
    assert bool(_value("imf_weo", country="MNE", concept="GGXWDG_NGDP", year=2026)["projection"]) is True
    assert _value("eurostat_gas", country="SRB", flow="imports_from_russia", year=2019)["value_tj"] == pytest.approx(
        83593.689
    )


def test_country_codes_are_canonical_everywhere():
    for name in ("sipri_milex", "wdi_population_gdp", "imf_weo", "eurostat_gas"):
        assert set(data.load(name)["country"]) <= set(WB6) | set(NEIGHBOURS), name
    assert "KOS" not in set(data.load("imf_weo")["country"])


def test_missing_values_are_absent_rows_not_zeros():
    gas = data.load("eurostat_gas")
    assert gas[(gas["country"] == "BIH")]["year"].min() == 2014  # no BiH data before 2014
    milex = data.load("sipri_milex")
    assert milex[milex["country"] == "XKX"]["year"].min() == 2008


def test_borders_include_kosovo_and_all_wb6():
    geo = data.load_json("naturalearth_balkans")
    codes = {f["properties"]["iso3_project"] for f in geo["features"]}
    assert set(WB6) | set(NEIGHBOURS) <= codes


def test_geojson_is_not_a_table():
    with pytest.raises(data.DataError, match="use load_json"):
        data.load("naturalearth_balkans")


def test_panel_is_tidy_with_units_and_flags():
    table = economy.panel(["population", "milex_share_gdp"], ["SRB", "HRV"], 2020, 2024)
    assert list(table.columns) == ["indicator", "unit", "country", "year", "value", "flagged"]
    share = table[(table["indicator"] == "milex_share_gdp") & (table["country"] == "SRB") & (table["year"] == 2024)]
    assert share["value"].iloc[0] == pytest.approx(2.5951398310571357)  # converted to percent
    assert share["unit"].iloc[0] == "% of GDP" and bool(share["flagged"].iloc[0])
    pop = table[(table["indicator"] == "population") & (table["country"] == "HRV")]
    assert pop["unit"].iloc[0] == "million people" and pop["year"].tolist() == [2020, 2021, 2022, 2023, 2024]
    assert table["country"].iloc[0] == "SRB"  # in the order asked for


def test_panel_errors():
    with pytest.raises(ValueError, match="valid indicators: population"):
        economy.panel(["gdpp"])
    with pytest.raises(ValueError, match="after end_year"):
        economy.panel(["gdp"], start_year=2024, end_year=2020)


def test_latest_common_year_and_snapshot():
    table = economy.panel(["population", "gdp", "milex"], list(WB6) + list(NEIGHBOURS), 2015, 2024)
    assert economy.latest_common_year(table, list(WB6)) == 2023  # World Bank GDP stops in 2023
    shot = economy.snapshot(table, 2023)
    assert shot.loc["GRC", "milex (US$ million (constant 2023))"] == pytest.approx(7014.878933107463)
    combined = economy.with_total(shot["milex (US$ million (constant 2023))"], WB6)
    assert combined["WB6 combined"] == pytest.approx(shot.loc[list(WB6), "milex (US$ million (constant 2023))"].sum())


def test_compare_to_group():
    table = economy.panel(["gdp"], list(WB6) + list(NEIGHBOURS), 2023, 2023)
    compared = economy.compare_to_group(table, 2023, NEIGHBOURS, WB6).set_index("country")
    assert compared.loc["SRB", "below_median"] and not compared.loc["SRB", "below_min"]  # above Slovenia
    assert compared.loc["MNE", "below_min"]


def test_timeline_events_and_gap():
    events = timeline.events()
    nato = events[events["event_type"] == "NATO accession"]
    assert nato["country"].tolist() == ["ALB", "MNE", "MKD"]
    assert str(nato["date"].iloc[0].date()) == "2009-04-01"
    assert timeline.parse_date("2005-12").month == 12 and timeline.parse_date("") is None
    assert timeline.gap_days("defence declaration", "defence document")[2] == 14


def test_vendor_script_reproduces_data_external_from_data_raw_alone(tmp_path):
    script = data.DATA_DIR / "scripts" / "vendor_external.py"
    run = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        env={"WBANALYSIS_OUT": str(tmp_path), "PATH": ""},
    )
    assert run.returncode == 0, run.stderr
    for path in sorted(tmp_path.iterdir()):
        assert path.read_bytes() == (data.DATA_DIR / "external" / path.name).read_bytes(), path.name
    assert len(list(tmp_path.iterdir())) == len(list((data.DATA_DIR / "external").iterdir()))
