"""Hostile markup from a notebook runs nothing and loads nothing, in a real browser (headless Chromium).

A corpus of known sanitiser bypasses (mXSS, comment and raw-text tricks, namespace confusion, script and data
addresses, ``srcdoc``, ``formaction``, ``<base>``, ``<meta http-equiv=refresh>``, remote images and CSS ``url()``)
goes into markdown cells and HTML outputs of one notebook; both of its pages are opened in Chromium, which must
open no dialog and send no request to the local server the payloads point at.  The page policy is tested on its
own too (a page with live handlers that skipped the sanitiser still runs nothing), and the project's own pages
(index, claims explorer with its filter, methodology, comparison, reader and full pages) work under it.
"""

from __future__ import annotations

import http.server
import json
import threading
import time

import nbformat
import pytest
from test_browser import CHROMIUM, Browser

from wbanalysis.builder import build

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed and could not be installed here (apt-get install -y chromium)"
)

#: Known bypasses of HTML sanitisers; ``{u}`` is the address of a local server that counts requests.
CORPUS = [
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<!-- a --!><img src=x onerror=alert(2)> -->",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(3)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(4)>">',
    '<svg><a xlink:href="javascript:alert(5)"><text x="20" y="20">click</text></a></svg>',
    '<a id="j6" href="javascript:alert(6)">click</a>',
    '<a id="j7" href="jav&#x09;ascript:alert(7)">click</a>',
    '<iframe src="data:text/html,<script>alert(8)</script>"></iframe>',
    '<iframe srcdoc="<script>alert(9)</script>"></iframe>',
    '<form><button id="b10" formaction="javascript:alert(10)">go</button></form>',
    '<base href="{u}/base/"><img src="relative.png">',
    '<meta http-equiv="refresh" content="0;url={u}/refresh">',
    '<img src="{u}/remote.png">',
    '<p style="background:url({u}/inline-css.png)">styled</p>',
    "<style>body{{background:url({u}/style-element.png)}}</style>",
    '<object data="javascript:alert(16)"></object>',
    '<embed src="data:text/html,<script>alert(17)</script>">',
    "<details open ontoggle=alert(18)>d</details>",
    "<svg><animate onbegin=alert(19) attributeName=x dur=1s>",
    "<img src=x onerror=alert(20)>",
    "<script>alert(21)</script>",
    "<video><source onerror=alert(23)></video>",
    "<input autofocus onfocus=alert(24)>",
    '<img src="{u}/srcset-fallback.png" srcset="{u}/srcset.png 1x">',
    '<link rel="stylesheet" href="{u}/link.css">',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(28)>",
    '<a id="j29" href="data:text/html;base64,PHNjcmlwdD5hbGVydCgyOSk8L3NjcmlwdD4=">click</a>',
    '<table background="{u}/table-background.png"><tr><td>t</td></tr></table>',
    '<div style="width: expression(alert(31))">e</div>',
    "<audio src=x onerror=alert(32)></audio>",
    "<xmp><img src=x onerror=alert(33)></xmp>",
    "<textarea><img src=x onerror=alert(34)></textarea>",
    '<svg><image href="{u}/svg-image.png"></image></svg>',
    "<marquee onstart=alert(36)>m</marquee>",
    '<img src="//127.0.0.1:{port}/protocol-relative.png">',
    "<p>a<sup><svg><p><style><img src=x onerror=alert(38)></style></p></svg></sup></p>",
    '<a id="j39" href="&#106;avascript:alert(39)">click</a>',
    '<img src="data:image/png;base64,iVBOR" onload="alert(40)" onerror="alert(40)">',
]


class Counting(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        Counting.seen.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", httpd.server_address[1]
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chrome = Browser(tmp_path_factory.mktemp("profile"))
    yield chrome
    chrome.close()


def visit(
    browser: Browser, url: str, click: list[str] = (), settle: float = 1.5
) -> tuple[list[str], list[str], list[dict]]:
    """Open ``url``; the dialogs it opened (each answered), the addresses it asked for, the console errors, up to
    ``settle`` seconds after the page loaded (a payload run by a timer or a click can come later than the load)."""
    browser.events = []
    browser.call("Page.navigate", url=url)
    dialogs: list[str] = []
    deadline = time.time() + 30
    loaded = False
    while time.time() < deadline and not loaded:
        event = json.loads(browser.ws.recv())
        browser.events.append(event)
        if event.get("method") == "Page.javascriptDialogOpening":
            dialogs.append(event["params"]["message"])
            browser.call("Page.handleJavaScriptDialog", accept=True)
        loaded = event.get("method") == "Page.loadEventFired"
    for element in click:  # links and buttons that would run script when clicked
        browser.call("Runtime.evaluate", expression=f"var e = document.getElementById('{element}'); e && e.click()")
    settle = time.time() + settle
    browser.ws.settimeout(0.3)
    try:
        while time.time() < settle:
            try:
                event = json.loads(browser.ws.recv())
            except Exception:  # no event within the timeout
                continue
            browser.events.append(event)
            if event.get("method") == "Page.javascriptDialogOpening":
                dialogs.append(event["params"]["message"])
                browser.call("Page.handleJavaScriptDialog", accept=True)
    finally:
        browser.ws.settimeout(60)
    requests = [e["params"]["request"]["url"] for e in browser.events if e.get("method") == "Network.requestWillBeSent"]
    errors = [
        e["params"]["entry"]["text"]
        for e in browser.events
        if e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error"
    ] + [str(e["params"]) for e in browser.events if e.get("method") == "Runtime.exceptionThrown"]
    return dialogs, requests, errors


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, server):
    """One notebook holding the corpus, each payload in its own markdown cell and as an HTML output."""
    url, port = server
    folder = tmp_path_factory.mktemp("hostile")
    payloads = [p.format(u=url, port=port) for p in CORPUS]
    cells = [nbformat.v4.new_markdown_cell("# Hostile markup")]
    cells += [nbformat.v4.new_markdown_cell(f"Payload {k}: {p}") for k, p in enumerate(payloads, 1)]
    cells.append(
        nbformat.v4.new_code_cell(
            f"from IPython.display import HTML, display\nfor payload in {payloads!r}:\n    display(HTML(payload))"
        )
    )
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "41_hostile.ipynb"
    nbformat.write(nb, path)
    out = folder / "out"
    [result] = build([str(path)], {}, out_dir=out)
    assert result.status == "built", result.error
    return out


