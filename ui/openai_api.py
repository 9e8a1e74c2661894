"""The chatbot as an OpenAI-compatible model: `POST /v1/chat/completions`, `GET /v1/models`, and API keys.

`install(app, serve)` adds the `/v1` router and, when `RAG_API_KEYS` is set, a guard that makes every
`/v1` and `/api` request send one of the keys (or `RAG_ADMIN_TOKEN`) as a bearer token (401 otherwise). The last
user message is the question and the user/assistant messages before it are the history; system messages and
parameters this model has no use for (temperature, max_tokens, tools...) are ignored, as OpenAI-compatible
servers do. The content carries the `[n]` markers; the message (and the final streamed delta) adds the
extension fields `citations` (the Answer JSON's objects), `mode`, `notice` and `unsupported`. A body that is not a
valid request (no user message, no messages, a non-text part, `n` > 1, too large) gets an OpenAI-style error
object with a 4xx status before anything reaches the engine. It does not retrieve or answer (see `rag.engine`).
"""

from __future__ import annotations

import hmac
import json
import time
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, ValidationError
from starlette.types import ASGIApp, Receive, Scope, Send

from rag.types import Answer, Query, Turn
from ui.api.deps import EngineDep, ServeDep, ServiceDep
from ui.api.errors import OpenAIError, error_body, stream_error
from ui.settings import ServeSettings

if TYPE_CHECKING:
    from rag.engine import Engine

GUARDED_PREFIXES = ("/v1/", "/api/")
HISTORY_TURNS = 50  # earlier turns kept (the newest); the engine itself uses only the last few
TURN_CHARS = 20_000  # each earlier turn is cut to this many characters
ROLES = {"system", "developer", "user", "assistant", "tool", "function"}


# -- the request ----------------------------------------------------------------------------------------
class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")  # unknown fields are ignored, as OpenAI-compatible servers do


class ContentPart(_Open):
    type: str
    text: str | None = None


class MessageIn(_Open):
    role: str
    content: str | list[ContentPart] | None = None


class ChatCompletionIn(_Open):
    model: str | None = None
    messages: list[MessageIn]
    stream: bool | None = False
    n: int | None = None


def _text(message: MessageIn, index: int) -> str:
    if message.content is None or isinstance(message.content, str):
        return message.content or ""
    parts = []
    for j, part in enumerate(message.content):
        if part.type != "text":
            raise OpenAIError(
                400,
                f"content parts of type {part.type!r} are not supported: this model reads text only",
                f"messages[{index}].content[{j}]",
                "unsupported_content",
            )
        parts.append(part.text or "")
    return "\n".join(parts)


