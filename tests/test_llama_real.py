"""LLM mode against a real llama.cpp server (xllamacpp + SmolLM2-135M, tests/llama_server.py), not a script.

The model is tiny and English-only, so these tests pin the wiring, never the answer's quality: deltas arrive in
order and make up the answer, citations are verified and renumbered whatever the model writes, and a timeout, a
killed server and a real llama.cpp error reply (context overflow) all fall back with a notice. Prompts are kept
short (one passage, few tokens): on one busy core llama.cpp reads about 50-100 prompt tokens a second.
Faults a real server cannot be made to produce stay with the scripted server (tests/test_llm.py).
"""

from __future__ import annotations

import re

import openai
import pytest

from rag.prompts import fallback_notice
from rag.types import Answer, Query
from tests.browser import running
from tests.conftest import make_settings
from tests.llama_server import MODEL_ALIAS, LlamaServer

pytestmark = pytest.mark.slow
QUESTION = "How many countries did the entries to the NEXTGEN contest come from?"


def llm_settings(data_dir, url: str, **overrides):
    options = {"llm_temperature": 0.0, "llm_max_tokens": 48, "top_k": 1, "llm_timeout": 60.0} | overrides
    return make_settings(data_dir, llm_base_url=url, llm_model=MODEL_ALIAS, **options)


@pytest.fixture(scope="module")
def real_engine(llama_server, seed_settings, embedder):
    from rag.engine import Engine

    settings = llm_settings(seed_settings.data_dir, llama_server.base_url)
    return Engine(settings.index, settings.rag, embedder=embedder)


def split(items: list) -> tuple[list[str], Answer]:
    assert all(isinstance(piece, str) for piece in items[:-1]) and isinstance(items[-1], Answer)
    return items[:-1], items[-1]


def assert_citations_verified(answer: Answer) -> None:
    """Every [n] is a citation id, ids run 1..k, each citation is a retrieved passage, flags index sentences."""
    from rag.grounding import answer_sentences

    ids = [c.id for c in answer.citations]
    assert {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)} == set(ids)
    assert ids == list(range(1, len(ids) + 1))
    assert {c.source for c in answer.citations} <= {r.source for r in answer.retrieved}
    assert all(0 <= i < len(answer_sentences(answer.answer, answer.language)) for i in answer.unsupported)


def test_real_server_streams_deltas_in_order_and_the_answer_is_verified(real_engine):
    assert real_engine.info()["llm"] == {
        "base_url": real_engine.settings.llm_base_url, "model": MODEL_ALIAS, "reachable": True, "warnings": [],
    }  # fmt: skip
    pieces, answer = split(list(real_engine.stream(Query(QUESTION))))
    assert answer.mode == "llm" and answer.notice is None
    assert len(pieces) > 1  # streamed token by token, not as one block
    assert "".join(pieces).strip() == answer.answer  # in order, nothing lost or repeated
    assert_citations_verified(answer)


def test_context_overflow_reply_from_llama_cpp_falls_back_with_its_message(real_engine):
    # 50 passages do not fit the server's 2048-token context: llama.cpp answers HTTP 400 exceed_context_size_error.
    pieces, answer = split(list(real_engine.stream(Query(QUESTION, top_k=50))))
    assert answer.mode == "extractive-fallback"
    assert "exceeds the available context size" in answer.notice and "400" in answer.notice
    assert answer.answer.startswith(fallback_notice("en")) and "".join(pieces).strip() == answer.answer
    assert "122" in answer.answer and answer.citations
    assert_citations_verified(answer)


def test_timeout_falls_back_and_says_so(real_engine, seed_settings, embedder, monkeypatch):
    from dataclasses import replace

    from rag.engine import Engine
    from rag.llm import LLMAnswerer
    from rag.llm_client import LLMClient

    impatient = real_engine.settings.model_copy(update={"llm_timeout": 0.001})  # no prompt is read in 1 ms
    engine = Engine(real_engine.index_settings, real_engine.settings, embedder=embedder)
    snap = engine.snapshot()
    assert isinstance(snap.answerer, LLMAnswerer)
    slow = replace(snap, answerer=LLMAnswerer(engine.settings, LLMClient(impatient), snap.answerer.scorer))
    monkeypatch.setattr(engine, "snapshot", lambda: slow)
    answer = engine.ask(Query(QUESTION))
    assert answer.mode == "extractive-fallback" and "Timeout" in answer.notice
    assert "122" in answer.answer


def test_killed_server_mid_stream_and_after_falls_back(seed_settings, embedder):
    from rag.engine import Engine

    server = LlamaServer(n_ctx=2048, ignore_eos=True).start()  # ignore_eos: the answer runs to max_tokens
    try:
        settings = llm_settings(seed_settings.data_dir, server.base_url, llm_max_tokens=400)
        engine = Engine(settings.index, settings.rag, embedder=embedder)
        stream = engine.stream(Query(QUESTION))
        first = next(stream)
        assert isinstance(first, str) and first
        server.kill()
        rest, answer = split([first, *stream])
        assert answer.mode == "extractive-fallback" and answer.notice.startswith("LLM not used: ")
        assert "".join(rest).endswith(answer.answer)  # the fallback follows what had streamed
        assert_citations_verified(answer)
        after = engine.ask(Query(QUESTION))  # nobody listens any more
        assert after.mode == "extractive-fallback" and "Connection" in after.notice
    finally:
        server.kill()


def test_openai_sdk_through_rag_serve_to_llama_cpp(real_engine):
    from ui.server import create_app

    with running(
        create_app(make_settings(real_engine.index_settings.data_dir).serve, real_engine, with_ui=False)
    ) as url:
        client = openai.OpenAI(base_url=f"{url}/v1", api_key="unused", max_retries=0, timeout=180)
        assert [m.id for m in client.models.list()] == ["llm"]
        chunks = list(
            client.chat.completions.create(model="llm", messages=[{"role": "user", "content": QUESTION}], stream=True)
        )
    content = "".join(c.choices[0].delta.content or "" for c in chunks)
    final = chunks[-1].choices[0]
    assert final.finish_reason == "stop" and final.delta.model_extra["mode"] == "llm"
    assert content.strip() and sum(1 for c in chunks if c.choices[0].delta.content) > 1
    cited = {c["id"] for c in final.delta.model_extra["citations"]}
    assert {int(n) for n in re.findall(r"\[(\d+)\]", content)} == cited
