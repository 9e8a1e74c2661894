"""Test helpers: a real uvicorn server on a free loopback port, and Debian's headless Chromium through Playwright.

Chromium is `/usr/bin/chromium` from the Debian package (`.ci/run` installs it); `playwright install` is never
used. Without chromium the browser tests skip locally with the reason, and fail under CI (`CI=true`).
The `browser` fixture is registered once, in conftest.py; test modules just request it. `open_page`, `send` and
`ask_page` drive the chat page the same way in every browser test.
"""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {CHROMIUM} is missing: .ci/run installs it with apt-get install chromium")
    pytest.skip(f"{CHROMIUM} is not installed; `apt-get install -y --no-install-recommends chromium` enables this")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True)
        try:
            yield instance
        finally:
            instance.close()


@contextmanager
def running(app: Any, host: str = "127.0.0.1", timeout: float = 60.0) -> Iterator[str]:
    """Serve an ASGI app with uvicorn in a thread; yields its base URL (no trailing slash)."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((host, 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


def wait_until_healthy(base: str, process: Any, output: Callable[[], str], limit: float = 180) -> None:
    """Poll a `rag serve` subprocess's /api/health until it answers; fail with its output if it dies."""
    import httpx

    deadline = time.monotonic() + limit
    while True:
        assert process.poll() is None, output()[-3000:]
        try:
            if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "the server did not come up"
        time.sleep(0.5)


def stop(process: Any) -> None:
    """Terminate a server subprocess, killing it if it does not exit within 30 s."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


LOCALES = {"en": "en-US", "it": "it-IT", "ru": "ru-RU"}  # a language code as the browser's locale
QUESTION_BOX = "#rag-question textarea"
SOURCES = '[data-testid="bot"] .rag-sources'  # one per answer that cites sources


def open_page(browser: Any, url: str, locale: str = "en-US", **context: Any) -> tuple[Any, Any]:
    """A new browser context (its own cookies and storage) in `locale`, on the chat page at `url` once its question
    box is there; returns (context, page). `context` overrides the context's options (a phone's viewport...)."""
    ctx = browser.new_context(locale=locale, **{"viewport": {"width": 1280, "height": 800}, **context})
    tab = ctx.new_page()
    tab.set_default_timeout(60_000)
    tab.goto(url + "/", wait_until="load")
    tab.locator(QUESTION_BOX).wait_for()
    return ctx, tab


def send(tab: Any, text: str) -> None:
    """Types `text` into the question box and presses Enter (it does not wait for the reply)."""
    box = tab.locator(QUESTION_BOX)
    box.fill(text)
    box.press("Enter")


def ask_page(tab: Any, question: str) -> None:
    """Asks `question` on the page and waits for its answer's sources."""
    answers = tab.locator(SOURCES).count()
    send(tab, question)
    tab.locator(SOURCES).nth(answers).wait_for()
