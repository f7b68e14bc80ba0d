"""``data.steady`` (``wbanalysis/data_steady.py``): within a block each resource is checked once; after it, a
changed file is checked again."""

import pytest

from wbanalysis import data
from wbanalysis.errors import DataError


def _edit(path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")


def test_a_file_changed_inside_a_block_is_seen_once_the_block_ends(data_copy):
    path = data.resource_path("claims")
    with data.steady:
        before = data.version("claims")
        _edit(path)
        assert data.version("claims") == before  # checked once in the block
        with data.steady:  # blocks nest: the inner one keeps what the outer one checked
            assert data.version("claims") == before
        assert data.version("claims") == before
    with pytest.raises(DataError, match=r"data/claims\.csv"):
        data.version("claims")


def test_outside_a_block_every_ask_checks_again(data_copy):
    data.version("claims")
    _edit(data.resource_path("claims"))
    with pytest.raises(DataError, match=r"data/claims\.csv"):
        data.version("claims")


def test_a_substitution_inside_a_block_still_changes_the_version(data_copy):
    with data.steady:
        before = data.version("claims")
        with data.substituted({"claims": data.load("claims").head(1)}):
            assert data.version("claims") != before
        assert data.version("claims") == before


def test_the_fingerprint_is_taken_once_in_a_block_and_again_after(data_copy):
    with data.steady:
        before = data.fingerprint()
        (data_copy / "new.txt").write_text("x", encoding="utf-8")
        assert data.fingerprint() == before
    assert data.fingerprint() != before
