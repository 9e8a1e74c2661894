"""The app-wide HTTP policy (ui/security.py, ui/gradio_guard.py) against issue 13's attacks, on a real uvicorn
server with the Gradio page mounted: server paths through Gradio's queue, hostile Host/Origin pairs on every
route family, limits on Gradio's routes, the upload rule on Gradio's upload route, bodies that used to give 500,
the token throttle and the security headers. Uses a fresh small index per module (uploads change it); tests of the
default policy share one server (`base`), tests of another policy start their own.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest

from tests.browser import running

SECRET = "The staging database password is Tangerine-Walrus-4471."
EVIL_LOCAL = "http://localhost:9999"
EVIL = "https://evil.example"
SITE = "https://docs.example.org"


def serve(small_index, **overrides):
    from ui.server import create_app

    settings, engine = small_index
    overrides.setdefault("allowed_hosts", [])  # the real default: loopback names plus the bind host
    return running(create_app(settings.replace(**overrides).serve, engine, with_ui=True))


@pytest.fixture(scope="module")
def base(small_index):
    """One server with the default policy, shared by the module's tests that do not change the policy: building the
    app with the Gradio page is about 1 s each. Its index is the module's small_index, which those tests share anyway.
    """
    with serve(small_index) as url:
        yield url


def join(base: str, api_name: str, data: list, headers: dict | None = None) -> tuple[int, dict]:
    """Join Gradio's queue as the page does; returns the join status and the completed message (or {})."""
    config = httpx.get(f"{base}/config").json()
    dep = next(d for d in config["dependencies"] if d.get("api_name") == api_name)
    session = f"t{time.monotonic_ns()}"
    body = {"fn_index": dep["id"], "trigger_id": dep["targets"][0][0], "session_hash": session, "data": data}
    joined = httpx.post(f"{base}/gradio_api/queue/join", json=body, headers=headers or {}, timeout=30)
    if joined.status_code != 200:
        return joined.status_code, {}
    with httpx.stream("GET", f"{base}/gradio_api/queue/data", params={"session_hash": session}, timeout=120) as sse:
        for line in sse.iter_lines():
            if line.startswith("data:") and json.loads(line[5:]).get("msg") == "process_completed":
                return 200, json.loads(line[5:])
    return 200, {}


def file_data(path: Path) -> dict:
    return {"path": str(path), "orig_name": path.name, "meta": {"_type": "gradio.FileData"}}


# -- 1: server files through Gradio's file events -----------------------------------------------------------
@pytest.mark.parametrize("origin", [None, EVIL_LOCAL], ids=["same-origin", "cross-origin-localhost-page"])
def test_gradio_add_documents_refuses_a_server_path(base, tmp_path, origin):
    secret = tmp_path / "srv" / "private" / "creds.txt"
    secret.parent.mkdir(parents=True)
    secret.write_text(f"Staging credentials\n{SECRET}\n")
    status, done = join(base, "add_documents", [[file_data(secret)], None, None], {"Origin": origin} if origin else {})
    documents = httpx.get(f"{base}/api/documents").json()
    answer = httpx.post(f"{base}/api/ask", json={"question": "What is the staging database password?"}, timeout=60)
    if origin:
        assert status == 403  # a cross-origin write is refused before Gradio sees it
    else:
        assert status == 200 and done.get("success") is False  # Gradio: "it was not uploaded by a user"
    assert not any("creds" in d["source"] for d in documents)
    assert "Tangerine" not in answer.text
    assert secret.exists()  # and the server file itself is left alone


def test_gradio_upload_then_add_indexes_the_file_and_deletes_the_temp_copy(base):
    text = b"The Quokka Lantern Fair\nThe Quokka Lantern Fair mascot is an otter named Brio."
    uploaded = httpx.post(f"{base}/gradio_api/upload", files=[("files", ("quokka.txt", text, "text/plain"))])
    assert uploaded.status_code == 200, uploaded.text
    temp = Path(uploaded.json()[0])
    status, done = join(base, "add_documents", [[file_data(temp)], None, None])
    assert status == 200 and done["success"], done
    assert "added" in str(done["output"]["data"][0])
    assert not temp.exists()  # indexed: Gradio's copy is gone, the index keeps uploads/quokka.txt
    sources = [d["source"] for d in httpx.get(f"{base}/api/documents").json()]
    assert "uploads/quokka.txt" in sources


