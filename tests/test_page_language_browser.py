"""The page's language in real headless Chromium: it follows the browser (en/it/ru/de/fr/es), Gradio's own strings
included (its buttons and upload area; Italian comes from `ui/gradio_it.py`) and the labels Gradio hard-codes in
English (`ui/gradio_labels.py`), and the switch in the header changes it. The question box's placeholder stays in it
after an answer.

One server (real uvicorn) over a fresh two-document index (it, en) built for this module.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest

from tests.browser import running
from tests.conftest import build_small_index
from ui.gradio_labels import LABELS
from ui.locales import LOCALES as PAGE_LANGUAGES
from ui.page_strings import STRINGS
from ui.refusals import MESSAGES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LOCALES = {"en": "en-US", "it": "it-IT", "ru": "ru-RU", "de": "de-DE", "fr": "fr-FR", "es": "es-ES"}
GRADIO = {  # Gradio's own strings on the page: the New chat button, the upload area, the footer
    "en": ["New chat", "Drop File Here", "Click to Upload", "Settings"],
    "it": ["Nuova chat", "Trascina qui il file", "Fai clic per caricare", "Impostazioni"],
    "ru": ["Новый чат", "Перетащите файл сюда", "Нажмите для загрузки", "Настройки"],
    # Gradio's German, French and Spanish tables lack "New chat", and French "télécharger" is ours "importer"
    "de": ["Neuer Chat", "Datei hier ablegen", "Hochladen", "Einstellungen"],
    "fr": ["Nouvelle discussion", "Déposez le fichier ici", "Cliquez pour importer un fichier", "Paramètres"],
    "es": ["Nuevo chat", "Coloque el archivo aquí", "Haga clic para cargar", "Configuración"],
}
NAMES = {code: locale.name for code, locale in PAGE_LANGUAGES.items()}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, embedder):
    from rag.engine import Engine
    from ui.server import create_app

    settings = build_small_index(tmp_path_factory.mktemp("language-site"), embedder)
    with running(create_app(settings.serve, Engine(settings.index, settings.rag, embedder=embedder))) as url:
        yield url


# The documents table's column headers whose text is wider than their cell (cut off with an ellipsis).
CUT_HEADERS = """() => [...document.querySelectorAll('#rag-documents thead th')]
  .filter((th) => [...th.querySelectorAll('*')].some((el) => el.scrollWidth > el.clientWidth + 1
    && getComputedStyle(el).overflow !== 'visible'))
  .map((th) => th.innerText.trim())"""


def shows_language(tab, lang: str) -> None:
    """Every string of `lang` (ours and Gradio's) is on the page: Chat and Documents tabs."""
    from playwright.sync_api import expect

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
    toggle = LABELS[lang]["Toggle Sidebar"] if lang in LABELS else "Toggle Sidebar"  # hard-coded by Gradio
    assert tab.locator("button.toggle-button").first.get_attribute("aria-label") == toggle
    assert tab.locator("#rag-lang input").input_value() == words["any_language"]
    tab.get_by_role("tab", name=words["documents"]).click()
    tab.locator("#rag-documents").wait_for()
    tab.wait_for_function("(t) => document.body.innerText.includes(t)", arg=GRADIO[lang][1])
    docs = tab.locator("body").inner_text()
    cut = tab.evaluate(CUT_HEADERS)
    assert cut == [], cut  # "Abschnitte", "Fragments": no column header ends in an ellipsis
    for expected in (words["col_title"], words["col_chunks"], words["policy_loopback"], *GRADIO[lang][1:3]):
        assert expected in docs, expected
    # The formats line, its size unit included ("Mio", "МиБ"), is worded in the page's language.
    shape = re.escape(words["supported"]).replace(r"\{formats\}", r"\.\w+(, \.\w+)+")
    shape = shape.replace(r"\{limit\}", r"\d+(\.\d+)?")
    expect(tab.locator("#rag-formats")).to_have_text(re.compile(rf"^\s*{shape}\s*$"))
    tab.get_by_role("tab", name=words["chat"]).click()


def page_cookie(ctx) -> str | None:
    """The page's language as the `rag_lang` cookie sent to /gradio_api (uploads, queued events)."""
    found = [c for c in ctx.cookies() if c["name"] == "rag_lang"]
    assert all(c["path"] == "/gradio_api" for c in found), found
    return found[0]["value"] if found else None


@pytest.mark.parametrize(
    ("lang", "other"), [("en", "ru"), ("it", "en"), ("ru", "it"), ("de", "fr"), ("fr", "es"), ("es", "de")]
)
def test_the_page_follows_the_browser_language_and_the_switch_changes_it(browser, site, tmp_path, lang, other):
    ctx = browser.new_context(locale=LOCALES[lang], viewport={"width": 1280, "height": 800})
    tab = ctx.new_page()
    tab.set_default_timeout(60_000)
    try:
        tab.goto(site + "/", wait_until="load")
        tab.locator("#rag-question textarea").wait_for()
        shows_language(tab, lang)
        assert tab.locator("#rag-page-lang input").input_value() == NAMES[lang]
        assert page_cookie(ctx) == lang  # what the upload route and Gradio's queue word their refusals in
        tab.screenshot(path=str(tmp_path / f"page-{lang}.png"))
        tab.locator("#rag-page-lang input").click()
        tab.get_by_role("option", name=NAMES[other]).click()
        shows_language(tab, other)
        assert page_cookie(ctx) == other
        # A refusal now answers in the chosen language too.
        box = tab.locator("#rag-question textarea")
        box.fill("   ")
        box.press("Enter")
        reply = tab.locator('[data-testid="bot"]').last
        reply.wait_for()
        assert MESSAGES[other]["empty"].split(":")[0].strip() in reply.inner_text()
    finally:
        ctx.close()


# Every aria-label, title, alt and placeholder, and every text node outside chat messages, the document panel and
# table cells (our own text), whitespace collapsed.
LABELS_ON_PAGE = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const name of ['aria-label', 'title', 'alt', 'placeholder']) {
      const value = el.getAttribute(name);
      if (value) found.push(value.replace(/\\s+/g, ' ').trim());
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, [data-testid=bot], [data-testid=user], .rag-doc, td')) continue;
    const text = node.nodeValue.replace(/\\s+/g, ' ').trim();
    if (text) found.push(text);
  }
  return found;
}"""
# Gradio's hard-coded English labels the visit below shows (a subset of ui/gradio_labels.py's LABELS), and the
# prefixes it writes around our own labels; the example question's label prefix.
SHOWN = [
    "Toggle Sidebar", "More tabs", "chatbot conversation", "Reset to default value", "undo", "Gradio footer navigation",
    "Click to upload or drop files", "File upload", "Dataframe", "Table actions", "Copy table data", "Fullscreen",
    "Open cell menu", "Empty value", "Language", "☀︎ Light", "⏾ Dark", "🖥︎ System", "Start Recording",
    "Include automatic zoom in/out", "Include automatic video trimming", "Info", "Close",
]  # fmt: skip
LIKE = {  # Gradio's chatbot.like
    "en": "Like", "it": "Mi piace", "ru": "Нравится", "de": "Gefällt mir", "fr": "J'aime", "es": "Me gusta",
}  # fmt: skip
PREFIXES = {  # the English prefix Gradio writes around our own label, and the rule in ui/gradio_labels.py for it
    "number input for ": "^number input for ", "range slider for ": "^range slider for ",
    "Select example 1: ": "^Select example (\\d+): ", "user's message: ": "^user's message: ",
    "bot's message: ": "^bot's message: ",
}  # fmt: skip


def labels_after_a_visit(tab, lang: str, upload: Path) -> set[str]:
    """The page's labels and Gradio's texts, gathered over an answer and a vote on it, the three tabs (a file chosen
    for upload, not added) and Gradio's Settings panel."""
    found = set(tab.evaluate(LABELS_ON_PAGE))  # the examples are shown before the first question only
    box = tab.locator("#rag-question textarea")
    box.fill("Qual era il montepremi del concorso?")
    box.press("Enter")
    tab.locator('[data-testid="bot"] .rag-sources').first.wait_for()
    tab.get_by_role("button", name=LIKE[lang], exact=True).last.click()  # the vote's toast: ours and Gradio's words
    tab.get_by_text(STRINGS[lang]["vote_saved"]).wait_for()
    found |= set(tab.evaluate(LABELS_ON_PAGE))
    for index in (1, 2, 0):
        tab.get_by_role("tab").nth(index).click()
        tab.wait_for_timeout(1000)  # Gradio renders a tab's contents when it is first shown
        if index == 1:
            tab.locator("#rag-upload input[type=file]").set_input_files(str(upload))
            tab.locator("#rag-upload td.filename").wait_for()
        if index == 2:  # this index has no eval report: the note saying so, in the page's language
            found.add("report: " + tab.locator("#rag-report").inner_text().strip())
        found |= set(tab.evaluate(LABELS_ON_PAGE))
    tab.locator("footer button.settings").click()
    tab.locator(".api-docs").wait_for()
    found |= set(tab.evaluate(LABELS_ON_PAGE))
    return found


