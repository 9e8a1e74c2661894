"""The chat page as a new user meets it, in real headless Chromium: refusals, /docs, deleting documents, phone
(the chat's scroll button), the footer.

One server (real uvicorn on a loopback port) over a fresh two-document index (it, en) built for this module.
Screenshots go to each test's tmp dir.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.browser import SOURCES, ask_page, open_page, running, send
from tests.conftest import build_small_index

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ITALIAN = "Qual era il montepremi del concorso?"
QUESTION = "#rag-question textarea"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, embedder):
    from rag.engine import Engine
    from ui.server import create_app

    settings = build_small_index(tmp_path_factory.mktemp("ux-site"), embedder)
    with running(create_app(settings.serve, Engine(settings.index, settings.rag, embedder=embedder))) as url:
        yield url, settings


def bot_count(tab) -> int:
    return tab.locator('[data-testid="bot"]').count()


def wait_for_bot(tab, count: int) -> str:
    tab.locator('[data-testid="bot"]').nth(count - 1).wait_for()
    tab.wait_for_function(
        "() => { const b = document.querySelector('#rag-question textarea'); return b && !b.disabled; }"
    )
    return tab.locator('[data-testid="bot"]').nth(count - 1).inner_text()


@pytest.mark.parametrize(
    ("locale", "empty", "long"),
    [
        ("en-US", "no question to answer", "the limit is 2000"),
        ("it-IT", "nessuna domanda", "il limite è 2000"),
        ("ru-RU", "Вопроса пока нет", "предел — 2000"),
    ],
)
def test_refused_questions_are_replies_and_the_chat_goes_on(browser, site, tmp_path, locale, empty, long):
    """An empty (or spaces-only) question is a reply with no empty user bubble above it (before, Gradio showed one),
    and the chat goes on. A too long one is not sent: it stays in the box to shorten, the reason under it in the
    page's language (before, the text was gone, and it titled the saved conversation); shortened, it is answered
    and the reason goes."""
    url, _ = site
    ctx, tab = open_page(browser, url, locale)
    users = tab.locator('[data-testid="user"]')
    try:
        for text in ("", "   \u200b "):
            before = bot_count(tab)
            send(tab, text)
            assert empty in wait_for_bot(tab, before + 1)
            assert tab.locator(".toast-body").count() == 0, "no error badge"
            assert users.count() == 0, users.all_inner_texts()
        send(tab, "parola " * 400)
        reason = tab.locator("#rag-question .validation-error").first
        reason.wait_for()
        assert long in reason.inner_text()
        assert tab.locator(QUESTION).input_value().startswith("parola parola"), "the text stays to be shortened"
        assert users.count() == 0 and bot_count(tab) == 2, "nothing was sent"
        send(tab, ITALIAN)
        tab.locator(".rag-sources").first.wait_for()
        assert "42.000" in tab.locator('[data-testid="bot"]').last.inner_text()
        assert tab.locator("#rag-question .validation-error").count() == 0
        assert users.all_inner_texts() == [ITALIAN] and bot_count(tab) == 3
        tab.wait_for_function("() => document.querySelector('#rag-history').innerText.includes('Qual era')")
        assert "parola" not in tab.locator("#rag-history").inner_text(), "the refused text names no conversation"
        tab.screenshot(path=str(tmp_path / "refusals.png"), full_page=True)
    finally:
        ctx.close()


def test_users_own_html_and_markdown_show_as_typed(browser, site):
    """Every user bubble shows HTML and Markdown as the characters typed, and the question reaches the engine as
    typed (the answer voted on records it). Before, `**x**` showed bold, and from the second question of a page
    on nothing was escaped (`<b>` showed bold) and a typed `&amp;` reached the engine as `&`."""
    typed = "<img src=x> <b>b?</b> **montepremi** _x_ `y` [l](u) #3 &amp;\n1. lista"
    url, settings = site
    ctx, tab = open_page(browser, url)
    try:
        for count, text in enumerate((ITALIAN, typed, "- " + typed), start=1):
            send(tab, text)
            wait_for_bot(tab, count)
            user = tab.locator('[data-testid="user"]').last
            assert user.locator("img, b, strong, em, code, a, ol, ul, h1").count() == 0, user.inner_html()
            assert user.inner_text().split() == text.split()
        tab.get_by_role("button", name="Like", exact=True).last.click()
        tab.get_by_text("your vote was saved").wait_for()
        vote = json.loads(settings.serve.feedback_path.read_text(encoding="utf-8").splitlines()[-1])
        assert vote["question"].split() == ("- " + typed).split()
        assert ITALIAN in tab.locator("#rag-history").inner_text()
    finally:
        ctx.close()


def test_too_long_question_is_refused_in_the_page_language(browser, site):
    """The reason under the box follows the page's language (its `rag_lang` cookie) when the question tells none:
    before, an English browser on the Italian page got it in English. The page is in Italian as a reader's is after
    choosing it (kept in localStorage; the page sets the cookie when it loads): a cookie added by the test raced the
    page's own, which the page's load sets from the browser's language."""
    url, _ = site
    ctx, tab = open_page(browser, url, "en-US")
    try:
        tab.evaluate("localStorage.setItem('rag-page-lang', 'it')")
        tab.reload(wait_until="load")
        tab.wait_for_function("() => window.ragPageLang === 'it'")  # its cookie is set in the same step
        send(tab, "1234 " * 500)
        reason = tab.locator("#rag-question .validation-error").first
        reason.wait_for()
        assert "il limite è 2000" in reason.inner_text()
    finally:
        ctx.close()


