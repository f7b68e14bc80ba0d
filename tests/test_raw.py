"""The raw files' manifest: every file listed with its hash; the project's own compilations rehashed on request, a
retrieved snapshot never."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wbanalysis import raw
from wbanalysis.errors import DataError


def _sources(kept: bool) -> list[dict]:
    return [s for s in raw.manifest()["sources"] if (s.get("kept_by") == raw.KEPT_HERE) == kept]


def _csv_of(source: dict) -> str:
    return next(f["path"] for f in source["files"] if f["path"].endswith(".csv"))


def test_the_committed_raw_files_match_their_manifest():
    assert raw.problems() == []
    assert _sources(kept=True) and _sources(kept=False)  # both kinds exist, so the tests below test something


def test_an_edit_to_a_kept_compilation_is_named_then_accepted(data_copy: Path):
    rel = _csv_of(_sources(kept=True)[0])
    before = raw.manifest()
    with open(data_copy / "raw" / rel, "a", encoding="utf-8") as handle:
        handle.write("\n")
    assert raw.problems() == [f"data/raw/{rel}: changed since its hash was recorded "
                              "(accept an intended edit with `wbanalysis data rehash`)"]  # fmt: skip
    assert raw.rehash() == [rel]
    assert raw.problems() == [] and raw.rehash() == []
    after = raw.manifest()
    changed = [(a, b) for s, t in zip(before["sources"], after["sources"], strict=True)
               for a, b in zip(s["files"], t["files"], strict=True) if a != b]  # fmt: skip
    assert [a["path"] for a, _ in changed] == [rel] and changed[0][1]["bytes"] == changed[0][0]["bytes"] + 1


def test_a_retrieved_snapshot_is_never_rehashed(data_copy: Path):
    source = _sources(kept=False)[0]
    rel = _csv_of(source)
    (data_copy / "raw" / rel).write_bytes((data_copy / "raw" / rel).read_bytes().replace(b"1", b"2", 1))
    written = (data_copy / "raw" / raw.MANIFEST).read_bytes()
    with pytest.raises(DataError) as caught:
        raw.rehash()
    assert f"data/raw/{rel}: changed, but it is a snapshot as retrieved from {source['producer']}" in str(caught.value)
    assert (data_copy / "raw" / raw.MANIFEST).read_bytes() == written


def test_missing_and_unlisted_files_are_named(data_copy: Path):
    rel = _csv_of(_sources(kept=True)[0])
    (data_copy / "raw" / rel).unlink()
    (data_copy / "raw" / "stray.txt").write_text("x", encoding="utf-8")
    found = raw.problems()
    assert f"data/raw/{rel}: listed in data/raw/manifest.json but not found" in found
    assert "data/raw/stray.txt: not listed in data/raw/manifest.json" in found
    with pytest.raises(DataError, match="not rehashed"):
        raw.rehash()


def test_a_broken_manifest_is_a_clear_error(data_copy: Path):
    (data_copy / "raw" / raw.MANIFEST).write_text("{", encoding="utf-8")
    with pytest.raises(DataError, match=r"data/raw/manifest.json: cannot be read"):
        raw.problems()


def test_the_commands_rehash_and_validate_the_raw_files(data_copy: Path, cli):
    rel = _csv_of(_sources(kept=True)[0])
    with open(data_copy / "raw" / rel, "a", encoding="utf-8") as handle:
        handle.write("\n")
    bad = cli("validate")
    assert bad.returncode == 1 and f"data/raw/{rel}: changed since its hash was recorded" in bad.stderr
    run = cli("data", "rehash")
    assert run.returncode == 0 and f"data/raw/manifest.json: hash updated for {rel}" in run.stdout
    assert cli("validate").returncode == 0
    assert json.loads((data_copy / "raw" / raw.MANIFEST).read_text(encoding="utf-8"))["sources"]


def test_a_file_just_listed_gets_its_hash(data_copy: Path):
    path = data_copy / "raw" / raw.MANIFEST
    written = json.loads(path.read_text(encoding="utf-8"))
    entry = _sources(kept=False)[0]["files"][0]
    for source in written["sources"]:
        for listed in source["files"]:
            if listed["path"] == entry["path"]:
                listed["sha256"], listed["bytes"] = "", 0
    path.write_text(json.dumps(written, indent=2), encoding="utf-8")
    assert raw.problems() == [f"data/raw/{entry['path']}: {raw.NEW}"]
    assert raw.rehash() == [entry["path"]]
    assert raw.problems() == [] and [f for s in raw.manifest()["sources"] for f in s["files"]
                                     if f["path"] == entry["path"]] == [entry]  # fmt: skip
