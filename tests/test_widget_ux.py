"""The widget's finer points in real headless Chromium: WCAG AA contrast in both colour schemes (ratios computed
from the computed styles), a visible length limit instead of a silent cut, the quoted sentence highlighted in an
opened passage (also a list's row quoted with the list's introduction), an answer on its way that survives closing
and reopening the chat, focus kept in the dialog after "Try again", and a wheel over the chat that never scrolls
the host page. The widget runs on the server's own `/embed-demo` page over a small fresh index.
"""

from __future__ import annotations

import pytest

from tests.browser import running
from tests.conftest import build_small_index

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ITALIAN = "Qual era il montepremi del concorso?"
# WCAG 2 relative luminance and contrast ratio of each text element against the first opaque background
# behind it (walking up through the shadow root to its host, then the page's white).
CONTRAST = """(selectors) => {
  const root = document.querySelector('rag-widget').shadowRoot;
  const rgb = (c) => { const m = c.match(/[\\d.]+/g).map(Number);
    return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; };
  const lum = ({r, g, b}) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement || (e.getRootNode() && e.getRootNode().host)) {
      const c = rgb(getComputedStyle(e).backgroundColor); if (c.a > 0.5) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const out = {};
  for (const sel of selectors) {
    const el = root.querySelector(sel); if (!el) { out[sel] = null; continue; }
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
    out[sel] = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }
  return out;
}"""
TEXT_ELEMENTS = [".b", ".h h2", ".ic", ".m.u", ".m.a", ".mk", ".st", ".mt", ".ps", ".ps mark", ".f textarea",
                 ".f button", ".cn"]  # fmt: skip
# A list document per language: an introduction ending in ':' and "key value" rows; the question asks for a row far
# down the list, which the answer quotes with the introduction (rag/spans.py), the rows between left out.
ROWS = ["aliases /etc/aliases", "ethers /etc/ethers", "group /etc/group", "hosts /etc/hosts", "netgroup /etc/netgroup",
        "networks /etc/networks", "initgroups /etc/group", "passwd /etc/passwd"]  # fmt: skip
ITEM = "initgroups /etc/group"
LISTS = {
    "en": (
        "The name service switch",
        "The files source of the name service switch reads plain text files kept under /etc. Each database has its "
        "own file, and the library reads it again whenever a program asks for an entry of that database.",
        "With the files source, glibc reads the following files:",
        "Which file does glibc read for the initgroups database with the files source?",
    ),
    "it": (
        "Il commutatore dei servizi di nomi",
        "La sorgente files del commutatore dei servizi di nomi legge file di testo tenuti in /etc. Ogni database ha "
        "il suo file, e la libreria lo rilegge ogni volta che un programma chiede una voce di quel database.",
        "Con la sorgente files, glibc legge i seguenti file:",
        "Quale file legge glibc per il database initgroups con la sorgente files?",
    ),
    "ru": (
        "Переключатель службы имён",
        "Источник files переключателя службы имён читает текстовые файлы из каталога /etc. У каждой базы данных "
        "есть свой файл, и библиотека читает его снова всякий раз, когда программа запрашивает запись этой базы.",
        "При источнике files glibc читает следующие файлы:",
        "Какой файл читает glibc для базы initgroups при источнике files?",
    ),
}
LIST_DOCS = {
    f"nss_{lang}.txt": "\n".join([title, about, intro, *ROWS]) for lang, (title, about, intro, _) in LISTS.items()
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, embedder):
    from rag.engine import Engine
    from ui.server import create_app

    settings = build_small_index(tmp_path_factory.mktemp("widget-ux"), embedder, LIST_DOCS)
    with running(create_app(settings.serve, Engine(settings.index, settings.rag, embedder=embedder))) as url:
        yield url


def open_widget(browser, url: str, scheme: str = "light", init_script: str | None = None, size=(1280, 900)):
    viewport = {"width": size[0], "height": size[1]}
    context = browser.new_context(viewport=viewport, color_scheme=scheme, locale="it-IT")
    page = context.new_page()
    page.set_default_timeout(30_000)
    if init_script:
        page.add_init_script(init_script)
    page.goto(url + "/embed-demo", wait_until="load")
    page.locator("rag-widget .b").click()
    page.locator("rag-widget textarea").wait_for()
    return context, page


