"""Issue 13 in real headless Chromium: the chat page and the embed demo work under their Content-Security-Policy
(no CSP violation), and HTML planted in a document (title, text) and in an eval report (answer, quote, source)
is shown as text: no <img> fires, no <form> or password box renders. A loopback "beacon" server counts any
request the planted markup would make.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.browser import running
from tests.conftest import build_small_index

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class Beacon:
    """A loopback HTTP server that counts every request it gets."""

    def __init__(self) -> None:
        hits = self.hits = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                self.send_response(204)
                self.end_headers()

            do_POST = do_GET

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def payloads(beacon: str) -> str:
    return (
        f'<img src="{beacon}/img-fired" id="planted-img">'
        f'<form action="{beacon}/steal" id="planted-form"><input type="password" name="pw"></form>'
        f"![x]({beacon}/md-img-fired)"
    )


@pytest.fixture(scope="module")
def beacon():
    server = Beacon()
    yield server
    server.server.shutdown()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, embedder, beacon):
    from eval.report import render_markdown
    from rag.engine import Engine
    from ui.server import create_app

    planted = payloads(beacon.url)
    document = (
        f'Heron Gazette <img src="{beacon.url}/title-img" id="planted-img">\n'  # short: a heading, so the title
        f"The Hostile Heron Gazette reports that the heron festival lasts nine days. {planted} "
        "The heron festival is held in the town of Verbrugge."
    )
    settings = build_small_index(tmp_path_factory.mktemp("hostile-site"), embedder, {"heron.txt": document})
    result = {
        "dataset": f"qa {planted}",
        "n": 1,
        "counts": {"answerable": 1, "unanswerable": 0, "cross_language": 0},
        "config": {"top_k": planted},
        "by_language": {},
        "cross_language": {},
        "failures": [
            {
                "id": "q1",
                "kind": "wrong answer",
                "question": f"How long is the festival? {planted}",
                "answer": f"Nine days {planted}",
                "expected": ["nine"],
                "sources": [f"heron.txt {planted}"],
                "first_hit": 1,
                "citations": [{"id": 1, "source": f"heron {planted}", "quote": f"nine days {planted}"}],
            }
        ],
    }
    report = settings.serve.latest_report_dir
    report.mkdir(parents=True)
    (report / "report.md").write_text(render_markdown(result), encoding="utf-8")
    with running(create_app(settings.serve, Engine(settings.index, settings.rag, embedder=embedder))) as url:
        yield url


def open_page(browser, url: str):
    page = browser.new_page()
    page.set_default_timeout(60_000)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(url, wait_until="load")
    return page, problems


def assert_no_planted_markup(page, beacon: Beacon) -> None:
    assert page.locator("#planted-img, #planted-form, input[type=password][name=pw]").count() == 0
    assert page.locator(f'img[src^="{beacon.url}"], form[action^="{beacon.url}"]').count() == 0
    assert beacon.hits == []


def test_chat_page_answers_under_its_csp_and_shows_planted_html_as_text(browser, site, beacon):
    page, problems = open_page(browser, site + "/")
    page.locator("#rag-question textarea").fill("How many days does the heron festival last?")
    page.keyboard.press("Enter")
    page.locator(".rag-sources, .rag-none").first.wait_for()
    shown = page.locator('[data-testid="bot"]').last.inner_text()
    assert "Heron" in shown and "<img" in shown  # the markup is there, as text
    page.get_by_role("tab", name="Documents").click()
    page.wait_for_function("document.querySelector('#rag-documents').innerText.includes('Heron Gazette')")
    assert "<img" in page.locator("#rag-documents").inner_text()  # the planted title, shown as text
    assert_no_planted_markup(page, beacon)
    assert problems == []
    page.close()


def test_eval_tab_shows_planted_html_in_the_report_as_text(browser, site, beacon):
    page, problems = open_page(browser, site + "/")
    page.get_by_role("tab", name="Eval").click()
    report = page.locator("#rag-report")
    report.get_by_text("Nine days", exact=False).first.wait_for()
    text = report.inner_text()
    assert "<img" in text and "<form" in text and f"![x]({beacon.url}/md-img-fired)" in text
    assert_no_planted_markup(page, beacon)
    assert problems == []
    page.close()


def test_embed_demo_runs_the_widget_under_its_csp(browser, site):
    page, problems = open_page(browser, site + "/embed-demo")
    page.wait_for_function("window.RagWidget && window.RagWidget.timings.visible !== null")
    page.locator(".b").click()
    page.locator("#rw-q").fill("How many days does the heron festival last?")
    page.locator("#rw-q").press("Enter")
    page.locator(".src").first.wait_for()
    assert problems == []
    page.close()