def test_api_docs_list_every_operation_offline(browser, site, tmp_path):
    url, _ = site
    ctx = browser.new_context()
    tab = ctx.new_page()
    outside: list[str] = []
    tab.on("request", lambda r: outside.append(r.url) if not r.url.startswith((url, "data:", "blob:")) else None)
    try:
        tab.goto(url + "/docs", wait_until="load")
        tab.locator(".opblock").first.wait_for(timeout=30_000)
        assert tab.get_by_text("Unable to render this definition").count() == 0
        listed = {t.inner_text().replace("\u200b", "") for t in tab.locator(".opblock-summary-path").all()}
        assert {"/api/ask", "/api/chat", "/api/documents", "/api/documents/{source}", "/api/health"} <= listed
        tab.screenshot(path=str(tmp_path / "docs.png"), full_page=True)
        assert outside == []
    finally:
        ctx.close()


@pytest.mark.parametrize(
    ("locale", "tab", "label"),
    [
        ("ru-RU", "Документы", "Сколько фрагментов"),
        ("it-IT", "Documenti", "Passaggi da"),
        ("it", "Documenti", "Passaggi da"),
        ("en-GB", "Documents", "Passages"),
        ("de-AT", "Dokumente", "Abzurufende Abschnitte"),
        ("fr-CA", "Documents", "Passages à récupérer"),
        ("es-MX", "Documentos", "Pasajes que recuperar"),
    ],
)
def test_page_strings_follow_the_browser_language(browser, site, locale, tab, label):
    url, _ = site
    ctx, tab_page = open_page(browser, url, locale)
    try:
        tab_page.get_by_text(label).first.wait_for()
        tab_page.get_by_role("tab", name=tab).wait_for()
    finally:
        ctx.close()


def test_documents_tab_removes_a_document_and_the_table_follows(browser, site, tmp_path):
    url, settings = site
    ctx, tab = open_page(browser, url)
    try:
        tab.get_by_role("tab", name="Documents").click()
        tab.locator("#rag-documents").get_by_text("004_0ee959afcab6d387.txt").first.wait_for()
        tab.locator("#rag-remove-choice input").click()
        tab.get_by_role("option", name="004_0ee959afcab6d387.txt", exact=False).click()
        tab.locator("#rag-remove").click()
        tab.locator("#rag-upload-status").get_by_text("removed", exact=False).wait_for()
        tab.wait_for_function(
            "() => !document.querySelector('#rag-documents').innerText.includes('004_0ee959afcab6d387.txt')"
        )
        tab.screenshot(path=str(tmp_path / "removed.png"), full_page=True)
        assert "004_0ee959afcab6d387" not in settings.index.manifest_path.read_text()
    finally:
        ctx.close()


PHONE = {"width": 390, "height": 844}
SETTLED = """() => document.getAnimations().every((a) => a.playState !== 'running'
  || !a.effect || a.effect.getComputedTiming().endTime === Infinity)"""
SCROLL_BUTTON = "#rag-chatbot .scroll-down-button-container button"
# The messages (their whole bubbles) the chat's scroll-to-bottom button overlaps, where it shows.
COVERED = """(button) => { const b = button.getBoundingClientRect();
  return [...document.querySelectorAll('#rag-chatbot [data-testid="bot"], #rag-chatbot [data-testid="user"]')]
    .map((m) => [m.innerText.slice(0, 40), m.getBoundingClientRect()])
    .filter(([, r]) => r.left < b.right && b.left < r.right && r.top < b.bottom && b.top < r.bottom)
    .map(([text]) => text); }"""
# What is on top at the button's centre.
ON_TOP = """(button) => { const b = button.getBoundingClientRect();
  const top = document.elementFromPoint((b.left + b.right) / 2, (b.top + b.bottom) / 2);
  if (top && top.closest('#rag-doc-panel')) return 'panel';
  return top && top.closest('button') === button ? 'button' : 'other'; }"""


