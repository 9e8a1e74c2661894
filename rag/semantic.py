"""Semantic similarity between a question and candidate sentences, in any language the encoder covers.

The answerer asks how close each sentence of the retrieved passages is in meaning to the question, so
"grand prize" finds "Gran Premio" and "box office" finds "botteghino" where no word is shared. Sentences are
embedded as passages and the question as a query with the index's own embedder (same model, same roles), and
their vectors are kept in a bounded in-process cache, since the same passages come back for many questions.
`closest_words` does the same for single words: how close each question word comes to some word of each sentence
("prize" to "premio"), which lets the answerer count a translated word as covered. It does not choose sentences or
decide abstention (see `rag/answer.py`).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from functools import lru_cache

import numpy as np

from index.analyze import fold, is_stopword
from index.embedding import Embedder

CACHE_SENTENCES = 50_000  # about 100 MB of 512-d float32 vectors at most
CACHE_QUESTIONS = 256  # recent query vectors: retrieval embeds the question a moment before the answerer does
SURFACE_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+(?:[.,]\d+)*")  # a word as written, or a number


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

    def closest_words(self, asked: list[str], sentences: list[str], languages: list[str]) -> np.ndarray:
        """(sentences x asked words): the cosine of each asked word to the sentence's closest content word (0 for
        a sentence without one). Words are embedded one by one and cached like sentences."""
        out = np.zeros((len(sentences), len(asked)), dtype=np.float32)
        tokens = [content_words(s, tuple(languages)) for s in sentences]
        vocabulary = list(dict.fromkeys(w for ws in tokens for w in ws))
        if not asked or not vocabulary:
            return out
        index = {w: i for i, w in enumerate(vocabulary)}
        sims = self.sentences(vocabulary) @ self.sentences(asked).T
        rows = [row for row, ws in enumerate(tokens) if ws]
        flat = [index[w] for row in rows for w in tokens[row]]
        starts = np.cumsum([0] + [len(tokens[row]) for row in rows[:-1]])
        out[rows] = np.maximum.reduceat(sims[flat], starts, axis=0)
        return out


@lru_cache(maxsize=50_000)
def content_words(text: str, languages: tuple[str, ...]) -> tuple[str, ...]:
    """The lower-case words of a sentence as written (accents kept: the encoder reads them), without stop words
    or numbers; cached, since the same passages come back for many questions."""
    out = []
    for surface in SURFACE_WORD.findall(text):
        word = fold(surface)
        if not word[0].isdigit() and not is_stopword(word, list(languages)):
            out.append(surface.casefold())
    return tuple(out)
