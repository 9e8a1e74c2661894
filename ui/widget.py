"""What the embeddable widget needs from the server: `GET /widget.js` and `GET /embed-demo`.

`router` holds the two routes (`create_app` includes it). CORS (`RAG_ALLOWED_ORIGINS`), the per-client rate
limit and the other limits the widget's calls meet are app-wide and live in `ui/security.py`. It does not answer
questions or touch the index; the widget itself is `ui/widget/widget.js`, served as written (no build step).
"""

from __future__ import annotations

import functools
import html
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ui.security import RateLimiter as RateLimiter  # re-exported: older callers import it from here
from ui.security import parse_rate as parse_rate

WIDGET_JS = Path(__file__).resolve().parent / "widget" / "widget.js"


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
<code>data-color</code> (accent colour), <code>data-max</code> (longest question, default 2000),
<code>data-timeout</code> (seconds of silence from the server before an answer is given up, default 60).</p>
{snippet}
</body>
</html>
"""


router = APIRouter(include_in_schema=False)


@functools.cache
def widget_script() -> bytes:
    return WIDGET_JS.read_bytes()


@router.get("/widget.js")
def widget_js() -> Response:
    return Response(
        widget_script(),
        media_type="text/javascript; charset=utf-8",
        # cross-origin: pages that set Cross-Origin-Embedder-Policy may still load the script.
        headers={"Cache-Control": "public, max-age=300", "Cross-Origin-Resource-Policy": "cross-origin"},
    )


@router.get("/embed-demo")
def embed_demo(request: Request) -> HTMLResponse:
    base = str(request.base_url).rstrip("/")
    tag = (
        f'<script src="{html.escape(base)}/widget.js" data-title="Ask our docs" data-lang="auto" '
        'data-position="bottom-right" defer></script>'
    )
    return HTMLResponse(DEMO_PAGE.format(snippet_text=html.escape(tag), snippet=tag))
