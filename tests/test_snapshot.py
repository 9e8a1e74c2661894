"""One answer, one commit: the engine's snapshot across reloads, ingests in flight and engines with other settings.

Each test builds its own small index in tmp (a few short documents, real Chroma, the real model) and changes it
with a real `Ingestor`, as another process's ingest would.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from index.lexical import LexicalFormatError
from index.store import Manifest
from rag.types import Query
from tests.conftest import LLM_MODEL, LLM_TIMEOUT, make_settings
from tests.openai_server import Reply

QUESTION = "How many paper lanterns did the Zanzibar Lantern Festival count?"
OLD = "The Zanzibar Lantern Festival of 2031 counted 917 paper lanterns over the old harbour.\n"
NEW_PARAGRAPH = (
    "In quarter {i} of Stone Town the Zanzibar Lantern Festival of 2032 hung paper lanterns along street {i}; "
    "the festival counted 1204 paper lanterns over the harbour in all, its organisers said.\n\n"
)
OTHERS = {
    "glass.txt": "The Harbour Museum of Glass opened in 1998 and shows 300 vases blown on the island of Murano.\n",
    "ferry.txt": "Il traghetto per l'isola parte ogni mattina alle sette e impiega quaranta minuti.\n",
    "tram.txt": "Трамвай номер девять ходит от вокзала до порта каждые двенадцать минут.\n",
}
MUSEUM = "The Lighthouse Museum of Tern Point keeps 42 brass lamps, the oldest lit in 1821.\n"
MUSEUM_QUESTION = "How many brass lamps does the Lighthouse Museum of Tern Point keep?"


def _index(tmp_path: Path, embedder, files: dict[str, str]):
    """A fresh index of `files` (and OTHERS) in tmp: its settings and its corpus folder."""
    from index.ingest import Ingestor

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in (OTHERS | files).items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = make_settings(tmp_path / "data")
    Ingestor(settings.index, embedder).run([corpus])
    return settings, corpus


def _ingest(settings, embedder, corpus: Path) -> None:
    from index.ingest import Ingestor

    Ingestor(settings.index, embedder).run([corpus])


def _ids(settings) -> set[str]:
    return Manifest.load(settings.index.manifest_path).chunk_ids()


def test_a_failed_reload_keeps_the_previous_commit_and_is_tried_again_at_every_request(tmp_path, embedder):
    from rag.engine import Engine

    settings, corpus = _index(tmp_path, embedder, {"lanterns.txt": OLD})
    engine = Engine(settings.index, settings.rag, embedder=embedder)
    assert engine.ask(Query(QUESTION)).citations
    (corpus / "museum.txt").write_text(MUSEUM, encoding="utf-8")
    _ingest(settings, embedder, corpus)  # commits a manifest naming a new lexical segment...
    segment = settings.index.lexical_dir / Manifest.load(settings.index.manifest_path).lexical["segments"][-1]["name"]
    hidden = segment.rename(segment.with_name(segment.name + ".away"))  # ...that cannot be opened for now
    for _ in range(2):  # not once: an engine that kept the new stamp would answer the second from a mix
        with pytest.raises(LexicalFormatError, match="rag doctor --repair"):
            engine.ask(Query(MUSEUM_QUESTION))
    hidden.rename(segment)  # the same commit (same stamp) can be read now
    answer = engine.ask(Query(MUSEUM_QUESTION))
    assert "42" in answer.answer and any(c.source.endswith("museum.txt") for c in answer.citations)
    snapshot, ids = engine.snapshot(), _ids(settings)
    assert snapshot.commit.committed == ids and len(snapshot.commit.lexical) == len(ids)
    assert snapshot.extractive.windows.n == len(ids)  # the answerer counts the new commit's chunks
    assert engine.info()["chunks"] == len(ids) and "museum.txt" in {Path(d["source"]).name for d in engine.documents()}


def test_an_ingest_committing_between_the_retrievals_of_one_llm_answer_does_not_mix_them(
    tmp_path, embedder, llm_server, monkeypatch
):
    """The question and its two translations are retrieved one after the other; an ingest removing the 2031
    festival and adding the 2032 one commits after the first. The answer reads the old commit throughout."""
    from rag.engine import Engine

    settings, corpus = _index(tmp_path, embedder, {"lanterns-2031.txt": OLD})
    llm = make_settings(
        settings.data_dir,
        llm_base_url=llm_server.base_url,
        llm_model=LLM_MODEL,
        llm_timeout=LLM_TIMEOUT,
        llm_translate_queries=True,
    )
    engine = Engine(llm.index, llm.rag, embedder=embedder)
    old = _ids(settings)
    translations = {
        "it": "Quante lanterne di carta ha contato il Festival delle Lanterne di Zanzibar?",
        "ru": "Сколько бумажных фонарей насчитал Фестиваль фонарей Занзибара?",
    }
    llm_server.script(Reply("\n".join(f"{k}: {v}" for k, v in translations.items())), Reply("917 lanterns [1]."))
    embedded: list[str] = []
    embed = embedder.embed_query

    def embed_then_ingest(text: str):
        embedded.append(text)
        if len(embedded) == 2:  # the first query is retrieved; the second is about to be
            (corpus / "lanterns-2031.txt").unlink()
            (corpus / "lanterns-2032.txt").write_text(NEW_PARAGRAPH.format(i=1), encoding="utf-8")
            _ingest(settings, embedder, corpus)
        return embed(text)

    monkeypatch.setattr(embedder, "embed_query", embed_then_ingest)
    answer = engine.ask(Query(QUESTION))
    new = _ids(settings)
    assert len(embedded) == 3 and new != old  # three retrievals, the commit landed between them
    retrieved = {r.chunk_id for r in answer.retrieved}
    assert answer.mode == "llm" and retrieved <= old and not retrieved <= new  # the old commit only
    assert {Path(r.source).name for r in answer.retrieved} >= {"lanterns-2031.txt"}
    llm_server.script(Reply("it: x\nru: y"), Reply("1204 lanterns [1]."))
    after = engine.ask(Query(QUESTION))  # the next question reads the new commit
    assert {r.chunk_id for r in after.retrieved} <= new
    assert "lanterns-2032.txt" in {Path(r.source).name for r in after.retrieved}


def test_dense_search_finds_committed_chunks_while_an_ingest_fills_chroma_with_closer_ones(
    tmp_path, embedder, monkeypatch
):
    """An ingest writes every new chunk to Chroma before it commits; 40 chunks closer to the question than any
    committed one must not leave dense retrieval with fewer than top_k hits, or other hits than before."""
    from index.lexical_writer import LexicalWriter
    from rag.engine import Engine

    settings, corpus = _index(tmp_path, embedder, {"lanterns-2031.txt": OLD})
    engine = Engine(settings.index, settings.rag, embedder=embedder)
    before = [p.chunk_id for p in engine.retrieve(QUESTION, top_k=3, mode="dense")]
    assert len(before) == 3
    for i in range(40):
        (corpus / f"quarter-{i:02}.txt").write_text(NEW_PARAGRAPH.format(i=i), encoding="utf-8")
    during: list[list[str]] = []
    commit = LexicalWriter.commit

    def retrieve_then_commit(writer):
        during.append([p.chunk_id for p in engine.retrieve(QUESTION, top_k=3, mode="dense")])
        during.append([p.chunk_id for p in engine.retrieve(QUESTION, top_k=3)])
        return commit(writer)

    monkeypatch.setattr(LexicalWriter, "commit", retrieve_then_commit)
    _ingest(settings, embedder, corpus)
    dense, hybrid = during
    assert dense == before
    assert len(hybrid) == 3 and set(hybrid) <= _ids(settings)
    closer = engine.retrieve(QUESTION, top_k=3, mode="dense")  # committed now, the new chunks take top places
    assert sum(Path(p.source).name.startswith("quarter-") for p in closer) >= 2


def test_an_engine_with_other_settings_follows_the_same_commits_with_its_own_answerers(tmp_path, embedder):
    from rag.engine import Engine

    settings, corpus = _index(tmp_path, embedder, {"lanterns.txt": OLD})
    engine = Engine(settings.index, settings.rag, embedder=embedder)
    default = engine.settings.abstain_threshold
    other = engine.with_settings(engine.settings.model_copy(update={"abstain_threshold": 0.9, "top_k": 1}))
    (corpus / "museum.txt").write_text(MUSEUM, encoding="utf-8")
    _ingest(settings, embedder, corpus)
    engine.reload()  # what the upload service does after its own ingest: the other engine sees it too
    snapshot, other_snapshot = engine.snapshot(), other.snapshot()
    assert other_snapshot.commit is snapshot.commit and snapshot.commit.committed == _ids(settings)
    assert other_snapshot.extractive.threshold == 0.9 and snapshot.extractive.threshold == default
    answer, other_answer = engine.ask(Query(MUSEUM_QUESTION)), other.ask(Query(MUSEUM_QUESTION))
    assert "42" in answer.answer and any(c.source.endswith("museum.txt") for c in answer.citations)
    assert [r.chunk_id for r in other_answer.retrieved] == [answer.retrieved[0].chunk_id]  # its own top_k
    assert engine.settings.top_k == 5 and engine.settings.abstain_threshold == default  # the first one is unchanged


def test_a_replaced_commit_stays_readable_while_an_answer_holds_it_and_is_closed_when_it_ends(tmp_path, embedder):
    """Its lexical maps are not closed under a request still reading them; they are closed with its last holder."""
    from rag.engine import Engine

    settings, corpus = _index(tmp_path, embedder, {"lanterns.txt": OLD})
    engine = Engine(settings.index, settings.rag, embedder=embedder)
    with engine.hold() as held, engine.hold() as second:  # two answers in flight on the same commit
        assert second.commit is held.commit
        (corpus / "museum.txt").write_text(MUSEUM, encoding="utf-8")
        _ingest(settings, embedder, corpus)
        current = engine.snapshot()
        assert current.commit is not held.commit and not held.commit.lexical.closed
        (passage,) = engine.rank(held, QUESTION, 1).passages  # the old commit still answers
        assert passage.chunk_id in held.commit.committed
    assert held.commit.lexical.closed and not current.commit.lexical.closed  # closed with its last holder
    with pytest.raises(ValueError, match="closed"):
        held.commit.lexical.search(QUESTION, 1)
    assert not held.commit.lease.acquire()  # nobody can take it again
    with engine.hold() as after:
        assert after.commit is current.commit
    assert not current.commit.lexical.closed  # the current commit stays open between answers


@pytest.mark.parametrize("streamed", [False, True])
def test_a_reload_during_an_answer_closes_the_old_index_only_after_the_answer(tmp_path, embedder, streamed):
    """A concurrent request reloads after this answer retrieved and before it composes (which reads the old
    commit's document frequencies from its segments): the answer completes from the old commit, the other request
    reads the new one, and the old lexical index is closed once the answer is done."""
    import threading

    from rag.engine import Engine

    settings, corpus = _index(tmp_path, embedder, {"lanterns.txt": OLD})
    engine = Engine(settings.index, settings.rag, embedder=embedder)
    old = engine.snapshot().commit
    rank, seen = engine.rank, {}

    def rank_then_reload(snap, *args, **kwargs):
        ranking = rank(snap, *args, **kwargs)
        if "museum" in seen or snap.commit is not old:  # once; not for the concurrent request's own retrieval
            return ranking
        (corpus / "museum.txt").write_text(MUSEUM, encoding="utf-8")
        _ingest(settings, embedder, corpus)
        other = threading.Thread(target=lambda: seen.update(museum=engine.ask(Query(MUSEUM_QUESTION))))
        other.start()
        other.join()
        seen["open_during"] = not snap.commit.lexical.closed
        return ranking

    engine.rank = rank_then_reload  # type: ignore[method-assign]
    stream = engine.stream(Query(QUESTION))
    if streamed:
        first = next(stream)  # the answer has started: it holds its commit from here
        assert isinstance(first, str) and not old.lexical.closed
    *_, answer = stream
    assert seen["open_during"] and old.lexical.closed  # closed after the answer, not under it
    assert "917" in answer.answer and {r.chunk_id for r in answer.retrieved} <= old.committed
    new = engine.snapshot().commit
    assert new is not old and not new.lexical.closed
    assert "42" in seen["museum"].answer  # the concurrent request answered from the new commit
