"""The widget when an answer does not come, in real headless Chromium: a server that falls silent mid-answer (a
scripted loopback server that pings as the real one does every 15 s, then says nothing) is given up after
`data-timeout` seconds of silence with a "Try again", while its pings keep a slow answer waiting; a question whose
answer failed, or was on its way when the page was left, offers "Try again" when the page comes back; and a question
too short to tell its language ("🙂") is answered in the widget's, sent as Accept-Language.
"""

from __future__ import annotations

import html
import json
import threading
import time
from typing import Any

import pytest

from rag.wording import abstention
from tests.browser import running
from tests.conftest import build_small_index

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ITALIAN = "Qual era il montepremi del concorso?"
PINGS, PING_EVERY, TIMEOUT = 10, 0.5, 3  # 5 s of pings, then silence; the widget gives up after 3 s of silence


def host_app():
    """A page on its own origin in Italian: `/?api=URL` loads the widget from URL; `chat=URL`, `timeout=S` and
    `max=N` set its data-api, data-timeout and data-max."""
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    def page(request):
        q = request.query_params
        options = (("api", "chat"), ("timeout", "timeout"), ("max", "max"))
        extra = "".join(f' data-{name}="{html.escape(q[key])}"' for name, key in options if key in q)
        return HTMLResponse(
            f"<!doctype html><html lang='it'><body><h1>Pagina</h1>"
            f'<script src="{html.escape(q["api"])}/widget.js" data-lang="auto"{extra} defer></script></body></html>'
        )

    return Starlette(routes=[Route("/", page)])


class Scripted:
    """`/api/chat` as the real server streams it, scripted per request: "silent" pings for a while and then says
    nothing until the test ends; "answer" answers at once; "answer, then silent" answers but neither says `done`
    nor closes; "slow" pings for a while, then answers. Each request's JSON body is recorded."""

    def __init__(self, *script: str) -> None:
        self.script = list(script)
        self.bodies: list[dict[str, Any]] = []
        self.over = threading.Event()

    def app(self, origin: str) -> Any:
        from starlette.applications import Starlette
        from starlette.middleware import Middleware
        from starlette.middleware.cors import CORSMiddleware
        from starlette.responses import StreamingResponse
        from starlette.routing import Route

        async def chat(request):
            self.bodies.append(await request.json())
            how = self.script[min(len(self.bodies), len(self.script)) - 1]
            return StreamingResponse(self._events(how), media_type="text/event-stream")

        cors = Middleware(CORSMiddleware, allow_origins=[origin], allow_methods=["POST"], allow_headers=["*"])
        return Starlette(routes=[Route("/api/chat", chat, methods=["POST"])], middleware=[cors])

    async def _events(self, how: str):
        import anyio

        if how in ("silent", "slow"):
            for _ in range(PINGS):
                yield b": ping\n\n"
                await anyio.sleep(PING_EVERY)
        if how != "silent":
            yield b'event: delta\ndata: {"text": "42.000 dollari [1]"}\n\n'
            data = {"citations": [], "abstained": False, "mode": "extractive", "notice": None, "unsupported": []}
            yield f"event: citations\ndata: {json.dumps(data)}\n\n".encode()
        if how in ("answer", "slow"):
            yield b"event: done\ndata: {}\n\n"
            return
        while not self.over.is_set():
            await anyio.sleep(0.1)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, embedder):
    from rag.engine import Engine
    from ui.server import create_app

    settings = build_small_index(tmp_path_factory.mktemp("widget-faults"), embedder)
    with running(host_app()) as host:
        engine = Engine(settings.index, settings.rag, embedder=embedder)
        with running(create_app(settings.replace(allowed_origins=[host]).serve, engine, with_ui=False)) as url:
            yield {"host": host, "api": url}


def open_chat(browser, url: str, init_script: str | None = None):
    context = browser.new_context(locale="en-US")  # the browser's own Accept-Language says English
    page = context.new_page()
    page.set_default_timeout(30_000)
    if init_script:
        page.add_init_script(init_script)
    page.goto(url, wait_until="load")
    page.wait_for_function("window.RagWidget && window.RagWidget.timings.visible !== null")
    page.locator(".b").click()
    return context, page


