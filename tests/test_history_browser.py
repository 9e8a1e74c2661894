"""Saved conversations on the page, in real headless Chromium: rename (with the refusals), reload, reopen,
`New chat`, delete; the page's and Gradio's own strings in the browser's language; the list beside the open document
panel, which closes with its conversation.

One server (real uvicorn) over a fresh two-document index (it, en) built for this module. Each test has its own
browser context, so its own localStorage.
"""

from __future__ import annotations

import pytest

from tests.browser import LOCALES, ask_page, open_page, running
from tests.conftest import build_small_index
from ui.page_strings import STRINGS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIRST = "Qual era il montepremi del concorso?"
# Gradio's ChatInterface keeps the saved conversations under this localStorage key prefix.
SAVED = (
    "() => Object.keys(localStorage).filter((k) => k.startsWith('_saved_conversations_'))"
    ".map((k) => localStorage[k]).join()"
)
SECOND = "How many countries did the entries to the Kling AI contest come from?"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, embedder):
    from rag.engine import Engine
    from ui.server import create_app

    settings = build_small_index(tmp_path_factory.mktemp("history-site"), embedder)
    with running(create_app(settings.serve, Engine(settings.index, settings.rag, embedder=embedder))) as url:
        yield url


def listed(tab) -> list[str]:
    return [" ".join(c.split()) for c in tab.locator("#rag-history td").all_inner_texts()]


def wait_listed(tab, titles: list[str]) -> None:
    tab.wait_for_function(
        """(want) => JSON.stringify([...document.querySelectorAll('#rag-history td')]
             .map((c) => c.innerText.split(/\\s+/).filter(Boolean).join(' '))) === JSON.stringify(want)""",
        arg=titles,
    )


def rename(tab, name: str, lang: str, outcome: str) -> None:
    tab.locator("#rag-rename-box input").fill(name)
    tab.locator("#rag-rename-button").click()
    note = STRINGS[lang][outcome]
    tab.wait_for_function(
        "(t) => document.querySelector('#rag-rename-note').innerText.includes(t)", arg=note.rstrip(".")
    )


@pytest.mark.parametrize("lang", ["en", "it", "ru"])
def test_a_saved_conversation_is_renamed_survives_a_reload_reopens_and_is_deleted(browser, site, lang):
    ctx, tab = open_page(browser, site, LOCALES[lang])
    try:
        words = STRINGS[lang]
        rename(tab, "Premio", lang, "rename_none")  # nothing open yet
        ask_page(tab, FIRST)
        wait_listed(tab, [FIRST])
        for bad, outcome in [("", "rename_empty"), ("  \u200b ", "rename_empty"), ("x" * 81, "rename_long")]:
            rename(tab, bad, lang, outcome)
            assert listed(tab) == [FIRST], "a refused name changes nothing"
        name = "Premio 🎬 <img src=x onerror=window.__pwned=1>"
        rename(tab, name, lang, "renamed")
        wait_listed(tab, [name])
        assert tab.locator("#rag-history td img").count() == 0 and tab.evaluate("typeof window.__pwned") == "undefined"
        # New chat starts clean; the next conversation goes on top and the name stays with its conversation.
        tab.locator("#rag-new-chat").click()
        tab.wait_for_function("() => !document.querySelector('#rag-chatbot [data-testid=\"bot\"]')")
        ask_page(tab, SECOND)
        wait_listed(tab, [SECOND[:39].rstrip() + "…", name])
        tab.reload(wait_until="load")
        tab.locator("#rag-question textarea").wait_for()
        wait_listed(tab, [SECOND[:39].rstrip() + "…", name])
        tab.locator("#rag-history td").nth(1).click()  # reopen the renamed one
        tab.locator('[data-testid="bot"] .rag-sources').first.wait_for()
        assert (
            FIRST in tab.locator("#rag-chatbot").inner_text() and SECOND not in tab.locator("#rag-chatbot").inner_text()
        )
        # The conversation is saved (encrypted, in localStorage) a moment after its answer shows: a clear clicked
        # before that would be undone by the save, so wait for the stored value to change.
        before = tab.evaluate(SAVED)
        ask_page(tab, "E quanti paesi?")  # it goes on, keeping its name
        tab.wait_for_function(f"(before) => ({SAVED})() !== before", arg=before)
        wait_listed(tab, [SECOND[:39].rstrip() + "…", name])
        tab.locator("#rag-chatbot button").first.click()  # Gradio's clear button deletes the open conversation
        wait_listed(tab, [SECOND[:39].rstrip() + "…"])
        assert words["rename"] == tab.locator("#rag-rename-button").inner_text()
    finally:
        ctx.close()


