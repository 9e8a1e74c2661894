"""The embeddable widget in real headless Chromium, on host pages served from other loopback origins.

One API server (real uvicorn) over a fresh index of an Italian seed, an English seed and a document full of
HTML; it allows exactly one host origin. A second origin that is not allowed checks the refusal. The host page
has aggressive CSS of its own, so style leaks would show both ways.
"""

from __future__ import annotations

import html

import httpx
import pytest

from tests.browser import running
from tests.conftest import build_small_index

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ITALIAN = "Qual era il montepremi del concorso?"
HOSTILE = (
    "The Zephyr maintenance note\n"
    "The Zephyr maintenance note says <img src=x onerror=window.__pwned=1> must be shown as text. "
    "The Zephyr note also contains <script>window.__pwned=1</script> as plain text for the reviewers."
)
HOST_CSS = """
* { color: rgb(200, 0, 0) !important; font-family: serif !important; }
button { background: rgb(255, 0, 0) !important; border-radius: 0 !important; padding: 30px !important; }
div { margin: 7px; line-height: 3 !important; }
body > div:last-of-type { outline: 5px solid rgb(0, 0, 255); }
body > :last-child { border: 9px solid rgb(0, 0, 255) !important; }
.box { width: 300px; background: rgb(0, 128, 0); }
"""
PROBE = """([sel, props]) => { const s = getComputedStyle(document.querySelector(sel));
  return Object.fromEntries(props.map(p => [p, s.getPropertyValue(p)])); }"""
PROPS = [
    "color",
    "font-family",
    "font-size",
    "margin-top",
    "padding-top",
    "line-height",
    "background-color",
    "width",
    "display",
    "box-sizing",
    "outline-style",
]


def host_app():
    """A plain page on its own origin: `/?api=URL` embeds the widget from URL, `&widget=0` leaves it out."""
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    def page(request):
        api = request.query_params.get("api", "")
        tag = ""
        if request.query_params.get("widget") != "0":
            tag = (
                f'<script src="{html.escape(api)}/widget.js" data-title="Chiedi ai documenti" '
                'data-lang="auto" data-position="bottom-right" defer></script>'
            )
        return HTMLResponse(
            f"<!doctype html><html lang='it'><head><style>{HOST_CSS}</style></head><body>"
            "<h1 id='head'>Host page</h1><p id='text'>Some text.</p><a id='link' href='#'>a link</a>"
            f"<button id='btn'>host button</button><div class='box' id='box'>box</div>{tag}</body></html>"
        )

    return Starlette(routes=[Route("/", page)])


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory, embedder):
    from rag.engine import Engine
    from ui.server import create_app

    settings = build_small_index(tmp_path_factory.mktemp("widget-site"), embedder, {"zephyr.txt": HOSTILE})
    engine = Engine(settings.index, settings.rag, embedder=embedder)
    with running(host_app()) as host, running(host_app()) as stranger:
        app = create_app(settings.replace(allowed_origins=[host]).serve, engine, with_ui=False)
        with running(app) as api:
            yield {"host": host, "stranger": stranger, "api": api}


def open_page(browser, url, **context):
    page = browser.new_page(**context)
    page.goto(url, wait_until="load")
    page.wait_for_function("window.RagWidget && window.RagWidget.timings.visible !== null")
    return page


def ask(page, question):
    page.locator(".b").click()
    page.locator("#rw-q").fill(question)
    page.locator("#rw-q").press("Enter")


def test_italian_question_streams_a_cited_answer_from_another_origin(browser, sites, tmp_path):
    page = open_page(browser, f"{sites['host']}/?api={sites['api']}")
    try:
        assert page.locator(".b").get_attribute("aria-label") == "Chiedi ai documenti"
        ask(page, ITALIAN)
        dialog = page.locator("[role=dialog]")
        assert dialog.get_attribute("aria-modal") == "true"
        assert page.locator(".log").get_attribute("aria-live") == "polite"
        page.locator(".src").first.wait_for(timeout=60_000)
        answer = page.locator(".m.a").last
        assert "42.000" in answer.inner_text()
        assert page.locator(".f button").inner_text() == "Invia"  # the page is Italian, so is the widget
        timings = page.evaluate("window.RagWidget.timings")
        assert timings["firstToken"] is not None
        marker = answer.locator(".mk").first
        toggle = answer.locator(".st").first
        assert toggle.get_attribute("aria-expanded") == "false"
        marker.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        passage = answer.locator(".ps").first
        assert passage.is_visible() and "Lingua: it" in passage.inner_text()
        page.screenshot(path=str(tmp_path / "widget-answer.png"))
        stored = page.evaluate("key => JSON.parse(sessionStorage.getItem(key))", f"rag-widget:{sites['api']}")
        assert [t["role"] for t in stored] == ["user", "assistant"] and stored[1]["citations"]
        print(
            f"\nwidget: script run -> bubble visible {timings['visible'] - timings['start']:.1f} ms "
            f"(navigation start -> bubble {timings['visible']:.0f} ms); "
            f"time to first token {timings['firstToken'] - timings['sent']:.0f} ms"
        )
        # A follow-up sends the history and the restored conversation survives a reload.
        with page.expect_request(lambda r: r.url.endswith("/api/chat") and r.method == "POST") as sent:
            page.locator("#rw-q").fill("E quanti paesi?")
            page.locator("#rw-q").press("Enter")
        assert [t["role"] for t in sent.value.post_data_json["history"]] == ["user", "assistant"]
        page.locator(".src").nth(1).wait_for(timeout=60_000)
        page.reload(wait_until="load")
        page.locator(".b").click()
        assert page.locator(".m.u").count() == 2
    finally:
        page.close()


