"""The chat page in real headless Chromium: streamed cited answers, uploads, votes, errors, the Eval tab, offline.

One server (real uvicorn on a loopback port) runs over a fresh two-document index (it, en) built for this
module, so uploads never touch the session seed index. Every test saves a screenshot in its tmp dir.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from tests.browser import running
from tests.conftest import build_small_index

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ITALIAN = "Qual era il montepremi del concorso?"
# A 1x1 PNG: the Eval tab only has to show whatever chart the report has.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
# Counts how many different texts the newest answer shows while it streams in.
WATCH_STREAM = """() => {
  window.__states = new Set();
  new MutationObserver(() => {
    const bots = document.querySelectorAll('[data-testid="bot"]');
    const last = bots[bots.length - 1];  // only states before the sources arrive: the streamed pieces
    if (last && !last.querySelector('.rag-sources, .rag-none')) window.__states.add(last.innerText);
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


class Site:
    def __init__(self, url: str, settings) -> None:
        self.url, self.settings = url, settings


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, embedder):
    from rag.engine import Engine
    from ui.server import create_app

    settings = build_small_index(tmp_path_factory.mktemp("browser-site"), embedder)
    report = settings.serve.latest_report_dir
    report.mkdir(parents=True)
    (report / "report.md").write_text("# Evaluation report\n\n| metric | all |\n| --- | --- |\n| hit@3 | 0.91 |\n")
    (report / "report.png").write_bytes(PIXEL)
    with running(create_app(settings.serve, Engine(settings.index, settings.rag, embedder=embedder))) as url:
        yield Site(url, settings)


@pytest.fixture
def page(browser, site, tmp_path: Path):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto(site.url + "/", wait_until="load")
    tab.locator("#rag-question textarea").wait_for()
    yield tab
    tab.screenshot(path=str(tmp_path / "page.png"), full_page=True)
    context.close()
    outside = [url for url in requests if not url.startswith(site.url) and not url.startswith(("data:", "blob:"))]
    assert outside == [], "the page must not make requests off the machine"


def ask(page, question: str) -> None:
    answers = page.locator(".rag-sources, .rag-none").count()
    page.locator("#rag-question textarea").fill(question)
    page.keyboard.press("Enter")
    page.locator(".rag-sources, .rag-none").nth(answers).wait_for()


def test_italian_question_streams_an_answer_with_numbered_sources(page, tmp_path):
    page.evaluate(WATCH_STREAM)
    ask(page, ITALIAN)
    answer = page.locator('[data-testid="bot"]').last
    assert "42.000" in answer.locator(".rag-answer").inner_text()
    partial = [text for text in page.evaluate("[...window.__states]") if text.strip()]
    assert partial, "the answer is shown in pieces before the sources arrive"
    first = answer.locator(".rag-source").first
    assert first.locator("strong").inner_text() == "[1]"
    assert first.locator(".rag-lang").inner_text() == "it"
    assert "42.000" in first.locator("mark").inner_text()
    link = answer.locator(".rag-answer sup a").first
    target = link.get_attribute("href")
    assert link.inner_text() == "[1]" and answer.locator(target).count() == 1
    page.screenshot(path=str(tmp_path / "answer.png"))


# The gaps between a text's own box and its block's, left and right, in CSS pixels.
TEXT_GAPS = """el => { const r = document.createRange(); r.selectNodeContents(el);
  const t = r.getBoundingClientRect(), c = el.getBoundingClientRect(); return [t.left - c.left, c.right - t.right]; }"""


def test_an_arabic_answer_runs_right_to_left_and_an_italian_one_left_to_right(page, tmp_path):
    """Each answer takes its own script's direction (`unicode-bidi: plaintext`): the Arabic abstention stands
    against the right edge of its bubble, the Italian answer against the left one."""
    ask(page, "ما هو عدد سكان كوكب المريخ؟")  # "What is the population of Mars?": the documents do not say
    arabic = page.locator('[data-testid="bot"] .rag-answer').last
    assert "لا تحتوي الوثائق" in arabic.inner_text()
    left, right = arabic.evaluate(TEXT_GAPS)
    assert right < 4 < left, (left, right)
    ask(page, ITALIAN)
    italian = page.locator('[data-testid="bot"] .rag-answer').last
    left, right = italian.evaluate(TEXT_GAPS)
    assert left < 4, (left, right)
    page.screenshot(path=str(tmp_path / "directions.png"))


def test_uploaded_document_is_answered_from_at_once(page, site, tmp_path):
    document = tmp_path / "castello festival.txt"
    document.write_text(
        "Il festival delle lanterne di Castelvetro\n"
        "Il festival delle lanterne si tiene ogni maggio a Castelvetro. "
        "La mascotte del festival è un airone blu di nome Pico, scelto dalla scuola del paese nel 2019.\n",
        encoding="utf-8",
    )
    page.get_by_role("tab", name="Documents").click()
    page.locator("#rag-upload input[type=file]").set_input_files(str(document))
    page.get_by_role("button", name="Add to the index").click()
    page.locator("#rag-upload-status").get_by_text("added", exact=False).wait_for()
    assert "castello_festival.txt" in page.locator("#rag-upload-status").inner_text()
    page.locator("#rag-documents").get_by_text("Il festival delle lanterne di Castelvetro").first.wait_for()
    page.screenshot(path=str(tmp_path / "upload.png"))
    page.get_by_role("tab", name="Chat").click()
    ask(page, "Come si chiama la mascotte del festival delle lanterne?")
    answer = page.locator('[data-testid="bot"]').last
    assert "Pico" in answer.locator(".rag-answer").inner_text()
    assert "castello_festival.txt" in answer.locator(".rag-source").first.inner_text()


def test_thumbs_up_is_stored_as_a_jsonl_line(page, site):
    ask(page, ITALIAN)
    page.get_by_role("button", name="Like", exact=True).last.click()
    page.get_by_text("your vote was saved").wait_for()
    lines = site.settings.serve.feedback_path.read_text(encoding="utf-8").splitlines()
    vote = json.loads(lines[-1])
    assert vote["vote"] == "up" and vote["question"] == ITALIAN and vote["origin"] == "chat"
    assert "42.000" in vote["answer"] and vote["citations"][0]["id"] == 1 and vote["time"]


@pytest.mark.parametrize(("question", "message"), [("\u200b \u0007", "no question")])
def test_bad_question_gets_a_reply_with_the_reason_not_a_traceback(page, question, message):
    """A question with nothing to ask is a reply (a too long one stays in the box: tests/test_browser_ux.py)."""
    page.locator("#rag-question textarea").fill(question)
    page.keyboard.press("Enter")
    reply = page.locator('[data-testid="bot"] .rag-refusal').first
    reply.wait_for()
    assert message in reply.inner_text()
    assert page.locator(".toast-body").count() == 0
    assert "Traceback" not in page.content()


def test_eval_tab_shows_the_latest_report(page):
    page.get_by_role("tab", name="Eval").click()
    page.locator("#rag-report").get_by_text("Evaluation report").wait_for()
    assert "0.91" in page.locator("#rag-report").inner_text()
    assert page.locator("#rag-report-chart img").get_attribute("src")
    assert page.get_by_role("button", name="Run the eval").is_enabled()


@pytest.mark.parametrize(("locale", "language"), [("it-IT", "it"), ("ru-RU", "ru"), ("en-US", "en")])
def test_a_question_too_short_to_tell_its_language_is_answered_in_the_pages(browser, site, locale, language):
    """A "🙂" tells no language: the page's (the browser's, here) words the answer."""
    from rag.wording import abstention

    context = browser.new_context(locale=locale)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    try:
        tab.goto(site.url + "/", wait_until="load")
        tab.locator("#rag-question textarea").wait_for()
        ask(tab, "🙂")
        assert abstention(language) in tab.locator('[data-testid="bot"]').last.inner_text()
    finally:
        context.close()
