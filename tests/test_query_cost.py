"""What one question costs: the encoder runs once for it, shared by retrieval and the answerer."""

from __future__ import annotations

import pytest

from rag.types import Query


@pytest.mark.parametrize(
    "question",
    ["How many countries did the entries come from?", "Da quanti paesi provenivano le opere?", "Сколько стран? 🙂"],
)
def test_a_question_is_embedded_once(engine, monkeypatch, question: str) -> None:
    calls: list[str] = []
    embed = engine.embedder.embed_query

    def counted(text: str):
        calls.append(text)
        return embed(text)

    monkeypatch.setattr(engine.embedder, "embed_query", counted)
    engine.similarity._questions.clear()
    with_cache = engine.ask(Query(question))
    assert calls == [question]
    engine.similarity._questions.clear()
    assert engine.ask(Query(question)).answer == with_cache.answer  # the same vector either way
