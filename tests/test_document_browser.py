"""A cited source opened as its whole document, in real headless Chromium: the page's side panel and the widget's
expanded view, each scrolled to the quoted sentence and highlighting it. A widget passage scrolled to its quote keeps
its "Open the whole document" in view, and still shows the quote after going back from the whole document. Beside
the open side panel, the chat keeps a reading width on a 1280px screen.

One server (real uvicorn) over a fresh index of the five seeds (it, ru, en) and a document full of HTML, with its
page at `/`; a host page on another loopback origin (allowed by RAG_ALLOWED_ORIGINS) embeds the widget.
The last test removes a document and adds it back (as an upload).
"""

from __future__ import annotations

import html
import re
import shutil

import httpx
import pytest

from tests.browser import LOCALES, ask_page, open_page, running
from tests.conftest import SEEDS, make_settings

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE = (
    "The Varnholm lighthouse log\n\n"
    '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script> stays text.\n\n'
    "The keeper of the Varnholm lighthouse is a seal called Pim 🦭, who rings the bell at dusk.\n"
)
QUESTIONS = {
    "en": "How many countries did the entries to the Kling AI contest come from?",
    "it": "Qual era il montepremi del concorso?",
    "ru": "Сколько заявок собрал конкурс NEXTGEN Creative Contest?",
}
HINTS = {"en": "Open a source's title", "it": "Apri il titolo di una fonte", "ru": "Нажмите на название источника"}
WHOLE = {"en": "Open the whole document", "it": "Apri il documento intero", "ru": "Открыть весь документ"}
GONE = {"en": "no longer in the index", "it": "non è più nell'indice", "ru": "больше нет в индексе"}
IN_VIEW = """(el) => { const r = el.getBoundingClientRect(); let p = el.parentElement;
  const scrolls = (e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowY);
  while (p && !scrolls(p)) p = p.parentElement;
  const box = p ? p.getBoundingClientRect() : { top: 0, bottom: innerHeight };
  return r.top >= Math.max(box.top, 0) - 1 && r.bottom <= Math.min(box.bottom, innerHeight) + 1; }"""
HEAD_GAP = """(head) => { let p = head.parentElement;  // scrolled to the end: the head's distance from the panel top
  while (p && !['auto', 'scroll'].includes(getComputedStyle(p).overflowY)) p = p.parentElement;
  p.scrollTop = p.scrollHeight;
  return p.scrollTop > 0 ? head.getBoundingClientRect().top - p.getBoundingClientRect().top - p.clientTop : null; }"""
# The panel's slide and the page's reflow are CSS transitions: layout is measured once none is running.
SETTLED = """() => document.getAnimations().every((a) => a.playState !== 'running'
  || !a.effect || a.effect.getComputedTiming().endTime === Infinity)"""
BOXES = """() => { const box = (s) => { const r = document.querySelector(s).getBoundingClientRect();
    return { left: r.left, right: r.right, width: r.width }; };
  return { chat: box('#rag-chatbot'), panel: box('#rag-doc-panel'), page: document.documentElement.scrollWidth }; }"""


def host_app():
    """A plain page on its own origin embedding the widget from `?api=URL` in the language `?lang=xx`."""
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    def page(request):
        api, lang = request.query_params.get("api", ""), request.query_params.get("lang", "en")
        tag = f'<script src="{html.escape(api)}/widget.js" data-lang="{html.escape(lang)}" defer></script>'
        return HTMLResponse(f"<!doctype html><html><head></head><body><h1>Host</h1>{tag}</body></html>")

    return Starlette(routes=[Route("/", page)])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, embedder):
    from index.ingest import Ingestor
    from rag.engine import Engine
    from ui.server import create_app

    root = tmp_path_factory.mktemp("document-site")
    shutil.copytree(SEEDS, root / "seeds")
    (root / "seeds" / "lighthouse.txt").write_text(HOSTILE, encoding="utf-8")
    settings = make_settings(root / "data")
    Ingestor(settings.index, embedder).run([root / "seeds"])
    engine = Engine(settings.index, settings.rag, embedder=embedder)
    with running(host_app()) as host:
        app = create_app(settings.replace(allowed_origins=[host]).serve, engine)
        with running(app) as url:
            yield url, host


def api_text(url: str, source: str) -> str:
    return httpx.get(f"{url}/api/documents/{source}/text", timeout=30).json()["text"]


