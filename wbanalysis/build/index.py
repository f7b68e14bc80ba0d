"""``index.html``: every report in an output folder, its parameters and build, and the claims scorecard.

The page is rendered from a Jinja2 template with autoescape: every text from a record, a notebook or the
data is escaped by construction, and links are URL-encoded.
"""

from __future__ import annotations

import base64
import functools
import itertools
import platform
from pathlib import Path
from typing import Any

from .. import __version__, data
from ..errors import WBAnalysisError
from ..files import write_atomic
from . import cache

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "index"
CHAPTER_NAMES = {0: "Introduction", 6: "Conclusions"}


@functools.cache
def _template() -> Any:
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)
    return env.get_template("index.html.j2")


def scorecard() -> dict[str, Any]:
    """The claims scorecard for the index: verdicts, a row per chapter, the chart (PNG, base64), or the error."""
    from .. import plots
    from ..claims import VERDICTS, evaluate_all
    from ..claims import scorecard as count

    try:
        card = count(evaluate_all())
    except WBAnalysisError as exc:  # broken data must not stop the index listing the reports
        return {"error": str(exc)}
    fig = plots.verdict_bars(card, title="Verdicts on the report's claims, by chapter", ylabel="chapter")
    rows = [
        {"label": CHAPTER_NAMES.get(int(ch), f"Chapter {ch}"), "counts": [int(card.loc[ch, v]) for v in VERDICTS]}
        for ch in card.index
    ]
    return {"verdicts": list(VERDICTS), "rows": rows, "chart": base64.b64encode(plots.png(fig)).decode()}


def _parameters(params: dict[str, Any]) -> str:
    return ", ".join(f"{k} = {', '.join(map(str, v)) if isinstance(v, list) else v}" for k, v in params.items()) or (
        "default parameters"
    )


def write_index(out_dir: Path, scores: dict[str, Any] | None = None) -> Path:
    """``index.html``: every report built into ``out_dir`` (variants under their notebook), and build information.

    ``scores`` is the scorecard when the caller computed it already (a build does, while reports run).
    """
    records, unreadable = cache.records(out_dir)
    groups = []
    for notebook, group in itertools.groupby(
        sorted(records, key=lambda r: (r["notebook"], r["name"])), key=lambda r: r["notebook"]
    ):
        group = list(group)
        reports = [
            {
                "reader": str(r["reader"]),
                "full": str(r["full"]),
                "parameters": _parameters(r.get("params") or {}),
                "variant": bool(r.get("variant")),
                "built": str(r.get("built", "")),
                "seconds": float(r.get("seconds") or 0),
            }
            for r in group
        ]
        groups.append(
            {
                "notebook": notebook,
                "title": next((r["title"] for r in group if r.get("title")), notebook),
                "reports": reports,
            }
        )
    try:
        data_version = str(data.package().get("version", ""))
        data_hash = data.sha256(data.DATA_DIR / data.PACKAGE_FILE).split(":")[1][:12]
    except (WBAnalysisError, OSError):
        data_version, data_hash = "unknown", "unknown"
    page = _template().render(
        groups=groups,
        scorecard=scores if scores is not None else scorecard(),
        unreadable=unreadable,
        version=__version__,
        data_version=data_version,
        data_hash=data_hash,
        python=platform.python_version(),
    )
    return write_atomic(out_dir / "index.html", page)
