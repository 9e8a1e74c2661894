"""The "llm" answer mode: grounded, streamed answers from any OpenAI-compatible server, with a safe fallback.

The model is reached through llama-index's `OpenAILike` (Ollama, llama.cpp server, vLLM, LM Studio, OpenAI).
A request runs: condense a follow-up with the chat history into a standalone question, optionally translate it
into the corpus's other languages and fuse the retrievals (reciprocal rank), prompt with the numbered passages,
stream the reply through `CitationStream`, then verify citations and sentence support (`rag/grounding.py`).
Any failure of the server (unreachable, timeout, HTTP error, stream cut off, empty or invalid reply) turns into
the extractive answer with a visible notice and mode "extractive-fallback"; nothing is cached, so the next
request tries the model again. A server that is unreachable at startup gives "extractive-fallback" answers too
(without trying it) until a probe (at most every `REPROBE_SECONDS`) finds it. Every fallback `Answer` carries a
one-line `notice` with the reason. It does not validate questions or parse requests (the engine does).
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from index.errors import UnavailableError
from rag.grounding import CitationStream, SupportScorer, verify
from rag.llm_config import build_llm, describe, probe
from rag.prompts import (
    abstain_text,
    answer_messages,
    condense_messages,
    fallback_notice,
    notice_line,
    parse_single_line,
    parse_translations,
    translate_messages,
)
from rag.types import Answer, Citation, Passage, Retrieved, Timings

if TYPE_CHECKING:
    from rag.answer import ExtractiveAnswerer
    from rag.engine import Engine
    from rag.types import Turn

log = logging.getLogger("rag.llm")

REPROBE_SECONDS = 30.0  # how often an unreachable-at-startup server is looked for again
_THINK_OPEN, _THINK_CLOSE = "<think>", "</think>"


class LLMFailure(UnavailableError):
    """The model could not give a usable answer; the message says why (for the log, never for the user)."""


def without_thinking(deltas: Iterable[str]) -> Iterator[str]:
    """Drop a leading <think>...</think> block (reasoning models such as DeepSeek-R1 and Qwen3 stream one first)."""
    stream = iter(deltas)
    head = ""
    for delta in stream:
        head += delta
        lead = head.lstrip()
        if len(lead) < len(_THINK_OPEN) and _THINK_OPEN.startswith(lead):
            continue  # cannot tell yet
        if lead.startswith(_THINK_OPEN):
            for more in stream:
                head += more
                if _THINK_CLOSE in head:
                    break
            head = head.partition(_THINK_CLOSE)[2]
        break
    started = False
    for delta in itertools.chain([head], stream):
        if not started:  # leading whitespace would only shift the answer
            delta = delta.lstrip()
            started = bool(delta)
        if delta:
            yield delta


class LLMAnswerer:
    """Streams grounded answers from the configured model; built by the engine's "llm" answer mode."""

    def __init__(self, engine: Engine, fallback: ExtractiveAnswerer, llm: Any | None = None) -> None:
        self.engine, self.settings, self.fallback = engine, engine.settings, fallback
        self.llm = llm or build_llm(self.settings)
        self.scorer = SupportScorer(fallback.df, fallback.n, fallback.languages)
        self._probe_lock = threading.Lock()
        self.available, self.warnings = probe(self.settings)
        self._probed_at = time.monotonic()
        for warning in self.warnings:
            log.warning(warning)

    def describe(self) -> dict[str, Any]:
        return {
            "base_url": self.settings.llm_base_url,
            "model": self.settings.llm_model,
            "reachable": self.available,
            "warnings": list(self.warnings),
        }

    # -- one request -----------------------------------------------------------------------------------
    def stream(
        self,
        question: str,
        language: str,
        top_k: int | None,
        lang: str | None,
        history: list[Turn],
        retrieval: str,
        started: float,
    ) -> Iterator[str | Answer]:
        """Text pieces as the model writes them, then the final `Answer` (whose text is authoritative)."""
        context = _user_context(history)
        if not self._reachable():
            passages = self.engine.retrieve(question, top_k, lang, context, mode=retrieval)
            yield from self._extractive(question, language, passages, context, started, self._unreachable())
            return
        try:
            standalone = question
            if history and self.settings.llm_condense_followups:
                standalone, context = self._condense(question, history), ""
            queries = [standalone]
            if self.settings.llm_translate_queries:
                queries += self._translations(standalone, language)
        except LLMFailure as exc:
            log.warning("LLM failed before retrieval (%s); answering extractively", exc)
            passages = self.engine.retrieve(question, top_k, lang, _user_context(history), mode=retrieval)
            yield from self._extractive(question, language, passages, _user_context(history), started, str(exc))
            return
        passages = self._retrieve(queries, top_k, lang, context, retrieval)
        retrieved_at = time.perf_counter()
        if not passages:
            text = abstain_text(language)
            yield text
            yield self._answer(question, text, True, "llm", language, [], passages, [], started, retrieved_at)
            return
        pairs = answer_messages(standalone, language, passages, self.settings.llm_max_sentences)
        citations = CitationStream(len(passages))
        try:
            for delta in without_thinking(self._deltas(pairs)):
                if piece := citations.feed(delta):
                    yield piece
            if tail := citations.close():
                yield tail
            text = citations.text.strip()
            if not text:
                raise LLMFailure("the model returned an empty answer")
        except LLMFailure as exc:
            log.warning("LLM failed (%s); answering extractively", exc)
            yield from self._extractive(
                question, language, passages, _user_context(history), started, str(exc), streamed=bool(citations.text)
            )
            return
        checked = verify(
            text,
            language,
            passages,
            citations.order,
            self.scorer,
            self.settings.llm_support_threshold,
            abstain_text(language),
        )
        yield self._answer(
            question, text, checked.abstained, "llm", language, checked.citations, passages, checked.unsupported,
            started, retrieved_at,
        )  # fmt: skip

    # -- steps -----------------------------------------------------------------------------------------
    def _unreachable(self) -> str:
        found = [w for w in self.warnings if "not reachable" in w]
        return found[0] if found else f"the LLM server at {self.settings.llm_base_url} is not reachable"

    def _reachable(self) -> bool:
        if self.available:
            return True
        with self._probe_lock:
            if not self.available and time.monotonic() - self._probed_at >= REPROBE_SECONDS:
                self.available, self.warnings = probe(self.settings)
                self._probed_at = time.monotonic()
                if self.available:
                    log.warning("the LLM server at %s answers again; generating answers", self.settings.llm_base_url)
        return self.available

    def _messages(self, pairs: list[tuple[str, str]]) -> list[Any]:
        from llama_index.core.llms import ChatMessage

        return [ChatMessage(role=role, content=content) for role, content in pairs]

    def _deltas(self, pairs: list[tuple[str, str]]) -> Iterator[str]:
        finished = False
        try:
            for chunk in self.llm.stream_chat(self._messages(pairs)):
                choices = getattr(chunk.raw, "choices", None) or []
                finished = finished or bool(choices and choices[0].finish_reason)
                if chunk.delta:
                    yield chunk.delta
        except Exception as exc:  # every transport, HTTP and parse error of any server means: fall back
            raise LLMFailure(describe(exc)) from None
        if not finished:
            raise LLMFailure("the stream ended before the model finished its answer")

    def _complete(self, pairs: list[tuple[str, str]]) -> str:
        try:
            reply = self.llm.chat(self._messages(pairs))
        except Exception as exc:  # as in _deltas
            raise LLMFailure(describe(exc)) from None
        text = re.sub(rf"^\s*{_THINK_OPEN}.*?{_THINK_CLOSE}", "", reply.message.content or "", flags=re.DOTALL)
        if not text.strip():
            raise LLMFailure("the model returned an empty reply")
        return text.strip()

    def _condense(self, question: str, history: list[Turn]) -> str:
        turns = [(t.role, t.content) for t in history[-6:] if t.content.strip()]
        standalone = parse_single_line(self._complete(condense_messages(question, turns)))
        if not standalone:
            raise LLMFailure("the model returned no standalone question")
        return standalone[: self.settings.max_question_chars]

    def _translations(self, query: str, language: str) -> list[str]:
        targets = [code for code in self.engine.corpus_languages() if code != language]
        if not targets:
            return []
        found = parse_translations(self._complete(translate_messages(query, targets)), targets)
        return [text for text in found.values() if text.casefold() != query.casefold()]

    def _retrieve(
        self, queries: list[str], top_k: int | None, lang: str | None, context: str, retrieval: str
    ) -> list[Passage]:
        if len(queries) == 1:
            return self.engine.retrieve(queries[0], top_k, lang, context, mode=retrieval)
        k = top_k or self.settings.top_k
        fused: dict[str, float] = {}
        seen: dict[str, Passage] = {}
        for query in queries:
            for rank, passage in enumerate(self.engine.retrieve(query, min(2 * k, 50), lang, context, mode=retrieval)):
                fused[passage.chunk_id] = fused.get(passage.chunk_id, 0.0) + 1 / (self.settings.rrf_k + rank + 1)
                seen.setdefault(passage.chunk_id, passage)
        ranked = sorted(fused, key=fused.__getitem__, reverse=True)[:k]
        return [seen[key].model_copy(update={"score": fused[key]}) for key in ranked]

    def _extractive(
        self,
        question: str,
        language: str,
        passages: list[Passage],
        context: str,
        started: float,
        reason: str,
        streamed: bool = False,
    ) -> Iterator[str | Answer]:
        retrieved_at = time.perf_counter()
        composed = self.fallback.compose(question, language, passages, context)
        text = f"{fallback_notice(language)}\n\n{composed.text}"
        yield ("\n\n" if streamed else "") + text
        answer = self._answer(
            question, text, composed.abstained, "extractive-fallback", language, composed.citations, passages, [],
            started, retrieved_at,
        )  # fmt: skip
        yield answer.model_copy(update={"notice": notice_line(reason)})

    def _answer(
        self,
        question: str,
        text: str,
        abstained: bool,
        mode: str,
        language: str,
        citations: list[Citation],
        passages: list[Passage],
        unsupported: list[int],
        started: float,
        retrieved_at: float,
    ) -> Answer:
        done = time.perf_counter()
        return Answer(
            question=question,
            answer=text,
            abstained=abstained,
            mode=mode,
            language=language,
            citations=citations,
            retrieved=[Retrieved(source=p.source, chunk_id=p.chunk_id, score=round(p.score, 6)) for p in passages],
            timings_ms=Timings(
                retrieve=round((retrieved_at - started) * 1000, 2),
                answer=round((done - retrieved_at) * 1000, 2),
                total=round((done - started) * 1000, 2),
            ),
            unsupported=unsupported,
        )


def _user_context(history: list[Turn]) -> str:
    from rag.engine import follow_up_context

    return follow_up_context(history)
