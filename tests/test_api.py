"""The JSON/SSE API of `rag serve`: answers, streaming, bad input, votes, local docs and an offline page.

They share the session seed index read-only (votes go to a tmp file); uploads are in test_uploads.py.
"""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urljoin, urlparse

import httpx
import pytest
from fastapi.testclient import TestClient

from bench.load_client import sse_events
from rag.types import Answer, Query
from rag.wording import abstention
from tests.browser import running
from tests.conftest import SEEDS

QUESTIONS = {
    "en": ("How many countries did the entries to Kling AI's NEXTGEN Creative Contest come from?", "122"),
    "it": ("Qual era il montepremi del concorso?", "42.000"),
    "ru": ("Сколько заявок собрал конкурс NEXTGEN Creative Contest?", "4600"),
}


@pytest.fixture(scope="module")
def votes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("votes") / "feedback.jsonl"


@pytest.fixture(scope="module")
def api(engine, seed_settings, votes):
    from ui.server import create_app

    settings = seed_settings.replace(feedback_file=votes)
    with TestClient(create_app(settings.serve, engine, with_ui=False)) as client:
        yield client


def test_health_reports_the_index(api, engine):
    body = api.get("/api/health").json()
    info = engine.info()
    assert body == {
        "status": "ok",
        "documents": 5,
        "chunks": info["chunks"],
        "embedding_model": info["embedding_model"],
    }


@pytest.mark.parametrize("lang", ["en", "it", "ru"])
def test_ask_answers_with_the_answer_contract(api, lang):
    question, expected = QUESTIONS[lang]
    response = api.post("/api/ask", json={"question": question})
    assert response.status_code == 200
    answer = Answer.model_validate(response.json())
    assert answer.question == question
    assert expected in answer.answer
    assert answer.citations, "a grounded answer cites its sources"
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert markers and markers <= {c.id for c in answer.citations}


def test_ask_filters_by_language_and_top_k(api):
    response = api.post("/api/ask", json={"question": QUESTIONS["it"][0], "top_k": 2, "lang": "ru"})
    body = response.json()
    assert response.status_code == 200
    assert len(body["retrieved"]) <= 2
    assert all(c["language"] == "ru" for c in body["citations"])


def test_emoji_question_gets_a_normal_answer(api):
    response = api.post("/api/ask", json={"question": "🎬🏆 Kling AI? 🤖"})
    assert response.status_code == 200
    Answer.model_validate(response.json())


@pytest.mark.parametrize(
    ("accept", "language"),
    [("it-IT,it;q=0.9,en;q=0.8", "it"), ("ru", "ru"), ("en-GB", "en"), ("xx, fr;q=0.5", "fr"), (None, "en")],
)
@pytest.mark.parametrize("path", ["/api/ask", "/api/chat"])
def test_a_wordless_question_is_answered_in_the_accept_language(api, accept, language, path):
    """The widget sends its language as Accept-Language: "🙂" tells none, so the abstention is worded in it."""
    headers = {"Accept-Language": accept} if accept else {}
    response = api.post(path, json={"question": "🙂"}, headers=headers)
    assert response.status_code == 200
    if path == "/api/ask":
        answer = Answer.model_validate(response.json())
        assert answer.abstained and answer.language == language and answer.answer == abstention(language)
    else:
        streamed = "".join(data["text"] for name, data in sse_events(response.text) if name == "delta")
        assert streamed == abstention(language)


@pytest.mark.parametrize("accept", ["it", "ru", "en"])
def test_a_question_in_words_is_answered_in_its_own_language_whatever_the_accept_language(api, accept):
    answer = api.post("/api/ask", json={"question": QUESTIONS["it"][0]}, headers={"Accept-Language": accept}).json()
    assert answer["language"] == "it"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"question": ""}, "empty"),
        ({"question": "   \n\t "}, "empty"),
        ({"question": "x" * 2001}, "too long"),
        ({"question": "ok?", "top_k": 0}, "top_k"),
        ({"question": "ok?", "lang": "italian"}, "lang"),
    ],
    ids=["empty", "whitespace", "too-long", "top-k", "lang"],
)
def test_bad_questions_get_422_with_a_message(api, body, message):
    response = api.post("/api/ask", json=body)
    assert response.status_code == 422
    assert message in response.json()["detail"]


