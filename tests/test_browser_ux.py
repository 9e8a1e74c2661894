"""The chat page as a new user meets it, in real headless Chromium: refusals, /docs, deleting documents, phone.

One server (real uvicorn on a loopback port) over a fresh two-document index (it, en) built for this module.
Screenshots go to each test's tmp dir.
"""

from __future__ import annotations

import pytest

from tests.browser import open_page, running, send
from tests.conftest import build_small_index

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ITALIAN = "Qual era il montepremi del concorso?"


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
    """A refusal is a reply and the chat goes on; an empty (or spaces-only) question shows no empty user bubble
    above its reply (before, Gradio showed one), a too long one shows the user's text."""
    url, _ = site
    ctx, tab = open_page(browser, url, locale)
    users = tab.locator('[data-testid="user"]')
    try:
        for text, expected, shown in [("", empty, 0), ("   \u200b ", empty, 0), ("parola " * 400, long, 1)]:
            before = bot_count(tab)
            send(tab, text)
            reply = wait_for_bot(tab, before + 1)
            assert expected in reply, reply
            assert tab.locator(".toast-body").count() == 0, "no error badge"
            assert users.count() == shown, [users.nth(i).inner_text() for i in range(users.count())]
        send(tab, ITALIAN)
        tab.locator(".rag-sources").first.wait_for()
        assert "42.000" in tab.locator('[data-testid="bot"]').last.inner_text()
        assert bot_count(tab) == 4, "the refusals stay in the conversation"
        assert [users.nth(i).inner_text().strip()[:6] for i in range(users.count())] == ["parola", ITALIAN[:6]]
        tab.screenshot(path=str(tmp_path / "refusals.png"), full_page=True)
    finally:
        ctx.close()


def test_users_own_html_shows_as_text(browser, site):
    url, _ = site
    ctx, tab = open_page(browser, url)
    try:
        send(tab, "<img src=x> <b>bold?</b> montepremi")
        wait_for_bot(tab, 1)
        user = tab.locator('[data-testid="user"]').last
        assert user.locator("img, b").count() == 0
        assert "<img src=x>" in user.inner_text() and "<b>bold?</b>" in user.inner_text()
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
