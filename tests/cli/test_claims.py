"""wbanalysis claims: filters in any spelling, errors naming the valid values, a closed pipe, quotes without the
report's text."""

from __future__ import annotations

import json
import subprocess

import pytest

from wbanalysis import paths

ROOT = paths.ROOT


def test_claims_into_a_closed_pipe_is_quiet():
    """The installed command, its output (far more than a pipe holds) cut short by ``head``: no traceback, and its
    own exit status is 0."""
    run = subprocess.run(
        f"'{ROOT}/.venv/bin/wbanalysis' claims --format json | head -c 10; exit ${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 0 and run.stderr == "" and run.stdout.startswith("[")


@pytest.mark.parametrize("spelling", ["Contradicted", "CONTRADICTED", "contradicted"])
def test_verdict_filter_ignores_case(spelling, cli):
    run = cli("claims", "--verdict", spelling, "--format", "json")
    assert run.returncode == 0 and {v["verdict"] for v in json.loads(run.stdout)} == {"contradicted"}


def test_partly_supported_in_any_spelling():
    from wbanalysis import claims

    assert claims.normal_verdict("Partly_Supported") == claims.normal_verdict("partly-supported") == "partly supported"


def test_unknown_chapter_is_an_error_naming_the_valid_ones(cli):
    run = cli("claims", "--chapter", "9")
    from wbanalysis import report

    named = ", ".join(f"{c.number} ({c.label})" for c in report.chapters())  # from the chapters table
    assert run.returncode == 2 and f"valid chapters: {named}" in run.stderr


def test_unknown_verdict_names_the_valid_ones(cli):
    run = cli("claims", "--verdict", "maybe")
    assert run.returncode == 2 and "valid verdicts: supported, partly supported" in run.stderr


def test_verify_quotes_without_the_text_says_how_to_get_it(monkeypatch, cli):
    monkeypatch.delenv(paths.REPORT_TEXT_VARIABLE, raising=False)
    run = cli("claims", "--verify-quotes")
    assert run.returncode == 2
    assert paths.REPORT_TEXT_VARIABLE in run.stderr and "qkss.org" in run.stderr and "--report-text" in run.stderr
