"""The query engine: validate a question, retrieve hybrid passages, compose a cited `Answer`.

One `Engine` holds the model, the Chroma client and the lexical index, is built once per process from
`Settings`, and is shared by the CLI, the server and the eval harness. Answer modes come from a registry
(`extractive` by default). It does not parse command lines or HTTP.
"""

from __future__ import annotations

import logging
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from typing import Any

from index.embedding import Embedder, load_embedder
from index.errors import UsageError
from index.language import LanguageDetector
from index.lexical import LexicalFormatError, LexicalIndex
from index.registry import Registry
from index.store import Manifest, fingerprint, manifest_stamp, open_client, open_collection
from rag.answer import ExtractiveAnswerer
from rag.semantic import SentenceSimilarity
from rag.types import Answer, Passage, Query, Retrieved, Timings, Turn

ANSWER_MODES: Registry[Any] = Registry("answer mode")


class QuestionError(UsageError, ValueError):
    """The question (or its options) cannot be answered as given; the message says why."""


@ANSWER_MODES.register("extractive")
def _extractive(engine: Engine) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(
        document_frequency=engine.lexical.document_frequency(),
        corpus_size=len(engine.lexical),
        languages=engine.corpus_languages(),
        threshold=engine.settings.abstain_threshold,
        max_sentences=engine.settings.max_sentences,
        similarity=engine.similarity,
    )


@ANSWER_MODES.register("llm")
def _llm(engine: Engine) -> Any:
    from rag.llm import LLMAnswerer  # imports the OpenAI client only when an LLM is configured

    return LLMAnswerer(engine, fallback=_extractive(engine))


def clean_question(question: str, limit: int) -> str:
    """Control characters become spaces; empty or over-long questions are refused with a reason."""
    if not isinstance(question, str):
        raise QuestionError("the question must be a string")
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in question)
    text = " ".join(text.split())
    if not text:
        raise QuestionError("the question is empty")
    if len(text) > limit:
        raise QuestionError(f"the question is too long ({len(text)} characters; the limit is {limit})")
    return text


