"""What a process read: each data file with the hash of the bytes it read, the latest version read winning (what a
build compares with the data it started from)."""

from __future__ import annotations

from pathlib import Path

from wbanalysis import data


def test_the_version_read_last_is_the_one_recorded(data_copy: Path):
    real, copy = data.paths.DATA_DIR, data_copy  # the project's data, and a private copy the package now reads
    rel = data.resource("facts")["path"]
    data.load("facts", real)
    assert data.reads()[rel] == data.resource("facts", real)["hash"]
    text = (copy / rel).read_text(encoding="utf-8")
    (copy / rel).write_text(text.replace(",number,10,days,", ",number,14,days,"), encoding="utf-8")  # a valid edit
    data.rehash(copy)
    data.load("facts", copy)
    assert data.reads()[rel] == data.resource("facts", copy)["hash"] != data.resource("facts", real)["hash"]
    data.load("facts", real)  # the project's own again: read from the cache, but recorded again as what was read
    assert data.reads()[rel] == data.resource("facts", real)["hash"]


def test_a_kernel_s_log_lists_what_it_read(tmp_path: Path, monkeypatch):
    log = tmp_path / "reads.tsv"
    monkeypatch.setenv(data.READS_VARIABLE, str(log))
    monkeypatch.setattr("wbanalysis.data_reads._READS", {})
    data.load("chapters")
    found = data.read_log(log)
    assert found == {data.resource("chapters")["path"]: data.resource("chapters")["hash"]}
