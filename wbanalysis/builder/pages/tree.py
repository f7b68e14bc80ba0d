"""An exported page as a tree: sanitised on the way in, and the reader's version of it without the code."""

from __future__ import annotations

from typing import Any

from ... import sanitise


def parse(page: str) -> Any:
    """An exported page as a tree, with everything that came from the notebook (its body) sanitised by nh3
    (``sanitise.clean``); the page's own additions come afterwards, through the tree."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(sanitise.clean_body(page), "html.parser")


def full(soup: Any) -> str:
    """The full report from its tree (:func:`parse`); each claim's card is there once already
    (``cards.render_again``)."""
    return sanitise.protect(str(soup), scripts=False)


def _remove(tag: Any) -> None:
    """Remove an element and the line break before it (as if the template had not written it)."""
    before = tag.previous_sibling
    if isinstance(before, str) and not before.strip():
        before.extract()
    tag.decompose()


def _children(tag: Any, name: str) -> list[Any]:
    """``tag``'s child elements with the class ``name`` (the template's own structure, not a notebook's HTML)."""
    return tag.find_all("div", class_=name, recursive=False) if tag is not None else []


def without_code(soup: Any) -> Any:
    """The full report's tree as the reader sees it, in place: code cells keep their outputs only, with no
    prompts (what nbconvert writes with ``exclude_input`` and no prompts, without exporting the notebook twice).

    Only the template's own elements are touched, found by their place (cell, wrapper, area, prompt), so a
    notebook's HTML that happens to use the same class names is left as it is."""
    for cell in _children(soup.find("main") or soup.body, "jp-Cell"):
        classes = list(cell.get("class", []))
        if "jp-CodeCell" in classes:
            for wrapper in _children(cell, "jp-Cell-inputWrapper"):
                _remove(wrapper)
            if "jp-mod-noInput" not in classes:
                at = 3 + ("jp-mod-noOutputs" in classes)  # where the template puts it: before the cell tags
                cell["class"] = classes[:at] + ["jp-mod-noInput"] + classes[at:]
            for wrapper in _children(cell, "jp-Cell-outputWrapper"):
                for area in _children(wrapper, "jp-OutputArea"):
                    for child in _children(area, "jp-OutputArea-child"):
                        for prompt in _children(child, "jp-OutputPrompt"):
                            _remove(prompt)
        elif "jp-MarkdownCell" in classes:
            for wrapper in _children(cell, "jp-Cell-inputWrapper"):
                for area in _children(wrapper, "jp-InputArea"):
                    for prompt in _children(area, "jp-InputPrompt"):
                        _remove(prompt)
    return soup


