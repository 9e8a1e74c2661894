"""Semantic similarity between a question and candidate sentences, in any language the encoder covers.

The answerer asks how close each sentence of the retrieved passages is in meaning to the question, so
"grand prize" finds "Gran Premio" and "box office" finds "botteghino" where no word is shared. Sentences are
embedded as passages and the question as a query with the index's own embedder (same model, same roles), and
their vectors are kept in bounded in-process caches, since the same passages come back for many questions.
`closest_words` does the same for single words: how close each question word comes to some word of each sentence
("prize" to "premio"), which lets the answerer count a translated word as covered; word vectors have a cache of
their own, so a passage's many words never push sentence vectors out. `content_words` is the one definition of a
text's content words (the windows' question terms and the sentences' words here). It does not choose sentences
or decide abstention (see `rag/answer.py`).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache

import numpy as np

from index.analyze import CJK_CHARS, CJK_RUN, LETTERS, cjk_pairs, fold, is_stopword, words
from index.embedding import Embedder
from index.scripts import KOREAN_ENDINGS, THAI_RUN, korean_stem, thai_words

# Memory of the vector caches, at most: per entry one d-dimensional float32 vector (2 KB at the default encoder's
# 512 dimensions; each row is copied out of its batch, so an entry never keeps a whole batch alive), the array's
# header and the dictionary's node (about 0.2 KB), and its key, the text (0.2 KB for a typical 150-character
# sentence, at most about 2.2 KB for a sentence as long as a whole chunk in Cyrillic, a few bytes for a word).
CACHE_SENTENCES = 50_000  # about 120 MB of typical sentences, 220 MB at worst, at 512 dimensions
CACHE_WORDS = 50_000  # about 110 MB at 512 dimensions
CACHE_QUESTIONS = 256  # recent query vectors (1 MB at most): retrieval embeds the question a moment before answering
CACHE_TEXTS = 10_000  # `content_words` results: see its docstring for their memory
# A word as written, a run of Chinese or Japanese characters (read as its character pairs), or a number.
SURFACE_WORD = re.compile(rf"[{CJK_CHARS}]+|{LETTERS}(?:['’]{LETTERS})?|\d+(?:[.,]\d+)*")
# Thai first: a run of Thai script is split into its words (`index/scripts.py`).
_THAI_OR_WORD = re.compile(rf"{THAI_RUN}|{SURFACE_WORD.pattern}")


class VectorCache:
    """A thread-safe LRU of vectors keyed by text, filled by `embed` for the texts it lacks."""

    def __init__(self, embed: Callable[[list[str]], np.ndarray], size: int) -> None:
        self.embed, self.size = embed, size
        self._items: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def vectors(self, texts: list[str]) -> dict[str, np.ndarray]:
        """The vector of every distinct text, embedding (in one batch) those not cached."""
        unique = list(dict.fromkeys(texts))
        with self._lock:
            found = {t: self._items[t] for t in unique if t in self._items}
            for text in found:
                self._items.move_to_end(text)
        missing = [t for t in unique if t not in found]
        if missing:
            found.update((t, row.copy()) for t, row in zip(missing, self.embed(missing), strict=True))
            with self._lock:
                for text in missing:
                    self._items[text] = found[text]
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
        return found


class SentenceSimilarity:
    """Cosine similarity of a question to sentences and of words to words, with LRU caches of their vectors."""

    def __init__(
        self, embedder: Embedder, cache_size: int = CACHE_SENTENCES, word_cache_size: int = CACHE_WORDS
    ) -> None:
        self.embedder = embedder
        self._sentences = VectorCache(lambda texts: embedder.embed_passages(texts), cache_size)
        self._words = VectorCache(lambda texts: embedder.embed_passages(texts), word_cache_size)
        self._questions = VectorCache(
            lambda texts: np.vstack([embedder.embed_query(t) for t in texts]), CACHE_QUESTIONS
        )

    def question(self, text: str) -> np.ndarray:
        """The query vector of `text` (the encoder runs once per recent question: retrieval and answering share it)."""
        return self._questions.vectors([text])[text]

    def sentences(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, one row per text (texts may repeat)."""
        return self._rows(self._sentences, texts)

    def joint(self, texts: list[str]) -> np.ndarray:
        """One unit vector for sentences read together, as a window is read (`unit_sum`; each sentence cached, so a
        window of already-read sentences costs no encoding)."""
        return unit_sum(self.sentences(texts))

    def words(self, texts: list[str]) -> np.ndarray:
        """Word vectors (embedded as passages, like sentences), one row per word, from the words' own cache."""
        return self._rows(self._words, texts)

    def _rows(self, cache: VectorCache, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.embedder.dimension), dtype=np.float32)
        found = cache.vectors(texts)
        return np.vstack([found[t] for t in texts])

    def scores(self, question: np.ndarray, texts: list[str]) -> np.ndarray:
        return self.sentences(texts) @ question if texts else np.zeros(0, dtype=np.float32)

    def closest_words(self, asked: list[str], sentences: list[str], languages: list[str]) -> np.ndarray:
        """(sentences x asked words): the cosine of each asked word to the sentence's closest content word (0 for
        a sentence without one); numbers are not words here."""
        out = np.zeros((len(sentences), len(asked)), dtype=np.float32)
        tokens = [[w for w, folded in content_words(s, tuple(languages)) if not folded[0].isdigit()] for s in sentences]
        vocabulary = list(dict.fromkeys(w for ws in tokens for w in ws))
        if not asked or not vocabulary:
            return out
        index = {w: i for i, w in enumerate(vocabulary)}
        sims = self.words(vocabulary) @ self.words(asked).T
        rows = [row for row, ws in enumerate(tokens) if ws]
        flat = [index[w] for row in rows for w in tokens[row]]
        starts = np.cumsum([0] + [len(tokens[row]) for row in rows[:-1]])
        out[rows] = np.maximum.reduceat(sims[flat], starts, axis=0)
        return out