# -- 2: one cross-origin policy, allowed hosts ------------------------------------------------------------------
ROUTES = ["/", "/config", "/gradio_api/info", "/api/health", "/embed-demo", "/openapi.json"]


@pytest.mark.parametrize("path", ROUTES)
def test_no_cors_headers_anywhere_by_default_even_for_a_public_host(small_index, path):
    with serve(small_index, allowed_hosts=["rag.example.org"]) as base:
        for origin in (EVIL, EVIL_LOCAL, "null"):
            response = httpx.get(f"{base}{path}", headers={"Host": "rag.example.org", "Origin": origin}, timeout=30)
            assert response.status_code == 200
            assert not [h for h in response.headers if h.startswith("access-control-")], response.headers
            preflight = httpx.options(
                f"{base}{path}",
                headers={"Host": "rag.example.org", "Origin": origin, "Access-Control-Request-Method": "POST"},
                timeout=30,
            )
            assert "access-control-allow-origin" not in preflight.headers
            assert "access-control-allow-credentials" not in preflight.headers


def test_listed_origin_gets_cors_on_every_route_family_but_never_credentials(small_index):
    with serve(small_index, allowed_origins=[SITE]) as base:
        for path in ("/api/health", "/gradio_api/info", "/config"):
            response = httpx.get(f"{base}{path}", headers={"Origin": SITE}, timeout=30)
            assert response.headers["access-control-allow-origin"] == SITE
            assert "access-control-allow-credentials" not in response.headers
            other = httpx.get(f"{base}{path}", headers={"Origin": EVIL}, timeout=30)
            assert "access-control-allow-origin" not in other.headers


def test_cross_origin_writes_are_refused_and_store_nothing(small_index, base):
    settings, _ = small_index
    before = settings.serve.feedback_path.read_text() if settings.serve.feedback_path.exists() else ""
    vote = {"vote": "up", "question": "q", "answer": "a"}
    for origin in (EVIL_LOCAL, EVIL, "null"):
        response = httpx.post(f"{base}/api/feedback", json=vote, headers={"Origin": origin})
        assert response.status_code == 403 and "RAG_ALLOWED_ORIGINS" in response.json()["detail"]
        files = [("files", ("x.txt", b"x", "text/plain"))]
        upload = httpx.post(f"{base}/gradio_api/upload", files=files, headers={"Origin": origin})
        assert upload.status_code == 403
    assert httpx.post(f"{base}/api/feedback", json=vote, headers={"Origin": base}).status_code == 201
    after = settings.serve.feedback_path.read_text()
    assert after.startswith(before) and len(after.splitlines()) == len(before.splitlines()) + 1


@pytest.mark.parametrize("host", ["evil.example", "evil.example:7860", "127.0.0.1.nip.io", ""])
def test_unknown_host_header_is_refused_on_every_route(base, host):
    for path in ("/", "/config", "/api/health", "/embed-demo"):
        response = httpx.get(f"{base}{path}", headers={"Host": host}, timeout=30)
        assert response.status_code == 400 and "host" in response.text.lower()
    for name in ("localhost", "127.0.0.1"):
        assert httpx.get(f"{base}/api/health", headers={"Host": f"{name}:1234"}).status_code == 200


def test_allowed_hosts_default_to_loopback_names_plus_the_bind_host():
    from ui.security import allowed_hosts

    assert allowed_hosts([], "127.0.0.1") == ["localhost", "127.0.0.1", "::1"]
    assert allowed_hosts([], "10.0.0.5") == ["localhost", "127.0.0.1", "::1", "10.0.0.5"]
    assert allowed_hosts([], "0.0.0.0") == ["localhost", "127.0.0.1", "::1"]
    assert allowed_hosts(["Rag.Example.org", "*.example.net"], "0.0.0.0") == ["rag.example.org", "*.example.net"]


