"""`RAG_API_KEYS` on `/v1` and `/api`, with the rate limit and allowed origins that apply to both.

Real uvicorn servers on loopback over the session seed index; the official `openai` SDK for the key errors. A
request refused for its key never reaches the engine (counted by a wrapper around the real one).
"""

from __future__ import annotations

import httpx
import openai
import pytest

from tests.browser import running
from tests.conftest import CountingEngine, make_settings

QUESTION_EN = "How many countries did the entries to Kling AI's NEXTGEN Creative Contest come from?"
QUESTION_IT = "Qual era il montepremi del concorso?"


@pytest.fixture(scope="module")
def keyed(engine, seed_settings):
    from ui.server import create_app

    settings = make_settings(
        seed_settings.data_dir,
        api_keys="key-one,key-two",
        admin_token="admin-secret",
        allowed_origins="http://app.example",
    )
    counting = CountingEngine(engine)
    with running(create_app(settings.serve, counting, with_ui=False)) as url:
        yield url, counting


@pytest.mark.parametrize(
    "key",
    [None, "Bearer wrong", "Bearer key-one-and-more", "Basic a2V5LW9uZQ=="],
    ids=["none", "wrong", "prefix", "basic"],
)
@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/v1/models"), ("POST", "/v1/chat/completions"), ("POST", "/api/ask"), ("POST", "/api/chat"),
     ("GET", "/api/health"), ("GET", "/api/documents")],
)  # fmt: skip
def test_without_a_valid_key_v1_and_api_answer_401(keyed, key, method, path):
    url, counting = keyed
    before = counting.calls
    headers = {"Authorization": key} if key is not None else {}
    body = {"messages": [{"role": "user", "content": "ok?"}], "question": "ok?"}
    response = httpx.request(method, url + path, json=body if method == "POST" else None, headers=headers)
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    text = response.json()["error"]["message"] if path.startswith("/v1") else response.json()["detail"]
    assert "RAG_API_KEYS" in text
    assert counting.calls == before


def test_sdk_with_a_wrong_key_gets_authentication_error_and_with_a_right_one_an_answer(keyed):
    url, _ = keyed
    wrong = openai.OpenAI(base_url=f"{url}/v1", api_key="nope", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        wrong.models.list()
    for key in ("key-two", "admin-secret"):
        right = openai.OpenAI(base_url=f"{url}/v1", api_key=key, max_retries=0, timeout=120)
        assert [m.id for m in right.models.list()] == ["extractive"]
    reply = right.chat.completions.create(model="extractive", messages=[{"role": "user", "content": QUESTION_EN}])
    assert "122" in reply.choices[0].message.content
    assert httpx.get(f"{url}/api/health", headers={"Authorization": "Bearer key-one"}).status_code == 200


def test_cors_preflight_allows_the_key_header_for_an_allowed_origin(keyed):
    url, _ = keyed
    preflight = httpx.options(
        f"{url}/v1/chat/completions",
        headers={
            "Origin": "http://app.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "http://app.example"
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
    other = httpx.options(
        f"{url}/v1/chat/completions",
        headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in other.headers


def test_rate_limit_applies_to_v1_as_to_api(engine, seed_settings):
    from ui.server import create_app

    settings = make_settings(seed_settings.data_dir, api_keys="key-one", rate_limit="2/minute")
    headers = {"Authorization": "Bearer key-one"}
    body = {"messages": [{"role": "user", "content": QUESTION_IT}]}
    with running(create_app(settings.serve, engine, with_ui=False)) as url:
        statuses = [
            httpx.post(f"{url}/v1/chat/completions", json=body, headers=headers, timeout=120).status_code
            for _ in range(3)
        ]
        refused = httpx.post(f"{url}/api/ask", json={"question": "ok?"}, headers=headers)
    assert statuses == [200, 200, 429]
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