def send(page, question: str) -> None:
    page.locator("#rw-q").fill(question)
    page.locator("#rw-q").press("Enter")


def test_a_server_fallen_silent_is_given_up_after_the_timeout_and_try_again_asks_once_more(browser, api):
    script = Scripted("silent", "answer")
    with running(script.app(api["host"])) as silent:
        context, page = open_chat(browser, f"{api['host']}/?api={api['api']}&chat={silent}&timeout={TIMEOUT}")
        try:
            send(page, ITALIAN)
            started = time.monotonic()
            error = page.locator("[role=alert]")
            error.wait_for(timeout=30_000)
            waited = time.monotonic() - started
            # the pings kept it waiting past the timeout; the silence after them ended it
            assert waited >= PINGS * PING_EVERY, f"given up after {waited:.1f} s, while the server still pinged"
            assert error.inner_text().startswith(f"Nessuna risposta da {TIMEOUT} secondi.")
            assert page.locator(".f button").is_enabled(), "the chat can ask again"
            error.locator("button").click()
            page.locator(".m.a", has_text="42.000 dollari").wait_for()
            assert page.locator("[role=alert]").count() == 0
            assert page.locator(".m.u").count() == 1  # the retry did not repeat the question
            assert [body["question"] for body in script.bodies] == [ITALIAN, ITALIAN]
            assert script.bodies[1]["history"] == []  # nor send it as its own history
        finally:
            script.over.set()
            context.close()


def test_an_answer_already_whole_is_never_given_up_while_its_stream_stays_open(browser, api):
    """The server sent the answer and its sources but neither `done` nor the end of the stream: the answer stays."""
    script = Scripted("answer, then silent")
    with running(script.app(api["host"])) as server:
        context, page = open_chat(browser, f"{api['host']}/?api={api['api']}&chat={server}&timeout={TIMEOUT}")
        try:
            send(page, ITALIAN)
            page.locator(".m.a", has_text="42.000 dollari").wait_for()
            page.wait_for_timeout((TIMEOUT + 2) * 1000)
            assert page.locator("[role=alert]").count() == 0
            assert page.locator(".m.a", has_text="42.000 dollari").count() == 1
        finally:
            script.over.set()
            context.close()


def test_try_again_waits_while_another_answer_is_on_its_way(browser, api):
    """A question given up, then a new one asked: its Try again, pressed while the new answer is on its way, is not
    lost; the box stays, and asks once that answer has come."""
    script = Scripted("silent", "slow", "answer")
    with running(script.app(api["host"])) as server:
        context, page = open_chat(browser, f"{api['host']}/?api={api['api']}&chat={server}&timeout={TIMEOUT}")
        try:
            send(page, ITALIAN)
            error = page.locator("[role=alert]")
            error.wait_for()
            send(page, "Chi ha vinto il concorso?")
            error.locator("button").click()  # while the second answer is on its way
            assert error.count() == 1
            page.locator(".m.a", has_text="42.000 dollari").wait_for()
            error.locator("button").click()
            page.locator(".m.a", has_text="42.000 dollari").nth(1).wait_for()
            assert [body["question"] for body in script.bodies] == [ITALIAN, "Chi ha vinto il concorso?", ITALIAN]
            assert page.locator("[role=alert]").count() == 0
        finally:
            script.over.set()
            context.close()


# How far the chat's log is from showing its end (px).
LOG_END = (
    "(() => { const log = document.querySelector('rag-widget').shadowRoot.querySelector('.log');"
    " return log.scrollHeight - log.clientHeight - log.scrollTop; })()"
)
# The page's fetch of answers never settles: the answer is on its way when the page is left.
NEVER_ANSWERS = """{ const fetch0 = window.fetch;
  window.fetch = (url, ...rest) => String(url).includes('/api/chat') && !sessionStorage.getItem('answer-now')
    ? new Promise(() => {}) : fetch0(url, ...rest); }"""


