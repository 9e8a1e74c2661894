"""The HTTP policy of the whole app, applied once around everything that is mounted (`/`, `/api`, `/v1`,
`/gradio_api`, `/docs`), so a router added later obeys it by construction.

Layers, outermost first (`install(app, settings, service)`):
- `TrustedHostMiddleware` (Starlette): the Host header must name this server (`RAG_ALLOWED_HOSTS`; default the
  loopback names plus the bind host), which is what stops DNS rebinding.
- `CORSMiddleware` (Starlette), always installed: only `RAG_ALLOWED_ORIGINS` get CORS headers, never with
  credentials; with none listed no response carries CORS headers. Its presence also switches off Gradio's own
  CORS layer, which would echo any origin with credentials.
- `Policy`: refuses cross-origin writes from origins not listed (a form POST skips the preflight), limits every
  request body (JSON: `RAG_MAX_REQUEST_KB`; uploads: `RAG_MAX_UPLOAD_MB`), rate-limits every POST that answers or
  ingests under `/api` and `/v1` and Gradio's upload route, applies the upload rule (token / loopback / closed)
  and a disk budget to Gradio's upload route, and adds the security headers (CSP, nosniff, frame options).
Gradio's queued events (chat, add documents, eval, votes) are rate-limited in their handlers with the same
limiter (`Service.admit`), because one Gradio route serves them all. It does not answer or ingest anything.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PERIODS = {"second": 1.0, "minute": 60.0, "hour": 3600.0, "day": 86400.0}
MAX_CLIENTS = 100_000  # keys kept before idle ones are dropped, so a flood of addresses cannot exhaust memory
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
WILDCARD_BINDS = ("0.0.0.0", "::", "")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
GRADIO_UPLOAD = "/gradio_api/upload"
UPLOAD_FILES_PER_REQUEST = 8  # Gradio's page sends the files chosen together in one request
# Paths whose POSTs answer or ingest (Gradio's queued events are limited in their handlers instead).
LIMITED_PREFIXES = ("/api/", "/v1/", GRADIO_UPLOAD)
# The page and the embed demo need inline scripts/styles (Gradio's template and the Svelte runtime); everything
# else is confined to this origin: no off-site images, forms, frames or connections.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; media-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
EMBEDDABLE = frozenset({"/widget.js"})  # a script other sites load: no frame options on it


def parse_rate(text: str) -> tuple[int, float]:
    """`30/minute` -> (30, 60.0); a count of 0 means no limit."""
    count, _, period = text.replace(" ", "").partition("/")
    return int(count), PERIODS[period]


class RateLimiter:
    """Sliding window: at most `limit` requests per `window` seconds for each key; thread-safe."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit, self.window = limit, window
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str, now: float | None = None) -> float:
        """Records one request; returns 0 when allowed, else the seconds until the next one would be."""
        now = time.monotonic() if now is None else now
        with self._lock:
            if len(self._hits) > MAX_CLIENTS:
                self._hits = {k: q for k, q in self._hits.items() if q and q[-1] > now - self.window}
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return hits[0] + self.window - now
            hits.append(now)
            return 0.0

    def blocked_for(self, key: str, now: float | None = None) -> float:
        """Seconds until `key` may try again, without recording anything (0 = may try now)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.get(key)
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            return hits[0] + self.window - now if hits and len(hits) >= self.limit else 0.0


def allowed_hosts(configured: Iterable[str], bind_host: str) -> list[str]:
    """Host names the server answers to: the configured ones, else the loopback names plus the bind host."""
    hosts = [h.strip().lower() for h in configured if h.strip()]
    if hosts:
        return hosts
    hosts = list(LOOPBACK_HOSTS)
    if bind_host not in WILDCARD_BINDS and bind_host.strip("[]").lower() not in hosts:
        hosts.append(bind_host.strip("[]").lower())
    return hosts


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _origin_key(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = (parts.scheme or "http").lower()
    try:
        port = parts.port
    except ValueError:
        port = -1
    default = {"http": 80, "https": 443}.get(scheme)
    return scheme, (parts.hostname or "").lower(), port if port is not None else default


def same_origin(scope: Scope, origin: str) -> bool:
    own = f"{scope.get('scheme', 'http')}://{_header(scope, b'host') or ''}"
    return origin != "null" and _origin_key(origin) == _origin_key(own)


def client_key(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


async def send_json(send: Send, status: int, body: dict[str, Any], headers: Iterable[tuple[bytes, bytes]] = ()) -> None:
    content = json.dumps(body).encode()
    base = [(b"content-type", b"application/json"), (b"content-length", str(len(content)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": [*base, *headers]})
    await send({"type": "http.response.body", "body": content})


def error_body(path: str, status: int, message: str) -> dict[str, Any]:
    """`{"detail": ...}` like FastAPI, or the OpenAI error shape under `/v1` (what its clients parse)."""
    if path.startswith("/v1/"):
        kind = "invalid_request_error" if status < 500 else "server_error"
        return {"error": {"message": message, "type": kind, "param": None, "code": str(status)}}
    return {"detail": message}


def security_headers(path: str, headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    present = {k.lower() for k, _ in headers}
    extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin")]
    if path not in EMBEDDABLE:
        extra += [(b"x-frame-options", b"DENY"), (b"content-security-policy", CSP.encode())]
    return headers + [(k, v) for k, v in extra if k not in present]


class Policy:
    """Cross-origin writes, body size, rate limit, Gradio's upload rule and security headers for every route."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        allowed_origins: list[str],
        request_limit: int,
        upload_limit: int,
        limiter: RateLimiter | None,
        upload_check: Callable[[Scope], tuple[int, str] | None] | None = None,
    ) -> None:
        self.app, self.limiter, self.upload_check = app, limiter, upload_check
        self.origins = {o.rstrip("/") for o in allowed_origins}
        self.request_limit, self.upload_limit = request_limit, upload_limit

    def _refusal(self, scope: Scope) -> tuple[int, str, list[tuple[bytes, bytes]]] | None:
        path, origin = scope["path"], _header(scope, b"origin")
        if origin is not None and not same_origin(scope, origin):
            if path.startswith(("/api/documents", GRADIO_UPLOAD)):
                return 403, "documents can only be changed from the server's own origin", []
            if "*" not in self.origins and origin.rstrip("/") not in self.origins:
                return 403, f"cross-origin request from {origin!r} refused: not in RAG_ALLOWED_ORIGINS", []
        size = _header(scope, b"content-length")
        limit = self.body_limit(path)
        if size is not None and (not size.isdigit() or int(size) > limit):
            return 413, self.too_large(path), []
        if self.limiter and path.startswith(LIMITED_PREFIXES):
            wait = self.limiter.check(client_key(scope))
            if wait > 0:
                seconds = max(1, math.ceil(wait))
                message = f"too many questions from your address; try again in {seconds} s (RAG_RATE_LIMIT)"
                return 429, message, [(b"retry-after", str(seconds).encode())]
        if path == GRADIO_UPLOAD and self.upload_check:
            refused = self.upload_check(scope)
            if refused:
                return refused[0], refused[1], []
        return None

    def too_large(self, path: str) -> str:
        setting = "RAG_MAX_UPLOAD_MB" if path.startswith(("/api/documents", GRADIO_UPLOAD)) else "RAG_MAX_REQUEST_KB"
        return f"request body over the limit of {self.body_limit(path) // 1024} KiB for {path} ({setting})"

    def body_limit(self, path: str) -> int:
        if path == GRADIO_UPLOAD:
            return self.upload_limit * UPLOAD_FILES_PER_REQUEST
        return self.upload_limit if path.startswith("/api/documents") else self.request_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": security_headers(path, list(message.get("headers", [])))}
            await send(message)

        if scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send_secured)
            return
        refused = self._refusal(scope)
        if refused:
            await send_json(send_secured, refused[0], error_body(path, refused[0], refused[1]), refused[2])
            return
        await self._bounded(scope, receive, send_secured, self.body_limit(path))

    async def _bounded(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        """Counts the body as it arrives (chunked bodies have no Content-Length): over the limit -> 413."""
        received, state = 0, {"started": False, "refused": False}

        async def counted() -> Message:
            nonlocal received
            if state["refused"]:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    state["refused"] = True
                    if not state["started"]:
                        path = scope["path"]
                        await send_json(send, 413, error_body(path, 413, self.too_large(path)))
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if state["refused"]:
                return  # the 413 has been sent (or the response was cut short): drop what the app says
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        await self.app(scope, counted, guarded_send)


def install(
    app: Starlette,
    *,
    allowed_origins: list[str],
    hosts: list[str],
    request_limit: int,
    upload_limit: int,
    limiter: RateLimiter | None,
    upload_check: Callable[[Scope], tuple[int, str] | None] | None = None,
) -> None:
    """Adds the policy to a FastAPI/Starlette app (the last added middleware runs first)."""
    app.add_middleware(
        Policy,
        allowed_origins=allowed_origins,
        request_limit=request_limit,
        upload_limit=upload_limit,
        limiter=limiter,
        upload_check=upload_check,
    )
    # Always present, even with no origins: Gradio switches its own CORS layer off when the parent app has one.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=allowed_origins,
        allow_credentials=False,
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type", "Authorization"],  # Authorization: RAG_API_KEYS
        expose_headers=["Retry-After"] if allowed_origins else [],
        max_age=600,
    )
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts, www_redirect=False)
