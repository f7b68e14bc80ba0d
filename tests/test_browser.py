"""The reports in a real browser: headless Chromium renders index.html and every reader report.

Each page must render something (the screenshot is not blank), log no console error or exception,
and request nothing outside the file itself (only file: and data: addresses).  Chromium comes from
Debian's package, which .ci/run installs where it is missing; the tests are skipped only where it
cannot be installed, and say so.
"""

from __future__ import annotations

import base64
import io
import json
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from wbanalysis import report
from wbanalysis.builder.layout import site_pages

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
pytestmark = [
    pytest.mark.kernel,  # every test here uses built reports (left out of the fast lane, make check)
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="Chromium is not installed and could not be installed here (apt-get install -y chromium)",
    ),
]


class Browser:
    """One headless Chromium with the DevTools protocol on a local port."""

    def __init__(self, profile: Path) -> None:
        import websocket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.proc = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
                f"--user-data-dir={profile}",
                f"--remote-debugging-port={port}",
                "--window-size=1200,900",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2) as response:
                    pages = [t for t in json.load(response) if t["type"] == "page"]
                if pages:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.call(f"{domain}.enable")

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                return message.get("result", {})
            self.events.append(message)

    def visit(self, url: str) -> tuple[bytes, list[dict]]:
        self.events = []
        self.call("Page.navigate", url=url)
        deadline = time.time() + 60
        while time.time() < deadline and not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            self.events.append(json.loads(self.ws.recv()))
        time.sleep(0.5)
        shot = self.call("Page.captureScreenshot", format="png")
        return base64.b64decode(shot["data"]), self.events

    def close(self) -> None:
        self.ws.close()
        self.proc.terminate()
        self.proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chrome = Browser(tmp_path_factory.mktemp("profile"))
    yield chrome
    chrome.close()


def pages(out: Path) -> list[Path]:
    return [out / "index.html"] + sorted(
        p for p in out.glob("*.html") if p.name != "index.html" and not p.name.endswith(".full.html")
    )


def test_every_reader_report_and_the_index_render_offline_without_errors(reports, browser, tmp_path):
    from PIL import Image

    checked = pages(reports)
    chapters = report.chapters()  # the report's parts (data/report/chapters.csv): each has its reader page
    assert {p.name for p in checked} == set(site_pages()) | {f"{c.notebook}.html" for c in chapters}
    for page in checked:
        png, events = browser.visit(page.as_uri())
        image = Image.open(io.BytesIO(png)).convert("L")
        low, high = image.getextrema()
        assert high - low > 100, f"{page.name}: the screenshot is blank"
        requests = [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]
        outside = [u for u in requests if not u.startswith(("file:", "data:"))]
        assert not outside, f"{page.name} requested {outside}"
        errors = [
            e
            for e in events
            if e.get("method") == "Runtime.exceptionThrown"
            or (e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] == "error")
            or (e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")
        ]
        assert not errors, f"{page.name}: {errors[:2]}"
        (tmp_path / f"{page.stem}.png").write_bytes(png)


def test_reader_reports_have_summary_contents_alt_text_and_figures(reports):
    page = (reports / "02_institutional_frameworks.html").read_text(encoding="utf-8")
    assert 'class="wb-summary"' in page and 'class="wb-toc"' in page
    assert 'href="02_institutional_frameworks.full.html"' in page
    assert 'alt="Table 2: who took part in which operation"' in page
    assert "Table 2: who took part in which operation. Source: the report's Table 2" in page
    figures = sorted(p.name for p in (reports / "figures").iterdir())
    assert "02_institutional_frameworks__02-table-2-who-took-part-in-which-operation.png" in figures
    assert not [f for f in figures if f.endswith(".svg")]  # SVG copies only with --svg (tests/test_build_speed.py)


AXE = Path(__file__).resolve().parents[1] / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"


def _reader_pages(out: Path) -> list[Path]:
    return sorted(p for p in out.glob("[0-9][0-9]_*.html") if not p.name.endswith(".full.html"))


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (make test installs it with npm)")
def test_no_wcag_a_or_aa_violation_on_the_index_explorer_methodology_and_reader_pages(reports, browser):
    axe = AXE.read_text(encoding="utf-8")
    rules = "{runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}"
    found = {}
    for page in [
        reports / "index.html",
        reports / "claims.html",
        reports / "methodology.html",
        *_reader_pages(reports),
    ]:
        browser.visit(page.as_uri())
        browser.call("Runtime.evaluate", expression=axe)
        result = browser.call(
            "Runtime.evaluate",
            expression=f"axe.run(document, {rules}).then(r => JSON.stringify(r.violations.map(v => v.id)))",
            awaitPromise=True,
            returnByValue=True,
        )
        violations = json.loads(result["result"]["value"])
        if violations:
            found[page.name] = violations
    assert found == {}


def test_every_claim_has_a_card_on_its_chapter_page_and_a_row_in_the_explorer(reports):
    from bs4 import BeautifulSoup

    from wbanalysis import claims

    explorer = BeautifulSoup((reports / "claims.html").read_text(encoding="utf-8"), "html.parser")
    rows = {a.get_text(): a["href"] for a in explorer.select("#claims tbody tr td:first-child a")}
    pages: dict[str, BeautifulSoup] = {}
    for v in claims.evaluate_all():
        page = report.chapter(v.chapter).page
        soup = pages.setdefault(page, BeautifulSoup((reports / page).read_text(encoding="utf-8"), "html.parser"))
        cards = soup.select(f'div.wb-claim[id="{v.id}"]')
        assert len(cards) == 1, (v.id, page)
        assert cards[0]["data-verdict"] == v.verdict
        assert rows[v.id] == f"{page}#{v.id}"
    assert len(rows) == len(claims.claims())


def test_summary_counts_equal_the_cards_and_tables_are_whole(reports):
    import re

    from bs4 import BeautifulSoup

    for page in _reader_pages(reports):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        cards = soup.select("div.wb-claim")
        ids = [c["id"] for c in cards]
        assert len(ids) == len(set(ids)), page.name  # one card (one anchor) per claim
        summary = soup.select_one("aside.wb-summary").get_text(" ")
        shown = re.search(r"Claims of this part of the report: (\d+)", summary)
        own_cards = [c for c in cards if c["id"].startswith(f"C{int(page.name[:2])}-")]
        assert shown and int(shown.group(1)) == len(own_cards), page.name
        others = [c["id"] for c in cards if c not in own_cards]
        assert all(i in summary for i in others), page.name  # the others are named, and not counted
        cells = [td.get_text().strip() for td in soup.find_all(["td", "th"])]
        assert not [c for c in cells if c.endswith("...")], page.name
        assert not [c for c in cells if c in ("NaN", "nan", "None", "<NA>")], page.name
        scripts = soup.select('script[type="application/ld+json"]')
        reviews = json.loads(scripts[0].string) if scripts else []
        own = [i for i in ids if i.startswith(f"C{int(page.name[:2])}-")]  # a review lives on its chapter's page
        assert sorted(r["identifier"] for r in reviews) == sorted(own), page.name
        assert all(r["url"] == f"{page.name}#{r['identifier']}" for r in reviews), page.name