# A bubble's text lines, as [left, right] of each line minus the content box's edges (padding excluded): the gap on
# the left and on the right of each line, in CSS pixels.
LINE_GAPS = """el => { const r = document.createRange(); r.selectNodeContents(el);
  const c = el.getBoundingClientRect(), s = getComputedStyle(el);
  const left = c.left + parseFloat(s.paddingLeft), right = c.right - parseFloat(s.paddingRight);
  return [...r.getClientRects()].map((line) => [line.left - left, right - line.right]); }"""
LONG_ARABIC = (  # "Which film won the grand prize of the contest held during the Tokyo film festival, and who made it?"
    "ما هو الفيلم الذي فاز بالجائزة الكبرى في المسابقة التي أقيمت خلال مهرجان طوكيو السينمائي، ومن هم صانعوه؟"
)


def test_a_long_arabic_question_runs_right_to_left_in_its_bubble(browser, sites):
    """A bubble takes its own script's direction (`unicode-bidi: plaintext`, `text-align: start`): the lines of an
    Arabic question wrapped over several lines start at the right edge, the last, shorter one too, as Arabic is
    read; before, the last line stood against the left edge."""
    page = open_page(browser, f"{sites['host']}/?api={sites['api']}")
    try:
        ask(page, LONG_ARABIC)
        bubble = page.locator(".m.u").last
        bubble.wait_for()
        lines = bubble.evaluate(LINE_GAPS)
        assert len(lines) >= 2, lines  # wrapped
        left, right = lines[-1]
        assert right < 2 < left, lines
    finally:
        page.close()


