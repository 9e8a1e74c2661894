"""Every error the app answers with, mapped in one place: `install(app)` adds the two exception handlers.

- `RagError` (the product's error tree, `index/errors.py`): the status is `exc.http_status`, a 503 adds
  `Retry-After: 5` (the store or a model is down; the engine reconnects when it is back); under `/v1/` the body is
  the OpenAI error object its clients parse (`as_openai`, `OpenAIError`), elsewhere `{"detail": message}`.
- `RequestValidationError`: 422 with type, location and message of each error, never the offending input
  (FastAPI's default echoes it, and an echoed NaN or lone surrogate cannot be encoded: a 500).
- An error inside a started stream (its status line is sent) travels as an event in the stream: `stream_error`
  gives its data for `/api/chat` (`ui/api/ask.py`) and `/v1/chat/completions` (`ui/openai_api.py`).
It holds no route.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from index.errors import RagError, UsageError

RETRY_AFTER = "5"
INTERNAL = "internal error while answering"  # what a stream says about an error outside the `RagError` tree
log = logging.getLogger("rag.server")


class OpenAIError(RagError):
    """A request refused with an OpenAI-style error object."""

    def __init__(self, status: int, message: str, param: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.param, self.code = status, message, param, code
        self.http_status = status

    def body(self) -> dict[str, Any]:
        return error_body(self.status, self.message, self.param, self.code)


def error_body(status: int, message: str, param: str | None = None, code: str | None = None) -> dict[str, Any]:
    """The OpenAI error object."""
    kind = "server_error" if status >= 500 else "invalid_request_error"
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def as_openai(exc: RagError) -> OpenAIError:
    """Any `RagError` as the OpenAI error a `/v1` client parses: a question that cannot be used is a 400 on
    `messages` (OpenAI's status for an invalid request), anything else keeps its status and message."""
    if isinstance(exc, OpenAIError):
        return exc
    if isinstance(exc, UsageError):
        return OpenAIError(400, str(exc), "messages")
    return OpenAIError(exc.http_status, str(exc))


def stream_error(exc: Exception, *, openai: bool = False) -> dict[str, Any]:
    """The data of the error event for `exc`, raised after a streamed answer began: `{"message": ...}` for
    `/api/chat`, the OpenAI error object (status and message only) for `/v1`. A `RagError` says its message; any
    other error is logged and the client reads only that answering failed."""
    if isinstance(exc, RagError):
        if not openai:
            return {"message": str(exc)}
        refusal = as_openai(exc)
        return error_body(refusal.status, refusal.message)
    log.error("answering failed", exc_info=exc)
    return error_body(503, INTERNAL) if openai else {"message": f"{INTERNAL}; see the server log"}


def validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    """The errors without the offending input: type, location and message only, all plain JSON."""
    return [
        {"type": str(e.get("type", "")), "loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", ""))}
        for e in exc.errors()
    ]


def rag_error_response(path: str, exc: RagError) -> JSONResponse:
    """The response for `exc` on a request to `path`."""
    status, body = exc.http_status, {"detail": str(exc)}
    if path.startswith("/v1/"):
        refusal = as_openai(exc)
        status, body = refusal.status, refusal.body()
    headers = {"Retry-After": RETRY_AFTER} if status == 503 else None
    return JSONResponse(body, status_code=status, headers=headers)


async def _rag_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RagError)
    return rag_error_response(request.url.path, exc)


async def _bad_body(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return JSONResponse({"detail": validation_errors(exc)}, status_code=422)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RagError, _rag_error)
    app.add_exception_handler(RequestValidationError, _bad_body)
