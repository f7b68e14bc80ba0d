"""Verdicts shared by the processes of a build: computed once per version of the inputs, read by the others, never for
other data."""

from __future__ import annotations

import pickle

import pytest

from wbanalysis import data, paths
from wbanalysis.claims import shared
from wbanalysis.claims import verdicts as ev


@pytest.fixture
def fresh_verdicts(monkeypatch, tmp_path):
    """An empty verdict cache in this process and a build's shared folder."""
    monkeypatch.setattr(ev, "_CACHE", {})
    monkeypatch.setattr(ev, "_SETTLED", set())
    monkeypatch.setenv(paths.SHARED_VERDICTS_VARIABLE, str(tmp_path))
    return tmp_path


def test_the_first_process_shares_every_verdict_and_the_others_read_them(fresh_verdicts, monkeypatch):
    first = ev.evaluate_all(chapter=4)
    [written] = fresh_verdicts.glob("verdicts-*.pickle")
    assert len(pickle.loads(written.read_bytes())) == len(ev.ledger.claims())  # every claim, not only chapter 4
    monkeypatch.setattr(ev, "_CACHE", {})  # another process of the build: nothing computed yet
    monkeypatch.setattr(ev, "_SETTLED", set())

    def no_checks(claim_id, as_of=None):
        raise AssertionError(f"{claim_id} was checked again instead of read")

    monkeypatch.setattr(ev, "verdict", no_checks)
    assert ev.evaluate_all(chapter=4) == first
    assert ev.evaluate("C2-17") == next(v for v in ev.evaluate_all() if v.id == "C2-17")


def test_verdicts_for_other_data_are_not_read(fresh_verdicts, monkeypatch, data_copy):
    ev.evaluate_all()
    [before] = fresh_verdicts.glob("verdicts-*.pickle")
    table = data_copy / "facts.csv"
    table.write_text(table.read_text(encoding="utf-8").replace(",number,43,", ",number,44,"), encoding="utf-8")
    monkeypatch.setattr(ev, "_CACHE", {})
    monkeypatch.setattr(ev, "_SETTLED", set())
    assert shared.path() != before  # another name: these inputs' verdicts are not the file's


def test_a_broken_shared_file_means_the_checks_run_here(fresh_verdicts, monkeypatch):
    path = shared.path()
    path.write_bytes(b"not a pickle")
    assert shared.load(path) is None
    calls = []
    real = ev.verdict
    monkeypatch.setattr(ev, "verdict", lambda claim_id, as_of=None: calls.append(claim_id) or real(claim_id, as_of))
    verdict = ev.evaluate("C4-5")
    assert calls and verdict.id == "C4-5"


def test_nothing_is_shared_outside_a_build_or_with_substituted_tables(fresh_verdicts, monkeypatch):
    assert shared.path() is not None  # in a build, with the files' tables: shared
    with data.substituted({"claims": data.load("claims")}):
        assert shared.path() is None  # tables in memory: not the files' verdicts
    assert shared.path() is not None  # the substitution ended: shared again
    monkeypatch.delenv(paths.SHARED_VERDICTS_VARIABLE)
    assert shared.path() is None
    ev.evaluate_all(chapter=1)
    assert not list(fresh_verdicts.glob("verdicts-*.pickle"))


def test_one_broken_check_fails_only_its_own_claim(fresh_verdicts, monkeypatch):
    real = ev.verdict

    def broken(claim_id, as_of=None):
        if claim_id == "C2-17":
            raise RuntimeError("a bug in one check")
        return real(claim_id, as_of)

    monkeypatch.setattr(ev, "verdict", broken)
    assert ev.evaluate("C4-5").id == "C4-5"  # the bulk pass met the broken check: this claim is still checked
    assert not list(fresh_verdicts.glob("verdicts-*.pickle"))  # nothing incomplete is shared
    with pytest.raises(RuntimeError, match="a bug in one check"):
        ev.evaluate("C2-17")


def test_verdicts_computed_while_the_inputs_changed_go_under_the_old_name(fresh_verdicts, monkeypatch):
    from wbanalysis import versions

    names = iter(["old", "new", "new", "new"])
    monkeypatch.setattr(versions, "inputs", lambda *a: next(names))
    ev.evaluate_all(chapter=0)
    assert [p.name for p in fresh_verdicts.glob("verdicts-*.pickle")] == ["verdicts-old.pickle"]
