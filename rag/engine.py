"""The query engine: one path from a `Query` to a cited `Answer`, through the stages of `rag/`.

validate (`rag/validate.py`) → snapshot (`rag/snapshot.py`: the current commit of the index and the answerers
built on it, taken once per question) → plan (`rag/plan.py`: follow-up context, left out for a question that
stands alone; in LLM mode condensing and translation) → retrieve (`rag/retrieve.py`: hybrid retrieval) → re-rank
(`rag/rerank.py`: by the sentence that would answer; the rankings of several queries are then fused) → compose
(the answer mode's `Answerer`, `rag/modes.py`, reusing the windows the re-ranking scored) → `build_answer`.
`stream` is that path; `ask` drains it. When the LLM fails (`LLMFailure`) or its settings are unusable, the engine
composes extractively from the same passages and marks the answer "extractive-fallback" with a notice. One
`Engine` holds the model, the Chroma client and the current snapshot, is built once per process from the index's
and the query layer's settings, and is shared by the CLI, the server and the eval harness. It does not parse
command lines or HTTP.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
from collections import Counter
from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from index.embedding import Embedder, load_embedder
from index.language import LanguageDetector
from index.settings import IndexSettings
from index.store import manifest_stamp, open_client
from rag.answerer import build_answer, pieces
from rag.followup_cues import continues, refers_back
from rag.llm_client import LLMFailure
from rag.modes import ANSWER_MODES
from rag.plan import STANDS_ALONE, alone, plan, rewrite
from rag.prompts import fallback_notice, notice_line
from rag.question_language import has_letter, question_language, tells_little
from rag.question_words import WORD
from rag.rerank import Ranking, rerank
from rag.retrieve import build_retriever, reciprocal_rank_fusion
from rag.semantic import SentenceSimilarity
from rag.settings import RagSettings
from rag.snapshot import Commits, Snapshot, answering, load_commit
from rag.subject import names_its_subject, says_enough
from rag.types import Answer, Composed, Passage, Plan, Query, Turn
from rag.validate import QuestionError, checked, clean_question

__all__ = ["ANSWER_MODES", "Engine", "QuestionError", "clean_question"]

log = logging.getLogger("rag.llm")
# A follow-up is retrieved with the earlier questions ("and the budget?" with "tell me about Ne Zha 2"), so the chunk
# holding the new fact often ranks below the first few: its re-ranking reads this many times as deep.
FOLLOW_UP_DEPTH = 3


class Engine:
    """Answers questions over the index. Thread-safe for concurrent `ask` calls; follows ingests by itself.

    Every question is answered from one `Snapshot` (`rag/snapshot.py`): one commit of the index and the answerers
    built on it, taken once at the start and passed through planning, retrieval, re-ranking and composing.
    """

    def __init__(
        self,
        index: IndexSettings,
        settings: RagSettings,
        embedder: Embedder | None = None,
        client: Any | None = None,
    ) -> None:
        from llama_index.core import Settings as LlamaSettings
        from llama_index.core.llms import MockLLM

        LlamaSettings.llm = MockLLM()  # no LLM unless an answer mode brings one (None would print a notice)
        self.index_settings, self.settings = index, settings
        self.embedder = embedder or load_embedder(index)
        self.client = client or open_client(index)
        self.detector = LanguageDetector(index.languages)
        self.similarity = SentenceSimilarity(self.embedder)  # kept across reloads: its caches are keyed by text
        self._commits = Commits(lambda: load_commit(index, self.embedder, self.client), lambda: manifest_stamp(index))
        self._lock = threading.Lock()
        self._snapshot = answering(self._commits.current(), settings, self.similarity)

    def snapshot(self) -> Snapshot:
        """What the next answer reads: the current commit (reloaded first if an ingest committed since) with the
        answerers built on it (not held: what reads its lexical index uses `hold`). A reload or rebuild that fails
        raises and leaves the previous snapshot whole; the next call tries again."""
        with self._lock:
            commit = self._commits.current()
            if self._snapshot.commit is not commit:
                self._snapshot = answering(commit, self.settings, self.similarity)
            return self._snapshot

    @contextmanager
    def hold(self) -> Iterator[Snapshot]:
        """The current snapshot, its commit held until the block ends: an ingest replacing the commit meanwhile
        closes its lexical index only when the last such block (an answer in flight) ends."""
        while True:
            snap = self.snapshot()
            if snap.commit.lease.acquire():  # False only for a commit replaced a moment ago: take the new one
                break
        try:
            yield snap
        finally:
            snap.commit.lease.release()

    def reload(self) -> None:
        """Re-read the manifest and lexical index (after an ingest in this process) and rebuild the answerers."""
        with self._lock:
            commit = self._commits.reload()
            self._snapshot = answering(commit, self.settings, self.similarity)

    def sync(self) -> None:
        """Reload if an ingest in any process (sharing this data dir) committed a new manifest since."""
        self.snapshot()

    def with_settings(self, settings: RagSettings) -> Engine:
        """An engine answering with other query-layer settings over the same index, models and caches: it follows
        the same commits (a reload by either is seen by both) and builds its own answerers on each."""
        view = copy.copy(self)
        view.settings = settings
        view._lock = threading.Lock()
        view._snapshot = answering(self._snapshot.commit, settings, self.similarity)
        return view

    # -- facts about the index -------------------------------------------------------------------------
    @property
    def answer_mode(self) -> str:
        """The answer mode ("llm" or the configured one); it depends on the settings only."""
        return self._snapshot.mode

    def corpus_languages(self) -> list[str]:
        return self.snapshot().languages

    def documents(self) -> list[dict[str, Any]]:
        manifest = self.snapshot().commit.manifest
        return [
            {"source": d.source, "title": d.title, "language": d.language, "chunks": len(d.chunk_ids)}
            for d in sorted(manifest.documents.values(), key=lambda d: d.source)
        ]

    def info(self) -> dict[str, Any]:
        snap = self.snapshot()
        docs = snap.commit.manifest.documents.values()
        index = self.index_settings
        return {
            "documents": len(docs),
            "chunks": sum(len(d.chunk_ids) for d in docs),
            "languages": dict(Counter(d.language for d in docs)),
            "embedding_model": index.embed_model,
            "embedding_backend": self.embedder.backend,
            "answer_mode": snap.mode,
            **({"llm": snap.llm.describe()} if snap.llm is not None else {}),
            "data_dir": str(index.data_dir),
            "vector_store": index.chroma_url or str(index.chroma_dir),
        }

    # -- answering -------------------------------------------------------------------------------------
    def detect_language(self, question: str, reader: str | None = None, history: Sequence[Turn] = ()) -> str:
        """The language of a question, by its question word and its words, else, where it is too short to tell
        (`rag.question_language`), its conversation's (the last earlier question's), else the `reader`'s."""
        if tells_little(question):  # the last earlier question with a letter tells the conversation's language
            asked = [t.content for t in history if t.role == "user" and has_letter(t.content)]
            reader = question_language(self.detector, asked[-1], reader) if asked else reader
        return question_language(self.detector, question, reader)

    def retrieve(
        self,
        question: str,
        top_k: int | None = None,
        lang: str | None = None,
        context: str = "",
        mode: str = "hybrid",
    ) -> list[Passage]:
        """The passages an answer to `question` reads, in order (retrieval, then re-ranking in hybrid mode), from
        the current snapshot; `mode` "dense" or "lexical" runs one side alone (the eval's baselines)."""
        with self.hold() as snap:
            return self.rank(snap, question, top_k, lang, context, mode).passages

    def rank(
        self,
        snap: Snapshot,
        question: str,
        top_k: int | None = None,
        lang: str | None = None,
        context: str = "",
        mode: str = "hybrid",
    ) -> Ranking:
        """The retrieval stage over `snap`'s commit (held by the caller, see `hold`), then (hybrid) the re-ranking
        stage (`rag/rerank.py`) over its first max(top_k, rerank_depth) passages (`FOLLOW_UP_DEPTH` times as many
        for a follow-up, retrieved with its `context`); the top_k with the windows the re-ranking scored."""
        from llama_index.core.schema import QueryBundle

        k = top_k or self.settings.top_k
        depth = self.settings.rerank_depth * (FOLLOW_UP_DEPTH if context else 1) if mode == "hybrid" else 0
        query = f"{context} {question}".strip()
        commit, embed_model = snap.commit, self.index_settings.embed_model
        embed = self._embed_query
        retriever = build_retriever(
            commit.collection, commit.lexical, embed, mode, max(k, depth), lang, self.settings, embed_model,
            commit.committed,
        )  # fmt: skip
        embedding = embed(query) if mode != "lexical" else None
        passages = [Passage.from_node(hit) for hit in retriever.retrieve(QueryBundle(query, embedding=embedding))]
        if depth == 0:
            return Ranking(passages[:k])
        return rerank(snap.extractive.windows, question, context, passages).top(k)

    def _embed_query(self, text: str) -> list[float]:
        vector: list[float] = self.similarity.question(text).tolist()  # cached: answering reads it again
        return vector

    def ask(self, query: Query) -> Answer:
        """The whole answer at once: the last item of `stream`."""
        *_, answer = self.stream(query)
        assert isinstance(answer, Answer)
        return answer

    def stream(self, query: Query) -> Iterator[str | Answer]:
        """Text pieces of the answer as they are ready, then the final `Answer` (whose text is authoritative)."""
        started = time.perf_counter()
        question, lang = checked(query, self.settings.max_question_chars)
        with self.hold() as snap:  # the one commit every stage of this answer reads, held until it ends
            yield from self._stream(snap, question, lang, query, started)

    def _stream(
        self, snap: Snapshot, question: str, lang: str | None, query: Query, started: float
    ) -> Iterator[str | Answer]:
        planned = plan(question, self.detect_language(question, query.reader, query.history), query.history)
        problem = snap.llm_problem or (snap.llm.unavailable() if snap.llm is not None else None)
        if problem is None and snap.llm is not None:
            try:
                planned = rewrite(planned, query.history, snap.llm, self.settings, snap.languages)
            except LLMFailure as exc:
                log.warning("LLM failed before retrieval (%s); answering extractively", exc)
                problem = str(exc)
        planned, ranking = self._read(snap, planned, query.top_k, lang, query.retrieval)
        passages, retrieved_at, streamed = ranking.passages, time.perf_counter(), False
        if problem is None:
            try:
                for item in snap.answerer.stream(planned, passages, ranking.windows):
                    if isinstance(item, Composed):
                        yield build_answer(planned, item, snap.mode, passages, started, retrieved_at)
                        return
                    streamed = streamed or bool(item)
                    yield item
            except LLMFailure as exc:
                log.warning("LLM failed (%s); answering extractively", exc)
                problem = str(exc)
        composed = yield from self._fallback(snap, planned, ranking, streamed)
        notice = notice_line(problem or "")
        yield build_answer(planned, composed, "extractive-fallback", passages, started, retrieved_at, notice)

    def _read(
        self, snap: Snapshot, planned: Plan, top_k: int | None, lang: str | None, mode: str
    ) -> tuple[Plan, Ranking]:
        """The plan as it is read, with its ranking. A question asked in a conversation is read with the earlier
        questions only when it goes on from them. It is a new one, answered as if asked first, when it names
        something, held by the corpus or by no passage ("Qual è la capitale dell'Australia?": `names_its_subject`),
        or has no word at all ("🎬"); or when the passages it finds alone answer it, well (`STANDS_ALONE`) or at all
        if it is long enough to carry its subject (`says_enough`: "What illness afflicts the old man whose inner
        world the winning short portrays?"). Read with the earlier questions, "Где находится офис?" after a question
        on a film was answered from the film's passages. One opening with a conjunction ("E a quale festival…?")
        goes on, and so do one with a pronoun pointing back ("How much did it cost to make?") and one of question
        words only ("When?", "Perché?")."""
        if not planned.context or continues(planned.question) or refers_back(planned.question):
            return planned, self._ranking(snap, planned, top_k, lang, mode)
        first = alone(planned)
        ranking = self._ranking(snap, first, top_k, lang, mode)
        if WORD.search(planned.question) is None or names_its_subject(
            planned.question, planned.language, snap.extractive.windows.terms(planned.question)
        ):  # nothing to go on from ("🎬"), or a subject of its own
            return first, ranking
        composed = snap.extractive.compose(first.question, first.language, ranking.passages, windows=ranking.windows)
        if not composed.abstained and (
            composed.evidence >= STANDS_ALONE or says_enough(planned.question, [*snap.languages, planned.language])
        ):
            return first, ranking
        return planned, self._ranking(snap, planned, top_k, lang, mode)

    def _ranking(self, snap: Snapshot, planned: Plan, top_k: int | None, lang: str | None, mode: str) -> Ranking:
        """The plan's passages: its one query's ranking, or the fused rankings of its queries (a question's
        translations; each passage then scored with its fused reciprocal rank)."""
        if len(planned.queries) == 1:
            return self.rank(snap, planned.queries[0], top_k, lang, planned.context, mode)
        k = top_k or self.settings.top_k
        rankings = [
            (1.0, self.rank(snap, q, min(2 * k, 50), lang, planned.context, mode).passages) for q in planned.queries
        ]
        fused = reciprocal_rank_fusion(rankings, lambda p: p.chunk_id, self.settings.rrf_k, k)
        return Ranking([passage.model_copy(update={"score": score}) for passage, score in fused])

    def _fallback(
        self, snap: Snapshot, planned: Plan, ranking: Ranking, streamed: bool
    ) -> Generator[str, None, Composed]:
        """The extractive answer under the notice that the LLM was not used. In LLM mode it comes as one piece
        (after a paragraph break when the model's text had begun to stream), else in small pieces."""
        composed = snap.extractive.compose(
            planned.question,
            planned.language,
            ranking.passages,
            planned.conversation,
            planned.previous,
            ranking.windows,
        )
        text = f"{fallback_notice(planned.language)}\n\n{composed.text}"
        if snap.mode == "llm":
            yield ("\n\n" if streamed else "") + text
        else:
            yield from pieces(text)
        return Composed(text, composed.abstained, composed.citations)