@pytest.mark.parametrize("lang", list(LOCALES))
def test_gradio_hard_coded_english_labels_follow_the_page_language(browser, site, tmp_path, lang):
    from ui.gradio_labels import GRADIO_KEYS, PATTERNS

    ctx = browser.new_context(locale=LOCALES[lang], viewport={"width": 1280, "height": 800})
    tab = ctx.new_page()
    tab.set_default_timeout(60_000)
    try:
        tab.goto(site + "/", wait_until="load")
        tab.locator("#rag-question textarea").wait_for()
        tab.wait_for_function("(t) => document.body.innerText.includes(t)", arg=GRADIO[lang][0])
        upload = tmp_path / "note.txt"
        upload.write_text("Una nota. " * 20, encoding="utf-8")
        found = labels_after_a_visit(tab, lang, upload)
    finally:
        ctx.close()
    # Keys no Gradio table had show as words, never as the raw key: common.upload on the chosen file (checked),
    # common.complete (Gradio shows it only for a moment as an event ends, so only its raw key's absence is).
    assert [label for label in found if label.startswith("common.")] == []
    assert GRADIO_KEYS[lang]["common.upload"] in found
    assert f"report: {STRINGS[lang]['no_report'].replace('`', '')}" in found
    english = [rule for rule in PREFIXES.values() if any(re.match(rule, label) for label in found)]
    if lang == "en":  # left as Gradio renders them: the lists above are what an English page really shows
        assert [label for label in SHOWN if label not in found] == []
        assert english == list(PREFIXES.values())
        return
    english_only = {label for label, word in LABELS[lang].items() if word != label}  # German's "🖥︎ System" is both
    assert sorted(found & english_only) == []  # none of Gradio's hard-coded English labels remains
    assert english == []
    assert [label for label in found if label.endswith(" icon")] == []  # "New chat icon"
    assert [label for label in SHOWN if LABELS[lang][label] not in found] == []
    ours = [PATTERNS[lang][rule].replace("$1", "1") for rule in PREFIXES.values()]
    assert [p for p in ours if not any(label.startswith(p) for label in found)] == []


