"""What the report is, in one place: its title, publisher, date and address.  Every other module that names
the report reads it from here."""

from __future__ import annotations

from datetime import date

TITLE = "Regional Security Cooperation in the Western Balkans"
PUBLISHER = "Kosovar Centre for Security Studies"
PUBLISHER_SHORT = "KCSS"
#: The date printed on the cover ("April 25, 2025").
DATE = date(2025, 4, 25)
#: The publisher's site, where the PDF is published.
ADDRESS = "https://qkss.org/en"


def date_text() -> str:
    """'25 April 2025'."""
    return f"{DATE.day} {DATE:%B %Y}"
