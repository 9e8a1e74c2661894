"""`/v1` of `rag serve` driven by clients nobody here wrote: the official `openai` SDK and llama-index's `OpenAILike`.

The whole app (`create_app`, chat page included) runs on a real uvicorn server on loopback over the session seed
index. The engine is wrapped in a counter, so bad requests can be shown never to reach it. Expected answers are
the engine's own for the same question and history.
"""

from __future__ import annotations

import re

import httpx
import openai
import pytest

from rag.types import Query, Turn
from tests.browser import running
from tests.conftest import CountingEngine

QUESTIONS = {
    "en": "How many countries did the entries to Kling AI's NEXTGEN Creative Contest come from?",
    "it": "Qual era il montepremi del concorso?",
    "ru": "Сколько заявок собрал конкурс NEXTGEN Creative Contest?",
}
FIRST = "Which short film won the Jury Prize at the Kling AI contest?"
FOLLOW_UP = "And where is its director from?"  # "its" is the film of the first question: the history answers it


@pytest.fixture(scope="module")
def counting(engine) -> CountingEngine:
    return CountingEngine(engine)


@pytest.fixture(scope="module")
def server(counting, seed_settings) -> str:
    from ui.server import create_app

    with running(create_app(seed_settings.serve, counting)) as url:
        yield url


@pytest.fixture(scope="module")
def sdk(server) -> openai.OpenAI:
    client = openai.OpenAI(base_url=f"{server}/v1", api_key="unused", max_retries=0, timeout=120)
    yield client
    client.close()


def markers(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"\[(\d+)\]", text)}


def test_models_lists_the_configured_answer_mode(sdk, engine):
    assert [m.id for m in sdk.models.list()] == [engine.answer_mode] == ["extractive"]
    assert sdk.models.retrieve("extractive").id == "extractive"
    with pytest.raises(openai.NotFoundError):
        sdk.models.retrieve("gpt-4o")


@pytest.mark.parametrize("lang", ["en", "it", "ru"])
def test_sdk_answer_carries_markers_and_the_answer_json_citations(sdk, engine, lang):
    question = QUESTIONS[lang]
    expected = engine.ask(Query(question))
    response = sdk.chat.completions.create(model="extractive", messages=[{"role": "user", "content": question}])
    assert response.object == "chat.completion" and response.model == "extractive"
    choice = response.choices[0]
    assert choice.finish_reason == "stop" and choice.message.role == "assistant"
    assert choice.message.content == expected.answer
    extra = choice.message.model_extra
    assert extra["citations"] == [c.model_dump(mode="json") for c in expected.citations]
    assert extra["mode"] == "extractive" and extra["notice"] is None
    assert markers(choice.message.content) and markers(choice.message.content) <= {c["id"] for c in extra["citations"]}


def test_sdk_stream_deltas_join_to_the_answer_and_the_last_chunk_has_the_citations(sdk, engine):
    question = QUESTIONS["it"]
    expected = engine.ask(Query(question))
    chunks = list(
        sdk.chat.completions.create(model="extractive", messages=[{"role": "user", "content": question}], stream=True)
    )
    assert all(c.object == "chat.completion.chunk" and c.model == "extractive" for c in chunks)
    assert len({c.id for c in chunks}) == 1
    assert chunks[0].choices[0].delta.role == "assistant"
    content = [c.choices[0].delta.content for c in chunks if c.choices[0].delta.content]
    assert len(content) > 2 and "".join(content) == expected.answer
    last = chunks[-1].choices[0]
    assert last.finish_reason == "stop" and not last.delta.content
    assert last.delta.model_extra["citations"] == [c.model_dump(mode="json") for c in expected.citations]
    assert all(c.choices[0].finish_reason is None for c in chunks[:-1])


def test_raw_stream_is_standard_sse_ending_in_done(server):
    body = {"model": "extractive", "messages": [{"role": "user", "content": QUESTIONS["en"]}], "stream": True}
    response = httpx.post(f"{server}/v1/chat/completions", json=body, timeout=120)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    blocks = response.text.strip().split("\n\n")
    assert all(block.startswith("data: ") for block in blocks)
    assert blocks[-1] == "data: [DONE]" and blocks.count("data: [DONE]") == 1


def test_earlier_messages_are_the_history_so_follow_ups_work(sdk, engine):
    history = [Turn("user", FIRST), Turn("assistant", "BOZULMA [1]")]
    expected = engine.ask(Query(FOLLOW_UP, history=history))
    alone = engine.ask(Query(FOLLOW_UP))
    assert expected.answer != alone.answer  # the history changes the answer here
    messages = [
        {"role": "system", "content": "You are a helpful assistant."},  # ignored: the engine has its own rules
        *({"role": t.role, "content": t.content} for t in history),
        {"role": "user", "content": [{"type": "text", "text": FOLLOW_UP}]},
    ]
    response = sdk.chat.completions.create(model="extractive", messages=messages)
    assert response.choices[0].message.content == expected.answer
    assert "Turk" in expected.answer  # Sefa Kocakalay, the Turkish director of BOZULMA
    assert {c["source"] for c in response.choices[0].message.model_extra["citations"]} == {
        c.source for c in expected.citations
    }


