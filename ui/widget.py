"""What the embeddable widget needs from the server: `GET /widget.js`, `GET /embed-demo`, CORS and a rate limit.

`install(app, settings)` adds the two routes, a per-client-IP sliding-window rate limit on `POST /api/ask`,
`POST /api/chat` and `POST /v1/chat/completions` (429 with Retry-After), a guard that refuses cross-origin
writes to `/api/documents`, and FastAPI's CORSMiddleware only when `RAG_ALLOWED_ORIGINS` lists origins (empty =
no CORS headers, so browsers refuse cross-origin calls). It does not answer questions or touch the index; the
widget itself is `ui/widget/widget.js`, served as written (no build step).
"""

from __future__ import annotations

import html
import json
import math
import threading
import time
from collections import deque
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from index.settings import Settings

WIDGET_JS = Path(__file__).resolve().parent / "widget" / "widget.js"
LIMITED_PATHS = frozenset({"/api/ask", "/api/chat", "/v1/chat/completions"})
PERIODS = {"second": 1.0, "minute": 60.0, "hour": 3600.0, "day": 86400.0}
MAX_CLIENTS = 100_000  # keys kept before idle ones are dropped, so a flood of addresses cannot exhaust memory


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


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


async def _send_json(send: Send, status: int, body: dict, headers: list[tuple[bytes, bytes]] = ()) -> None:
    content = json.dumps(body).encode()
    base = [(b"content-type", b"application/json"), (b"content-length", str(len(content)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": [*base, *headers]})
    await send({"type": "http.response.body", "body": content})


class Guard:
    """Rate-limits questions per client IP and refuses cross-origin writes to the document store."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter | None) -> None:
        self.app, self.limiter = app, limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if path.startswith("/api/documents"):
            # A form POST is a "simple" request that skips the CORS preflight, so CORS alone would not stop
            # another site's page from uploading to a loopback server; the Origin header does.
            origin = _header(scope, b"origin")
            own = f"{scope.get('scheme', 'http')}://{_header(scope, b'host') or ''}"
            if origin is not None and origin.rstrip("/") != own:
                await _send_json(send, 403, {"detail": "documents can only be changed from the server's own origin"})
                return
        if self.limiter and path in LIMITED_PATHS:
            client = scope.get("client")
            wait = self.limiter.check(client[0] if client else "unknown")
            if wait > 0:
                seconds = max(1, math.ceil(wait))
                message = f"too many questions from your address; try again in {seconds} s (RAG_RATE_LIMIT)"
                await _send_json(send, 429, {"detail": message}, [(b"retry-after", str(seconds).encode())])
                return
        await self.app(scope, receive, send)


DEMO_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>polyglot-rag widget demo</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}}
pre{{background:#f4f4f4;padding:1rem;overflow:auto;white-space:pre-wrap}}</style></head>
<body>
<h1>Embed the cited chatbot on your site</h1>
<p>Add this tag to any page; the chat bubble in the corner is the widget. Pages on other origins also need
their origin in <code>RAG_ALLOWED_ORIGINS</code>.</p>
<pre id="snippet">{snippet_text}</pre>
<p>Options: <code>data-title</code>, <code>data-lang</code> (auto, en, it, ru), <code>data-position</code>
(bottom-right, bottom-left), <code>data-api</code> (API base URL; default: where widget.js comes from),
<code>data-color</code> (accent colour), <code>data-max</code> (longest question, default 2000).</p>
{snippet}
</body>
</html>
"""


def install(app: FastAPI, settings: Settings) -> None:
    """Adds the widget routes and middleware; call before mounting anything at `/`."""
    limit, window = parse_rate(settings.rate_limit)
    app.add_middleware(Guard, limiter=RateLimiter(limit, window) if limit > 0 else None)
    if settings.allowed_origins:
        # Added last = outermost, so 429 and 413 answers carry CORS headers too and the widget can read them.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.allowed_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Authorization"],  # Authorization: RAG_API_KEYS
            expose_headers=["Retry-After"],
            max_age=600,
        )
    script = WIDGET_JS.read_bytes()

    @app.get("/widget.js", include_in_schema=False)
    def widget_js() -> Response:
        return Response(
            script,
            media_type="text/javascript; charset=utf-8",
            # cross-origin: pages that set Cross-Origin-Embedder-Policy may still load the script.
            headers={"Cache-Control": "public, max-age=300", "Cross-Origin-Resource-Policy": "cross-origin"},
        )

    @app.get("/embed-demo", include_in_schema=False)
    def embed_demo(request: Request) -> HTMLResponse:
        base = str(request.base_url).rstrip("/")
        tag = (
            f'<script src="{html.escape(base)}/widget.js" data-title="Ask our docs" data-lang="auto" '
            'data-position="bottom-right" defer></script>'
        )
        return HTMLResponse(DEMO_PAGE.format(snippet_text=html.escape(tag), snippet=tag))
