"""The registry of answer modes: "extractive" (quotes the passages) and "llm" (generates from them).

A mode is a factory from `AnswerParts` (the settings, the corpus statistics and, for "llm", the injected
`LLMClient`) to an `Answerer` (`rag/answerer.py`); the engine builds one at every reload, and a copy of it
with other settings for the eval's abstention sweep. It does not choose the mode (`rag/llm_config.py` does)
or answer questions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from index.registry import Registry
from rag.answer import ExtractiveAnswerer
from rag.answerer import Answerer
from rag.grounding import SupportScorer
from rag.llm import LLMAnswerer
from rag.llm_client import LLMClient
from rag.semantic import SentenceSimilarity
from rag.settings import RagSettings

ANSWER_MODES: Registry[Answerer] = Registry("answer mode")


@dataclass(frozen=True)
class AnswerParts:
    """What an answerer is built from: settings, the index's term statistics and languages, the encoder."""

    settings: RagSettings
    document_frequency: Mapping[str, int]
    corpus_size: int
    languages: list[str]
    similarity: SentenceSimilarity | None = None
    llm: LLMClient | None = None


@ANSWER_MODES.register("extractive")
def extractive(parts: AnswerParts) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(
        document_frequency=parts.document_frequency,
        corpus_size=parts.corpus_size,
        languages=parts.languages,
        threshold=parts.settings.abstain_threshold,
        max_sentences=parts.settings.max_sentences,
        similarity=parts.similarity,
    )


@ANSWER_MODES.register("llm")
def llm(parts: AnswerParts) -> LLMAnswerer:
    client = parts.llm or LLMClient(parts.settings)
    scorer = SupportScorer(parts.document_frequency, parts.corpus_size, parts.languages, parts.similarity)
    return LLMAnswerer(parts.settings, client, scorer)
