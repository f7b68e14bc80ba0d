"""The conclusions and recommendations."""

from __future__ import annotations

from .chapter2 import distinct_releases
from .common import cite
from .model import Compared, Finding
from .registry import check


@check("C6-1")
def _networks_dismantled() -> Finding:
    releases = distinct_releases()
    with_arrests = releases[releases["arrests"].fillna(0) > 0]
    return Finding(
        "supported" if len(with_arrests) else "contradicted",
        f"{len(with_arrests)} of the {len(releases)} distinct releases behind Table 2 report arrests "
        f"({int(with_arrests['arrests'].sum()):,} in all).",
        f"{len(with_arrests)} of {len(releases)} releases with arrests",
        (cite("europol_releases", with_arrests, note="arrests"),),
        (
            Compared(
                "operations that took down networks",
                "joint operations dismantled networks",
                f"{len(with_arrests)} with arrests",
            ),
        ),
    )
