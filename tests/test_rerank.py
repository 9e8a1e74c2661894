"""The re-ranking stage and the caches under it: passages re-ordered by the sentence that would answer, their
windows scored once per answer, word and sentence vectors in separate bounded caches, one content-words function."""

from __future__ import annotations

import numpy as np
import pytest

from rag.engine import FOLLOW_UP_DEPTH
from rag.rerank import rerank
from rag.semantic import SentenceSimilarity, VectorCache, content_words
from rag.types import Query, Turn
from rag.windows import WindowScorer

QUESTIONS = [
    "How many countries did the entries to the NEXTGEN contest come from?",
    "Quanto è costato produrre Ne Zha 2?",
    "Кому достался приз жюри?",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_reranking_reorders_the_retrieved_passages_and_keeps_their_retrieval_scores(engine, question):
    snap, k = engine.snapshot(), engine.settings.top_k
    depth = max(k, engine.settings.rerank_depth)  # re-ranking reads this many fused chunks, then keeps top_k
    plain = engine.with_settings(engine.settings.model_copy(update={"rerank_depth": 0}))
    retrieved = plain.retrieve(question, top_k=depth)
    ranking = rerank(snap.extractive.windows, question, "", retrieved)
    assert sorted(p.chunk_id for p in ranking.passages) == sorted(p.chunk_id for p in retrieved)
    assert all(any(p is r for r in retrieved) for p in ranking.passages)  # the same passages, scores untouched
    assert [p.chunk_id for p in ranking.passages[:k]] == [p.chunk_id for p in engine.retrieve(question)]
    assert ranking.windows is not None and set(ranking.windows.by_chunk) == {p.chunk_id for p in retrieved}


FOLLOW_UPS = [  # (earlier question, follow-up)
    ("How much did Ne Zha 2 earn at the box office?", "And how much did it cost to make?"),
    ("Chi ha diretto il corto d'animazione Autumn Harvest?", "E in quale festival è stato selezionato?"),
    ("Какой мультфильм вышел во время Праздника весны 2025 года?", "А в какой мировой рейтинг он попал?"),
]


@pytest.mark.parametrize(("earlier", "question"), FOLLOW_UPS, ids=["en", "it", "ru"])
def test_a_follow_up_reranks_more_of_the_chunks_retrieved_with_the_earlier_questions(engine, earlier, question):
    snap, k = engine.snapshot(), engine.settings.top_k
    plain = engine.with_settings(engine.settings.model_copy(update={"rerank_depth": 0}))
    fused = plain.retrieve(question, top_k=engine.settings.rerank_depth * FOLLOW_UP_DEPTH, context=earlier)
    expected = rerank(snap.extractive.windows, question, earlier, fused).passages[:k]
    assert [p.chunk_id for p in engine.retrieve(question, context=earlier)] == [p.chunk_id for p in expected]


def test_a_follow_up_finds_the_fact_in_a_chunk_its_first_retrieved_chunks_missed(engine):
    earlier, question = FOLLOW_UPS[2]
    first = engine.ask(Query(earlier))
    answer = engine.ask(Query(question, history=[Turn("user", earlier), Turn("assistant", first.answer)]))
    assert "top 20" in answer.answer and answer.answer != first.answer


@pytest.mark.parametrize(("question", "scored"), [*((q, 1) for q in QUESTIONS), ("🙂", 0), ("the of and", 0)])
def test_an_answer_scores_its_windows_once_and_composes_as_if_it_scored_them_itself(
    engine, monkeypatch, question, scored
):
    calls = []
    windows = WindowScorer._windows

    def counted(self, *args):
        calls.append(args[0])
        return windows(self, *args)

    monkeypatch.setattr(WindowScorer, "_windows", counted)
    answer = engine.ask(Query(question))
    assert len(calls) == scored  # the re-ranking scored them (not a question without terms); compose reused them
    passages = engine.retrieve(question)
    fresh = engine.snapshot().extractive.compose(question, answer.language, passages)  # no windows given: scored
    assert (fresh.text, fresh.abstained, fresh.citations) == (answer.answer, answer.abstained, answer.citations)


def test_word_vectors_never_push_sentence_vectors_out_and_each_cache_keeps_its_bound(embedder, monkeypatch):
    embedded: list[str] = []
    embed = embedder.embed_passages
    monkeypatch.setattr(embedder, "embed_passages", lambda texts: embedded.extend(texts) or embed(texts))
    similarity = SentenceSimilarity(embedder, cache_size=2, word_cache_size=3)
    sentences = ["The festival counted 917 lanterns.", "Il museo conserva 42 lampade."]
    similarity.sentences(sentences)
    similarity.closest_words(["lanterns", "lamps"], ["Фестиваль насчитал девятьсот бумажных фонарей у гавани."], ["ru"])
    embedded.clear()
    similarity.sentences(sentences)
    assert embedded == []  # both sentence vectors are still cached after many words
    assert len(similarity._sentences) == 2 and len(similarity._words) == 3


def test_a_cached_vector_holds_only_its_own_row():
    cache = VectorCache(lambda texts: np.ones((len(texts), 512), dtype=np.float32), size=2)
    found = cache.vectors(["a", "b", "c"])
    assert len(cache) == 2 and all(v.base is None and v.nbytes == 2048 for v in found.values())


@pytest.mark.parametrize(
    ("text", "languages", "expected"),
    [
        ("How many lanterns did 1.204 people hang?", ("en",), [("lanterns", "lanterns"), ("1.204", "1204")]),
        ("Quante lanterne in città?", ("it",), [("lanterne", "lanterne"), ("città", "citta")]),
        ("Сколько фонарей зажгли в Йошкар-Оле?", ("ru",), [("фонарей", "фонареи"), ("йошкар", "иошкар")]),
        ("🙂 🙂", ("en",), []),
        ("", ("en",), []),
    ],
)
def test_content_words_drop_stop_words_and_keep_the_written_form_next_to_the_folded_one(text, languages, expected):
    found = content_words(text, languages)
    assert [pair for pair in expected if pair in found] == expected
    assert all(written.casefold() == written for written, _ in found)
    assert not {folded for _, folded in found} & {"how", "in", "в", "did"}