# -- 3: limits on Gradio's routes ----------------------------------------------------------------------------------
def test_rate_limit_is_shared_by_the_api_and_the_chat_page(small_index):
    question = "Qual era il montepremi del concorso?"
    with serve(small_index, rate_limit="2/minute") as base:
        assert [httpx.post(f"{base}/api/ask", json={"question": question}, timeout=60).status_code for _ in "ab"] == [
            200,
            200,
        ]
        assert httpx.post(f"{base}/api/ask", json={"question": question}).status_code == 429
        status, done = join(base, "chat", [question, [], 5, "", ""])  # the last input: the browser's language
        call = httpx.post(f"{base}/gradio_api/call/chat", json={"data": [question, 5, "", ""]})
        streamed = httpx.get(f"{base}/gradio_api/call/chat/{call.json()['event_id']}", timeout=60).text
    assert status == 200 and "too many questions" in json.dumps(done["output"]["data"]).lower()
    assert "too many questions" in streamed.lower()


@pytest.mark.parametrize("path", ["/gradio_api/call/chat", "/gradio_api/queue/join", "/gradio_api/run/predict"])
def test_body_size_limit_applies_to_gradio_routes(base, path):
    big = json.dumps({"data": ["x" * (20 * 2**20), 5, ""], "fn_index": 0}).encode()
    response = httpx.post(f"{base}{path}", content=big, headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and "limit" in response.json()["detail"]

    def chunks():  # no Content-Length: counted while it arrives
        for _ in range(40):
            yield b"x" * 2**16

    chunked = httpx.post(f"{base}/api/feedback", content=chunks(), headers={"Content-Type": "application/json"})
    assert chunked.status_code == 413


def test_one_client_cannot_fill_the_queue(small_index):
    from concurrent.futures import ThreadPoolExecutor

    with serve(small_index, queue_per_client=1, queue_max_size=5) as base:
        config = httpx.get(f"{base}/config").json()
        dep = next(d for d in config["dependencies"] if d.get("api_name") == "chat")

        def join_once(n: int) -> httpx.Response:
            body = {"fn_index": dep["id"], "trigger_id": dep["targets"][0][0], "session_hash": f"f{n}"}
            body["data"] = ["Qual era il montepremi del concorso?", [], 5, "", ""]
            return httpx.post(f"{base}/gradio_api/queue/join", json=body, timeout=30)

        with ThreadPoolExecutor(30) as pool:  # 30 joins at once from one address
            responses = list(pool.map(join_once, range(30)))
    refused = [r for r in responses if r.status_code != 200]
    assert 1 <= 30 - len(refused) <= 5, [r.status_code for r in responses]  # at most one per answer that ended
    assert {r.status_code for r in refused} == {503} and "RAG_QUEUE_PER_CLIENT" in refused[0].text


def test_gradio_upload_obeys_the_upload_rule(small_index):
    files = [("files", ("note.txt", b"some text", "text/plain"))]
    with serve(small_index, admin_token="s3cret") as base:
        assert httpx.post(f"{base}/gradio_api/upload", files=files).status_code == 401
        wrong = httpx.post(f"{base}/gradio_api/upload", files=files, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 403
        right = httpx.post(f"{base}/gradio_api/upload", files=files, headers={"Authorization": "Bearer s3cret"})
        assert right.status_code == 200
        cookie = httpx.post(f"{base}/gradio_api/upload", files=files, headers={"Cookie": "rag_admin=s3cret"})
        assert cookie.status_code == 200  # what the page sends once the token is typed
    with serve(small_index, host="0.0.0.0") as base:
        closed = httpx.post(f"{base}/gradio_api/upload", files=files)
        assert closed.status_code == 403 and "RAG_ADMIN_TOKEN" in closed.json()["detail"]


def test_gradio_uploads_waiting_to_be_indexed_have_a_disk_budget(small_index):
    def one_mib(n: int) -> list:
        return [("files", (f"big{n}.txt", f"word{n} ".encode() * (2**20 // 6), "text/plain"))]

    with serve(small_index, gradio_upload_mb=1.5) as base:
        assert httpx.post(f"{base}/gradio_api/upload", files=one_mib(1)).status_code == 200
        assert httpx.post(f"{base}/gradio_api/upload", files=one_mib(2)).status_code == 200
        full = httpx.post(f"{base}/gradio_api/upload", files=one_mib(3))
    assert full.status_code == 507 and "upload space is full" in full.json()["detail"]


# -- 7: bodies that gave 500, token throttle, headers, no absolute paths -----------------------------------------
@pytest.mark.parametrize(
    "body",
    [
        b'{"question": "premio", "top_k": NaN}',
        b'{"question": "premio", "top_k": Infinity}',
        b'{"question": "premio", "top_k": -Infinity}',
        b'{"question": "premio", "top_k": 1e999}',
        b'{"question": "premio", "history": [{"role": "user", "content": "x\\ud800"}]}',
        b'{"question": "premio", "history": [{"role": "assistant", "content": "\\udfff\\ud83c"}]}',
    ],
    ids=["nan", "inf", "-inf", "1e999", "lone-high-surrogate", "lone-low-surrogate"],
)
def test_hostile_numbers_and_surrogates_are_422_not_500(base, body):
    for path in ("/api/ask", "/api/chat"):
        response = httpx.post(f"{base}{path}", content=body, headers={"Content-Type": "application/json"})
        assert response.status_code == 422 and response.json()["detail"], response.text


@pytest.mark.parametrize("field", ["question", "answer"])
def test_lone_surrogate_in_feedback_is_422_and_nothing_is_stored(small_index, base, field):
    settings, _ = small_index
    before = settings.serve.feedback_path.read_text() if settings.serve.feedback_path.exists() else ""
    vote = {"vote": "up", "question": "q", "answer": "a"}
    body = json.dumps(vote).replace(f'"{vote[field]}"', '"x\\ud800"').encode()
    response = httpx.post(f"{base}/api/feedback", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", field]
    assert (settings.serve.feedback_path.read_text() if settings.serve.feedback_path.exists() else "") == before


def test_wrong_token_guesses_are_throttled_per_client(small_index):
    files = {"file": ("t.txt", b"text", "text/plain")}
    with serve(small_index, admin_token="s3cret") as base:
        statuses = [
            httpx.post(f"{base}/api/documents", files=files, headers={"Authorization": f"Bearer guess{n}"}).status_code
            for n in range(7)
        ]
        locked = httpx.post(f"{base}/api/documents", files=files, headers={"Authorization": "Bearer s3cret"})
    assert statuses == [403] * 5 + [429, 429]
    assert locked.status_code == 429 and "try again" in locked.json()["detail"]


def test_security_headers_on_every_route_family(base):
    for path in ("/", "/config", "/api/health", "/embed-demo", "/docs", "/gradio_api/info"):
        headers = httpx.get(f"{base}{path}", timeout=30).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "form-action 'self'" in headers["content-security-policy"]
    widget = httpx.get(f"{base}/widget.js").headers
    assert widget["x-content-type-options"] == "nosniff" and "x-frame-options" not in widget


def test_responses_name_sources_without_absolute_server_paths(base):
    documents = httpx.get(f"{base}/api/documents").json()
    answer = httpx.post(f"{base}/api/ask", json={"question": "Qual era il montepremi del concorso?"}, timeout=60)
    sources = [d["source"] for d in documents] + [c["source"] for c in answer.json()["citations"]]
    assert sources and not [s for s in sources if s.startswith("/") or ":\\" in s]
    assert all(s.startswith(("seeds/", "uploads/")) for s in sources)