def ask_and_open_first_source(page) -> None:
    page.locator("rag-widget textarea").fill(ITALIAN)
    page.keyboard.press("Enter")
    page.locator("rag-widget .st").first.wait_for()
    page.locator("rag-widget .st").first.click()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_widget_colours_meet_wcag_aa_in_both_schemes(browser, site, tmp_path, scheme):
    context, page = open_widget(browser, site, scheme)
    try:
        ask_and_open_first_source(page)
        page.locator("rag-widget .ps mark").first.wait_for()
        ratios = page.evaluate(CONTRAST, TEXT_ELEMENTS)
        page.screenshot(path=str(tmp_path / f"widget-{scheme}.png"))
        missing = [sel for sel, ratio in ratios.items() if ratio is None]
        assert not missing, missing
        low = {sel: round(ratio, 2) for sel, ratio in ratios.items() if ratio < 4.5}
        assert not low, f"below 4.5:1 in the {scheme} scheme: {low}"
    finally:
        context.close()


def test_opened_passage_highlights_the_quoted_sentence(browser, site):
    context, page = open_widget(browser, site)
    try:
        ask_and_open_first_source(page)
        mark = page.locator("rag-widget .ps mark").first
        mark.wait_for()
        assert "42.000" in mark.inner_text()
        passage = page.locator("rag-widget .ps").first.inner_text()
        assert len(passage) > len(mark.inner_text()), "the whole passage is shown around the quote"
    finally:
        context.close()


@pytest.mark.parametrize("extra", [0, 1, 3000])
def test_length_limit_is_shown_while_typing_and_nothing_is_cut(browser, site, extra):
    context, page = open_widget(browser, site)
    try:
        text = "parola " * 285 + "x" * extra  # 1995 characters, then over the 2000 limit
        box = page.locator("rag-widget textarea")
        box.fill(text)
        counter = page.locator("rag-widget .cn")
        assert box.input_value() == text, "pasted text is kept whole"
        if len(text) <= 2000:
            assert f"{len(text)} of 2000" in counter.inner_text()
            assert page.locator("rag-widget .f button").is_enabled()
        else:
            assert "2000" in counter.inner_text() and "Too long" in counter.inner_text()
            assert page.locator("rag-widget .f button").is_disabled()
            page.keyboard.press("Enter")
            assert page.locator("rag-widget .m.u").count() == 0, "an over-long question is not sent"
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "it", "ru"])
def test_a_list_row_quoted_with_its_introduction_is_marked_from_the_one_to_the_other(browser, site, language):
    """The quote "<introduction> initgroups /etc/group" is not one run of the passage (other rows stand between):
    the card marks the passage from the introduction to the row, in place, as the page's source card does. Before,
    the widget searched the quote as one run and marked nothing."""
    title, _, intro, question = LISTS[language]
    context, page = open_widget(browser, site)
    try:
        page.locator("rag-widget textarea").fill(question)
        page.keyboard.press("Enter")
        page.locator("rag-widget .st").first.wait_for()
        toggle = page.locator("rag-widget .st", has_text=f"{title} · {language.upper()}").first
        assert toggle.count(), page.locator("rag-widget .m.a").last.inner_text()
        toggle.click()
        card = page.locator(f"rag-widget #{toggle.get_attribute('aria-controls')}")
        card.wait_for()
        assert card.locator("mark").count() == 1, card.inner_html()
        assert card.locator("mark").text_content() == "\n".join([intro, *ROWS[: ROWS.index(ITEM) + 1]])
        assert card.text_content().endswith("\n".join([ITEM, "passwd /etc/passwd"])), "in place"
    finally:
        context.close()


# The page's fetch with its answers held back 2 s after the server sent them: time to close and reopen the chat.
SLOW_ANSWERS = """{ const fetch0 = window.fetch;
  window.fetch = (...args) => fetch0(...args).then((res) => new Promise((ok) => setTimeout(() => ok(res), 2000))); }"""


def test_an_answer_on_its_way_still_arrives_after_closing_and_reopening(browser, site, tmp_path):
    """Before, reopening rebuilt the chat from the stored turns: the answer on its way (and its "searching" line)
    vanished and only showed after closing and reopening once more."""
    context, page = open_widget(browser, site, init_script=SLOW_ANSWERS)
    try:
        page.locator("rag-widget textarea").fill(ITALIAN)
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")  # closed before the answer arrives
        page.locator("rag-widget .b").click()
        assert page.locator("rag-widget .log").inner_text().endswith("Searching…"), "the answer is still awaited"
        page.locator("rag-widget .src").first.wait_for()
        page.screenshot(path=str(tmp_path / "widget-reopened.png"))
        assert "42.000" in page.locator("rag-widget .m.a").last.inner_text()
    finally:
        context.close()


