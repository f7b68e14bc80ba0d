"""Where a quote sits in the report: chapter, section and paragraph, so a reader can find it in the PDF.

The report's text is not distributed with the project; a user who has it can recompute every place with
``data/scripts/locate_quotes.py`` (a test does so where the text is supplied).  Places are recorded in
``data/claims.csv`` so that readers without the text still know where to look.
"""

from __future__ import annotations

from . import report

#: Section headings inside the chapters, as printed.
SECTIONS = (
    "Regional Cooperation Is the Only Viable Path to Security Scale.",
    "Strategic Cohesion Is the Best Defense Against Malign Influence",
    "Security Cooperation Anchors Democratic Reform and Rule of Law",
    "Fragmentation Undermines Collective Security—and the EU Project",
    "Beyond borders: Western Balkans in the international security web",
    "Political and institutional roadblocks to deeper security cooperation",
    "Conclusion: Why deeper cooperation means greater resilience",
    "Regional cooperation in addressing internal security challenges",
    "Regional cooperation in addressing external security challenges",
    "Which way forward?",
    "Benefits and Limitations of Regional Security Cooperation",
    "A reactive approach",
    "Trust issues amidst diversity in the security domain",
    "Securitization of the defence sector and geopolitical competition",
    "The way forward",
    "Vulnerabilities of Strategically Important Sectors",
    "Fragmented Regional Response",
    "Civil Society’s Role in Countering Foreign Influence in the Western Balkans",
    "To Western Balkan Governments:",
    "To the European Union and International Partners:",
    "To Civil Society Organizations:",
)
TABLES = ("TABLE 1.", "TABLE 2.")
FOOTNOTE_MARKS = "¹²³⁴⁵⁶⁷⁸⁹"


def plain(text: str) -> str:
    """The report's words without the markup its text file carries: links ('[words](#)' -> 'words'), emphasis
    ('*words*', '**words**') and escaped brackets."""
    import re

    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\*{1,2}([^*\n]+?)\*{1,2}", r"\1", text)
    return text.replace("\\(", "(").replace("\\)", ")")


def _blocks(text: str) -> list[str]:
    """Paragraphs (runs of non-empty lines) and table lines (one block each).

    A paragraph that starts in lower case continues the last paragraph before it (a page break split it, with a
    footnote or a table in between).
    """
    blocks: list[str] = []
    for raw in plain(text).split("\n\n"):
        if "\t" in raw.strip("\t\n "):
            blocks += [line for line in raw.splitlines() if line.strip()]
            continue
        block = " ".join(raw.split())
        if not block:
            continue
        previous = [k for k, b in enumerate(blocks) if "\t" not in b and not b.startswith(tuple(FOOTNOTE_MARKS))]
        if previous and block[0].islower():
            blocks[previous[-1]] += " " + block
        else:
            blocks.append(block)
    return blocks


def places(text: str) -> list[tuple[str, str]]:
    """Every paragraph of the report as (place, paragraph text), in order, after the table of contents.

    Table lines are numbered as table rows (a line whose second cell is empty continues the row above); a table
    does not interrupt the paragraph count of the section it sits in.
    """
    chapters = {c.heading: c.named for c in report.chapters()}
    chapter, section, number, table, row = "", "", 0, "", 0
    result: list[tuple[str, str]] = []
    started = False
    byline: list[str] | None = None  # the short lines under a chapter's title, until its first paragraph
    for block in _blocks(text):
        if byline is not None and (block in chapters or block in SECTIONS or len(block) > 60 or "\t" in block):
            if byline:
                result.append((f"{chapter}, the line under the chapter title", " ".join(byline)))
            byline = None
        if block == "Disclaimer:":
            started = True
        elif not started:
            continue
        elif block in chapters:
            chapter, section, number = chapters[block], "", 0
            byline = []
        elif byline is not None:
            byline.append(block)
            continue
        elif block in SECTIONS:
            section, number = block.rstrip(".:"), 0
        elif block.startswith(TABLES):
            table, row = block.split(".")[0].title(), 0
            result.append((f"{chapter}, {table}, caption", block))
        elif block.startswith(tuple(FOOTNOTE_MARKS)):
            result.append((f"{chapter}, footnote {block[0]}", block))
        elif "\t" in block:
            cells = block.split("\t")
            if block.startswith(("Framework/Initiative", "Operation name")):
                result.append((f"{chapter}, {table}, header", " ".join(block.split())))
                continue
            if len(cells) > 1 and cells[1].strip():
                row += 1
            result.append((f"{chapter}, {table}, row {max(row, 1)}", " ".join(" ".join(cells).split())))
        elif chapter and len(block) > 60:
            table, number = "", number + 1
            where = f"{chapter}, section “{section}”" if section else chapter
            result.append((f"{where}, paragraph {number}", block))
    return result


def locate(quote: str, text: str) -> str:
    """The place of the first paragraph that holds ``quote`` word for word; '' when none does."""
    wanted = " ".join(quote.split())
    for place, block in places(text):
        if wanted in block:
            return place
    return ""


def claim_place(claim_id: str, quote: str, text: str) -> str:
    """Where a claim's quote sits: its paragraph, or its table and row.

    The rows of Tables 1 and 2 (C2-1xx, C2-2xx, and C2-3xx for the parties of a Table 1 row beyond the WB6)
    are placed by their id: their quotes (framework and operation names) also occur elsewhere, and row 19 of
    Table 2 repeats row 4.
    """
    chapter, number = claim_id[1:].split("-")
    if chapter == "2" and len(number) == 3 and number[0] in "123":
        table = {"1": "1", "2": "2", "3": "1"}[number[0]]
        key_actors = ", key actors" if number[0] == "3" else ""
        return f"{report.chapter(2).named}, Table {table}, row {int(number[1:])}{key_actors}"
    return locate(quote, text)
