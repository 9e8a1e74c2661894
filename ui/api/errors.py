"""Every error the app answers with, mapped in one place: `install(app)` adds the two exception handlers.

- `RagError` (the product's error tree, `index/errors.py`): the status is `exc.http_status`, a 503 adds
  `Retry-After: 5` (the store or a model is down; the engine reconnects when it is back); under `/v1/` the body is
  the OpenAI error object its clients parse (`ui.openai_api.as_openai`), elsewhere `{"detail": message}`.
- `RequestValidationError`: 422 with type, location and message of each error, never the offending input
  (FastAPI's default echoes it, and an echoed NaN or lone surrogate cannot be encoded: a 500).
Errors inside a started stream travel as events in the stream (see `ui/api/ask.py`, `ui/openai_api.py`).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from index.errors import RagError

RETRY_AFTER = "5"


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
        from ui.openai_api import as_openai

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
