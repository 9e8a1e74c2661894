"""LLM mode set-up and retrieval: start-up checks, API key, follow-up condensing, query translation, eval."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from rag.prompts import CONDENSE_SYSTEM, TRANSLATE_SYSTEM
from rag.types import Answer, Query
from rag.wording import ABSTAIN
from tests.conftest import LLM_MODEL, make_settings
from tests.openai_server import OpenAIServer, Reply, cite

QUESTION = "How many countries did the entries to the NEXTGEN contest come from?"
ANSWER = "The contest drew entries from 122 countries [N]."
QUESTION_RU, ANSWER_RU = "Из скольких стран пришли заявки на конкурс NEXTGEN?", "Заявки пришли из 122 стран [N]."


def run(engine, question: str, **options) -> Answer:
    *pieces, answer = engine.stream(Query(question, **options))
    assert all(isinstance(piece, str) for piece in pieces) and isinstance(answer, Answer)
    return answer


# -- configuration -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("overrides", "setting"),
    [
        ({"llm_base_url": "not a url", "llm_model": LLM_MODEL}, "RAG_LLM_BASE_URL"),
        ({"llm_base_url": "ftp://127.0.0.1/v1", "llm_model": LLM_MODEL}, "RAG_LLM_BASE_URL"),
        ({"llm_base_url": "SERVER", "llm_model": None}, "RAG_LLM_MODEL"),
        ({"llm_base_url": "SERVER", "llm_model": "  "}, "RAG_LLM_MODEL"),
        ({"answer_mode": "llm"}, "RAG_LLM_BASE_URL"),
    ],
)
def test_bad_llm_settings_warn_naming_the_setting_and_answers_say_extractive_fallback(
    llm_server, seed_settings, embedder, caplog, overrides, setting
):
    from rag.engine import Engine

    overrides = {k: llm_server.base_url if v == "SERVER" else v for k, v in overrides.items()}
    with caplog.at_level(logging.WARNING, logger="rag.llm"):
        settings = make_settings(seed_settings.data_dir, **overrides)
        engine = Engine(settings.index, settings.rag, embedder=embedder)
    assert any(setting in r.getMessage() for r in caplog.records)
    assert engine.answer_mode == "extractive" and engine.info()["answer_mode"] == "extractive"
    answer = engine.ask(Query(QUESTION))  # an LLM was configured and is not used: the answer says so, and why
    assert answer.mode == "extractive-fallback" and setting in answer.notice and "\n" not in answer.notice
    assert llm_server.chat_requests == []


@pytest.mark.parametrize(
    ("path", "models", "setting"),
    [("/v1", ("other-model",), "RAG_LLM_MODEL"), ("", (LLM_MODEL,), "RAG_LLM_BASE_URL")],
    ids=["model-not-served", "url-without-v1"],
)
def test_startup_probe_warns_about_a_model_or_url_the_server_does_not_know(
    seed_settings, embedder, caplog, path, models, setting
):
    from rag.engine import Engine

    probe_server = OpenAIServer(models=models).start()
    try:
        url = probe_server.base_url.removesuffix("/v1") + path
        with caplog.at_level(logging.WARNING, logger="rag.llm"):
            settings = make_settings(seed_settings.data_dir, llm_base_url=url, llm_model=LLM_MODEL)
            engine = Engine(settings.index, settings.rag, embedder=embedder)
    finally:
        probe_server.stop()
    assert engine.answer_mode == "llm"
    assert [w for w in engine.info()["llm"]["warnings"] if setting in w]
    assert any(setting in r.getMessage() for r in caplog.records)


def test_api_key_is_sent_as_bearer_token_and_not_shown(llm_server, seed_settings, embedder):
    from rag.engine import Engine

    settings = make_settings(
        seed_settings.data_dir, llm_base_url=llm_server.base_url, llm_model=LLM_MODEL, llm_api_key="sk-secret-123"
    )
    engine = Engine(settings.index, settings.rag, embedder=embedder)
    llm_server.script(Reply(ABSTAIN["en"]))
    engine.ask(Query("Who won the 1998 World Cup?"))
    assert llm_server.chat_requests[-1].headers["Authorization"] == "Bearer sk-secret-123"
    assert "sk-secret-123" not in json.dumps(engine.info()) and "sk-secret-123" not in repr(settings)


# -- retrieval with the model --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "history", "follow_up", "standalone"),
    [
        ("en", "Which short film won the Jury Prize at the Kling AI contest?", "And where is its director from?",
         "Where is the director of the Jury Prize winner BOZULMA from?"),
        ("it", "Quanto ha incassato Ne Zha 2 al botteghino?", "E quanto è costato produrlo?",
         "Quanto è costato produrre Ne Zha 2?"),
        ("ru", "Сколько заявок собрал конкурс NEXTGEN Creative Contest?", "А сколько стран участвовало?",
         "Сколько стран участвовало в конкурсе NEXTGEN Creative Contest?"),
    ],
)  # fmt: skip
def test_follow_up_is_condensed_with_the_history_before_retrieval(
    llm_server, llm_engine, lang, history, follow_up, standalone
):
    from rag.types import Turn

    llm_server.script(Reply(f"Question: «{standalone}»"), Reply(ABSTAIN[lang]))
    turns = [Turn("user", history), Turn("assistant", "An earlier answer [1].")]
    answer = run(llm_engine, follow_up, history=turns)
    condense, generate = llm_server.chat_requests
    assert condense.body.get("stream") is not True
    assert condense.messages[0]["content"] == CONDENSE_SYSTEM
    assert history in condense.messages[1]["content"] and follow_up in condense.messages[1]["content"]
    assert generate.messages[-1]["content"].endswith(f"Question: {standalone}")
    expected = [p.chunk_id for p in llm_engine.retrieve(standalone)]
    assert [r.chunk_id for r in answer.retrieved] == expected
    assert answer.question == follow_up and answer.language == lang


def test_condensing_failure_falls_back_with_the_conversation_as_context(llm_server, llm_engine):
    from rag.types import Turn

    llm_server.script(Reply(status=500))
    turns = [Turn("user", "How much did Ne Zha 2 earn at the box office?"), Turn("assistant", "…")]
    answer = run(llm_engine, "And how much did it cost to make?", history=turns)
    assert answer.mode == "extractive-fallback" and len(llm_server.chat_requests) == 1
    assert any("002" in r.source for r in answer.retrieved)


def test_translated_queries_are_retrieved_and_fused(llm_server, seed_settings, embedder):
    from rag.engine import Engine

    settings = make_settings(
        seed_settings.data_dir, llm_base_url=llm_server.base_url, llm_model=LLM_MODEL, llm_translate_queries=True
    )
    engine = Engine(settings.index, settings.rag, embedder=embedder)
    question = "How much did the second Ne Zha film earn?"
    translations = {
        "it": "Quanto ha incassato il secondo film di Ne Zha?",
        "ru": "Сколько заработал второй фильм Ne Zha?",
    }
    llm_server.script(Reply("\n".join(f"{k}: {v}" for k, v in translations.items())), Reply(ABSTAIN["en"]))
    answer = run(engine, question)
    translate = llm_server.chat_requests[0]
    assert translate.messages[0]["content"] == TRANSLATE_SYSTEM
    assert "it (Italian), ru (Russian)" in translate.messages[1]["content"]
    fused: dict[str, float] = {}
    for query in [question, *translations.values()]:
        for rank, p in enumerate(engine.retrieve(query, 2 * settings.rag.top_k)):
            fused[p.chunk_id] = fused.get(p.chunk_id, 0.0) + 1 / (settings.rag.rrf_k + rank + 1)
    expected = sorted(fused, key=fused.__getitem__, reverse=True)[: settings.rag.top_k]
    assert [r.chunk_id for r in answer.retrieved] == expected


# -- eval ----------------------------------------------------------------------------------------------
def test_rag_eval_in_llm_mode_reports_the_mode(tmp_path: Path, llm_server, llm_engine):
    from eval.harness import run_eval

    dataset = tmp_path / "qa.jsonl"
    rows = [
        {"id": "en-01", "question": QUESTION, "lang": "en", "answers": ["122"],
         "sources": ["000", "001", "003", "004"], "answerable": True},
        {"id": "ru-01", "question": QUESTION_RU, "lang": "ru", "answers": ["122"],
         "sources": ["000", "001", "003", "004"], "answerable": True},
        {"id": "it-01", "question": "Chi ha vinto i Mondiali del 1998?", "lang": "it", "answers": [], "sources": [],
         "answerable": False},
    ]  # fmt: skip
    dataset.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    llm_server.script(Reply(cite("122", ANSWER)), Reply(cite("122", ANSWER_RU)), Reply(ABSTAIN["it"]))
    result = run_eval(llm_engine, dataset)
    assert result["config"]["answer_mode"] == "llm"
    assert len(llm_server.chat_requests) == 3
    assert result["answer"]["accuracy"] == 1.0 and result["abstention"]


# -- serving -------------------------------------------------------------------------------------------
def test_api_chat_streams_model_deltas_and_survives_a_model_failure(llm_server, llm_engine):
    from fastapi.testclient import TestClient

    from ui.server import create_app

    def events(response) -> list[tuple[str, dict]]:
        out = []
        for block in response.text.strip().split("\n\n"):
            fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
            out.append((fields.get("event", "message"), json.loads(fields.get("data", "null"))))
        return out

    llm_server.script(Reply(cite("122", ANSWER)), Reply(status=500))
    with TestClient(
        create_app(make_settings(llm_engine.index_settings.data_dir).serve, llm_engine, with_ui=False)
    ) as client:
        good = events(client.post("/api/chat", json={"question": QUESTION}))
        failed = events(client.post("/api/chat", json={"question": QUESTION}))
        health = client.get("/api/health")
    streamed = "".join(data["text"] for name, data in good if name == "delta")
    assert [name for name, _ in good][-2:] == ["citations", "done"]
    assert streamed.strip() == "The contest drew entries from 122 countries [1]."
    assert good[-2][1]["mode"] == "llm" and good[-2][1]["citations"]
    assert [name for name, _ in failed][-2:] == ["citations", "done"]
    assert failed[-2][1]["mode"] == "extractive-fallback" and failed[-2][1]["citations"]
    assert health.status_code == 200
