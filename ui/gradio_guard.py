"""What Gradio leaves open when it is mounted in FastAPI, closed: server paths as file inputs, an unbounded queue,
an upload route without the upload rule or a disk budget.

- `mount_gradio_app` never sets `blocks.has_launched`, and Gradio skips its "was this file uploaded?" check until
  it is set: `harden(blocks, ...)` sets it, so a file input naming any other server path is refused
  (`documents_tab.add_one` also checks that each path lies in Gradio's upload folder).
- The queue gets `max_size` (RAG_QUEUE_MAX_SIZE) and at most RAG_QUEUE_PER_CLIENT queued or running events per
  client address (Gradio has no such option: `Queue.push` is wrapped); both refusals are worded in the page's
  language (its `rag_lang` cookie, else the browser's, `ui.page_strings.request_language`).
- `upload_check(scope)` is what `ui/security.py` asks before `/gradio_api/upload` runs: the same who-may-upload
  rule as `/api/documents` (admin token as a bearer header or the `rag_admin` cookie the page sets, loopback, or
  closed), and a disk budget for uploads not yet indexed (RAG_GRADIO_UPLOAD_MB); Gradio's `delete_cache` removes
  them after RAG_GRADIO_UPLOAD_AGE seconds, and `forget_uploads` as soon as they are indexed. Its refusals are
  worded in the page's language too.
It does not build the page (see `ui/page.py`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from starlette.types import Scope

from ui.page_strings import LANG_COOKIE, count, page_message, refusal_words, request_language
from ui.service import Service
from ui.service_models import Refused

TOKEN_COOKIE = "rag_admin"


def upload_folder() -> Path:
    from gradio.utils import get_upload_folder

    return Path(get_upload_folder()).resolve()


def received_by_gradio(path: str | Path) -> bool:
    """True for a file inside Gradio's upload folder (where its upload route puts what the page sends)."""
    try:
        return Path(path).resolve().is_relative_to(upload_folder())
    except (OSError, ValueError):
        return False


def harden(blocks: Any, service: Service) -> None:
    """Call after `mount_gradio_app`: file inputs must be Gradio uploads; the queue is bounded per client."""
    serve = service.serve
    blocks.has_launched = True  # turns on Gradio's own check that file inputs were uploaded through it
    queue = blocks._queue
    queue.max_size = serve.queue_max_size
    per_client = serve.queue_per_client
    push = queue.push

    @functools.wraps(push)
    async def bounded_push(body: Any, request: Any, username: Any) -> Any:
        host = request.client.host if request is not None and request.client else "unknown"
        lang = _language(request)
        mine = sum(
            1
            for event in list(queue.event_ids_to_events.values())
            if event.request is not None and event.request.client and event.request.client.host == host
        )
        if mine >= per_client:
            return False, page_message(lang, "queue_mine", requests=count(lang, mine, "requests")), "queue_full"
        result = await push(body, request, username)
        if not result[0] and result[2] == "queue_full":  # Gradio's own: RAG_QUEUE_MAX_SIZE events wait already
            return False, page_message(lang, "queue_full", requests=count(lang, len(queue), "requests")), "queue_full"
        return result

    queue.push = bounded_push


def _language(request: Any) -> str:
    """The page's language for a queued event's request (a `fastapi.Request`, or None)."""
    if request is None:
        return "en"
    return request_language(dict(request.cookies), request.headers.get("accept-language"))


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                k, _, v = part.strip().partition("=")
                if k == name:
                    return unquote(v)
    return None


def _bearer(scope: Scope) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer":
                return str(token.strip())
    return None


def make_upload_check(blocks: Any, service: Service) -> Callable[[Scope], tuple[int, str] | None]:
    budget = int(service.serve.gradio_upload_mb * 2**20)

    def check(scope: Scope) -> tuple[int, str] | None:
        from ui.security import client_key

        lang = request_language({LANG_COOKIE: _cookie(scope, LANG_COOKIE) or ""}, _header(scope, b"accept-language"))
        try:
            service.authorise(_bearer(scope) or _cookie(scope, TOKEN_COOKIE), client_key(scope))
        except Refused as exc:
            return exc.status, str(exc) if lang == "en" else refusal_words(exc, lang)  # English: the API's advice
        used = 0
        for name in list(blocks.upload_file_set):
            try:
                used += Path(name).stat().st_size
            except OSError:
                blocks.upload_file_set.discard(name)
        if used >= budget:
            return 507, page_message(lang, "upload_full", used=f"{used / 2**20:.0f}")
        return None

    return check


def forget_uploads(blocks: Any, paths: list[Path]) -> None:
    """Delete Gradio's copies of files that are now indexed (the index keeps its own copy in uploads/)."""
    for path in paths:
        if received_by_gradio(path):
            path.unlink(missing_ok=True)
            blocks.upload_file_set.discard(str(path))