# Four earlier exchanges put before the stored conversation, so that the log is longer than the chat.
EARLIER = """(key) => { const earlier = [];
  for (let i = 0; i < 4; i++) earlier.push({role: 'user', content: 'Domanda ' + i},
    {role: 'assistant', content: 'Una risposta lunga. '.repeat(20), citations: []});
  sessionStorage.setItem(key, JSON.stringify(earlier.concat(JSON.parse(sessionStorage.getItem(key))))); }"""


@pytest.mark.parametrize("how", ["failed", "left on its way"])
def test_a_question_left_without_an_answer_offers_try_again_when_the_page_comes_back(browser, api, how):
    context, page = open_chat(browser, f"{api['host']}/?api={api['api']}", NEVER_ANSWERS)
    try:
        if how == "failed":
            page.evaluate("sessionStorage.setItem('answer-now', '1')")
            page.route("**/api/chat", lambda route: route.abort())
            send(page, ITALIAN)
            page.locator("[role=alert]").wait_for()
        else:
            send(page, ITALIAN)
            page.locator(".m.a", has_text="Sto cercando").wait_for()  # on its way
        page.evaluate(EARLIER, f"rag-widget:{api['api']}")
        page.reload(wait_until="load")
        page.unroute("**/api/chat")
        page.evaluate("sessionStorage.setItem('answer-now', '1')")
        page.locator(".b").click()
        error = page.locator("[role=alert]")
        assert error.inner_text().startswith("Questa domanda non ha avuto risposta.")
        assert page.locator(".m.u").all_inner_texts()[-1] == ITALIAN and page.locator(".m.u").count() == 5
        assert page.evaluate(LOG_END) <= 1, "the end of the log, with the box, is out of sight"
        error.locator("button").click()
        page.locator(".src").first.wait_for(timeout=60_000)
        assert "42.000" in page.locator(".m.a").last.inner_text()
        assert page.locator("[role=alert]").count() == 0 and page.locator(".m.u").count() == 5
        page.reload(wait_until="load")  # answered now: nothing to try again
        page.locator(".b").click()
        assert page.locator("[role=alert]").count() == 0
    finally:
        context.close()


def test_a_question_too_short_to_tell_its_language_is_answered_in_the_widgets(browser, api):
    """The page and the widget are Italian, the browser English: "🙂" gets the Italian abstention, because the
    widget sends its own language as Accept-Language."""
    context, page = open_chat(browser, f"{api['host']}/?api={api['api']}")
    try:
        send(page, "🙂")
        page.locator(".m.a", has_text=abstention("it")).wait_for(timeout=60_000)
        assert abstention("en") not in page.locator(".m.a").last.inner_text()
        assert page.locator("[role=alert]").count() == 0
    finally:
        context.close()


def test_a_question_the_server_refuses_is_refused_in_the_widgets_language(browser, api):
    """A site's data-max above the server's limit (2000): the server's reason comes in Italian, not English, inside
    the widget's Italian sentence."""
    context, page = open_chat(browser, f"{api['host']}/?api={api['api']}&max=3000")
    try:
        send(page, "parola " * 357)  # 2498 characters once trimmed
        error = page.locator("[role=alert]")
        error.wait_for()
        assert error.inner_text().startswith(
            "Questa domanda non può essere inviata: La domanda è lunga 2498 caratteri; il limite è 2000."
        )
    finally:
        context.close()


@pytest.mark.parametrize(("max_chars", "timeout"), [("-5", "abc"), ("many", "0")])
def test_a_bad_number_option_is_named_in_the_console_and_its_default_used(browser, api, max_chars, timeout):
    context = browser.new_context()
    page = context.new_page()
    warnings: list[str] = []
    page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    try:
        page.goto(f"{api['host']}/?api={api['api']}&max={max_chars}&timeout={timeout}", wait_until="load")
        page.wait_for_function("window.RagWidget && window.RagWidget.timings.visible !== null")
        page.locator(".b").click()
        assert page.locator(".cn").inner_text() == "0 di 2000 caratteri"
        assert f'rag widget: data-max="{max_chars}" is not a positive number; using 2000' in warnings
        assert f'rag widget: data-timeout="{timeout}" is not a positive number; using 60' in warnings
        send(page, ITALIAN)  # still answers
        page.locator(".src").first.wait_for(timeout=60_000)
    finally:
        context.close()
