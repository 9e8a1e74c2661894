"""Honest answers on every surface: a configured LLM that was not used is reported the same way everywhere, and
sentences verification found unsupported are marked on the pages (the Answer JSON keeps its indexes).

The "LLM down since startup" engine points at a loopback port nobody listens on; unsupported sentences come from
the scripted server (tests/openai_server.py). Pages run in real headless Chromium.
"""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys

import httpx
import pytest

from bench.load_client import sse_events
from rag.prompts import fallback_notice
from rag.types import Query
from tests.browser import running
from tests.conftest import LLM_MODEL, ROOT, make_settings
from tests.llama_server import free_port
from tests.openai_server import Reply, cite

QUESTION = "How many countries did the entries to the NEXTGEN contest come from?"
MOON = "Entries came from 122 countries [N]. The jury met on the Moon and ate green cheese [N]."


@pytest.fixture(scope="module")
def down(seed_settings, embedder):
    """An engine whose LLM server was unreachable at startup (and stays so: the re-probe waits 30 s)."""
    from rag.engine import Engine

    url = f"http://127.0.0.1:{free_port()}/v1"
    settings = make_settings(seed_settings.data_dir, llm_base_url=url, llm_model=LLM_MODEL)
    engine = Engine(settings.index, settings.rag, embedder=embedder)
    assert engine.info()["llm"]["reachable"] is False
    return engine