def unit_sum(rows: np.ndarray) -> np.ndarray:
    """Sentence vectors read together, as one: the normalised sum of the rows."""
    vector = rows.sum(axis=0)
    normalised: np.ndarray = vector / max(float(np.linalg.norm(vector)), 1e-9)
    return normalised


@lru_cache(maxsize=CACHE_TEXTS)
def content_words(text: str, languages: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(the word as written in lower case, its folded form) for each word or number of `text` that is not a stop word
    of `languages`, in order, repeats kept; a Chinese or Japanese run gives its character pairs, a Korean word its
    stem (`korean_stem`), a run of Thai script its words (`thai_words`). The written form
    keeps accents and letters such as "й" (the encoder reads them); the folded one (`index.analyze.words`: accents
    dropped, numbers normalised) is what stems are made from. Cached, since the same passages come back for many
    questions: an entry holds its key and two short strings per word, measured on the seeds at about 3 KB for a
    typical 150-character sentence and 25 KB for a text as long as a whole chunk (160 tokens), so the 10,000 entries
    take about 30 MB of typical sentences, 250 MB at worst (every entry a different chunk-long sentence)."""
    out: list[tuple[str, str]] = []
    for surface in _THAI_OR_WORD.findall(text):
        if re.fullmatch(THAI_RUN, surface):  # Thai: its words, as written (folded, as `words` reads them)
            folded = ((word, fold(word)) for word in thai_words(surface))
            out.extend((word, form) for word, form in folded if not is_stopword(form, list(languages)))
            continue
        if CJK_RUN.match(surface):  # Chinese, Japanese: each character pair is a word, written as it is folded
            out.extend((pair, pair) for pair in cjk_pairs(surface) if not is_stopword(pair, list(languages)))
            continue
        if surface in KOREAN_ENDINGS:  # a particle standing alone, after a quote or a name ("「Ne Zha 2」의")
            continue
        surface = korean_stem(surface)
        found = words(surface)
        word = found[0] if found else ""
        if word and not is_stopword(word, list(languages)):
            out.append((surface.casefold(), word))
    return tuple(out)
