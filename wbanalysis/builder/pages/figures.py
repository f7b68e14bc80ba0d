"""A report's figures: taken from the executed notebook as files for ``figures/``, and described on the reader page
(alt text, a caption naming the files)."""

from __future__ import annotations

import base64
import re
from typing import Any
from urllib.parse import quote


def figures(executed: Any) -> list[tuple[str, bytes, bytes | None]]:
    """(description, PNG bytes, SVG bytes or None) of every figure output, in notebook order."""
    found = []
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                text = "".join(data.get("text/plain", "")) or "Figure"
                svg = data.get("image/svg+xml")
                found.append(
                    (text.strip(), base64.b64decode(data["image/png"]), "".join(svg).encode() if svg else None)
                )
    return found


def slug(text: str) -> str:
    """A stable file-name fragment from a figure title."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower().removeprefix("figure:")).strip("-")[:60] or "figure"


def figure_files(executed: Any, report: str) -> dict[str, bytes]:
    """Every figure as ``{file name: content}``: PNG, and SVG where the kernel produced one, in notebook order."""
    files: dict[str, bytes] = {}
    for number, (text, png, svg) in enumerate(figures(executed), 1):
        stem = f"{report}__{number:02d}-{slug(text.partition('. Source: ')[0])}"
        files[f"{stem}.png"] = png
        if svg is not None:
            files[f"{stem}.svg"] = svg
    return files


def describe(soup: Any, executed: Any, figure_files: list[str]) -> None:
    """Give each embedded figure of the page its alt text and a caption: its title, its source and its files."""
    described = figures(executed)
    images = [i for i in soup.find_all("img") if str(i.get("src", "")).startswith("data:image/png")]
    stems = list(dict.fromkeys(name.rsplit(".", 1)[0] for name in figure_files))  # figures/ names, in order
    for img, (text, _, _), stem in zip(images, described, stems, strict=False):
        title, _, source = text.removeprefix("Figure:").strip().partition(". Source: ")
        img["alt"] = title
        caption = soup.new_tag("p", attrs={"class": "wb-caption"})
        caption.string = title + (f". Source: {source}" if source else "") + ". The figure as a file: "
        kinds = [kind for kind in ("png", "svg") if f"{stem}.{kind}" in figure_files]
        for number, kind in enumerate(kinds):
            link = soup.new_tag("a", href=f"figures/{quote(stem)}.{kind}")
            link.string = kind.upper()
            caption.append(link)
            caption.append(" or " if number < len(kinds) - 1 else ".")
        img.insert_after(caption)