RETRY = {"en": "Retry", "it": "Riprova", "ru": "Повторить"}  # Gradio's chatbot.retry
# The question box's placeholder reads `t` (the browser words our I18nData in the page's language).
PLACEHOLDER_IS = "(t) => document.querySelector('#rag-question textarea')?.placeholder === t"
# The (one) answer's sources are no longer `b`: a retry's answer replaced it.
NEW_ANSWER = """(b) => {
  const s = document.querySelector('[data-testid=bot] .rag-sources');
  return s && s.innerHTML !== b;
}"""


def placeholder(tab, expected: str) -> str | None:
    """The question box's placeholder once it reads `expected`, else what it reads after 10 s."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):
        tab.wait_for_function(PLACEHOLDER_IS, arg=expected, timeout=10_000)
    return tab.locator("#rag-question textarea").get_attribute("placeholder")


@pytest.mark.parametrize(("lang", "other"), [("en", "it"), ("ru", "en")])
def test_the_question_box_keeps_its_placeholder_in_the_page_language_after_an_answer(browser, site, lang, other):
    """Gradio blanks the box's placeholder while an answer (or a retry) streams, and never set it back: after the
    first question the box asked nothing. It reads the page's language again, the one the switch chose too."""
    ctx = browser.new_context(locale=LOCALES[lang], viewport={"width": 1280, "height": 800})
    tab = ctx.new_page()
    tab.set_default_timeout(60_000)
    sources = '[data-testid="bot"] .rag-sources'
    try:
        tab.goto(site + "/", wait_until="load")
        for code in (lang, other):
            if code != lang:  # the switch in the header reloads the page in `other`
                tab.locator("#rag-page-lang input").click()
                tab.get_by_role("option", name=NAMES[code]).click()
            tab.wait_for_function("(t) => document.body.innerText.includes(t)", arg=GRADIO[code][0])
            ask = STRINGS[code]["ask"]
            assert placeholder(tab, ask) == ask
            box = tab.locator("#rag-question textarea")
            box.fill("Qual era il montepremi del concorso?")
            box.press("Enter")
            tab.locator(sources).first.wait_for()
            assert placeholder(tab, ask) == ask, f"after the answer, {code}"
        first = tab.locator(sources).last.inner_html()
        tab.get_by_role("button", name=RETRY[other], exact=True).last.click()
        tab.wait_for_function(NEW_ANSWER, arg=first)
        assert placeholder(tab, STRINGS[other]["ask"]) == STRINGS[other]["ask"], f"after a retry, {other}"
    finally:
        ctx.close()
