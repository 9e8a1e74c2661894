"""The ASGI app `rag serve` runs: the JSON/SSE API under `/api`, local OpenAPI docs at `/docs`, the chat page at `/`.

`create_app(serve, engine)` assembles it once from its parts: the routers of `ui/api/` (ask/chat, documents,
feedback), the OpenAI-compatible `/v1` and the `RAG_API_KEYS` guard (`ui/openai_api.py`), the widget's routes
(`ui/widget.py`), the Gradio page (`ui/page.py`) and, outermost, the HTTP policy (`ui/security.py`). The one
`Engine` (model, Chroma, BM25) is the one source of the index and answering settings and is shared by all
requests through `app.state`; `serve` (`ServeSettings`) says how the app is exposed. Errors are mapped to
responses in one place (`ui/api/errors.py`). It holds no retrieval, answering or ingestion logic.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rag.types import Query
from ui.service import Service
from ui.settings import ServeSettings

if TYPE_CHECKING:
    from rag.engine import Engine

log = logging.getLogger("rag.server")
UploadCheck = Callable[[Scope], tuple[int, str] | None]  # a page upload `ui/security.py` refuses: (status, why)


class _StripSocialMeta:
    """Drops the og:/twitter: tags of Gradio's page template, which name gradio.app and GitHub image URLs."""

    _TAG = re.compile(rb'<meta\s+(?:property|name)="(?:og|twitter):[^"]*"\s+content="[^"]*"\s*/?>\s*')

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in ("/", ""):
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        body = bytearray()

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            body.extend(message.get("body", b""))
            if message.get("more_body"):
                return
            assert start is not None
            headers = list(start["headers"])
            content = bytes(body)
            if any(k == b"content-type" and v.startswith(b"text/html") for k, v in headers):
                content = self._TAG.sub(b"", content)
                headers = [(k, v) for k, v in headers if k != b"content-length"]
                headers.append((b"content-length", str(len(content)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": content})

        await self.app(scope, receive, capture)


def warm_up(engine: Engine) -> threading.Thread:
    """Answer the example questions in a background thread, so the models loaded on first use (the language
    detector, sentence splitters, torch kernels; several seconds) are ready before the first visitor asks."""
    from ui.chat import EXAMPLES

    def run() -> None:
        for _, question in EXAMPLES:
            try:
                engine.ask(Query(question))
            except Exception:  # a failed warm-up only costs the first visitor time
                log.warning("warm-up question failed", exc_info=True)

    thread = threading.Thread(target=run, name="rag-warm-up", daemon=True)
    thread.start()
    return thread


def mount_page(app: FastAPI, serve: ServeSettings, service: Service) -> tuple[FastAPI, UploadCheck]:
    """Mounts the Gradio page at `/`; returns the app and the upload check `ui/security.py` applies to its uploads."""
    import gradio as gr

    from ui.document_panel import CSS as PANEL_CSS
    from ui.gradio_guard import harden, make_upload_check
    from ui.gradio_labels import HEAD
    from ui.layout import PAGE_CSS
    from ui.page import build_page, theme
    from ui.page_strings import I18N
    from ui.render import CSS

    blocks = build_page(service)
    app = gr.mount_gradio_app(
        app,
        blocks,
        path="/",
        server_name=serve.host,
        server_port=serve.port,
        footer_links=["settings"],  # Gradio's settings: light/dark (its language picker is hidden)
        i18n=I18N,
        theme=theme(),
        css=CSS + PANEL_CSS + PAGE_CSS,
        head=HEAD,  # translates Gradio's hard-coded English labels on a page in another language
        max_file_size=service.max_upload_bytes,
        run_history=False,
        mcp_server=False,
        pwa=False,
        show_error=True,
    )
    harden(blocks, service)
    app.add_middleware(_StripSocialMeta)
    return app, make_upload_check(blocks, service)


def create_app(serve: ServeSettings, engine: Engine, *, with_ui: bool = True) -> FastAPI:
    """The whole server over one already built `Engine` (shared by every request; tests and `rag serve` pass it)."""
    from ui import security
    from ui.api import ask, documents, errors, feedback
    from ui.docs import install as install_docs
    from ui.openai_api import install as install_openai
    from ui.widget import router as widget_router

    service = Service(serve, engine)
    request_limit = serve.max_request_kb * 1024
    upload_limit = service.max_upload_bytes + 64 * 1024
    app = FastAPI(
        title="polyglot-rag",
        summary="Multilingual question answering over your documents, with numbered source citations.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.engine, app.state.service, app.state.serve = engine, service, serve
    errors.install(app)
    install_docs(app)  # /docs: Swagger UI 5 from a PyPI package, no CDN
    install_openai(app, serve)  # /v1 (OpenAI-compatible) and the RAG_API_KEYS guard
    app.include_router(widget_router)  # /widget.js, /embed-demo
    app.include_router(ask.router, max_body_size=request_limit)
    app.include_router(documents.router, max_body_size=upload_limit)
    app.include_router(feedback.router, max_body_size=request_limit)
    upload_check: UploadCheck | None = None
    if with_ui:
        app, upload_check = mount_page(app, serve, service)
    # Last, so it is outermost: one host, origin, size, rate and header policy for every route mounted above.
    security.install(
        app,
        allowed_origins=serve.allowed_origins,
        hosts=security.allowed_hosts(serve.allowed_hosts, serve.host),
        request_limit=request_limit,
        upload_limit=upload_limit,
        limiter=service.limiter,
        upload_check=upload_check,
    )
    return app