@pytest.mark.parametrize("lang", ["en", "it", "ru"])
def test_page_source_opens_the_whole_document_in_a_side_panel_scrolled_to_the_highlighted_sentence(
    browser, site, tmp_path, lang
):
    url, _ = site
    ctx, tab = open_page(browser, url, LOCALES[lang])
    try:
        assert "open" not in (tab.locator("#rag-doc-panel").get_attribute("class") or "")
        ask_page(tab, QUESTIONS[lang])
        source = tab.locator(".rag-source").first
        quoted = " ".join(source.locator(".rag-passage mark").inner_text().split())
        path = source.locator(".rag-path").inner_text()
        source.locator("a.rag-open").click()
        hit = tab.locator("#rag-doc-viewer #rag-doc-hit")
        hit.wait_for()
        assert "open" in tab.locator("#rag-doc-panel").get_attribute("class")
        assert " ".join(hit.inner_text().split()) == quoted
        shown = tab.locator("#rag-doc-viewer .rag-doc-text").inner_text()
        assert shown.split() == api_text(url, path).split(), "the whole document, not the passage"
        tab.wait_for_function(IN_VIEW, arg=hit.element_handle())
        assert HINTS[lang] in tab.locator("#rag-doc-hint").inner_text()
        tab.screenshot(path=str(tmp_path / f"panel-{lang}.png"))
        gap = tab.evaluate(HEAD_GAP, tab.locator("#rag-doc-viewer .rag-doc-head").element_handle())
        assert gap is not None and abs(gap) <= 1, f"scrolled text shows in a {gap}px strip above the panel's head"
        ask_page(tab, QUESTIONS["it"])  # the chat goes on with the panel open
    finally:
        ctx.close()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_esc_closes_the_page_document_panel(browser, site, lang):
    url, _ = site
    ctx, tab = open_page(browser, url, LOCALES[lang])
    try:
        ask_page(tab, QUESTIONS[lang])
        tab.locator(".rag-source").first.locator("a.rag-open").click()
        tab.locator("#rag-doc-viewer #rag-doc-hit").wait_for()
        assert "open" in tab.locator("#rag-doc-panel").get_attribute("class")
        tab.keyboard.press("Escape")
        tab.wait_for_function("() => !document.querySelector('#rag-doc-panel').classList.contains('open')")
        ask_page(tab, QUESTIONS["it"])  # the chat goes on
    finally:
        ctx.close()


@pytest.mark.parametrize("width", [1280, 1440])
def test_the_chat_keeps_a_reading_width_beside_the_open_document_panel(browser, site, tmp_path, width):
    """Before, at 1280px the panel (640px) and the saved-conversations column left the chat 362px (its answers
    about 280px wide), and 442px at 1440px."""
    url, _ = site
    ctx, tab = open_page(browser, url, "en-US", viewport={"width": width, "height": 800})
    try:
        ask_page(tab, QUESTIONS["en"])
        tab.locator(".rag-source").first.locator("a.rag-open").click()
        tab.locator("#rag-doc-viewer #rag-doc-hit").wait_for()
        tab.wait_for_function("() => document.querySelector('#rag-doc-panel').classList.contains('open')")
        tab.wait_for_function(SETTLED)
        tab.screenshot(path=str(tmp_path / f"panel-beside-chat-{width}.png"))
        boxes = tab.evaluate(BOXES)
        chat, panel = boxes["chat"], boxes["panel"]
        assert chat["width"] >= 560, f"the chat is {chat['width']}px wide beside the panel"
        assert chat["right"] <= panel["left"] + 1, "the panel covers the chat"
        assert panel["left"] >= 0 and panel["right"] <= width + 1 and panel["width"] >= 360, panel
        assert boxes["page"] <= width, f"the page scrolls sideways ({boxes['page']}px)"
    finally:
        ctx.close()


def test_page_panel_shows_hostile_document_text_as_text(browser, site):
    url, _ = site
    ctx, tab = open_page(browser, url, "en-US")
    try:
        ask_page(tab, "Who is the keeper of the Varnholm lighthouse? 🦭")
        tab.locator(".rag-source", has_text="lighthouse.txt").first.locator("a.rag-open").click()
        tab.locator("#rag-doc-viewer #rag-doc-hit").wait_for()
        viewer = tab.locator("#rag-doc-viewer")
        assert '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>' in viewer.inner_text()
        assert "Pim 🦭" in viewer.inner_text()
        assert viewer.locator("img, script").count() == 0
        assert tab.evaluate("typeof window.__pwned") == "undefined"
    finally:
        ctx.close()


def open_widget(browser, site, lang: str):
    url, host = site
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.set_default_timeout(60_000)
    page.goto(f"{host}/?api={url}&lang={lang}", wait_until="load")
    page.wait_for_function("window.RagWidget && window.RagWidget.timings.visible !== null")
    return page


def ask_widget(page, question: str) -> None:
    page.locator(".b").click()
    page.locator("#rw-q").fill(question)
    page.locator("#rw-q").press("Enter")
    page.locator(".m.a .src").last.wait_for()