def parse_request(raw: bytes) -> tuple[ChatCompletionIn, str, list[Turn]]:
    """(request, question, history) or `OpenAIError`; the question is the last user message."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise OpenAIError(400, "the request body is not valid JSON", None, "invalid_json") from None
    if not isinstance(data, dict):
        raise OpenAIError(400, "the request body must be a JSON object", None, "invalid_json")
    try:
        body = ChatCompletionIn.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        param = ".".join(str(part) for part in first["loc"]) or None
        raise OpenAIError(400, f"{param}: {first['msg']}" if param else first["msg"], param) from None
    if body.n is not None and body.n != 1:
        raise OpenAIError(400, f"n={body.n} is not supported: this model gives one answer (n=1)", "n")
    if not body.messages:
        raise OpenAIError(400, "messages must not be empty: send at least one user message", "messages")
    texts = []
    for i, message in enumerate(body.messages):
        if message.role not in ROLES:
            raise OpenAIError(400, f"unknown role {message.role!r} in messages[{i}]", f"messages[{i}].role")
        texts.append(_text(message, i))
    users = [i for i, message in enumerate(body.messages) if message.role == "user"]
    if not users:
        raise OpenAIError(400, "messages has no user message: the last user message is the question", "messages")
    last = users[-1]
    history = [
        Turn(message.role, text[:TURN_CHARS])
        for message, text in zip(body.messages[:last], texts[:last], strict=True)
        if message.role in ("user", "assistant") and text.strip()
    ]
    return body, texts[last], history[-HISTORY_TURNS:]


async def read_body(request: Request, limit: int) -> bytes:
    """The body, or 413 as soon as it is known to exceed `limit` bytes (from Content-Length or while reading)."""
    declared = request.headers.get("content-length")
    too_large = OpenAIError(413, f"the request body is larger than {limit // 1024} KiB (RAG_MAX_REQUEST_KB)")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise too_large
    return bytes(body)


# -- the response ---------------------------------------------------------------------------------------
def extensions(answer: Answer) -> dict[str, Any]:
    """The fields an aware client reads beside `content`: sources, answer mode, fallback notice."""
    return {
        "citations": [c.model_dump(mode="json") for c in answer.citations],
        "mode": answer.mode,
        "notice": answer.notice,
        "unsupported": list(answer.unsupported),
    }


def completion(cid: str, created: int, model: str, answer: Answer) -> dict[str, Any]:
    message = {"role": "assistant", "content": answer.answer, **extensions(answer)}
    return {
        "id": cid,
        "object": "chat.completion",
        "created": created,
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": "stop", "logprobs": None}],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},  # not counted
    }


def chunk(cid: str, created: int, model: str, delta: dict[str, Any], finish: str | None = None) -> str:
    payload = {
        "id": cid,
        "object": "chat.completion.chunk",
        "created": created,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
    }
    return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"


def sse(first: str | Answer, rest: Iterator[str | Answer], cid: str, created: int, model: str) -> Iterator[str]:
    """`chat.completion.chunk` events: role, content deltas, the final delta with extensions, then [DONE]."""
    yield chunk(cid, created, model, {"role": "assistant", "content": ""})
    piece: str | Answer | None = first
    try:
        while piece is not None:
            if isinstance(piece, Answer):
                yield chunk(cid, created, model, extensions(piece), finish="stop")
            elif piece:
                yield chunk(cid, created, model, {"content": piece})
            piece = next(rest, None)
    except Exception as exc:  # the status line is sent: the error travels in the stream, as OpenAI's does
        yield f"data: {json.dumps(stream_error(exc, openai=True), ensure_ascii=False)}\n\n"
        return
    yield "data: [DONE]\n\n"


router = APIRouter(prefix="/v1", tags=["openai"])


def _created(request: Request) -> int:
    created: int = request.app.state.model_created
    return created


def model_card(engine: Engine, created: int) -> dict[str, Any]:
    return {"id": engine.answer_mode, "object": "model", "created": created, "owned_by": "polyglot-rag"}


@router.get("/models")
def models(engine: EngineDep, created: Annotated[int, Depends(_created)]) -> dict[str, Any]:
    """The answer mode this server runs, as the one model id (`extractive` or `llm`)."""
    return {"object": "list", "data": [model_card(engine, created)]}


@router.get("/models/{model_id}", response_model=None)
def model(model_id: str, engine: EngineDep, created: Annotated[int, Depends(_created)]) -> dict[str, Any]:
    if model_id != engine.answer_mode:
        raise OpenAIError(404, f"the model {model_id!r} does not exist", "model", "model_not_found")
    return model_card(engine, created)


@router.post("/chat/completions", response_model=None)
async def chat_completions(request: Request, serve: ServeDep, service: ServiceDep) -> Any:
    """OpenAI Chat Completions: the last user message is the question, earlier ones the history."""
    from rag.validate import clean_question

    engine = service.engine
    body, question, history = parse_request(await read_body(request, serve.max_request_kb * 1024))
    clean_question(question, service.rag.max_question_chars)
    cid, stamp, model_id = f"chatcmpl-{uuid.uuid4().hex}", int(time.time()), engine.answer_mode
    if not body.stream:
        answer = await run_in_threadpool(engine.ask, Query(question, history=history))
        return JSONResponse(completion(cid, stamp, model_id, answer))
    pieces = engine.stream(Query(question, history=history))
    first = await run_in_threadpool(next, pieces)  # errors before the first piece still get a status
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    events = sse(first, pieces, cid, stamp, model_id)
    return StreamingResponse(events, media_type="text/event-stream", headers=headers)


# -- API keys -------------------------------------------------------------------------------------------
class KeyGuard:
    """401 for a `/v1` or `/api` request without a valid bearer key (CORS preflights pass)."""

    def __init__(self, app: ASGIApp, keys: list[bytes]) -> None:
        self.app, self.keys = app, keys

    def _allowed(self, scope: Scope) -> bool:
        header = next((v for k, v in scope.get("headers", []) if k == b"authorization"), b"")
        scheme, _, token = header.partition(b" ")
        if scheme.lower() != b"bearer" or not token.strip():
            return False
        token = token.strip()
        return any(hmac.compare_digest(token, key) for key in self.keys)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        guarded = scope["type"] == "http" and scope["method"] != "OPTIONS" and path.startswith(GUARDED_PREFIXES)
        if not guarded or self._allowed(scope):
            await self.app(scope, receive, send)
            return
        message = "a valid API key is required (RAG_API_KEYS): send 'Authorization: Bearer KEY'"
        v1 = path.startswith("/v1/")
        body = error_body(401, message, None, "invalid_api_key") if v1 else {"detail": message}
        content = json.dumps(body).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(content)).encode()),
            (b"www-authenticate", b"Bearer"),
        ]
        await send({"type": "http.response.start", "status": 401, "headers": headers})
        await send({"type": "http.response.body", "body": content})


def install(app: FastAPI, serve: ServeSettings) -> None:
    """Adds `/v1` and the key guard; call before the widget's middleware (CORS and the rate limit wrap it)."""
    app.state.model_created = int(time.time())
    app.include_router(router)
    keys = [key.get_secret_value().encode() for key in serve.api_keys]
    if keys and serve.admin_token:
        keys.append(serve.admin_token.encode())
    if keys:
        app.add_middleware(KeyGuard, keys=keys)
