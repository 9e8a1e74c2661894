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


def _library_dense(engine, question: str, k: int, language: str | None):
    """Dense hits as llama-index's own retriever over the same Chroma collection makes them (documents and
    metadatas fetched from Chroma), limited to the committed chunks: the reference the engine must equal."""
    from llama_index.core import VectorStoreIndex
    from llama_index.core.schema import QueryBundle
    from llama_index.core.vector_stores import ExactMatchFilter, MetadataFilters
    from llama_index.vector_stores.chroma import ChromaVectorStore

    commit = engine.snapshot().commit
    index = VectorStoreIndex.from_vector_store(
        ChromaVectorStore(chroma_collection=commit.collection), embed_model=engine.embedder.as_llama_embedding()
    )
    filters = MetadataFilters(filters=[ExactMatchFilter(key="language", value=language)]) if language else None
    bundle = QueryBundle(question, embedding=engine.similarity.question(question).tolist())
    hits = index.as_retriever(similarity_top_k=k, filters=filters).retrieve(bundle)
    return [h for h in hits if h.node.node_id in commit.committed]


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("How many countries did the entries come from?", None),
        ("Da quanti paesi provenivano le opere?", "it"),
        ("Сколько стран? 🙂", None),
        ("Сколько стран участвовало?", "ru"),
        ("", None),
    ],
)
def test_dense_search_reads_chroma_ids_and_distances_only_and_returns_the_librarys_passages(
    engine, monkeypatch, question: str, language: str | None
) -> None:
    """Chroma is asked for ids and distances only; the passages (ids, order, text, metadata, scores) are the ones
    llama-index's retriever builds from Chroma's own documents and metadatas."""
    from rag.types import Passage

    collection = engine.snapshot().commit.collection
    includes: list[list[str]] = []
    query = collection.query

    def recorded(*args, **kwargs):
        includes.append(list(kwargs.get("include", ["documents", "metadatas", "distances"])))
        return query(*args, **kwargs)

    k = len(engine.snapshot().commit.committed)  # every chunk: the whole ranking is compared
    expected = [Passage.from_node(h) for h in _library_dense(engine, question or " ", k, language)]
    monkeypatch.setattr(collection, "query", recorded)
    got = engine.retrieve(question or " ", top_k=k, lang=language, mode="dense")
    assert includes == [["distances"]]
    assert [p.chunk_id for p in got] == [p.chunk_id for p in expected]
    assert got == expected
    assert got and all(p.language == language for p in got) if language else len(got) == k


def test_the_lexical_store_holds_chromas_text_and_metadata_of_every_committed_chunk(engine) -> None:
    commit = engine.snapshot().commit
    ids = sorted(commit.committed)
    rows = commit.collection.get(ids=ids, include=["documents", "metadatas"])
    chroma = {i: (text, meta) for i, text, meta in zip(rows["ids"], rows["documents"], rows["metadatas"], strict=True)}
    stored = commit.lexical.stored([*ids, "no-such-chunk"])
    assert set(stored) == set(ids)  # an id the index does not hold is left out
    assert {i: (doc.text, doc.metadata) for i, doc in stored.items()} == chroma


@pytest.mark.parametrize(
    "question",
    ["How many countries did the entries come from?", "Da quanti paesi provenivano le opere?", "Сколько стран? 🙂"],
)
def test_a_passage_is_split_into_sentences_once_across_questions(engine, monkeypatch, question: str) -> None:
    """Re-ranking splits each retrieved passage into sentences; a passage seen before is not split again, and the
    answer is the one a fresh split gives."""
    import rag.spans

    calls: list[str] = []
    spans = rag.spans.sentence_spans

    def counted(text: str, language: str):
        calls.append(text)
        return spans(text, language)

    monkeypatch.setattr(rag.spans, "sentence_spans", counted)
    rag.spans.sentences_of.cache_clear()
    first = engine.ask(Query(question))
    split_once = len(calls)
    assert split_once >= len(first.retrieved) > 0
    again = engine.ask(Query(question))
    assert len(calls) == split_once
    assert again.answer == first.answer and again.citations == first.citations