@pytest.mark.parametrize("lang", ["en", "it", "ru"])
def test_widget_source_expands_to_the_whole_document_with_the_quoted_sentence_highlighted(
    browser, site, tmp_path, lang
):
    url, _ = site
    page = open_widget(browser, site, lang)
    try:
        ask_widget(page, QUESTIONS[lang])
        answer = page.locator(".m.a").last
        answer.locator(".st").first.click()
        passage = answer.locator(".ps").first
        quoted = " ".join(passage.locator("mark").inner_text().split())
        opener = passage.locator(".wd")
        assert opener.inner_text() == WHOLE[lang]
        opener.click()
        mark = page.locator(".dv .dt mark")
        mark.wait_for()
        assert " ".join(mark.inner_text().split()) == quoted
        path = page.evaluate("k => JSON.parse(sessionStorage.getItem(k))[1].citations[0].source", f"rag-widget:{url}")
        assert page.locator(".dv .dt").inner_text().split() == api_text(url, path).split()
        page.wait_for_function(IN_VIEW, arg=mark.element_handle())
        page.screenshot(path=str(tmp_path / f"widget-document-{lang}.png"))
        page.keyboard.press("Escape")  # back to the chat, focus on the button that opened it
        assert page.locator(".dv").is_hidden() and page.locator(".p").is_visible()
        assert page.evaluate("document.querySelector('rag-widget').shadowRoot.activeElement.className") == "wd"
    finally:
        page.close()


def test_a_scrolled_widget_passage_shows_its_whole_document_button_and_keeps_its_quote_after_back(
    browser, site, tmp_path
):
    page = open_widget(browser, site, "en")
    try:
        ask_widget(page, QUESTIONS["en"])
        items = page.locator(".m.a").last.locator(".src li")
        for n in range(items.count()):  # a passage too long for its box: opening it scrolls it to the quote
            items.nth(n).locator(".st").click()
            passage = items.nth(n).locator(".ps")
            if passage.evaluate("p => p.scrollTop") > 0:
                break
        else:
            pytest.fail("no cited passage scrolls to its quote; the test needs a longer one")
        mark, opener = passage.locator("mark"), passage.locator(".wd")
        page.wait_for_function(IN_VIEW, arg=mark.element_handle())
        assert page.evaluate(IN_VIEW, opener.element_handle()), "the quote shows, its 'Open the whole document' not"
        page.screenshot(path=str(tmp_path / "widget-passage-scrolled.png"))
        opener.click()
        page.locator(".dv .dt mark").wait_for()
        page.keyboard.press("Escape")
        assert page.locator(".dv").is_hidden()
        assert page.evaluate("document.querySelector('rag-widget').shadowRoot.activeElement.className") == "wd"
        assert page.evaluate(IN_VIEW, mark.element_handle()), "back in the chat, the quote scrolled out of view"
    finally:
        page.close()


def test_widget_document_view_shows_hostile_text_as_text(browser, site):
    page = open_widget(browser, site, "en")
    try:
        ask_widget(page, "Who is the keeper of the Varnholm lighthouse? 🦭")
        item = page.locator(".m.a").last.locator(".src li", has_text="Varnholm").first
        item.locator(".st").click()
        item.locator(".wd").click()
        page.locator(".dv .dt mark").wait_for()
        shown = page.locator(".dv .dt").inner_text()
        assert '<img src=x onerror="window.__pwned=1"><script>' in shown and "Pim 🦭" in shown
        inside = page.evaluate("document.querySelector('rag-widget').shadowRoot.querySelectorAll('img, script').length")
        assert inside == 0 and page.evaluate("typeof window.__pwned") == "undefined"
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["en", "it", "ru"])
def test_a_document_removed_since_the_answer_is_one_message_and_the_chat_goes_on(browser, site, lang):
    url, _ = site
    page = open_widget(browser, site, lang)
    ctx, tab = open_page(browser, url, "en-US")
    try:
        question = "Who is the keeper of the Varnholm lighthouse? 🦭"
        ask_widget(page, question)
        ask_page(tab, question)
        removed = httpx.delete(f"{url}/api/documents/lighthouse.txt", timeout=60)
        assert removed.status_code == 200, removed.text
        item = page.locator(".m.a").last.locator(".src li", has_text="Varnholm").first
        item.locator(".st").click()
        item.locator(".wd").click()
        page.wait_for_function(
            "t => document.querySelector('rag-widget').shadowRoot.querySelector('.dv .dt').textContent.includes(t)",
            arg=GONE[lang],
        )
        tab.locator(".rag-source", has_text="lighthouse.txt").first.locator("a.rag-open").click()
        refusal = tab.locator("#rag-doc-viewer .rag-refusal")
        refusal.wait_for()
        # worded by the page in its language (English here), not the API's English reason
        assert re.fullmatch(
            r"(seeds|uploads)/lighthouse\.txt is not in the index \(removed meanwhile\?\)\.", refusal.inner_text()
        )
        ask_page(tab, QUESTIONS["it"])  # the page's chat still answers
        page.keyboard.press("Escape")
        page.locator("#rw-q").fill(QUESTIONS["it"])
        page.locator("#rw-q").press("Enter")
        page.locator(".m.a .src").nth(1).wait_for()
    finally:
        page.close()
        ctx.close()
        # put it back (as an upload) for the next parameter
        added = httpx.post(f"{url}/api/documents", files={"file": ("lighthouse.txt", HOSTILE.encode())}, timeout=120)
        assert added.status_code == 201, added.text
