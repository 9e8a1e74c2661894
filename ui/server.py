"""The ASGI app `rag serve` runs: the JSON/SSE API under `/api`, local OpenAPI docs at `/docs`, the chat page at `/`.

The OpenAI-compatible `/v1` and the `RAG_API_KEYS` guard come from `ui/openai_api.py`.

`create_app(settings, engine)` builds everything once; the one `Engine` (model, Chroma, BM25) is shared by
all requests, and blocking engine calls run in FastAPI's threadpool. Bad questions are 422 on `/api/ask` and
an `error` event on `/api/chat`. It holds no retrieval, answering or ingestion logic (see `ui/service.py`).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, File, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.sse import EventSourceResponse, ServerSentEvent
from pydantic import AfterValidator, BaseModel, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rag.types import Answer, Citation, Query
from ui.marks import unsupported_sentences
from ui.security import client_key
from ui.service import DocumentInfo, Refused, Removal, Service, UploadResult
from ui.settings import Settings

log = logging.getLogger("rag.server")
MAX_HISTORY_TURNS = 50
MAX_TURN_CHARS = 20_000
# Module level: route signatures are resolved from module globals (this file uses postponed annotations).
bearer = HTTPBearer(auto_error=False, description="RAG_ADMIN_TOKEN, when the server has one.")


def _encodable(text: str) -> str:
    """Refuse lone surrogates (JSON allows `\\ud800`; nothing downstream can store or encode it): 422, not 500."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text contains a lone surrogate (invalid Unicode)") from None
    return text


Text = Annotated[str, AfterValidator(_encodable)]


class TurnIn(BaseModel):
    role: Literal["user", "assistant"]
    content: Text = Field(max_length=MAX_TURN_CHARS)


class AskIn(BaseModel):
    question: str = Field(description="The question, in any language (at most RAG_MAX_QUESTION_CHARS characters).")
    top_k: int | None = Field(None, description="Passages to retrieve, 1-50 (default RAG_TOP_K).")
    lang: str | None = Field(None, description="Only search documents in this two-letter language, e.g. 'it'.")
    history: list[TurnIn] = Field(
        default_factory=list,
        max_length=MAX_HISTORY_TURNS,
        description="Earlier turns, oldest first; follow-up questions are retrieved with the previous questions.",
    )


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    documents: int
    chunks: int
    embedding_model: str


class FeedbackIn(BaseModel):
    vote: Literal["up", "down"]
    question: Text = Field(max_length=MAX_TURN_CHARS)
    answer: Text = Field(max_length=MAX_TURN_CHARS)
    citations: list[Citation] = Field(default_factory=list, max_length=50)


class Stored(BaseModel):
    stored: bool = True
    time: str


def validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    """The errors without the offending input: type, location and message only, all plain JSON."""
    return [
        {"type": str(e.get("type", "")), "loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", ""))}
        for e in exc.errors()
    ]


def ask_options(body: AskIn) -> dict[str, Any]:
    from rag.types import Turn

    return {
        "top_k": body.top_k,
        "lang": body.lang or None,
        "history": [Turn(t.role, t.content) for t in body.history],
    }


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


def warm_up(engine: Any) -> threading.Thread:
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


