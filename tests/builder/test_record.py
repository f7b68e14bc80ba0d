"""Records that cannot break a folder or accept what they should not: build records of the wrong shape, the
verdict record, the index's data stamp, and ``validate``/``data rehash`` on any descriptor (``builder.cache``,
``cli``, ``data``)."""

from __future__ import annotations

import html
import json
import shutil

import pytest
from notebook_files import code_notebook, tiny_notebook

from wbanalysis.builder import build, cache
from wbanalysis.builder.index import write_index
from wbanalysis.cli import main

#: Every test here starts a kernel (left out of the fast lane, make check).
pytestmark = pytest.mark.kernel


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
    nb = code_notebook(tmp_path / "03_tiny.ipynb", "print('x')")
    other = code_notebook(tmp_path / "04_other.ipynb", "print('y')")
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




def test_build_state_is_json_with_the_key(tmp_path):
    path = tiny_notebook(tmp_path / "94_tiny.ipynb")
    out = tmp_path / "out"
    build([str(path)], {"focus_country": "MNE"}, out_dir=out)
    state = json.loads((out / ".build" / "94_tiny.json").read_text(encoding="utf-8"))
    assert state["key"] == cache.cache_key(path, {"focus_country": "MNE"})
    shutil.rmtree(out)
