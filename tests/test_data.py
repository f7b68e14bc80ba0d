"""The data package: schemas, hashes, clear errors, and the transcription against the report's text."""

import csv
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wbanalysis import data, paths
from wbanalysis.cli import main
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


DESCRIPTORS = [
    ("D1b", {"name": "x"}, '"resources" must be a list'),
    ("D2b", [], "expected a JSON object with a list of resources, got a list"),
    ("D2c", {"resources": [1]}, "resource 1 must be an object"),
    ("D2d", {"resources": [{"name": "a", "path": "a.csv"}, {"name": "a", "path": "b.csv"}]},
     'resource 2 has the name "a" of resource 1'),
]


def test_a_second_resource_of_the_same_name_is_a_problem(data_copy):
    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    twin = dict(descriptor["resources"][-1], path=descriptor["resources"][0]["path"])
    descriptor["resources"].append(twin)
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    number = len(descriptor["resources"])
    problems = data.validate_package()
    assert len(problems) == 1 and f'resource {number} has the name "{twin["name"]}"' in problems[0], problems
    with pytest.raises(DataError, match="each name must be unique"):
        data.load(twin["name"])


@pytest.mark.kernel
@pytest.mark.parametrize(("case", "descriptor", "message"), DESCRIPTORS, ids=[c[0] for c in DESCRIPTORS])
def test_validate_and_rehash_name_a_descriptor_of_the_wrong_shape(case, descriptor, message, data_copy, capsys):
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert main(["validate"]) == 1
    out = capsys.readouterr()
    assert message in out.err and "Traceback" not in out.err
    assert main(["data", "rehash"]) == 2
    assert message in capsys.readouterr().err
    out = data_copy.parent / "o"
    build = subprocess.run(  # a build names it too, before any kernel starts (planning reads the chapters table)
        [sys.executable, "-m", "wbanalysis.cli", "build", "04", "--out", str(out)],
        capture_output=True, text=True, timeout=300, env=os.environ | {"WBANALYSIS_DATA": str(data_copy)},
    )  # fmt: skip
    assert build.returncode == 2 and "Traceback" not in build.stderr
    assert message in build.stderr and not list(out.glob("*.html"))


def _point(data_copy: Path, name: str, path: str) -> None:
    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        if res["name"] == name:
            res["path"] = path
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")


def test_D8b_a_traversal_path_is_a_problem_not_a_traceback(data_copy, capsys):
    _point(data_copy, "corrections", "../../../../etc/hostname")
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert "resource 'corrections' has path '../../../../etc/hostname', which is not a file inside data/" in err
    assert main(["data", "rehash"]) == 2
    assert "which is not a file inside data/" in capsys.readouterr().err


def test_D7b_a_symbolic_link_out_of_data_is_refused_and_not_quoted(data_copy, capsys):
    link = data_copy / "report" / "chapters.csv"
    link.unlink()
    os.symlink("/etc/passwd", link)
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert "resource 'chapters' has path 'report/chapters.csv', which is not a file inside data/" in err
    assert "root:" not in err
    assert main(["data", "rehash"]) == 2
    assert "root:" not in capsys.readouterr().err


ROOT = paths.ROOT


RAW = ROOT / "data" / "raw"


def _manifest() -> dict:
    return json.loads((RAW / "manifest.json").read_text(encoding="utf-8"))


def test_every_raw_file_is_in_the_manifest_with_its_hash_and_provenance():
    manifest = _manifest()
    listed = {}
    for source in manifest["sources"]:
        for key in ("title", "producer", "address", "retrieved_from", "retrieved", "license"):
            assert source.get(key), (source["name"], key)
        for entry in source["files"]:
            listed[entry["path"]] = entry
    on_disk = {str(p.relative_to(RAW)) for p in RAW.rglob("*") if p.is_file() and p.name != "manifest.json"}
    assert on_disk == set(listed)
    for rel, entry in listed.items():
        content = (RAW / rel).read_bytes()
        assert hashlib.sha256(content).hexdigest() == entry["sha256"], rel
        assert len(content) == entry["bytes"], rel


def test_every_external_resource_names_its_raw_snapshot_and_its_address():
    external = [r for r in data.package()["resources"] if r["path"].startswith("external/")]
    assert external  # read from the data package: an empty list would make the loop below prove nothing
    snapshots = {source["name"] for source in _manifest()["sources"]}
    for res in external:
        source = res["sources"][0]
        assert source["raw"] in snapshots and (RAW / source["raw"]).is_dir(), res["name"]  # its folder in data/raw/
        address = source["path"]
        assert address.startswith("https://") or (ROOT / "data" / address).is_file(), (res["name"], address)
