"""Records that cannot break a folder or accept what they should not: build records of the wrong shape, the
verdict record, the index's data stamp, and ``validate``/``data rehash`` on any descriptor (``build.cache``,
``cli``, ``data``)."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from wbanalysis import data
from wbanalysis.builder import build, record
from wbanalysis.builder.index import write_index
from wbanalysis.cli import main


def _notebook(path: Path, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# {path.stem}")])
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("params", "focus_country=SRB", "field 'params' should be an object, got 'focus_country=SRB'"),
        ("seconds", "fast", "field 'seconds' should be a number of seconds, got 'fast'"),
        ("files", [], "field 'files' should be an object of files"),
        ("name", None, "field 'name' should be text"),
    ],
)
def test_C4b_a_record_of_the_wrong_type_is_named_ignored_and_rebuilt(field, value, named, tmp_path, capsys):
    nb = _notebook(tmp_path / "03_tiny.ipynb", "print('x')")
    other = _notebook(tmp_path / "04_other.ipynb", "print('y')")
    out = tmp_path / "out"
    assert main(["build", str(nb), str(other), "--out", str(out)]) == 0
    path = out / ".build" / "03_tiny.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record[field] = value
    path.write_text(json.dumps(record), encoding="utf-8")
    index = html.unescape(write_index(out).read_text(encoding="utf-8"))  # named, and the others still listed
    assert named in index and "04_other" in index
    capsys.readouterr()
    assert main(["build", str(nb), str(other), "--out", str(out)]) == 0
    assert "03_tiny: built" in capsys.readouterr().err  # rebuilt; its new record is whole again
    assert json.loads(path.read_text(encoding="utf-8"))[field] != value
    assert "03_tiny" in (out / "index.html").read_text(encoding="utf-8")
    assert main(["build", str(nb), str(other), "--out", str(out)]) == 0  # and every later build works


def test_G7_claims_record_accepts_no_unrelated_data_edit(data_copy, capsys):
    authors = data_copy / "report" / "chapters.csv"
    authors.write_text(authors.read_text(encoding="utf-8").replace("Kosovar", "Evil Corp", 1), encoding="utf-8")
    verdicts = data_copy / "verdicts.csv"
    verdicts.write_text("", encoding="utf-8")  # so that the record has something to write
    code = main(["claims", "--record"])
    err = capsys.readouterr().err
    problems = data.validate_package(data_copy)
    assert any("chapters.csv" in p and "hash differs" in p for p in problems), problems  # still not accepted
    if code == 0:  # written: its own hash accepted, nothing else
        assert not any("verdicts.csv" in p for p in problems)
    else:  # refused because the evaluation read the edited file: said, and nothing accepted
        assert "chapters.csv has changed since its hash was recorded" in err


def test_C5b_the_index_shows_each_reports_own_data_stamp(tmp_path, data_copy, monkeypatch):
    nb = _notebook(tmp_path / "05_tiny.ipynb", "print('x')")
    out = tmp_path / "out"
    [first] = build([str(nb)], {}, out_dir=out)
    assert first.status == "built"
    built_with = json.loads((out / ".build" / "05_tiny.json").read_text(encoding="utf-8"))["data"]
    corrections = data_copy / "corrections.csv"
    corrections.write_text(corrections.read_text(encoding="utf-8").replace("nine", "ten", 1), encoding="utf-8")
    data.rehash(data_copy)
    _, now = record.data_stamp()
    assert now != built_with
    page = html.unescape(write_index(out).read_text(encoding="utf-8"))
    assert f"data {built_with} (not the current data, {now}: rebuild it)" in page


DESCRIPTORS = [
    ("D1b", {"name": "x"}, '"resources" must be a list'),
    ("D2b", [], "expected a JSON object with a list of resources, got a list"),
    ("D2c", {"resources": [1]}, "resource 1 must be an object"),
]


@pytest.mark.parametrize(("case", "descriptor", "message"), DESCRIPTORS, ids=[c[0] for c in DESCRIPTORS])
def test_validate_and_rehash_name_a_descriptor_of_the_wrong_shape(case, descriptor, message, data_copy, capsys):
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert main(["validate"]) == 1
    out = capsys.readouterr()
    assert message in out.err and "Traceback" not in out.err
    assert main(["data", "rehash"]) == 2
    assert message in capsys.readouterr().err
    build = subprocess.run(  # a build names it too
        [sys.executable, "-m", "wbanalysis.cli", "build", "04", "--out", str(data_copy.parent / "o")],
        capture_output=True, text=True, timeout=300, env=os.environ | {"WBANALYSIS_DATA": str(data_copy)},
    )  # fmt: skip
    assert build.returncode == 1 and "Traceback" not in build.stderr
    assert message in build.stderr and "04_berlin_process failed: DataError" in build.stderr


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