def test_origin_not_allowed_is_refused_with_a_friendly_message(browser, sites):
    preflight = httpx.options(
        f"{sites['api']}/api/chat",
        headers={"Origin": sites["stranger"], "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers
    page = open_page(browser, f"{sites['stranger']}/?api={sites['api']}")
    try:
        ask(page, ITALIAN)
        error = page.locator("[role=alert]")
        error.wait_for(timeout=30_000)
        assert "Impossibile raggiungere il server" in error.inner_text()
        assert page.locator(".src").count() == 0
    finally:
        page.close()


def test_html_in_documents_and_questions_renders_as_text(browser, sites):
    page = open_page(browser, f"{sites['host']}/?api={sites['api']}")
    try:
        ask(page, "What does the Zephyr maintenance note say? <img src=x onerror=window.__pwned=1>")
        page.locator(".src").first.wait_for(timeout=60_000)
        for toggle in page.locator(".m.a").last.locator(".st").all():
            toggle.click()
        shown = page.locator(".log").inner_text()
        assert shown.count("<img src=x onerror=window.__pwned=1>") >= 2  # the question and the cited passage
        assert "<script>window.__pwned=1</script>" in shown
        assert page.evaluate("typeof window.__pwned") == "undefined"
        inside = page.evaluate(
            "document.querySelector('[data-rag-widget]').shadowRoot.querySelectorAll('img, script').length"
        )
        assert inside == 0
    finally:
        page.close()


def test_host_styles_unchanged_and_widget_unaffected_by_host_css(browser, sites):
    selectors = ["#head", "#text", "#link", "#btn", "#box", "body"]
    bare = open_page_without_widget(browser, f"{sites['host']}/?widget=0")
    before = {s: bare.evaluate(PROBE, [s, PROPS]) for s in selectors}
    bare_globals = set(bare.evaluate("Object.keys(window)"))
    bare.close()
    page = open_page(browser, f"{sites['host']}/?api={sites['api']}")
    try:
        after = {s: page.evaluate(PROBE, [s, PROPS]) for s in selectors}
        assert after == before
        assert set(page.evaluate("Object.keys(window)")) - bare_globals == {"RagWidget"}
        bubble = page.evaluate(
            "(() => { const b = document.querySelector('[data-rag-widget]').shadowRoot.querySelector('.b');"
            " const s = getComputedStyle(b); return [s.backgroundColor, s.paddingTop, s.fontFamily,"
            " b.getBoundingClientRect().width]; })()"
        )
        assert bubble[0] != "rgb(255, 0, 0)" and bubble[1] != "30px" and bubble[2] != "serif" and bubble[3] == 56
        assert page.locator(".b").is_visible()
        host_border = page.evaluate("getComputedStyle(document.querySelector('rag-widget')).borderTopWidth")
        assert host_border == "0px"  # `body > :last-child {border: ... !important}` does not reach the widget
    finally:
        page.close()


def open_page_without_widget(browser, url):
    page = browser.new_page()
    page.goto(url, wait_until="load")
    return page


def test_keyboard_alone_opens_asks_traps_focus_and_closes(browser, sites):
    page = open_page(browser, f"{sites['host']}/?api={sites['api']}")
    active = (
        "(() => { const r = document.querySelector('[data-rag-widget]').shadowRoot;"
        " const a = r.activeElement; return a ? (a.id || a.className) : null; })()"
    )
    try:
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate(active) == "b":
                break
        assert page.evaluate(active) == "b"
        page.keyboard.press("Enter")
        assert page.locator("[role=dialog]").is_visible()
        assert page.evaluate(active) == "rw-q"
        page.keyboard.type(ITALIAN)
        page.keyboard.press("Enter")
        page.locator(".src").first.wait_for(timeout=60_000)
        for _ in range(12):  # focus cycles inside the dialog
            page.keyboard.press("Tab")
            assert page.evaluate(active) not in (None, "b")
        page.keyboard.press("Escape")
        assert not page.locator("[role=dialog]").is_visible()
        assert page.evaluate(active) == "b"
    finally:
        page.close()


@pytest.mark.parametrize(("lang", "send"), [("en", "Send"), ("ru", "Отправить")])
def test_narrow_screen_is_full_screen_and_strings_follow_data_lang(browser, sites, lang, send):
    page = browser.new_page(viewport={"width": 375, "height": 700}, color_scheme="dark")
    try:
        page.set_content(
            f'<html lang="it"><body><script src="{sites["api"]}/widget.js" data-lang="{lang}"></script></body></html>'
        )
        page.wait_for_function("window.RagWidget && window.RagWidget.timings.visible !== null")
        page.locator(".b").click()
        box = page.locator("[role=dialog]").bounding_box()
        assert box == {"x": 0, "y": 0, "width": 375, "height": 700}
        assert page.locator(".f button").inner_text() == send
        background = page.evaluate(
            "getComputedStyle(document.querySelector('[data-rag-widget]').shadowRoot.querySelector('.p'))"
            ".backgroundColor"
        )
        assert background == "rgb(28, 31, 36)"  # prefers-color-scheme: dark
    finally:
        page.close()


# What the real server sends with a 429 to an allowed origin (tests/test_widget.py checks that).
EXPOSE = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "Retry-After"}


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        ({"status": 429, "headers": {"Retry-After": "7", **EXPOSE}, "body": "{}"}, "Riprova tra 7 secondi"),
        ({"status": 503, "body": "<h1>down</h1>"}, "Il server ha avuto un problema"),
        (None, "Impossibile raggiungere il server"),
    ],
)
def test_errors_show_a_friendly_message_and_retry_works(browser, sites, failure, message):
    page = open_page(browser, f"{sites['host']}/?api={sites['api']}")
    try:
        page.route(
            "**/api/chat",
            lambda route: route.fulfill(content_type="application/json", **failure) if failure else route.abort(),
        )
        ask(page, ITALIAN)
        error = page.locator("[role=alert]")
        error.wait_for(timeout=30_000)
        assert message in error.inner_text()
        page.unroute("**/api/chat")
        error.locator("button").click()
        page.locator(".src").first.wait_for(timeout=60_000)
        assert "42.000" in page.locator(".m.a").last.inner_text()
        assert page.locator(".m.u").count() == 1  # the retry did not repeat the question
    finally:
        page.close()


# The page's fetch with its answers held back 2 s after the server sent them: time to start a new conversation.
SLOW_ANSWERS = """{ const fetch0 = window.fetch;
  window.fetch = (...args) => fetch0(...args).then((res) => new Promise((ok) => setTimeout(() => ok(res), 2000))); }"""


def test_a_new_conversation_drops_the_answer_still_on_its_way(browser, sites):
    page = browser.new_page()
    page.add_init_script(SLOW_ANSWERS)
    stored = f"JSON.parse(sessionStorage.getItem('rag-widget:{sites['api']}'))"
    try:
        page.goto(f"{sites['host']}/?api={sites['api']}", wait_until="load")
        ask(page, ITALIAN)
        page.locator(".h .ic").first.click()  # New conversation, before the answer arrives
        page.wait_for_timeout(3500)  # the answer would have arrived by now
        assert page.evaluate(stored) == [], "the old conversation's answer entered the new one"
        assert page.locator(".m.a").count() == 1 and page.locator(".m.a.hi").count() == 1  # the greeting alone
        assert page.locator("[role=alert]").count() == 0
        page.locator("#rw-q").fill("Who wrote the Zephyr maintenance note?")
        assert page.locator(".f button").is_enabled(), "the new conversation can ask at once"
        page.locator("#rw-q").press("Enter")
        page.locator(".src").first.wait_for(timeout=60_000)
        assert [turn["role"] for turn in page.evaluate(stored)] == ["user", "assistant"]
    finally:
        page.close()
