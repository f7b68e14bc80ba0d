"""What a notebook puts in a page is sanitised by ``nh3`` (Rust's ``ammonia``, which parses HTML as browsers do),
and every page carries a Content-Security-Policy that runs none but its own scripts.

Two layers, so that a miss of one is caught by the other:

- :func:`clean`: an allow-list of elements and attributes (what the pages' markdown, tables, claim cards and
  figures need), images only as embedded ``data:image/...`` (never fetched), links only to http(s), mailto or
  places in the project; no script, style element, frame, form, SVG or MathML, no event handler, no comment;
- :func:`protect`: a ``<meta http-equiv="Content-Security-Policy">`` first in the page's head: nothing loaded
  from anywhere (``default-src 'none'``), images from ``data:`` and the page's own folder, styles inline (the
  pages' own CSS), scripts only those of the page itself, by hash.
"""

from __future__ import annotations

import base64
import hashlib
import re

import nh3

#: Elements a notebook may contribute (markdown, tables, claim cards, figures, the template's cell wrappers).
TAGS = {
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "ins", "kbd", "li", "main", "mark", "ol", "p", "pre", "q", "s", "samp", "section", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u",
    "ul", "var", "wbr",
}  # fmt: skip
#: Removed with everything inside them (the others not allowed are removed and their text kept).
DROPPED_WITH_CONTENT = {
    "script", "style", "template", "noscript", "iframe", "object", "embed", "textarea", "title", "xmp",
    "noembed", "noframes", "svg", "math", "select", "option", "button", "head", "frameset", "frame", "applet",
}  # fmt: skip
#: Attributes on any allowed element (``data-*`` and ``aria-*`` too, by prefix).
GENERIC = {"class", "id", "title", "lang", "dir", "role", "tabindex", "style", "align", "valign"}
ATTRIBUTES = {
    "*": GENERIC,
    "a": {"href", "rel", "name"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "table": {"border"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "details": {"open"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
}
#: CSS properties kept in a ``style`` attribute (pandas aligns table cells; feedback boxes have a border).
STYLE_PROPERTIES = {
    "text-align", "vertical-align", "color", "background-color", "font-weight", "font-style", "font-size",
    "white-space", "border", "border-left", "border-right", "border-top", "border-bottom", "border-collapse",
    "padding", "padding-left", "padding-right", "padding-top", "padding-bottom", "margin", "margin-left",
    "margin-right", "margin-top", "margin-bottom", "width", "max-width", "height", "min-width",
}  # fmt: skip
#: An image embedded in the page: a raster type, base64 (what matplotlib and nbconvert write).
DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*\Z")
#: Where a link may lead: the web, e-mail, or a place in this page or folder (no scheme at all).
LINK_SCHEMES = ("http:", "https:", "mailto:")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _attribute(tag: str, name: str, value: str) -> str | None:
    """Per attribute, after the allow-list: embedded images only, safe links only, plain styles only."""
    plain = re.sub(r"[\x00-\x20]+", "", value)
    if name == "src":
        return value if DATA_IMAGE.match(plain) else None
    if name in ("href", "cite"):
        if plain.startswith(("//", "\\\\", "/\\", "\\/")):  # another host, without a scheme
            return None
        if _SCHEME.match(plain) and not plain.lower().startswith(LINK_SCHEMES):
            return None
        return value
    if name == "style":
        lowered = plain.lower()
        if any(risky in lowered for risky in ("url(", "\\", "expression(", "@", "image-set(")):
            return None
    return value


def clean(html: str) -> str:
    """``html`` from a notebook with only the allowed elements and attributes left (see the module's doc)."""
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ATTRIBUTES,
        attribute_filter=_attribute,
        strip_comments=True,
        link_rel=None,
        generic_attribute_prefixes={"data-", "aria-"},
        url_schemes={"http", "https", "mailto", "data"},
        filter_style_properties=STYLE_PROPERTIES,
    )


_BODY = re.compile(r"<body\b[^>]*>", re.I)


def clean_body(page: str) -> str:
    """A page whose ``<body>`` holds what a notebook contributed (an nbconvert page), with that body cleaned; the
    head (the template's styles) and the body's own start tag are the template's and stay."""
    start = _BODY.search(page)
    end = page.lower().rfind("</body>")
    if start is None or end < start.end():
        return clean(page)
    return page[: start.end()] + "\n" + clean(page[start.end() : end]) + "\n" + page[end:]


_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
#: Script types a browser runs (a JSON-LD data block is not run, so it needs no hash).
_RUN = re.compile(r"""type\s*=\s*["']?(?!(?:text/javascript|module|application/javascript)["'\s>])""", re.I)


def policy(page: str, scripts: bool = True) -> str:
    """The page's Content-Security-Policy: nothing from the network, and only the page's own scripts (by hash;
    none at all with ``scripts=False``: a report page, whose only scripts are data blocks)."""
    hashes = []
    for attributes, body in _SCRIPT.findall(page) if scripts else []:
        if _RUN.search(attributes):  # a data block (application/ld+json): never run
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    allowed = " ".join(dict.fromkeys(hashes)) or "'none'"
    return (
        "default-src 'none'; img-src data: 'self'; style-src 'unsafe-inline'; font-src data:; "
        f"script-src {allowed}; base-uri 'none'; form-action 'none'; object-src 'none'"
    )


def protect(page: str, scripts: bool = True) -> str:
    """``page`` with its Content-Security-Policy as the first element of its head (it governs what follows).

    ``scripts``: the page's scripts are its own (a template's), allowed by hash; a report page passes False, so
    that no script runs there even if one got past the sanitiser."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(page, scripts)}">'
    head = _HEAD.search(page)
    if head is None:
        return meta + page
    return page[: head.end()] + meta + page[head.end() :]
