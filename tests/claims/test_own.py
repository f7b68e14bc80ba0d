"""Claims of one's own (``WBANALYSIS_CLAIMS``): the example of docs/own-claims.md, run as written, gives its
verdicts; a clash with the project's ids, a file that breaks its schema and a record are refused with a message."""

import re

import pytest

from wbanalysis import paths
from wbanalysis.claims import drift, ledger, own, verdict
from wbanalysis.errors import DataError

GUIDE = (paths.ROOT / "docs" / "own-claims.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", GUIDE, re.S)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """The guide's example folder: its three CSV blocks and its observations.py, as written."""
    claims, facts, evidence = _blocks("csv")
    (tmp_path / "claims.csv").write_text(claims, encoding="utf-8")
    (tmp_path / "facts.csv").write_text(facts, encoding="utf-8")
    (tmp_path / "evidence.csv").write_text(evidence, encoding="utf-8")
    (tmp_path / "observations.py").write_text(_blocks("python")[0], encoding="utf-8")
    monkeypatch.setenv(own.VARIABLE, str(tmp_path))
    return tmp_path


def test_the_guides_example_gives_its_verdicts(folder):
    assert verdict("C1-901").verdict == "supported"  # an observation of the package's
    wrong = verdict("C1-902")
    assert wrong.verdict == "contradicted" and "NATO" in wrong.wrong
    assert any(s["where"].startswith(str(folder)) for s in wrong.sources)
    assert len(ledger.claims()) > 2  # beside the report's claims


def test_a_fact_of_ones_own_computed_by_ones_own_observation(folder):
    with (folder / "facts.csv").open("a", encoding="utf-8") as facts:
        facts.write("C1-901,2,Kosovo spent more than 150 million on the military in 2024,true,number,150,"
                    "million USD,>,,,,kosovo_milex_2024,,\n")
    result = verdict("C1-901")
    assert result.facts[1]["status"] in ("confirmed", "refuted")  # computed, not 'not found'


def test_an_id_the_project_uses_is_refused(folder):
    text = (folder / "claims.csv").read_text(encoding="utf-8").replace("C1-901", "C1-1")
    (folder / "claims.csv").write_text(text, encoding="utf-8")
    (folder / "facts.csv").write_text((folder / "facts.csv").read_text(encoding="utf-8").replace("C1-901", "C1-1"),
                                      encoding="utf-8")
    with pytest.raises(DataError, match="'C1-1' is the project's"):
        ledger.claims()


def test_a_row_that_breaks_the_schema_is_named(folder):
    (folder / "facts.csv").write_text(
        (folder / "facts.csv").read_text(encoding="utf-8").replace(",true,words,", ",maybe,words,"), encoding="utf-8")
    with pytest.raises(DataError, match=r"facts\.csv, row 3, column 'central'"):
        ledger.facts("C1-902")


def test_the_record_stays_the_reports(folder):
    with pytest.raises(DataError, match="unset WBANALYSIS_CLAIMS"):
        drift.record()


def test_the_command_line_shows_them(folder, cli):
    run = cli("claims", "--chapter", "1")
    assert run.returncode == 0 and "C1-902 contradicted" in " ".join(run.stdout.split())
