"""The page's language in real headless Chromium: it follows the browser (en/it/ru), Gradio's own strings included
(its buttons and upload area; Italian comes from `ui/gradio_it.py`), and the switch in the header changes it.

One server (real uvicorn) over a fresh two-document index (it, en) built for this module.
"""

from __future__ import annotations

import pytest

from tests.browser import running
from tests.conftest import build_small_index
from ui.page_strings import STRINGS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LOCALES = {"en": "en-US", "it": "it-IT", "ru": "ru-RU"}
GRADIO = {  # Gradio's own strings on the page: the New chat button, the upload area, the footer
    "en": ["New chat", "Drop File Here", "Click to Upload", "Settings"],
    "it": ["Nuova chat", "Trascina qui il file", "Fai clic per caricare", "Impostazioni"],
    "ru": ["Новый чат", "Перетащите файл сюда", "Нажмите для загрузки", "Настройки"],
}
NAMES = {"en": "English", "it": "Italiano", "ru": "Русский"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, embedder):
    from rag.engine import Engine
    from ui.server import create_app

    settings = build_small_index(tmp_path_factory.mktemp("language-site"), embedder)
    with running(create_app(settings.serve, Engine(settings.index, settings.rag, embedder=embedder))) as url:
        yield url


def shows_language(tab, lang: str) -> None:
    """Every string of `lang` (ours and Gradio's) is on the page: Chat and Documents tabs."""
    words = STRINGS[lang]
    tab.wait_for_function("(t) => document.body.innerText.includes(t)", arg=GRADIO[lang][0])
    tab.get_by_role("tab", name=words["chat"]).wait_for()
    chat = tab.locator("body").inner_text()
    for expected in (
        words["intro"].split("\n")[1],
        words["only_in"],
        words["rename"],
        GRADIO[lang][0],
        GRADIO[lang][3],
    ):
        assert expected in chat, expected
    assert tab.locator("#rag-question textarea").get_attribute("placeholder") == words["ask"]
    assert tab.locator("#rag-lang input").input_value() == words["any_language"]
    tab.get_by_role("tab", name=words["documents"]).click()
    tab.locator("#rag-documents").wait_for()
    tab.wait_for_function("(t) => document.body.innerText.includes(t)", arg=GRADIO[lang][1])
    docs = tab.locator("body").inner_text()
    for expected in (words["col_title"], words["col_chunks"], words["policy_loopback"], *GRADIO[lang][1:3]):
        assert expected in docs, expected
    tab.get_by_role("tab", name=words["chat"]).click()


@pytest.mark.parametrize(("lang", "other"), [("en", "ru"), ("it", "en"), ("ru", "it")])
def test_the_page_follows_the_browser_language_and_the_switch_changes_it(browser, site, tmp_path, lang, other):
    ctx = browser.new_context(locale=LOCALES[lang], viewport={"width": 1280, "height": 800})
    tab = ctx.new_page()
    tab.set_default_timeout(60_000)
    try:
        tab.goto(site + "/", wait_until="load")
        tab.locator("#rag-question textarea").wait_for()
        shows_language(tab, lang)
        assert tab.locator("#rag-page-lang input").input_value() == NAMES[lang]
        tab.screenshot(path=str(tmp_path / f"page-{lang}.png"))
        tab.locator("#rag-page-lang input").click()
        tab.get_by_role("option", name=NAMES[other]).click()
        shows_language(tab, other)
        # A refusal now answers in the chosen language too.
        box = tab.locator("#rag-question textarea")
        box.fill("   ")
        box.press("Enter")
        reply = tab.locator('[data-testid="bot"]').last
        reply.wait_for()
        expected = {"en": "no question to answer", "it": "nessuna domanda", "ru": "Вопроса пока нет"}[other]
        assert expected in reply.inner_text()
    finally:
        ctx.close()