class Engine:
    """Answers questions over the index. Thread-safe for concurrent `ask` calls; `reload` after ingest."""

    def __init__(
        self,
        settings: Any,  # TRANSITIONAL (issue 11): ui.settings.Settings until it takes sections
        embedder: Embedder | None = None,
        client: Any | None = None,
    ) -> None:
        from llama_index.core import Settings as LlamaSettings
        from llama_index.core.llms import MockLLM

        LlamaSettings.llm = MockLLM()  # no LLM unless an answer mode brings one (None would print a notice)
        self.settings = settings
        self.embedder = embedder or load_embedder(settings)
        self.client = client or open_client(settings)
        self.detector = LanguageDetector(settings.languages)
        self.similarity = SentenceSimilarity(self.embedder)  # kept across reloads: its cache is keyed by text
        self._lock = threading.RLock()
        self.reload()

    def reload(self) -> None:
        """Re-read the manifest and lexical index (after an ingest) and rebuild the answerer."""
        from rag.retrieve import vector_index

        with self._lock:
            self._load_snapshot()
            self.manifest.check(fingerprint(self.settings, self.embedder))
            self.collection = open_collection(self.settings, self.client)
            self.vector_index = vector_index(self.collection, self.embedder)
            self.answer_mode = self._choose_answer_mode()
            self.answerer = ANSWER_MODES.create(self.answer_mode, self)

    def _load_snapshot(self, attempts: int = 5) -> None:
        """The manifest and the lexical segments it names, as one commit. An ingest committing meanwhile may
        remove segments the manifest read a moment ago named: then the newer manifest is read."""
        for attempt in range(attempts):
            self._stamp = manifest_stamp(self.settings)  # taken first: a later commit triggers another reload
            self.manifest = Manifest.load(self.settings.manifest_path)
            try:
                self.lexical = LexicalIndex.committed(self.settings.lexical_dir, self.manifest)
                return
            except LexicalFormatError:
                if attempt == attempts - 1 or manifest_stamp(self.settings) == self._stamp:
                    raise

    def sync(self) -> None:
        """Reload if an ingest in any process (sharing this data dir) committed a new manifest since."""
        if manifest_stamp(self.settings) != self._stamp:
            self.reload()

    def _choose_answer_mode(self) -> str:
        """ "llm" when an LLM server is configured sensibly; otherwise the configured mode, with a warning."""
        from rag.llm_config import answer_mode

        mode, self.llm_problem = answer_mode(self.settings.rag)  # a configured LLM that cannot be used: answers say so
        if self.llm_problem is not None:
            logging.getLogger("rag.llm").warning("%s; answering in %s mode", self.llm_problem, mode)
        return mode

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
        return {
            "documents": len(docs),
            "chunks": sum(len(d.chunk_ids) for d in docs),
            "languages": dict(Counter(d.language for d in docs)),
            "embedding_model": self.settings.embed_model,
            "embedding_backend": self.embedder.backend,
            "answer_mode": self.answer_mode,
            **({"llm": self.answerer.describe()} if self.answer_mode == "llm" else {}),
            "data_dir": str(self.settings.data_dir),
            "vector_store": self.settings.chroma_url or str(self.settings.chroma_dir),
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

        from rag.retrieve import HybridRetriever, LexicalRetriever, dense_retriever

        k = top_k or self.settings.top_k
        query = f"{context} {question}".strip()
        self.sync()
        with self._lock:
            index, lexical = self.vector_index, self.lexical
        retrievers = {
            "dense": lambda n: dense_retriever(index, n, lang),
            "lexical": lambda n: LexicalRetriever(lexical, n, lang),
        }
        if mode == "hybrid":
            candidates = max(self.settings.candidates, k)
            retriever = HybridRetriever(
                retrievers["dense"](candidates),
                retrievers["lexical"](candidates),
                top_k=k,
                rrf_k=self.settings.rrf_k,
                weights=self.settings.rag.fusion_weights(self.settings.index.embed_model),
            )
        elif mode in retrievers:
            retriever = retrievers[mode](k)
        else:
            raise ValueError(f"unknown retrieval mode {mode!r}; valid: dense, hybrid, lexical")
        embedding = self.embedder.embed_query(query).tolist() if mode != "lexical" else None
        bundle = QueryBundle(query_str=query, embedding=embedding)
        return [Passage.from_node(hit) for hit in retriever.retrieve(bundle)]

    def ask(self, query: Query) -> Answer:
        """The whole answer at once: the last item of `stream`."""
        if self.answer_mode == "llm":
            *_, answer = self.stream(query)
            assert isinstance(answer, Answer)
            return answer
        started = time.perf_counter()
        question, lang = self._checked(query.question, query.top_k, query.lang)
        history = query.history
        context = follow_up_context(history)
        language = self.detect_language(question)
        passages = self.retrieve(question, query.top_k, lang, context, mode=query.retrieval)
        retrieved_at = time.perf_counter()
        with self._lock:
            answerer = self.answerer
        composed = answerer.compose(question, language, passages, context, previous_answer(history, question))
        done = time.perf_counter()
        answer = Answer(
            question=question,
            answer=composed.text,
            abstained=composed.abstained,
            mode=self.answer_mode,
            language=language,
            citations=composed.citations,
            retrieved=[Retrieved(source=p.source, chunk_id=p.chunk_id, score=round(p.score, 6)) for p in passages],
            timings_ms=Timings(
                retrieve=round((retrieved_at - started) * 1000, 2),
                answer=round((done - retrieved_at) * 1000, 2),
                total=round((done - started) * 1000, 2),
            ),
        )
        return _with_problem(answer, self.llm_problem) if self.llm_problem else answer

    def stream(self, query: Query) -> Iterator[str | Answer]:
        """Text pieces of the answer as they are ready, then the final `Answer`."""
        if self.answer_mode == "llm":
            yield from self._stream_llm(query)
            return
        answer = self.ask(query)
        yield from _pieces(answer.answer)
        yield answer

    def _stream_llm(self, query: Query) -> Iterator[str | Answer]:
        # The model's own deltas; the final Answer's text (citations checked) is authoritative.
        started = time.perf_counter()
        question, lang = self._checked(query.question, query.top_k, query.lang)
        with self._lock:
            answerer = self.answerer
        language = self.detect_language(question)
        yield from answerer.stream(question, language, query.top_k, lang, query.history, query.retrieval, started)

    def _checked(self, question: str, top_k: int | None, lang: str | None) -> tuple[str, str | None]:
        question = clean_question(question, self.settings.max_question_chars)
        if top_k is not None and not 1 <= top_k <= 50:
            raise QuestionError("top_k must be between 1 and 50")
        if lang is not None and (len(lang) != 2 or not lang.isalpha()):
            raise QuestionError(f"lang must be a two-letter language code, not {lang!r}")
        return question, lang.lower() if lang else None


def previous_answer(history: list[Turn], question: str) -> str:
    """The last answer, unless the follow-up asks the very same question again (then repeating it is right)."""
    asked = [t.content for t in history if t.role == "user"]
    if asked and " ".join(asked[-1].split()).casefold() == question.casefold():
        return ""
    return next((t.content for t in reversed(history) if t.role == "assistant"), "")


def _with_problem(answer: Answer, problem: str) -> Answer:
    """An extractive answer given because the configured LLM settings are unusable: marked as a fallback."""
    from rag.prompts import fallback_notice, notice_line

    text = f"{fallback_notice(answer.language)}\n\n{answer.answer}"
    return answer.model_copy(update={"answer": text, "mode": "extractive-fallback", "notice": notice_line(problem)})


def follow_up_context(history: list[Turn], turns: int = 2) -> str:
    """The last user questions: a follow-up ("and the budget?") is retrieved together with them."""
    asked = [t.content for t in history if t.role == "user" and t.content.strip()]
    return " ".join(asked[-turns:])


def _pieces(text: str, size: int = 3) -> Iterator[str]:
    words = text.split(" ")
    for i in range(0, len(words), size):
        yield " ".join(words[i : i + size]) + (" " if i + size < len(words) else "")
