"""Semantic similarity between a question and candidate sentences, in any language the encoder covers.

The answerer asks how close each sentence of the retrieved passages is in meaning to the question, so
"grand prize" finds "Gran Premio" and "box office" finds "botteghino" where no word is shared. Sentences are
embedded as passages and the question as a query with the index's own embedder (same model, same roles), and
their vectors are kept in a bounded in-process cache, since the same passages come back for many questions.
It does not choose sentences or decide abstention (see `rag/answer.py`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from index.embedding import Embedder

CACHE_SENTENCES = 50_000  # about 100 MB of 512-d float32 vectors at most
CACHE_QUESTIONS = 256  # recent query vectors: retrieval embeds the question a moment before the answerer does


class SentenceSimilarity:
    """Cosine similarity of a question to sentences, with an LRU cache of sentence vectors."""

    def __init__(self, embedder: Embedder, cache_size: int = CACHE_SENTENCES) -> None:
        self.embedder, self.cache_size = embedder, cache_size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._questions: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def question(self, text: str) -> np.ndarray:
        """The query vector of `text` (the encoder runs once per recent question: retrieval and answering share it)."""
        with self._lock:
            vector = self._questions.get(text)
            if vector is not None:
                self._questions.move_to_end(text)
                return vector
        vector = self.embedder.embed_query(text)
        with self._lock:
            self._questions[text] = vector
            while len(self._questions) > CACHE_QUESTIONS:
                self._questions.popitem(last=False)
        return vector

    def sentences(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, one row per text (texts may repeat)."""
        if not texts:
            return np.zeros((0, self.embedder.dimension), dtype=np.float32)
        unique = list(dict.fromkeys(texts))
        with self._lock:
            found = {t: self._cache[t] for t in unique if t in self._cache}
            for text in found:
                self._cache.move_to_end(text)
        missing = [t for t in unique if t not in found]
        if missing:
            found.update(zip(missing, self.embedder.embed_passages(missing), strict=True))
            with self._lock:
                for text in missing:
                    self._cache[text] = found[text]
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        return np.vstack([found[t] for t in texts])

    def scores(self, question: np.ndarray, texts: list[str]) -> np.ndarray:
        return self.sentences(texts) @ question if texts else np.zeros(0, dtype=np.float32)
