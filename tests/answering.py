"""The extractive answerer the answer-stage tests build over a few hand-made passages: document frequencies counted
from those passages alone; `extractive_answerer` has no encoder (words met by their forms only), no abstention
threshold and one quote, `semantic_answerer` the real encoder and the default abstention threshold."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from index.analyze import sentence_forms
from rag.answer import ExtractiveAnswerer
from rag.types import Passage


def extractive_answerer(passages: list[Passage]) -> ExtractiveAnswerer:
    frequency = Counter(f for p in passages for f in set(sentence_forms(p.text, p.language)))
    return ExtractiveAnswerer(frequency, 10, ["en", "it", "ru"], threshold=0.0, max_sentences=1)


def semantic_answerer(embedder: Any, *corpora: Mapping[str, str]) -> ExtractiveAnswerer:
    """Over the texts of `corpora` (language -> text), with meaning read by `embedder`, as the engine answers."""
    from rag.semantic import SentenceSimilarity
    from rag.settings import RagSettings

    texts = [(lang, text) for corpus in corpora for lang, text in corpus.items()]
    frequency = Counter(f for lang, text in texts for f in set(sentence_forms(text, lang)))
    threshold = RagSettings().abstain_threshold
    return ExtractiveAnswerer(
        frequency, len(texts), ["en", "it", "ru"], threshold, similarity=SentenceSimilarity(embedder)
    )