ACTIVE = "(() => { const a = document.querySelector('rag-widget').shadowRoot.activeElement; return a && a.id; })()"


def test_try_again_keeps_the_focus_in_the_dialog(browser, site):
    """The "Try again" button removes its own error box: the focus fell to the host page's body, so Esc no longer
    closed the chat and Tab walked the page behind the modal dialog. It goes to the question box instead."""
    context, page = open_widget(browser, site)
    try:
        page.route("**/api/chat", lambda route: route.abort())
        page.locator("rag-widget textarea").fill(ITALIAN)
        page.keyboard.press("Enter")
        page.locator("rag-widget [role=alert] button").wait_for()
        page.unroute("**/api/chat")
        page.locator("rag-widget [role=alert] button").focus()
        page.keyboard.press("Enter")  # Try again
        page.locator("rag-widget .src").first.wait_for()
        assert page.evaluate(ACTIVE) == "rw-q", "the focus left the dialog"
        page.keyboard.press("Escape")
        assert page.locator("rag-widget [role=dialog]").is_hidden(), "Esc closes the chat"
    finally:
        context.close()


@pytest.mark.parametrize("key", ["Enter", "Space"])
def test_sending_with_the_send_button_keeps_the_focus_in_the_dialog(browser, site, key):
    """Send is disabled while the answer is on its way: the focus in it fell to the host page's body (helper's QA),
    so Esc no longer closed the chat and Tab walked the page behind it. It goes to the question box instead."""
    context, page = open_widget(browser, site)
    try:
        page.locator("rag-widget textarea").fill(ITALIAN)
        page.locator("rag-widget .f button").focus()
        page.keyboard.press(key)
        assert page.evaluate(ACTIVE) == "rw-q", "the focus left the dialog"
        page.locator("rag-widget .src").first.wait_for()
        assert page.evaluate(ACTIVE) == "rw-q"
        page.keyboard.press("Escape")
        assert page.locator("rag-widget [role=dialog]").is_hidden(), "Esc closes the chat"
    finally:
        context.close()


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)])
def test_scrolling_the_chat_never_scrolls_the_host_page(browser, site, size):
    """A wheel over the dialog (its log at the end of its scroll, or its header) scrolled the page behind it: on a
    phone the page moved unseen under the full-screen chat, and was elsewhere once the chat was closed."""
    context, page = open_widget(browser, site, size=size)
    try:
        page.evaluate("document.body.style.minHeight = '4000px'")  # a long host page
        page.locator("rag-widget textarea").fill(ITALIAN)
        page.keyboard.press("Enter")
        page.locator("rag-widget .src").first.wait_for()
        for part in ["rag-widget .log", "rag-widget .h >> nth=0"]:
            box = page.locator(part).bounding_box()
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            for _ in range(4):
                page.mouse.wheel(0, 600)
                page.wait_for_timeout(100)
            assert page.evaluate("window.scrollY") == 0, f"a wheel over {part} scrolled the host page"
    finally:
        context.close()


IN_DIALOG = """(() => {
  const root = document.querySelector('rag-widget').shadowRoot, dialog = root.querySelector('[role=dialog]');
  const active = root.activeElement;
  return !!active && active !== dialog && dialog.contains(active);
})()"""


@pytest.mark.parametrize("part", ["rag-widget .m.a >> nth=-1", "rag-widget .h >> nth=0"])
def test_esc_closes_the_chat_after_a_click_on_its_text(browser, site, part):
    """A click on the answer's text or the header (nothing focusable) moved the focus to the host page's body, so
    Esc no longer closed the chat; the dialog now takes the focus itself."""
    context, page = open_widget(browser, site)
    try:
        page.locator("rag-widget textarea").fill(ITALIAN)
        page.keyboard.press("Enter")
        page.locator("rag-widget .src").first.wait_for()
        page.locator(part).click(position={"x": 5, "y": 5})
        page.keyboard.press("Shift+Tab")
        assert page.evaluate(IN_DIALOG), "Shift+Tab from the dialog goes to its last control, not out of it"
        page.keyboard.press("Escape")
        assert page.locator("rag-widget [role=dialog]").is_hidden(), f"Esc after a click on {part} closes the chat"
    finally:
        context.close()
