"""The data package: schemas, hashes, clear errors, and the transcription against the report's text."""

import csv
import json

import pytest

from wbanalysis import data
from wbanalysis.errors import DataError


def test_every_resource_is_valid_and_matches_its_hash():
    assert data.validate_package() == []


def test_frictionless_validates_the_whole_package():
    from frictionless import validate

    report = validate(str(data.DATA_DIR / "datapackage.json"))
    assert report.valid, report.flatten(["type", "message"])


def test_every_resource_has_schema_sources_licence_and_sha256():
    for res in data.package()["resources"]:
        if res.get("format") != "geojson":
            assert res["schema"]["fields"], res["name"]
            assert res["schema"].get("primaryKey"), res["name"]
        assert res["sources"] and res["licenses"], res["name"]
        assert res["hash"].startswith("sha256:"), res["name"]


def test_load_applies_schema_types():
    table = data.load("table2_europol_operations")
    assert str(table["year"].dtype) == "Int64"
    assert len(table) == 21
    assert list(table.columns[3:]) == ["ALB", "BIH", "XKX", "MNE", "MKD", "SRB"]


def test_unknown_resource_lists_valid_names():
    with pytest.raises(DataError, match="valid names: table1_frameworks"):
        data.load("table3")


def _rewrite(path, edit):
    rows = list(csv.reader(path.open(encoding="utf-8")))
    edit(rows)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_broken_cell_names_file_row_and_column(data_copy):
    path = data_copy / "report" / "table2_europol_operations.csv"
    _rewrite(path, lambda rows: rows[5].__setitem__(4, "yes"))  # row 5 of data, column BIH
    with pytest.raises(DataError) as err:
        data.load("table2_europol_operations")
    message = str(err.value)
    assert "data/report/table2_europol_operations.csv" in message
    assert "row 6" in message and "'BIH'" in message and "yes" in message


def test_wrong_type_names_the_column(data_copy):
    _rewrite(data_copy / "report" / "table2_europol_operations.csv", lambda rows: rows[1].__setitem__(2, "last year"))
    with pytest.raises(DataError, match=r"row 2, column 'year'"):
        data.load("table2_europol_operations")


def test_missing_column_is_reported(data_copy):
    _rewrite(data_copy / "corrections.csv", lambda rows: [r.pop(9) for r in rows])
    with pytest.raises(DataError, match="(?s)corrections.csv.*reason"):
        data.load("corrections")


def test_duplicate_primary_key_is_reported(data_copy):
    _rewrite(data_copy / "claims.csv", lambda rows: rows.append(list(rows[1])))
    with pytest.raises(DataError, match="(?s)claims.csv, row [0-9]+, column 'id'.*violates the primary key"):
        data.load("claims")


def test_missing_file_is_named(data_copy):
    (data_copy / "corrections.csv").unlink()
    with pytest.raises(DataError, match="data/corrections.csv: file not found"):
        data.load("corrections")


def test_valid_change_asks_for_rehash_and_rehash_accepts_it(data_copy):
    path = data_copy / "claims.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("hundreds of arrests", "hundreds of arrests "), "utf-8")
    with pytest.raises(DataError, match="wbanalysis data rehash"):
        data.load("claims")
    assert data.rehash() == ["claims"]
    assert data.load("claims")["quote"].str.endswith(" ").any()
    recorded = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    assert any(r["hash"] == data.sha256(path) for r in recorded["resources"])


def test_rehash_refuses_an_invalid_file(data_copy):
    _rewrite(data_copy / "report" / "table1_participation.csv", lambda rows: rows[1].__setitem__(1, "HRV"))
    before = (data_copy / "datapackage.json").read_text(encoding="utf-8")
    with pytest.raises(DataError, match="(?s)not rehashed.*column 'country'"):
        data.rehash()
    assert (data_copy / "datapackage.json").read_text(encoding="utf-8") == before


def _report_lines(report_text):
    text = report_text.read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines()]


def test_table2_matches_the_report_text(report_text):
    printed = [cells for cells in _report_lines(report_text) if len(cells) == 8 and cells[2] in ("✓", "✗")]
    table = data.load("table2_europol_operations")
    assert len(printed) == len(table) == 21
    for cells, (_, row) in zip(printed, table.iterrows(), strict=True):
        assert row["operation"].startswith(cells[0])  # row 12 continues on the next line of the text
        assert str(row["year"]) == cells[1]
        assert list(row[["ALB", "BIH", "XKX", "MNE", "MKD", "SRB"]]) == cells[2:]


def test_table1_cells_appear_in_the_report_text(report_text):
    text = " ".join(report_text.read_text(encoding="utf-8").split())
    table = data.load("table1_frameworks")
    assert len(table) == 16
    for _, row in table.iterrows():
        for column in ("type", "scope", "purpose"):
            assert row[column] in text, (row["framework_id"], column)
        # names and key actors split over two lines are checked word by word
        for column in ("framework", "key_actors"):
            assert all(word in text for word in row[column].split()), (row["framework_id"], column)