@pytest.mark.parametrize(
    "payload", [{}, {"question": 42}, {"question": "ok", "history": [{"role": "robot", "content": "x"}]}]
)
def test_malformed_bodies_get_422(api, payload):
    response = api.post("/api/ask", json=payload)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_oversized_body_gets_413(api, seed_settings):
    big = {"question": "ok", "history": [{"role": "user", "content": "x" * 19_000}] * 20}
    response = api.post("/api/ask", json=big)
    assert response.status_code == 413


def test_chat_streams_deltas_then_citations_then_done(api):
    question = QUESTIONS["it"][0]
    response = api.post("/api/chat", json={"question": question})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = sse_events(response.text)
    names = [name for name, _ in events]
    assert names[-2:] == ["citations", "done"]
    assert set(names[:-2]) == {"delta"} and len(names) > 3
    streamed = "".join(data["text"] for name, data in events if name == "delta")
    assert streamed == api.post("/api/ask", json={"question": question}).json()["answer"]
    final = events[-2][1]
    assert set(final) == {"citations", "abstained", "mode", "notice", "unsupported"}
    assert final["citations"] and final["abstained"] is False and final["mode"] == "extractive"
    assert final["notice"] is None and final["unsupported"] == []


@pytest.mark.parametrize(
    ("body", "message"),
    [({"question": ""}, "empty"), ({"question": "y" * 5000}, "too long"), ({"question": "ok", "top_k": 99}, "top_k")],
    ids=["empty", "too-long", "top-k"],
)
def test_chat_reports_bad_questions_as_an_error_event(api, body, message):
    response = api.post("/api/chat", json=body)
    events = sse_events(response.text)
    assert [name for name, _ in events] == ["error"]
    assert message in events[0][1]["message"]


@pytest.mark.parametrize(
    ("body", "language", "message"),
    [
        ({"question": "y" * 2500}, "it", "La domanda è lunga 2500 caratteri; il limite è 2000."),
        ({"question": "\u200b \u0007"}, "ru", "Вопроса пока нет"),
        ({"question": "ok", "top_k": 99}, "en", "I can't answer that as written (top_k must be between 1 and 50)."),
    ],
    ids=["too-long-it", "empty-ru", "top-k-en"],
)
def test_chat_words_a_refusal_in_the_accept_language(api, body, language, message):
    """The widget shows the reason inside its own sentence ("Questa domanda non può essere inviata: …"): it comes in
    the widget's language, which it sends as Accept-Language (a client that sends none gets the reason as it was)."""
    response = api.post("/api/chat", json=body, headers={"Accept-Language": language})
    events = sse_events(response.text)
    assert [name for name, _ in events] == ["error"]
    assert message in events[0][1]["message"]


def test_follow_up_question_is_answered_with_the_conversation(api, engine):
    from rag.types import Turn

    first = "How much did Ne Zha 2 earn at the box office?"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": "2.2 billion dollars [1]"}]
    follow_up = "And how much did it cost to make?"
    with_history = api.post("/api/ask", json={"question": follow_up, "history": history}).json()
    alone = api.post("/api/ask", json={"question": follow_up}).json()
    direct = engine.ask(Query(follow_up, history=[Turn(**turn) for turn in history]))
    assert with_history["retrieved"] == [r.model_dump() for r in direct.retrieved]
    assert with_history["retrieved"] != alone["retrieved"]
    assert any("002" in r["source"] for r in with_history["retrieved"][:2])


def test_documents_lists_language_and_chunk_count(api, engine):
    docs = api.get("/api/documents").json()
    assert [d["source"] for d in docs] == [f"seeds/{p.name}" for p in sorted(SEEDS.glob("*.txt"))]
    assert {d["language"] for d in docs} == {"it", "ru", "en"}
    assert sum(d["chunks"] for d in docs) == engine.info()["chunks"]


def test_votes_are_appended_as_jsonl(api, votes):
    answer = api.post("/api/ask", json={"question": QUESTIONS["en"][0]}).json()
    for vote in ("up", "down"):
        body = {"vote": vote, "question": answer["question"], "answer": answer["answer"]}
        response = api.post("/api/feedback", json=body | {"citations": answer["citations"]})
        assert response.status_code == 201
    lines = [json.loads(line) for line in votes.read_text(encoding="utf-8").splitlines()]
    assert [line["vote"] for line in lines[-2:]] == ["up", "down"]
    assert lines[-1]["question"] == answer["question"] and lines[-1]["citations"] == answer["citations"]
    assert lines[-1]["time"] and lines[-1]["origin"] == "api"