def test_the_corpus_is_large_enough():
    assert len(CORPUS) >= 20


@pytest.mark.kernel
@pytest.mark.parametrize("page", ["41_hostile.html", "41_hostile.full.html"])
def test_no_bypass_runs_or_loads_anything_in_chromium(hostile, browser, page):
    Counting.seen.clear()
    clicks = ["j6", "j7", "b10", "j29", "j39"]
    dialogs, requests, _ = visit(browser, (hostile / page).as_uri(), clicks)
    assert dialogs == []
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert Counting.seen == []


@pytest.mark.kernel
def test_the_sanitised_page_keeps_the_text_around_the_payloads(hostile):
    page = (hostile / "41_hostile.html").read_text(encoding="utf-8")
    assert "Payload 1:" in page and f"Payload {len(CORPUS)}:" in page and "Hostile markup" in page
    assert "onerror" not in page and "javascript:" not in page.lower() and "<iframe" not in page
    assert 'http-equiv="Content-Security-Policy"' in page


def test_the_policy_alone_stops_handlers_scripts_and_remote_loads(tmp_path, browser, server):
    """A page whose hostile markup skipped the sanitiser: the policy still runs and loads nothing."""
    from wbanalysis import sanitise

    url, _ = server
    raw = (
        "<!DOCTYPE html><html><head><title>t</title></head><body>"
        f'<img src=x onerror=alert(1)><script>alert(2)</script><img src="{url}/unsanitised.png">'
        f'<p style="background:url({url}/unsanitised-css.png)">x</p><iframe src="{url}/frame"></iframe>'
        "<svg><style><img src=x onerror=alert(3)></style></svg></body></html>"
    )
    page = tmp_path / "raw.html"
    page.write_text(sanitise.protect(raw, scripts=False), encoding="utf-8")
    Counting.seen.clear()
    dialogs, requests, _ = visit(browser, page.as_uri(), settle=0.5)  # no timer or click here: all runs by load
    assert dialogs == []
    assert Counting.seen == []
    unprotected = tmp_path / "unprotected.html"  # the same page without the policy does run (the test can fail)
    unprotected.write_text(raw, encoding="utf-8")
    dialogs, _, _ = visit(browser, unprotected.as_uri(), settle=0.5)
    assert dialogs


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    results = build(["04"], {}, out_dir=out, sweeps=["focus_country=ALB,SRB"])
    assert all(r.status == "built" for r in results)
    return out


@pytest.mark.kernel
def test_every_kind_of_page_works_under_its_policy(site, browser):
    pages = ["index.html", "claims.html", "methodology.html", "compare__04_berlin_process.html"]
    pages += [p.name for p in sorted(site.glob("04_*.html"))]
    assert len(pages) == 8
    for name in pages:
        text = (site / name).read_text(encoding="utf-8")
        assert text.count('http-equiv="Content-Security-Policy"') == 1, name
        dialogs, requests, errors = visit(browser, (site / name).as_uri())
        assert not dialogs and not [u for u in requests if not u.startswith(("file:", "data:"))], name
        assert errors == [], (name, errors[:2])


@pytest.mark.kernel
def test_the_explorer_still_filters_under_its_policy(site, browser):
    visit(browser, (site / "claims.html").as_uri())

    def evaluate(expression: str):
        return browser.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"]["value"]

    assert evaluate("document.getElementById('filters').hidden") is False  # the page's script ran
    every = evaluate("document.querySelectorAll('#claims tbody tr').length")
    evaluate(
        "var s = document.getElementById('f-verdict'); s.value = 'contradicted';"
        "document.getElementById('filters').dispatchEvent(new Event('input', {bubbles: true})); 1"
    )
    shown = evaluate("Array.from(document.querySelectorAll('#claims tbody tr')).filter(r => !r.hidden).length")
    assert 0 < shown < every
    assert evaluate("document.getElementById('f-count').textContent") == f"{shown} of {every} claims shown"