def test_emoji_question_gets_an_answer(sdk):
    response = sdk.chat.completions.create(model="x", messages=[{"role": "user", "content": "🎬🏆 Kling AI? 🤖"}])
    assert response.choices[0].message.content and response.choices[0].finish_reason == "stop"


def test_unsupported_parameters_are_ignored(sdk, engine):
    question = QUESTIONS["en"]
    response = sdk.chat.completions.create(
        model="some-other-name",
        messages=[{"role": "user", "content": question}],
        temperature=1.7,
        top_p=0.3,
        max_tokens=5,
        presence_penalty=1,
        user="someone",
        seed=7,
        n=1,
        tools=[{"type": "function", "function": {"name": "f", "parameters": {"type": "object", "properties": {}}}}],
        extra_body={"top_k": 3, "repeat_penalty": 1.1},
    )
    assert response.choices[0].message.content == engine.ask(Query(question)).answer
    assert response.model == "extractive"


def test_llama_index_openai_like_chats_and_streams(server, engine):
    from llama_index.core.llms import ChatMessage
    from llama_index.llms.openai_like import OpenAILike

    llm = OpenAILike(
        model="extractive", api_base=f"{server}/v1", api_key="unused", is_chat_model=True, max_retries=0, timeout=120
    )
    question = QUESTIONS["ru"]
    expected = engine.ask(Query(question)).answer
    reply = llm.chat([ChatMessage(role="user", content=question)])
    assert reply.message.content == expected
    deltas = [r.delta for r in llm.stream_chat([ChatMessage(role="user", content=question)]) if r.delta]
    assert len(deltas) > 2 and "".join(deltas) == expected
    history = [ChatMessage(role="user", content=FIRST), ChatMessage(role="assistant", content="BOZULMA [1]")]
    follow = llm.chat([*history, ChatMessage(role="user", content=FOLLOW_UP)])
    turns = [Turn("user", FIRST), Turn("assistant", "BOZULMA [1]")]
    assert follow.message.content == engine.ask(Query(FOLLOW_UP, history=turns)).answer


# -- bad input -------------------------------------------------------------------------------------------
IMAGE = {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}
BAD = {
    "no-user-message": ({"model": "m", "messages": [{"role": "system", "content": "hi"}]}, "no user message"),
    "empty-messages": ({"model": "m", "messages": []}, "must not be empty"),
    "no-messages": ({"model": "m"}, "messages"),
    "messages-not-a-list": ({"model": "m", "messages": "hello"}, "messages"),
    "image-part": (
        {"messages": [{"role": "user", "content": [{"type": "text", "text": "what is this?"}, IMAGE]}]},
        "image_url",
    ),
    "n-2": ({"messages": [{"role": "user", "content": "ok?"}], "n": 2}, "n=2"),
    "unknown-role": ({"messages": [{"role": "wizard", "content": "ok?"}]}, "wizard"),
    "empty-question": ({"messages": [{"role": "user", "content": "  \n "}]}, "empty"),
    "zero-width-space": ({"messages": [{"role": "user", "content": "\u200b"}]}, "empty"),
    "too-long-question": ({"messages": [{"role": "user", "content": "x" * 2001}]}, "too long"),
    "stream-not-bool": ({"messages": [{"role": "user", "content": "ok?"}], "stream": "yes please"}, "stream"),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_bad_requests_get_openai_style_400_and_never_reach_the_engine(server, counting, case):
    body, message = BAD[case]
    before = counting.calls
    response = httpx.post(f"{server}/v1/chat/completions", json=body, timeout=30)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert message in error["message"] and error["type"] == "invalid_request_error"
    assert set(error) == {"message", "type", "param", "code"}
    assert counting.calls == before


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", "¿qué?".encode("latin-1")], ids=["syntax", "list", "bytes"])
def test_body_that_is_not_a_json_object_gets_400(server, counting, raw):
    before = counting.calls
    response = httpx.post(
        f"{server}/v1/chat/completions", content=raw, headers={"content-type": "application/json"}, timeout=30
    )
    assert response.status_code == 400 and response.json()["error"]["message"]
    assert counting.calls == before


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_ten_megabyte_body_gets_413_without_reaching_the_engine(server, counting, chunked):
    before = counting.calls
    payload = b'{"messages": [{"role": "user", "content": "' + b"x" * (10 * 1024 * 1024) + b'"}]}'
    content = iter([payload[i : i + 65536] for i in range(0, len(payload), 65536)]) if chunked else payload
    response = httpx.post(
        f"{server}/v1/chat/completions", content=content, headers={"content-type": "application/json"}, timeout=60
    )
    assert response.status_code == 413
    assert "RAG_MAX_REQUEST_KB" in response.json()["error"]["message"]
    assert counting.calls == before


def test_sdk_raises_bad_request_with_the_servers_message(sdk):
    with pytest.raises(openai.BadRequestError, match="n=3"):
        sdk.chat.completions.create(model="extractive", messages=[{"role": "user", "content": "ok?"}], n=3)
