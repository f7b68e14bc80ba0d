"""The wbanalysis command, run the way a user runs it."""

import json
import subprocess
import sys
import time

import pytest
from notebook_files import figure_notebook

from wbanalysis import claims as claims_mod
from wbanalysis.cli import main
from wbanalysis.theme import GRADES, VERDICTS


def test_claims_json_is_well_formed(capsys):
    assert main(["claims", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) >= 10
    for record in records:
        assert {"id", "chapter", "quote", "verdict", "rule", "conclusion", "facts", "sources"} <= set(record)
        assert record["verdict"] in VERDICTS


def test_claims_filters(capsys):
    assert main(["claims", "--format", "json", "--chapter", "2", "--verdict", "partly supported"]) == 0
    records = json.loads(capsys.readouterr().out)
    from wbanalysis.claims import evaluate_all

    wanted = {v.id for v in evaluate_all() if v.chapter == 2 and v.verdict == "partly supported"}
    assert wanted and {r["id"] for r in records} == wanted
    assert {r["verdict"] for r in records} == {"partly supported"} and {r["chapter"] for r in records} == {2}


def test_claimreview_is_json_ld(capsys):
    assert main(["claims", "--format", "claimreview", "--chapter", "4"]) == 0
    reviews = json.loads(capsys.readouterr().out)
    first = next(r for r in reviews if r["identifier"] == "C4-1")
    assert first["@context"] == "https://schema.org" and first["@type"] == "ClaimReview"
    assert first["reviewRating"] == {
        "@type": "Rating",
        "worstRating": 1,
        "bestRating": 5,
        "alternateName": GRADES[claims_mod.evaluate("C4-1").verdict].label,
        "ratingValue": GRADES[claims_mod.evaluate("C4-1").verdict].rating,
    }
    assert first["itemReviewed"]["@type"] == "Claim"
    assert first["itemReviewed"]["author"]["name"] == "Dr Odeta Barbullushi"
    assert first["itemReviewed"]["appearance"]["name"] == "Regional Security Cooperation in the Western Balkans"
    unrated = next(r for r in reviews if r["reviewRating"]["alternateName"] == "Unverified")
    assert "ratingValue" not in unrated["reviewRating"] and unrated["reviewRating"]["ratingExplanation"]


def test_claims_unknown_verdict(capsys):
    assert main(["claims", "--verdict", "maybe"]) == 2
    assert "valid verdicts: supported" in capsys.readouterr().err


def test_claims_table(capsys):
    assert main(["claims"]) == 0
    assert "C2-5" in capsys.readouterr().out


def test_list_shows_parameters_types_defaults_and_help(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "02_institutional_frameworks" in out
    assert "focus_country (str, default 'SRB'): country highlighted in the charts" in out


def test_validate(capsys):
    assert main(["validate"]) == 0
    assert "data package valid" in capsys.readouterr().out


def test_unknown_country_fails_at_once_without_a_kernel(tmp_path):
    started = time.perf_counter()
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "wbanalysis.cli",
            "build",
            "02",
            "-p",
            "countries",
            "ALB,Narnia",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert "unknown country 'Narnia'" in run.stderr and "XKX (Kosovo)" in run.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written, no kernel started
    assert time.perf_counter() - started < 30


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "99"], "notebook '99' matches no notebook; available: 00_overview, 01_strategic_imperative"),
        (["build", "02", "-p", "start_year", "last year"], "start_year must be a whole year"),
        (["build", "02", "-p", "weights", "1"], "no selected notebook has a parameter 'weights'"),
        (["build", "02", "-p", "countries", "[ALB"], "-p countries '[ALB'"),
        (["claims", "--verify-quotes", "/nonexistent/report"], "no report text found"),
    ],
)
def test_bad_input_exits_2_with_a_message(args, message, capsys, tmp_path):
    assert main([*args, "--out", str(tmp_path)] if args[0] == "build" else args) == 2
    assert message in capsys.readouterr().err




@pytest.mark.kernel
def test_cli_svg_flag(tmp_path):
    from wbanalysis.cli import main

    nb = figure_notebook(tmp_path / "96_figures.ipynb")
    assert main(["build", str(nb), "--out", str(tmp_path / "out"), "--svg"]) == 0
    assert (tmp_path / "out" / "figures" / "96_figures__01-two-bars.svg").exists()