# The document panel's slide and the page's reflow are CSS transitions: layout is measured once none is running.
SETTLED = """() => document.getAnimations().every((a) => a.playState !== 'running'
  || !a.effect || a.effect.getComputedTiming().endTime === Infinity)"""
# What of the saved-conversations list lies outside its column, or the column outside the page beside the panel.
CUT_OFF = """() => {
  const column = document.querySelector('#rag-history').getBoundingClientRect();
  const right = Math.min(innerWidth, document.querySelector('#rag-doc-panel').getBoundingClientRect().left);
  const out = [];
  if (column.left < -1 || column.right > right + 1) out.push(`column ${column.left}-${column.right} past 0-${right}`);
  for (const cell of document.querySelectorAll('#rag-history td')) {
    const text = document.createRange();
    text.selectNodeContents(cell);
    for (const box of [cell.getBoundingClientRect(), text.getBoundingClientRect()])
      if (box.left < column.left - 1 || box.right > column.right + 1)
        out.push(`${cell.innerText}: ${box.left}-${box.right} past ${column.left}-${column.right}`);
  }
  for (const wrap of document.querySelectorAll('#rag-history .table-wrap'))
    if (wrap.scrollWidth > wrap.clientWidth + 1) out.push(`the list scrolls sideways (${wrap.scrollWidth}px)`);
  return out; }"""


def open_first_source(tab) -> None:
    tab.locator('[data-testid="bot"] .rag-source a.rag-open').first.click()
    tab.locator("#rag-doc-viewer .rag-doc-text").wait_for()
    tab.wait_for_function("() => document.querySelector('#rag-doc-panel').classList.contains('open')")
    tab.wait_for_function(SETTLED)


def two_saved_conversations(tab) -> None:
    """Asks FIRST, then SECOND in a new chat, and waits until both are saved (SECOND open)."""
    ask_page(tab, FIRST)
    wait_listed(tab, [FIRST])  # saved a moment after the answer: a New chat before that would lose it
    tab.locator("#rag-new-chat").click()
    tab.wait_for_function("() => !document.querySelector('#rag-chatbot [data-testid=\"bot\"]')")
    ask_page(tab, SECOND)
    wait_listed(tab, [SECOND[:39].rstrip() + "…", FIRST])


def wait_panel_closed(tab) -> None:
    tab.wait_for_function(
        """() => !document.querySelector('#rag-doc-panel').classList.contains('open')
             && !document.querySelector('#rag-doc-viewer .rag-doc-text')"""
    )


def test_the_saved_conversations_stay_whole_beside_the_document_panel(browser, site, tmp_path):
    """Before, the open panel squeezed the list's column to 100px and cut its titles off on the right."""
    ctx, tab = open_page(browser, site, viewport={"width": 1280, "height": 900})
    try:
        two_saved_conversations(tab)
        open_first_source(tab)
        tab.screenshot(path=str(tmp_path / "history-beside-panel.png"))
        assert tab.evaluate(CUT_OFF) == []
        assert tab.locator("#rag-history td").first.is_visible() and tab.locator("#rag-new-chat").is_visible()
    finally:
        ctx.close()


def test_the_document_panel_closes_with_its_conversation(browser, site, tmp_path):
    """Deleting the conversation on screen (the chat's clear button), New chat or reopening another saved one closes
    the panel and empties it; before, it kept showing a document of a conversation that was gone."""
    ctx, tab = open_page(browser, site)
    try:
        two_saved_conversations(tab)
        open_first_source(tab)
        tab.locator('#rag-chatbot button[aria-label="Clear"]').click()  # deletes the open conversation
        wait_listed(tab, [FIRST])
        wait_panel_closed(tab)
        tab.screenshot(path=str(tmp_path / "deleted.png"))
        tab.locator("#rag-history td").first.click()  # reopen the other one, open a source, then New chat
        tab.locator('[data-testid="bot"] .rag-sources').first.wait_for()
        open_first_source(tab)
        tab.locator("#rag-new-chat").click()
        wait_panel_closed(tab)
        assert listed(tab) == [FIRST]
    finally:
        ctx.close()