def test_on_a_phone_the_chats_scroll_button_covers_no_message_and_stays_under_the_document_panel(
    browser, site, tmp_path
):
    """Before, Gradio's scroll-to-bottom button sat in the middle of the messages (over their text), and above the
    document panel, which covers the whole screen on a phone."""
    url, _ = site
    ctx, tab = open_page(browser, url, viewport=PHONE)
    try:
        ask_page(tab, ITALIAN)
        ask_page(tab, "How many countries did the entries to the contest come from?")
        tab.locator(SOURCES).first.locator("a.rag-open").first.click()  # the document panel, over the whole page
        tab.locator("#rag-doc-viewer .rag-doc-text").wait_for()
        tab.wait_for_function(SETTLED)
        tab.locator("#rag-chatbot [role=log]").evaluate("(log) => { log.scrollTop = log.scrollHeight / 3; }")
        button = tab.locator(SCROLL_BUTTON)
        button.wait_for()  # shown: the chat is no longer at its end
        tab.screenshot(path=str(tmp_path / "phone-panel.png"))
        assert tab.evaluate(ON_TOP, button.element_handle()) == "panel"
        tab.locator("#rag-doc-panel .toggle-button").click()  # closed: the chat is back, still scrolled up
        tab.wait_for_function("() => !document.querySelector('#rag-doc-panel').classList.contains('open')")
        tab.wait_for_function(SETTLED)
        tab.screenshot(path=str(tmp_path / "phone-scroll-button.png"))
        assert tab.evaluate(ON_TOP, button.element_handle()) == "button"
        assert tab.evaluate(COVERED, button.element_handle()) == []
        button.click()
        button.wait_for(state="detached")
    finally:
        ctx.close()


@pytest.mark.parametrize(
    ("locale", "settings"), [("en-US", "Settings"), ("ru-RU", "Настройки"), ("de-DE", "Einstellungen")]
)
def test_the_footer_is_a_settings_link_without_a_stray_separator(browser, site, locale, settings):
    """Before, Gradio's footer read "· Settings" (its separator with no link before it)."""
    url, _ = site
    ctx, tab = open_page(browser, url, locale)
    try:
        footer = tab.locator("footer")
        text = " ".join(footer.inner_text().split())
        assert re.fullmatch(r"[^·]+( · [^·]+)*", text), text  # separators only between two links
        assert settings in text
        footer.get_by_text(settings).click()  # it works: Gradio's settings (theme, recording) open
        tab.wait_for_url(re.compile(r"[?&]view=settings"))
        panel = tab.locator(".api-docs")
        theme = panel.locator(".theme-button button").first
        theme.wait_for()
        # Gradio's own language picker is hidden: it changed Gradio's strings and the page's but not the tabs, the
        # header switch or the replies' language (the header switch is the page's); buttons are shown as written.
        picker = panel.locator("input[role=combobox]")
        assert picker.count() == 1 and picker.is_hidden()
        assert theme.evaluate("(b) => getComputedStyle(b).textTransform") == "none"  # Gradio's was "capitalize"
    finally:
        ctx.close()


# The bubble (Gradio's message row) holding the selector's first match, as an element: two selectors in one bubble
# match the same element.
BUBBLE = "(sel) => document.querySelector(sel).closest('.message-row')"


def test_an_empty_question_after_an_answer_is_a_reply_in_its_own_bubble(browser, site, tmp_path):
    """With no user bubble between them, the reason an empty question gets was drawn inside the answer above it,
    under that answer's sources, as if the answer said it."""
    url, _ = site
    ctx, tab = open_page(browser, url)
    try:
        ask_page(tab, ITALIAN)
        send(tab, "   ")
        tab.locator('[data-testid="bot"] .rag-refusal').wait_for()
        tab.screenshot(path=str(tmp_path / "empty-after-answer.png"))
        reply, answer = (tab.evaluate_handle(BUBBLE, sel) for sel in (".rag-refusal", SOURCES))
        assert tab.evaluate("([a, b]) => a !== null && b !== null", [reply, answer])
        same = tab.evaluate("([a, b]) => a === b", [reply, answer])
        assert not same, "the reply to the empty question shows inside the previous answer's bubble"
    finally:
        ctx.close()


def test_the_too_long_questions_reason_stays_while_other_events_of_the_page_run(browser, site):
    """The reason under the box stays until the question is changed, whatever else the page does meanwhile (a vote
    here; the page's own load events, which a reader who pastes a long question at once may still have running).
    Before, Gradio repainted the box's loading status from its own table, which keeps no validation reason, at the
    next status of any event: the reason was gone."""
    url, _ = site
    ctx, tab = open_page(browser, url)
    try:
        ask_page(tab, ITALIAN)
        send(tab, "parola " * 400)
        reason = tab.locator("#rag-question .validation-error").first
        reason.wait_for()
        tab.get_by_role("button", name="Like", exact=True).last.click()
        tab.get_by_text("your vote was saved").wait_for()
        assert "the limit is 2000" in reason.inner_text(timeout=1_000)
    finally:
        ctx.close()