def test_a_vote_must_be_up_or_down(api):
    response = api.post("/api/feedback", json={"vote": "maybe", "question": "q", "answer": "a"})
    assert response.status_code == 422


def test_openapi_docs_are_served_without_a_cdn(api):
    page = api.get("/docs")
    assert page.status_code == 200
    assert "/docs-assets/swagger-ui-bundle.js" in page.text
    assert not re.search(r"(src|href)=\"https?://", page.text)
    assert api.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
    paths = api.get("/openapi.json").json()["paths"]
    assert {"/api/health", "/api/ask", "/api/chat", "/api/documents", "/api/feedback"} <= set(paths)


def test_twenty_concurrent_asks_each_get_their_own_answer(engine, seed_settings):
    from ui.server import create_app

    jobs = [QUESTIONS[lang] for lang in ("en", "it", "ru")] * 7
    jobs = jobs[:20]
    with running(create_app(seed_settings.serve, engine, with_ui=False)) as url:

        def ask(job: tuple[str, str]) -> tuple[int, dict]:
            response = httpx.post(f"{url}/api/ask", json={"question": job[0]}, timeout=120)
            return response.status_code, response.json()

        with ThreadPoolExecutor(max_workers=20) as pool:
            results = list(pool.map(ask, jobs))
    for (question, expected), (status, body) in zip(jobs, results, strict=True):
        assert status == 200
        assert body["question"] == question
        assert expected in body["answer"]


# -- answer HTML -------------------------------------------------------------------------------------------
def test_answer_html_escapes_document_text_and_links_markers():
    from rag.types import Citation, Timings
    from ui.render import answer_html

    evil = "<img src=x onerror=alert(1)> Il premio era di 42.000 dollari. <script>alert(2)</script>"
    citation = Citation(
        id=1, source="seeds/x.txt", title="<b>T</b>", language="it", text=evil, score=0.1,
        quote="Il premio era di 42.000 dollari.",
    )  # fmt: skip
    answer = Answer(
        question="q", answer="Il premio era di 42.000 dollari. [1]\n\n*done*", abstained=False, mode="extractive",
        language="it", citations=[citation], retrieved=[], timings_ms=Timings(retrieve=1, answer=1, total=2),
    )  # fmt: skip
    markup = answer_html(answer, "a1")
    assert "<script" not in markup and "<img" not in markup and "<b>T" not in markup
    assert "&lt;script&gt;" in markup and "\n" not in markup
    assert '<a href="#a1-1"' in markup and 'id="a1-1"' in markup
    assert "<mark>Il premio era di 42.000 dollari.</mark>" in markup


# -- the page: offline ---------------------------------------------------------------------------------------
# XML namespace names are identifiers that browsers never fetch.
NAMESPACES = {"www.w3.org"}
CDN_HOSTS = ("fonts.googleapis.com", "fonts.gstatic.com", "cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com")


def external_hosts(text: str) -> set[str]:
    hosts = {urlparse(url).hostname for url in re.findall(r"https?://[\w.-]+", text)}
    return {h for h in hosts if h and h not in NAMESPACES and h != "testserver"}


def test_page_and_its_assets_reference_no_external_host(engine, seed_settings, votes):
    from ui.server import create_app

    settings = seed_settings.replace(feedback_file=votes)
    with TestClient(create_app(settings.serve, engine)) as client:
        page = client.get("/")
        assert page.status_code == 200 and "<gradio-app" in page.text
        assert external_hosts(page.text) == set()
        refs = [*re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', page.text), "theme.css"]
        assert any(ref.endswith(".js") for ref in refs)
        for ref in refs:
            asset = client.get(urljoin("http://testserver/", ref))
            assert asset.status_code == 200, ref
            if ref.endswith(".css"):
                assert external_hosts(asset.text) == set(), ref
                assert "@import url(http" not in asset.text
            for host in CDN_HOSTS:
                assert host not in asset.text, (ref, host)
        config = client.get("/config").json()
        assert not config.get("share_url") and config.get("analytics_enabled") is False
