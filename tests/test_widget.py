"""The server side of the embeddable widget: /widget.js, /embed-demo, the CORS allowlist, the rate limit, and
the limits and upload refusals that also hold for cross-origin (widget) requests. Uses the session seed index
read-only; the browser side is tests/test_widget_browser.py.
"""

from __future__ import annotations

import gzip

import pytest
from fastapi.testclient import TestClient

from tests.conftest import make_settings

SITE = "https://docs.example.org"
OTHER = "https://evil.example.net"


def client(engine, seed_settings, **overrides) -> TestClient:
    from ui.server import create_app

    return TestClient(create_app(seed_settings.replace(**overrides).serve, engine, with_ui=False))


def test_widget_js_is_served_as_javascript_within_the_size_budget(engine, seed_settings):
    response = client(engine, seed_settings).get("/widget.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cross-origin-resource-policy"] == "cross-origin"
    assert "window.RagWidget" in response.text and "innerHTML" not in response.text
    # what travels is the gzipped size; the raw one leaves room for the comments of a file served as written
    assert len(response.content) <= 27 * 1024 and len(gzip.compress(response.content, 9)) <= 10 * 1024


def test_embed_demo_page_contains_the_snippet(engine, seed_settings):
    response = client(engine, seed_settings).get("/embed-demo")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert '<script src="http://testserver/widget.js" data-title="Ask our docs"' in response.text
    assert "data-position=&quot;bottom-right&quot;" in response.text  # the copyable, escaped snippet


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", []),
        ("https://a.example, http://127.0.0.1:8080/", ["https://a.example", "http://127.0.0.1:8080"]),
        ("*", ["*"]),
    ],
)
def test_allowed_origins_are_read_from_a_comma_separated_env_var(monkeypatch, tmp_path, raw, expected):
    monkeypatch.setenv("RAG_ALLOWED_ORIGINS", raw)
    assert make_settings(tmp_path).serve.allowed_origins == expected


def test_by_default_no_origin_gets_cors_headers_and_cross_origin_writes_are_refused(engine, seed_settings):
    api = client(engine, seed_settings)
    response = api.post("/api/ask", json={"question": "premio"}, headers={"Origin": SITE})
    assert response.status_code == 403 and "RAG_ALLOWED_ORIGINS" in response.json()["detail"]
    assert "access-control-allow-origin" not in response.headers
    preflight = api.options("/api/chat", headers={"Origin": SITE, "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_headers_only_for_listed_origins(engine, seed_settings):
    api = client(engine, seed_settings, allowed_origins=[SITE])
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    allowed = api.options("/api/chat", headers={"Origin": SITE, **preflight})
    assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == SITE
    refused = api.options("/api/chat", headers={"Origin": OTHER, **preflight})
    assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers
    answer = api.post("/api/ask", json={"question": "premio"}, headers={"Origin": SITE})
    assert answer.headers["access-control-allow-origin"] == SITE
    other = api.post("/api/ask", json={"question": "premio"}, headers={"Origin": OTHER})
    assert "access-control-allow-origin" not in other.headers


def test_star_allows_any_origin_only_when_configured(engine, seed_settings):
    api = client(engine, seed_settings, allowed_origins=["*"])
    response = api.get("/api/health", headers={"Origin": OTHER})
    assert response.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("path", ["/api/ask", "/api/chat"])
def test_rate_limit_answers_429_with_retry_after(engine, seed_settings, path):
    api = client(engine, seed_settings, rate_limit="2/minute", allowed_origins=[SITE])
    for _ in range(2):
        assert api.post(path, json={"question": "Qual era il montepremi del concorso?"}).status_code == 200
    limited = api.post(path, json={"question": "Qual era il montepremi del concorso?"}, headers={"Origin": SITE})
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert "try again" in limited.json()["detail"]
    assert limited.headers["access-control-allow-origin"] == SITE  # so the widget can read Retry-After
    assert "retry-after" in limited.headers["access-control-expose-headers"].lower()
    assert api.get("/api/health").status_code == 200  # only questions are limited


def test_rate_limit_window_slides_and_is_per_client():
    from ui.widget import RateLimiter, parse_rate

    assert parse_rate("30/minute") == (30, 60.0) and parse_rate("5 / second") == (5, 1.0)
    limiter = RateLimiter(2, 60.0)
    assert limiter.check("a", 0.0) == 0 and limiter.check("a", 1.0) == 0
    assert limiter.check("a", 2.0) == pytest.approx(58.0)
    assert limiter.check("b", 2.0) == 0  # another client is not affected
    assert limiter.check("a", 60.5) == 0  # the first request left the window


@pytest.mark.parametrize("value", ["30", "ten/minute", "5/fortnight", ""])
def test_bad_rate_limit_setting_is_refused(tmp_path, value):
    from index.errors import SettingsError

    with pytest.raises(SettingsError, match="RAG_RATE_LIMIT"):
        make_settings(tmp_path, rate_limit=value)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"question": "x" * 3000}, 422),
        ({"question": ""}, 422),
        ({"question": "🙂" * 2001}, 422),
    ],
)
def test_question_limits_apply_to_cross_origin_requests(engine, seed_settings, body, status):
    api = client(engine, seed_settings, allowed_origins=[SITE])
    response = api.post("/api/ask", json=body, headers={"Origin": SITE})
    assert response.status_code == status and response.json()["detail"]
    assert response.headers["access-control-allow-origin"] == SITE


def test_body_size_limit_applies_to_cross_origin_chat(engine, seed_settings):
    api = client(engine, seed_settings, allowed_origins=[SITE])
    big = {"question": "premio", "history": [{"role": "user", "content": "x" * 19_000}] * 20}
    response = api.post("/api/chat", json=big, headers={"Origin": SITE})
    assert response.status_code == 413


@pytest.mark.parametrize("allowed", [[], [SITE], ["*"]])
def test_cross_origin_upload_is_refused_even_for_allowed_origins(engine, seed_settings, allowed):
    api = client(engine, seed_settings, allowed_origins=allowed)
    before = engine.documents()
    response = api.post(
        "/api/documents",
        files={"file": ("x.txt", b"injected text", "text/plain")},
        headers={"Origin": SITE},
    )
    assert response.status_code == 403 and "own origin" in response.json()["detail"]
    assert engine.documents() == before


def test_widget_routes_are_served_next_to_the_chat_page(engine, seed_settings):
    from ui.server import create_app

    with TestClient(create_app(seed_settings.serve, engine, with_ui=True)) as api:
        assert api.get("/widget.js").headers["content-type"].startswith("text/javascript")
        assert "widget.js" in api.get("/embed-demo").text
        assert api.get("/").status_code == 200
