"""Cards reach the page builder as data (``builder.pages.cards``): rendered again from it with the current template,
counted from it, never parsed back out of a page."""

from __future__ import annotations

import copy

import jinja2
import nbformat

from wbanalysis import paths, report
from wbanalysis.builder.pages import cards
from wbanalysis.claims import model


def _stored(chapter: int):
    return nbformat.read(paths.NOTEBOOK_DIR / f"{report.chapter(chapter).notebook}.ipynb", as_version=4)


def _card_outputs(nb):
    return [o for c in nb.cells for o in c.get("outputs", []) if model.MIME in o.get("data", {})]


def test_a_new_card_layout_needs_no_notebook_executed_again(monkeypatch):
    """The committed notebook as it is, a different card template: every card of the page takes the new layout."""
    nb = _stored(4)
    carried = [v["id"] for o in _card_outputs(nb) for v in o["data"][model.MIME]["claims"]]
    assert carried  # the notebook carries its cards as data
    layout = jinja2.Environment(autoescape=True).from_string('<p class="new">{{ v.id }}: {{ grade.badge }}</p>')
    monkeypatch.setattr(model, "_template", lambda: layout)
    shown = cards.render_again(nb)
    assert [v.id for v in shown] == list(dict.fromkeys(carried))
    html = "".join(o["data"]["text/html"] for o in _card_outputs(nb))
    assert html.count('<p class="new">') == len(shown) and 'class="wb-claim"' not in html


def test_a_card_shown_again_becomes_a_link_to_the_first():
    nb = _stored(4)
    outputs = _card_outputs(nb)
    twice = copy.deepcopy(outputs[0])
    nb.cells.append(nbformat.v4.new_code_cell(outputs=[twice]))
    first_id = outputs[0]["data"][model.MIME]["claims"][0]["id"]
    shown = cards.render_again(nb)
    assert [v.id for v in shown].count(first_id) == 1
    assert f'href="#{first_id}">{first_id}: see its card above' in twice["data"]["text/html"]


def test_data_that_are_not_verdicts_are_left_as_the_notebook_gave_them():
    nb = nbformat.v4.new_notebook()
    odd = {"text/html": "<p>mine</p>", model.MIME: {"claims": [{"id": "X-1", "verdict": "great"}]}}
    nb.cells = [nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output("display_data", data=odd)])]
    assert cards.render_again(nb) == []
    assert nb.cells[0].outputs[0]["data"]["text/html"] == "<p>mine</p>"


def test_the_counts_and_reviews_come_from_the_data():
    nb = _stored(4)
    shown = cards.render_again(nb)
    own = cards.of_chapter(shown, report.chapter(4).notebook)
    assert own and all(v.id.startswith("C4-") for v in own)
    reviews = cards.claimreview_json(own, "04.html")
    assert reviews.count('"ClaimReview"') == len(own) and "</" not in reviews
