"""One place for how verdicts look: label, symbol and colour-blind-safe colour (Okabe-Ito), used by the claim
cards, the reader pages' summaries, the index, the claims explorer and the methodology page.  Country colours
and names live in ``countries``."""

from __future__ import annotations

#: verdict -> (label, symbol, colour); the symbol and the label carry the verdict without colour.
VERDICT_STYLE = {
    "supported": ("Supported", "✓", "#0072B2"),
    "partly supported": ("Partly supported", "◐", "#E69F00"),
    "contradicted": ("Contradicted", "✗", "#D55E00"),
    "not checkable": ("Not checkable", "?", "#595959"),
}
#: The order in which findings are shown: what is wrong first.
FINDINGS_FIRST = ("contradicted", "partly supported", "supported", "not checkable")


def badge_text(verdict: str) -> str:
    """'✗ Contradicted': the symbol and the label, readable without colour."""
    label, symbol, _ = VERDICT_STYLE[verdict]
    return f"{symbol} {label}"


def css_class(verdict: str) -> str:
    return "wb-" + verdict.replace(" ", "-")
