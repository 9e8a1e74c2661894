"""The extractive answerer the answer-stage tests build over a few hand-made passages: document frequencies counted
from those passages alone, no encoder (words met by their forms only), no abstention threshold, one quote."""

from __future__ import annotations

from collections import Counter

from index.analyze import sentence_forms
from rag.answer import ExtractiveAnswerer
from rag.types import Passage


def extractive_answerer(passages: list[Passage]) -> ExtractiveAnswerer:
    frequency = Counter(f for p in passages for f in set(sentence_forms(p.text, p.language)))
    return ExtractiveAnswerer(frequency, 10, ["en", "it", "ru"], threshold=0.0, max_sentences=1)
