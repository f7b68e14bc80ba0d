"""What a check finds and what a reader sees: the verdict scale, evidence items, findings and verdicts."""

from __future__ import annotations

import html
from dataclasses import asdict, dataclass, field

#: The verdict scale, from best to worst for the claim, then the verdict that is not a rating.
VERDICTS = ("supported", "partly supported", "contradicted", "not checkable")
#: What each verdict means (shown on the methodology page and in the README).
MEANINGS = {
    "supported": "the data here agree with what the report states, within the stated tolerance",
    "partly supported": "part of the statement holds and part does not, or it holds under one reading or source only",
    "contradicted": "the data here disagree with what the report states",
    "not checkable": "nothing here can test the statement: no public data, a qualitative judgement, "
    "or only the report itself records it",
}
#: The report's own tables: they cannot corroborate the report.
REPORT_RESOURCES = frozenset({"table1_frameworks", "table1_participation", "table2_europol_operations"})
ONLY_THE_REPORT = "only the report itself records it"


@dataclass(frozen=True)
class Evidence:
    """One evidence item: rows of a project data file (1-based, as counted in the file) and the public address."""

    resource: str
    rows: tuple[int, ...] = ()  # () = the whole file
    address: str = ""
    note: str = ""

    def file(self) -> str:
        from .. import data

        return "data/" + data.resource(self.resource)["path"]

    def where(self) -> str:
        if not self.rows:
            return self.file()
        label = "row" if len(self.rows) == 1 else "rows"
        return f"{self.file()}, {label} {', '.join(map(str, self.rows))}"

    def __str__(self) -> str:
        text = self.where() + (f": {self.note}" if self.note else "")
        return text + (f" ({self.address})" if self.address else "")

    def to_dict(self) -> dict:
        return {"file": self.file(), "rows": list(self.rows), "address": self.address, "note": self.note}


@dataclass(frozen=True)
class Compared:
    """A figure as the report gives it against the figure the data give, each with unit and year."""

    what: str
    claimed: str
    observed: str


@dataclass(frozen=True)
class Finding:
    """What a check found: verdict, a one-sentence conclusion, what is right and wrong, figures, evidence."""

    verdict: str
    conclusion: str
    observed: str = ""
    evidence: tuple[Evidence, ...] = ()
    compared: tuple[Compared, ...] = ()
    right: str = ""
    wrong: str = ""
    reason: str = ""  # why not checkable
    needs: str = ""  # what data would test a claim that is not checkable

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict {self.verdict!r} is not one of {VERDICTS}")
        if self.verdict == "not checkable" and not (self.reason and self.needs):
            raise ValueError("a 'not checkable' verdict needs a reason and what data would test the claim")
        if self.verdict != "not checkable" and not self.evidence:
            raise ValueError(f"a {self.verdict!r} verdict needs evidence")


@dataclass(frozen=True)
class Verdict:
    """A claim from the ledger together with its finding; shows itself in a notebook."""

    id: str
    chapter: int
    author: str
    quote: str
    place: str
    kind: str
    test: str
    verdict: str
    conclusion: str
    observed: str
    right: str
    wrong: str
    compared: list[dict] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    reason: str = ""
    needs: str = ""
    as_of: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    def __repr__(self) -> str:
        lines = [f'{self.id} ({self.author}, {self.place}): "{self.quote}"', f"  verdict: {self.verdict}"]
        lines.append(f"  conclusion: {self.conclusion}")
        lines += [f"  right: {self.right}"] * bool(self.right) + [f"  wrong: {self.wrong}"] * bool(self.wrong)
        lines += [f"  {c['what']}: report {c['claimed']}; data {c['observed']}" for c in self.compared]
        lines += [f"  evidence: {e}" for e in self.evidence]
        if self.reason:
            lines += [f"  why not checkable: {self.reason}", f"  what would test it: {self.needs}"]
        if self.as_of:
            lines.append(f"  data as of: {self.as_of}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from ..theme import badge_text, css_class

        esc = html.escape
        parts = [
            f'<div class="wb-claim" id="{esc(self.id)}" data-verdict="{esc(self.verdict)}">',
            f'<p class="wb-claim-head"><a class="wb-anchor" href="#{esc(self.id)}">{esc(self.id)}</a> · '
            f"{esc(self.author)} · {esc(self.place)} · {esc(self.kind)}</p>",
            f"<blockquote>“{esc(self.quote)}”</blockquote>",
            f'<p><span class="wb-verdict {css_class(self.verdict)}">{esc(badge_text(self.verdict))}</span> '
            f"{esc(self.conclusion)}</p>",
        ]
        if self.right:
            parts.append(f"<p><b>What is right:</b> {esc(self.right)}</p>")
        if self.wrong:
            parts.append(f"<p><b>What is wrong:</b> {esc(self.wrong)}</p>")
        if self.compared:
            rows = "".join(
                f"<tr><td>{esc(c['what'])}</td><td>{esc(c['claimed'])}</td><td>{esc(c['observed'])}</td></tr>"
                for c in self.compared
            )
            parts.append(
                "<table><caption>The figures compared</caption>"
                f"<tr><th>figure</th><th>the report</th><th>the data</th></tr>{rows}</table>"
            )
        if self.reason:
            parts.append(
                f"<p><b>Why not checkable:</b> {esc(self.reason)}. <b>What would test it:</b> {esc(self.needs)}</p>"
            )
        items = [_evidence_html(item) for item in self.sources] or [f"<li>{esc(e)}</li>" for e in self.evidence]
        if items:
            parts.append("<p><b>Evidence:</b></p><ul>" + "".join(items) + "</ul>")
        if self.as_of:
            parts.append(f"<p><small>Data as of {esc(self.as_of)}</small></p>")
        return "".join(parts) + "</div>"


def _evidence_html(item: dict) -> str:
    """One evidence item: the project file and rows, the note, and each public address as a link (http(s) only)."""
    esc = html.escape
    rows = item.get("rows") or []
    where = esc(item["file"]) + (
        f", row{'s' if len(rows) > 1 else ''} {esc(', '.join(map(str, rows)))}" if rows else ""
    )
    note = f": {esc(item['note'])}" if item.get("note") else ""
    links = []
    for address in str(item.get("address") or "").split("; "):
        if address.startswith(("http://", "https://")):
            links.append(f'<a href="{esc(address, quote=True)}" rel="noopener">{esc(address)}</a>')
        elif address:
            links.append(esc(address))
    return f"<li><code>{where}</code>{note}" + (f" ({', '.join(links)})" if links else "") + "</li>"
