"""The query engine: one path from a `Query` to a cited `Answer`, through the stages of `rag/`.

validate (`rag/validate.py`) → plan (`rag/plan.py`: follow-up context; in LLM mode condensing and translation)
→ retrieve (`rag/retrieve.py`: hybrid retrieval, the rankings of several queries fused) → compose (the answer
mode's `Answerer`, `rag/modes.py`) → `build_answer`. `stream` is that path; `ask` drains it. When the LLM fails
(`LLMFailure`) or its settings are unusable, the engine composes extractively from the same passages and marks
the answer "extractive-fallback" with a notice. One `Engine` holds the model, the Chroma client and the lexical
index, is built once per process from the index's and the query layer's settings, and is shared by the CLI, the
server and the eval harness. It does not parse command lines or HTTP.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
from collections import Counter
from collections.abc import Generator, Iterator
from typing import Any

from index.embedding import Embedder, load_embedder
from index.language import LanguageDetector
from index.lexical import LexicalFormatError, LexicalIndex
from index.settings import IndexSettings
from index.store import Manifest, fingerprint, manifest_stamp, open_client, open_collection
from rag.answer import ExtractiveAnswerer
from rag.answerer import Answerer, build_answer, pieces
from rag.llm_client import LLMClient, LLMFailure
from rag.modes import ANSWER_MODES, AnswerParts
from rag.plan import plan, rewrite
from rag.prompts import fallback_notice, notice_line
from rag.retrieve import build_retriever, reciprocal_rank_fusion, vector_index
from rag.semantic import SentenceSimilarity
from rag.settings import RagSettings
from rag.types import Answer, Composed, Passage, Plan, Query
from rag.validate import QuestionError, checked, clean_question

__all__ = ["ANSWER_MODES", "Engine", "QuestionError", "clean_question"]

log = logging.getLogger("rag.llm")


class Engine:
    """Answers questions over the index. Thread-safe for concurrent `ask` calls; `reload` after ingest."""

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
        self.similarity = SentenceSimilarity(self.embedder)  # kept across reloads: its cache is keyed by text
        self._lock = threading.RLock()
        self.reload()

    def reload(self) -> None:
        """Re-read the manifest and lexical index (after an ingest) and rebuild the answerers."""
        index = self.index_settings
        with self._lock:
            self._load_snapshot()
            self.manifest.check(fingerprint(index, self.embedder))
            self.collection = open_collection(index, self.client)
            self.vector_index = vector_index(self.collection, self.embedder)
            self._build_answerers()

    def _load_snapshot(self, attempts: int = 5) -> None:
        """The manifest and the lexical segments it names, as one commit. An ingest committing meanwhile may
        remove segments the manifest read a moment ago named: then the newer manifest is read."""
        index = self.index_settings
        for attempt in range(attempts):
            self._stamp = manifest_stamp(index)  # taken first: a later commit triggers another reload
            self.manifest = Manifest.load(index.manifest_path)
            self.committed = frozenset(self.manifest.chunk_ids())
            try:
                self.lexical = LexicalIndex.committed(index.lexical_dir, self.manifest)
                return
            except LexicalFormatError:
                if attempt == attempts - 1 or manifest_stamp(index) == self._stamp:
                    raise

    def _build_answerers(self) -> None:
        """The answer mode ("llm" when an LLM server is configured sensibly; else the configured one, with a
        warning), its answerer, and the extractive one that answers when the LLM cannot."""
        from rag.llm_config import answer_mode

        self.answer_mode, self.llm_problem = answer_mode(self.settings)  # a configured LLM that cannot be used
        if self.llm_problem is not None:
            log.warning("%s; answering in %s mode", self.llm_problem, self.answer_mode)
        self.llm = LLMClient(self.settings) if self.answer_mode == "llm" else None
        parts = AnswerParts(
            self.settings,
            self.lexical.document_frequency(),
            len(self.lexical),
            self.corpus_languages(),
            self.similarity,
            self.llm,
        )
        self.answerer: Answerer = ANSWER_MODES.create(self.answer_mode, parts)
        extractive = self.answerer if self.answer_mode == "extractive" else ANSWER_MODES.create("extractive", parts)
        assert isinstance(extractive, ExtractiveAnswerer)
        self.extractive = extractive

    def with_settings(self, settings: RagSettings) -> Engine:
        """A shallow copy answering with other query-layer settings over the same index and models."""
        view = copy.copy(self)
        view.settings = settings
        view._build_answerers()
        return view

    def sync(self) -> None:
        """Reload if an ingest in any process (sharing this data dir) committed a new manifest since."""
        if manifest_stamp(self.index_settings) != self._stamp:
            self.reload()

    # -- facts about the index -------------------------------------------------------------------------
    def corpus_languages(self) -> list[str]:
        return sorted({doc.language for doc in self.manifest.documents.values()}) or ["en"]

    def documents(self) -> list[dict[str, Any]]:
        self.sync()
        return [
            {"source": d.source, "title": d.title, "language": d.language, "chunks": len(d.chunk_ids)}
            for d in sorted(self.manifest.documents.values(), key=lambda d: d.source)
        ]

    def info(self) -> dict[str, Any]:
        self.sync()
        docs = self.manifest.documents.values()
        index = self.index_settings
        return {
            "documents": len(docs),
            "chunks": sum(len(d.chunk_ids) for d in docs),
            "languages": dict(Counter(d.language for d in docs)),
            "embedding_model": index.embed_model,
            "embedding_backend": self.embedder.backend,
            "answer_mode": self.answer_mode,
            **({"llm": self.llm.describe()} if self.llm is not None else {}),
            "data_dir": str(index.data_dir),
            "vector_store": index.chroma_url or str(index.chroma_dir),
        }

    # -- answering -------------------------------------------------------------------------------------
    def detect_language(self, text: str) -> str:
        return self.detector.detect(text)

    def retrieve(
        self,
        question: str,
        top_k: int | None = None,
        lang: str | None = None,
        context: str = "",
        mode: str = "hybrid",
    ) -> list[Passage]:
        """Passages for a question; `mode` "dense" or "lexical" runs one side alone (the eval's baselines)."""
        from llama_index.core.schema import QueryBundle

        k = top_k or self.settings.top_k
        query = f"{context} {question}".strip()
        self.sync()
        with self._lock:  # one commit's view: its manifest's chunks, its lexical segments
            index, lexical, committed = self.vector_index, self.lexical, self.committed
            extractive = self.extractive
        embed_model = self.index_settings.embed_model
        pool = max(k, self.settings.rerank_depth) if mode == "hybrid" else k
        retriever = build_retriever(index, lexical, mode, pool, lang, self.settings, embed_model, committed)
        embedding = self.similarity.question(query).tolist() if mode != "lexical" else None
        bundle = QueryBundle(query_str=query, embedding=embedding)
        passages = [Passage.from_node(hit) for hit in retriever.retrieve(bundle)]
        if mode == "hybrid" and self.settings.rerank_depth > 0:
            passages = extractive.rerank(question, passages, context)  # by the sentence that would answer
        return passages[:k]

    def ask(self, query: Query) -> Answer:
        """The whole answer at once: the last item of `stream`."""
        *_, answer = self.stream(query)
        assert isinstance(answer, Answer)
        return answer

    def stream(self, query: Query) -> Iterator[str | Answer]:
        """Text pieces of the answer as they are ready, then the final `Answer` (whose text is authoritative)."""
        started = time.perf_counter()
        question, lang = checked(query, self.settings.max_question_chars)
        with self._lock:
            answerer, llm = self.answerer, self.llm
        planned = plan(question, self.detect_language(question), query.history)
        problem = self.llm_problem or (llm.unavailable() if llm is not None else None)
        if problem is None and llm is not None:
            try:
                planned = rewrite(planned, query.history, llm, self.settings, self.corpus_languages())
            except LLMFailure as exc:
                log.warning("LLM failed before retrieval (%s); answering extractively", exc)
                problem = str(exc)
        passages = self._passages(planned, query.top_k, lang, query.retrieval)
        retrieved_at = time.perf_counter()
        streamed = False
        if problem is None:
            try:
                for item in answerer.stream(planned, passages):
                    if isinstance(item, Composed):
                        yield build_answer(planned, item, self.answer_mode, passages, started, retrieved_at)
                        return
                    streamed = streamed or bool(item)
                    yield item
            except LLMFailure as exc:
                log.warning("LLM failed (%s); answering extractively", exc)
                problem = str(exc)
        composed = yield from self._fallback(planned, passages, streamed)
        notice = notice_line(problem or "")
        yield build_answer(planned, composed, "extractive-fallback", passages, started, retrieved_at, notice)

    def _passages(self, planned: Plan, top_k: int | None, lang: str | None, mode: str) -> list[Passage]:
        """The plan's passages: its one query's, or the fused rankings of its queries (a question's translations)."""
        if len(planned.queries) == 1:
            return self.retrieve(planned.queries[0], top_k, lang, planned.context, mode=mode)
        k = top_k or self.settings.top_k
        rankings = [(1.0, self.retrieve(q, min(2 * k, 50), lang, planned.context, mode=mode)) for q in planned.queries]
        fused = reciprocal_rank_fusion(rankings, lambda p: p.chunk_id, self.settings.rrf_k, k)
        return [passage.model_copy(update={"score": score}) for passage, score in fused]

    def _fallback(self, planned: Plan, passages: list[Passage], streamed: bool) -> Generator[str, None, Composed]:
        """The extractive answer under the notice that the LLM was not used. In LLM mode it comes as one piece
        (after a paragraph break when the model's text had begun to stream), else in small pieces."""
        with self._lock:
            extractive = self.extractive
        composed = extractive.compose(
            planned.question, planned.language, passages, planned.conversation, planned.previous
        )
        text = f"{fallback_notice(planned.language)}\n\n{composed.text}"
        if self.answer_mode == "llm":
            yield ("\n\n" if streamed else "") + text
        else:
            yield from pieces(text)
        return Composed(text, composed.abstained, composed.citations)