def create_app(settings: Settings, engine: Any = None, *, with_ui: bool = True) -> FastAPI:
    """The whole server. Pass an already built `Engine` to share it (tests, `rag serve`); else one is built."""
    from index.store import StoreUnavailableError
    from rag.engine import Engine, QuestionError

    engine = engine or Engine(settings)
    service = Service(settings, engine)
    request_limit = settings.max_request_kb * 1024
    app = FastAPI(
        title="polyglot-rag",
        summary="Multilingual question answering over your documents, with numbered source citations.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.engine, app.state.service = engine, service
    from ui.docs import install as install_docs

    install_docs(app)  # /docs: Swagger UI 5 from a PyPI package, no CDN
    from ui.openai_api import install as install_openai
    from ui.widget import install as install_widget

    install_openai(app, settings, engine)  # /v1 (OpenAI-compatible) and the RAG_API_KEYS guard

    install_widget(app, settings)  # /widget.js, /embed-demo

    @app.exception_handler(QuestionError)
    async def _bad_question(request: Request, exc: QuestionError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(StoreUnavailableError)
    async def _store_down(request: Request, exc: StoreUnavailableError) -> JSONResponse:
        # The vector store went away: say so (503, retryable); the engine reconnects when it is back.
        return JSONResponse({"detail": str(exc)}, status_code=503, headers={"Retry-After": "5"})

    @app.exception_handler(RequestValidationError)
    async def _bad_body(request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's default echoes the input, and an echoed NaN or lone surrogate cannot be encoded (500).
        return JSONResponse({"detail": validation_errors(exc)}, status_code=422)

    @app.exception_handler(Refused)
    async def _refused(request: Request, exc: Refused) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=exc.status)

    @app.get("/api/health", tags=["api"])
    def health() -> Health:
        info = engine.info()
        return Health(documents=info["documents"], chunks=info["chunks"], embedding_model=info["embedding_model"])

    @app.post("/api/ask", tags=["api"], max_body_size=request_limit, responses={422: {"description": "Bad question"}})
    def ask(body: AskIn) -> Answer:
        """Answer one question (the Answer contract of `rag ask --json`)."""
        return engine.ask(Query(body.question, **ask_options(body)))

    @app.post("/api/chat", tags=["api"], response_class=EventSourceResponse, max_body_size=request_limit)
    def chat(body: AskIn) -> Iterator[ServerSentEvent]:
        """The same answer as Server-Sent Events: `delta` {text}, one `citations`, then `done`; or `error` {message}."""
        try:
            for piece in engine.stream(Query(body.question, **ask_options(body))):
                if isinstance(piece, Answer):
                    data = piece.model_dump(mode="json", include={"citations", "abstained", "mode", "notice"})
                    data["unsupported"] = unsupported_sentences(piece)  # the widget marks these sentences
                    yield ServerSentEvent(event="citations", data=data)
                else:
                    yield ServerSentEvent(event="delta", data={"text": piece})
        except (QuestionError, StoreUnavailableError) as exc:
            yield ServerSentEvent(event="error", data={"message": str(exc)})
            return
        except Exception:
            log.exception("answering failed")
            yield ServerSentEvent(event="error", data={"message": "internal error while answering; see the server log"})
            return
        yield ServerSentEvent(event="done", data={})

    @app.get("/api/documents", tags=["api"])
    def documents() -> list[DocumentInfo]:
        """The indexed documents with their language and chunk count."""
        return service.documents()

    @app.post(
        "/api/documents",
        tags=["api"],
        status_code=201,
        max_body_size=service.max_upload_bytes + 64 * 1024,
        responses={401: {}, 403: {}, 413: {}, 415: {}, 422: {}},
    )
    async def upload(
        request: Request,
        file: Annotated[UploadFile, File(description="One document (RAG_MAX_UPLOAD_MB at most).")],
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> UploadResult:
        """Add (or replace) one document; it is searchable as soon as this returns."""
        service.authorise(credentials.credentials if credentials else None, client_key(request.scope))
        name = file.filename or "upload"
        service.check_name(name)
        if file.size is not None:
            service.check_size(file.size, name)
        data = await file.read(service.max_upload_bytes + 1)
        return await run_in_threadpool(service.add_document, name, data)

    @app.delete("/api/documents/{source:path}", tags=["api"], responses={401: {}, 403: {}, 404: {}})
    def delete_document(
        request: Request, source: str, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
    ) -> Removal:
        """Remove one document (its `source` from GET /api/documents); needs the same token as uploads."""
        service.authorise(credentials.credentials if credentials else None, client_key(request.scope))
        return service.remove_document(source)

    @app.post("/api/feedback", tags=["api"], status_code=201, max_body_size=request_limit)
    def feedback(body: FeedbackIn) -> Stored:
        """Store a thumbs up/down on an answer as one JSONL line in the data dir."""
        record = service.record_vote(body.vote, body.question, body.answer, body.citations, origin="api")
        return Stored(time=record.time)

    upload_check = None
    if with_ui:
        import gradio as gr

        from ui.chat import build_chat, theme
        from ui.gradio_guard import harden, make_upload_check
        from ui.page_strings import I18N
        from ui.render import CSS

        blocks = build_chat(service)
        app = gr.mount_gradio_app(
            app,
            blocks,
            path="/",
            server_name=settings.host,
            server_port=settings.port,
            footer_links=["settings"],  # Gradio's settings: the page language (en/it/ru), light/dark
            i18n=I18N,
            theme=theme(),
            css=CSS,
            max_file_size=service.max_upload_bytes,
            run_history=False,
            mcp_server=False,
            pwa=False,
            show_error=True,
        )
        harden(blocks, service)
        upload_check = make_upload_check(blocks, service)
        app.add_middleware(_StripSocialMeta)
    from ui import security

    # Last, so it is outermost: one host, origin, size, rate and header policy for every route mounted above.
    security.install(
        app,
        allowed_origins=settings.allowed_origins,
        hosts=security.allowed_hosts(settings.allowed_hosts, settings.host),
        request_limit=request_limit,
        upload_limit=service.max_upload_bytes + 64 * 1024,
        limiter=service.limiter,
        upload_check=upload_check,
    )
    return app
