"""The verdict scale, defined once: each verdict's label, symbol, colour, ink, hatch, ClaimReview rating, meaning
and place in the order.  Cards, charts, the explorer, the index, the methodology page and the JSON-LD read it
from here, and so does the page style (:func:`css`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Grade:
    """One verdict of the scale."""

    name: str  # as the ledger, the JSON and the filters spell it
    label: str  # as a reader sees it
    symbol: str  # carries the verdict without colour
    colour: str  # Okabe-Ito (colour-blind safe)
    ink: str  # text colour on ``colour`` (contrast 4.5:1 or more, tested)
    hatch: str  # pattern in charts, so the verdict reads in black and white
    rating: int | None  # ClaimReview ratingValue on a 1-5 scale; None: not rated
    meaning: str

    @property
    def badge(self) -> str:
        """'✗ Contradicted': the symbol and the label."""
        return f"{self.symbol} {self.label}"

    @property
    def css(self) -> str:
        return "wb-" + self.name.replace(" ", "-")


#: The scale in its order: from the claim holding to the claim failing, then the two that are not ratings of truth.
SCALE: tuple[Grade, ...] = (
    Grade(
        "supported", "Supported", "✓", "#0072B2", "#ffffff", "", 5,
        "every fact the claim asserts that carries it is confirmed by a source, and none is refuted",
    ),
    Grade(
        "partly supported", "Partly supported", "◐", "#E69F00", "#000000", "//", 3,
        "part of what the claim asserts is confirmed and part is refuted",
    ),
    Grade(
        "contradicted", "Contradicted", "✗", "#D55E00", "#000000", "xx", 1,
        "what carries the claim is refuted, and nothing of it is confirmed",
    ),
    Grade(
        "unverified", "Unverified", "…", "#CC79A7", "#000000", "..", None,
        "the claim can be checked, but a fact that carries it was neither confirmed nor refuted by the sources "
        "found; not found is not evidence against",
    ),
    Grade(
        "not checkable", "Not checkable", "—", "#595959", "#ffffff", "--", None,
        "the statement asserts no fact to test (an opinion, a metaphor, a forecast or a recommendation): "
        "not rated",
    ),
)
GRADES: dict[str, Grade] = {g.name: g for g in SCALE}
VERDICTS: tuple[str, ...] = tuple(GRADES)
MEANINGS: dict[str, str] = {g.name: g.meaning for g in SCALE}
#: The order of findings on a page: what is wrong first, then what is open, then what holds.
FINDINGS_FIRST: tuple[str, ...] = ("contradicted", "partly supported", "unverified", "supported", "not checkable")
#: Verdicts that rate the claim's truth (the others say why it is not rated).
RATED: tuple[str, ...] = ("supported", "partly supported", "contradicted")
#: ClaimReview's scale: 1 (false) to 5 (true).
WORST, BEST = 1, 5


def grade(verdict: str) -> Grade:
    """The grade of a verdict; the error lists the scale."""
    try:
        return GRADES[verdict]
    except KeyError:
        raise ValueError(f"unknown verdict {verdict!r}; valid verdicts: {', '.join(VERDICTS)}") from None


def normal(text: str) -> str:
    """A verdict as the scale spells it, from any case and separator ('Partly_Supported')."""
    key = " ".join(str(text).replace("_", " ").replace("-", " ").lower().split())
    return grade(key).name


def css() -> str:
    """The style of the badges and cards for every page (one rule per grade)."""
    rules = []
    for g in SCALE:
        rules.append(f".{g.css}{{background:{g.colour};color:{g.ink}}}")
        rules.append(f'.wb-claim[data-verdict="{g.name}"]{{border-left-color:{g.colour}}}')
    return "\n".join(rules)


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """The WCAG 2.1 contrast ratio of two colours (#rrggbb)."""
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)
