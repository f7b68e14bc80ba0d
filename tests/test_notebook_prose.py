"""Prose cannot go stale: no markdown sentence of a chapter notebook states a count, a figure or a verdict that
the data decide.  Such sentences are generated in code cells from the ledger (``claims.summary``)."""

import json
import re

import pytest

from wbanalysis import paths, report

#: The chapter notebooks, from the report's chapters table (``data/report/chapters.csv``).
NOTEBOOKS = [paths.NOTEBOOK_DIR / f"{c.notebook}.ipynb" for c in report.chapters()]
#: Figures a sentence may name because they are not data: a year, a table, chapter, row or claim id, the WB6.
ALLOWED = re.compile(
    r"\b(1[89]|20)\d\d\b|\bTable [12]\b|\b[Cc]hapters? \d( and \d)?\b|\brow \d+\b|\bC\d-\d+\b|\bWB6\b|\bH[12] \d{4}\b"
    r"|\bUS\$|\bnrg_\w+|\b1:50m\b"
)
NUMBER = re.compile(r"\d")
NUMBER_WORDS = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen"
    r"|eighteen|nineteen|twenty|dozens?|hundreds?|half|most|majority)\b",
    re.I,
)
#: 'the six' names the WB6, not a count the data decide.
SIX = re.compile(r"\b(the|all) six\b|\bWestern Balkan six\b", re.I)
VERDICT_WORDS = re.compile(r"\b(supported|contradicted|unverified|partly|not checkable|confirmed|refuted)\b", re.I)


def problems(text: str) -> list[str]:
    """The data-decided words of a markdown cell: digits (beyond years, tables and ids), numbers in words and
    verdicts."""
    text = re.sub(r"`[^`]*`", "", text)  # code names such as `focus_country`
    text = re.sub(r"\(https?://[^)]*\)", "", text)
    found = []
    bare = ALLOWED.sub("", text)
    found += [f"a figure: {m.group()!r}" for m in re.finditer(r"\d[\d.,%]*", bare)]
    found += [f"a number: {m.group()!r}" for m in NUMBER_WORDS.finditer(SIX.sub("", text))]
    found += [f"a verdict: {m.group()!r}" for m in VERDICT_WORDS.finditer(text)]
    return found


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_no_markdown_states_what_the_data_decide(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    found = []
    for k, cell in enumerate(cells):
        if cell["cell_type"] == "markdown":
            found += [f"cell {k}: {p}" for p in problems("".join(cell["source"]))]
    assert not found, f"{notebook.name}: write these in a code cell from the data:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "text",
    [
        "Two of the chapter's dates contradict the record.",
        "Serbia took part in 17 of 20 operations.",
        "These claims are marked *not checkable*.",
        "Sixteen frameworks, as printed.",
        "The size claims hold: 85% of the operations.",
    ],
)
def test_the_scan_finds_stale_prose(text):
    assert problems(text)


def test_the_scan_lets_plain_descriptions_pass():
    assert not problems("The frameworks of Table 1 as printed in 2025; chapters 1 and 4 date it; claim C4-1, row 4.")
