"""`/docs`: Swagger UI 5 (reads the OpenAPI 3.1 schema FastAPI writes) served from this machine, no CDN.

The assets come from the `fastapi-offline` PyPI package (MIT), which ships `swagger-ui-dist` 5.x
(`swagger-ui-bundle.js`, `swagger-ui.css`; Apache-2.0). The older `swagger-ui-bundle` package ships Swagger UI
3.20.3, which cannot render OpenAPI 3.1 ("Unable to render this definition"). Only the static files are used.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

ASSETS_URL = "/docs-assets"


def assets_dir() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("fastapi_offline")  # not imported: only its static files are needed
    if spec is None or spec.origin is None:
        raise RuntimeError("the fastapi-offline package is missing: `pip install -e .` installs it")
    return Path(spec.origin).parent / "static"


def install(app: FastAPI) -> None:
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.staticfiles import StaticFiles

    app.mount(ASSETS_URL, StaticFiles(directory=assets_dir()), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="polyglot-rag API",
            swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_URL}/favicon.png",
        )