def cli(args: list[str], engine) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env |= {
        "RAG_DATA_DIR": str(engine.index_settings.data_dir),
        "RAG_LLM_BASE_URL": engine.settings.llm_base_url,
        "RAG_LLM_MODEL": LLM_MODEL,
        "COLUMNS": "300",
    }
    return subprocess.run(
        [sys.executable, "-m", "ui", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )


def test_llm_down_since_startup_gives_the_same_fallback_and_notice_everywhere(down):
    from ui.render import answer_html
    from ui.server import create_app

    expected = down.ask(Query(QUESTION))
    notice = expected.notice
    assert expected.mode == "extractive-fallback" and expected.answer.startswith(fallback_notice("en"))
    assert notice.startswith("LLM not used: ") and "not reachable" in notice and "\n" not in notice

    as_json = cli(["ask", QUESTION, "--json"], down)
    assert as_json.returncode == 0, as_json.stderr
    assert {k: json.loads(as_json.stdout)[k] for k in ("mode", "notice")} == {"mode": expected.mode, "notice": notice}
    assert notice in cli(["ask", QUESTION], down).stdout

    with running(create_app(make_settings(down.index_settings.data_dir).serve, down, with_ui=False)) as url:
        ask = httpx.post(f"{url}/api/ask", json={"question": QUESTION}, timeout=120).json()
        chat = sse_events(httpx.post(f"{url}/api/chat", json={"question": QUESTION}, timeout=120).text)
        body = {"model": "llm", "messages": [{"role": "user", "content": QUESTION}]}
        v1 = httpx.post(f"{url}/v1/chat/completions", json=body, timeout=120).json()
        streamed = httpx.post(f"{url}/v1/chat/completions", json=body | {"stream": True}, timeout=120).text
    assert (ask["mode"], ask["notice"]) == (expected.mode, notice)
    final = dict(chat)["citations"]  # what the widget shows
    assert (final["mode"], final["notice"]) == (expected.mode, notice)
    message = v1["choices"][0]["message"]
    assert (message["mode"], message["notice"]) == (expected.mode, notice)
    assert message["content"] == expected.answer
    last = json.loads(streamed.strip().split("\n\n")[-2].removeprefix("data: "))["choices"][0]["delta"]
    assert (last["mode"], last["notice"]) == (expected.mode, notice)
    assert html.escape(notice) in answer_html(expected, "a1")  # what the chat page shows


def test_unsupported_sentences_travel_to_the_pages_and_the_json_keeps_indexes(llm_server, llm_engine):
    from ui.render import answer_html
    from ui.server import create_app

    llm_server.default = Reply(cite("122", MOON))
    with running(create_app(make_settings(llm_engine.index_settings.data_dir).serve, llm_engine, with_ui=False)) as url:
        ask = httpx.post(f"{url}/api/ask", json={"question": QUESTION}, timeout=120).json()
        chat = dict(sse_events(httpx.post(f"{url}/api/chat", json={"question": QUESTION}, timeout=120).text))
    assert ask["unsupported"] == [1] and ask["notice"] is None and ask["mode"] == "llm"
    flagged = chat["citations"]["unsupported"]
    assert [(u["index"], u["text"], u["cites"]) for u in flagged] == [
        (1, "The jury met on the Moon and ate green cheese [1].", [1])
    ]
    assert "[1]" in flagged[0]["reason"] and "Not supported" in flagged[0]["reason"]
    from rag.types import Answer

    markup = answer_html(Answer.model_validate(ask), "a1")
    assert '<span class="rag-unsupported" title="Not supported: the source it cites ([1])' in markup
    start = markup.index('class="rag-unsupported"')
    marked = markup[start : markup.index("</span>", start)]
    assert "Moon" in marked and "122 countries" not in marked and "122 countries" in markup[:start]


# -- in the browser ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def site(llm_engine):
    from ui.server import create_app

    with running(create_app(make_settings(llm_engine.index_settings.data_dir).serve, llm_engine)) as url:
        yield url


@pytest.mark.browser
@pytest.mark.slow
def test_widget_marks_unsupported_sentences_and_shows_the_notice(browser, site, llm_server, tmp_path):
    llm_server.default = Reply(cite("122", MOON))
    page = browser.new_page()
    try:
        page.goto(f"{site}/embed-demo", wait_until="load")
        page.wait_for_function("window.RagWidget && window.RagWidget.timings.visible !== null")
        page.locator(".b").click()
        page.locator("#rw-q").fill(QUESTION)
        page.locator("#rw-q").press("Enter")
        page.locator(".src").first.wait_for(timeout=60_000)
        marked = page.locator(".m.a .us")
        assert marked.count() == 1
        assert marked.inner_text().startswith("The jury met on the Moon")
        assert marked.get_attribute("title") == "Not supported by the source(s) it cites ([1])."
        assert page.locator(".m.a .nt").count() == 0
        page.screenshot(path=str(tmp_path / "widget-unsupported.png"))

        llm_server.script(Reply(status=500))
        page.locator("#rw-q").fill(QUESTION + " Really?")
        page.locator("#rw-q").press("Enter")
        page.locator(".m.a .nt").wait_for(timeout=60_000)
        assert page.locator(".m.a .nt").inner_text().startswith("LLM not used: InternalServerError")
        page.reload(wait_until="load")  # the marks and the notice survive a reload (sessionStorage)
        page.locator(".b").click()
        assert page.locator(".m.a .us").count() == 1 and page.locator(".m.a .nt").count() == 1
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.slow
def test_chat_page_marks_unsupported_sentences_with_a_tooltip(browser, site, llm_server, tmp_path):
    llm_server.default = Reply(cite("122", MOON))
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    try:
        page.goto(site + "/", wait_until="load")
        page.locator("#rag-question textarea").fill(QUESTION)
        page.keyboard.press("Enter")
        page.locator(".rag-sources").first.wait_for(timeout=60_000)
        marked = page.locator(".rag-answer .rag-unsupported")
        assert marked.count() == 1 and marked.inner_text().startswith("The jury met on the Moon")
        assert marked.get_attribute("title").startswith("Not supported: the source it cites ([1])")
        decoration = marked.evaluate("e => getComputedStyle(e).textDecorationStyle")
        assert decoration == "wavy"
        page.screenshot(path=str(tmp_path / "chat-unsupported.png"))

        llm_server.script(Reply(status=500))
        page.locator("#rag-question textarea").fill(QUESTION + " Really?")
        page.keyboard.press("Enter")
        page.locator(".rag-notice").first.wait_for(timeout=60_000)
        assert page.locator(".rag-notice").first.inner_text().startswith("LLM not used: InternalServerError")
    finally:
        page.close()
