"""The IDF weight of a term, from the document frequencies the lexical index keeps (`index/lexical.py`).

The extractive answerer (`rag/answer.py`) weighs question terms and the grounding check (`rag/grounding.py`)
weighs answer terms with the same `idf`; they differ only in what a term the corpus never uses weighs.
It does not tokenise text or score sentences.
"""

from __future__ import annotations

import math
from collections.abc import Mapping


def idf(document_frequency: Mapping[str, int], corpus_size: int, forms: set[str], unseen: float = 0.0) -> float:
    """BM25's IDF of a term (any of its `forms`, the most frequent counts); `unseen` for a term no chunk holds."""
    df = max((document_frequency.get(form, 0) for form in forms), default=0)
    return math.log(1 + (corpus_size - df + 0.5) / (df + 0.5)) if df else unseen


def max_idf(corpus_size: int) -> float:
    """The IDF formula at a document frequency of zero: what a word no chunk holds may weigh."""
    return math.log(1 + (corpus_size + 0.5) / 0.5)
