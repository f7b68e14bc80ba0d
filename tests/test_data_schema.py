"""Validation of one resource against its Table Schema (``wbanalysis/data_schema.py``): frictionless is given the
resource and the resources its foreign keys point to, and finds what the whole package would."""

import csv

from wbanalysis import data, data_schema


def _with_foreign_keys() -> list[str]:
    return [n for n in data.resource_names() if data.resource(n).get("schema", {}).get("foreignKeys")]


def test_the_part_validated_holds_the_resources_its_foreign_keys_point_to():
    package = data.package()
    for name in _with_foreign_keys():
        targets = {k["reference"]["resource"] for k in data.resource(name)["schema"]["foreignKeys"]}
        assert set(data_schema.needed(name, package)) == {name} | targets


def test_a_row_that_points_at_nothing_breaks_the_foreign_key_and_the_whole_package_agrees(data_copy):
    from frictionless import Package

    name = _with_foreign_keys()[0]
    key = data.resource(name)["schema"]["foreignKeys"][0]["fields"][0]
    path = data.resource_path(name)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0][key] = "no-such-" + key
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    found = data.schema_errors(name, limit=0)
    assert any("row 2" in p and "foreign" in p.lower() for p in found), found
    whole = Package(str(data_copy / data.PACKAGE_FILE)).get_resource(name).validate()
    assert {e.type for t in whole.tasks for e in t.errors} - {"hash-count", "byte-count"} == {"foreign-key"}


def test_a_result_is_remembered_by_what_it_depends_on(data_copy):
    name = _with_foreign_keys()[0]
    package = data.package()
    before = data_schema.key(name, package, data.resource_path)
    target = data.resource_path(data_schema.needed(name, package)[1])
    target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # the referenced file changes
    assert data_schema.key(name, package, data.resource_path) != before
