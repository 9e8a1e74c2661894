"""A persistent cache of passage embeddings, keyed by (model, backend, hash of the prefixed text).

Re-ingesting identical text (a reset, a renamed file, the same paragraph in two documents, a re-run after a
crash) takes its vectors from here instead of running the model again. It is one SQLite file in the data dir
(WAL mode, so an ingest and a reader in another process do not block each other) and survives
`rag ingest --reset`, since a vector depends only on the text and the model. It does not embed queries,
evict entries or decide what to ingest.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index.settings import IndexSettings

if TYPE_CHECKING:
    from index.embedding.base import Embedder

SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    model TEXT NOT NULL,
    backend TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, backend, text_hash)
) WITHOUT ROWID
"""
LOOKUP_CHUNK = 500  # stays far below SQLite's limit on bound parameters


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Looks vectors up by text, embeds only the misses with the given embedder, and stores them."""

    def __init__(self, path: Path, embedder: Embedder) -> None:
        self.path = path
        self.embedder = embedder
        # The passage prefix is part of the hashed text: the same chunk with another prefix is another vector.
        self._key = (str(embedder.model_name), str(embedder.backend))
        self.hits = self.misses = 0
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(SCHEMA)
        self._db.commit()

    @classmethod
    def for_settings(cls, settings: IndexSettings, embedder: Embedder) -> EmbeddingCache | None:
        """The cache in the data dir, or None when `RAG_EMBED_CACHE` is off."""
        return cls(settings.embed_cache_path, embedder) if settings.embed_cache else None

    def _hashes(self, texts: list[str]) -> list[str]:
        prefix = self.embedder.prefixes.passage
        return [text_hash(prefix + text) for text in texts]

    def lookup(self, texts: list[str]) -> list[np.ndarray | None]:
        hashes = self._hashes(texts)
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(hashes))
        with self._lock:
            for start in range(0, len(unique), LOOKUP_CHUNK):
                part = unique[start : start + LOOKUP_CHUNK]
                rows = self._db.execute(
                    "SELECT text_hash, vector FROM vectors WHERE model = ? AND backend = ? AND text_hash IN "
                    f"({','.join('?' * len(part))})",
                    (*self._key, *part),
                ).fetchall()
                found.update((h, np.frombuffer(blob, dtype=np.float32)) for h, blob in rows)
        return [found.get(h) for h in hashes]

    def store(self, texts: list[str], vectors: np.ndarray) -> None:
        rows = [
            (*self._key, h, np.ascontiguousarray(v, dtype=np.float32).tobytes())
            for h, v in zip(self._hashes(texts), vectors, strict=True)
        ]
        with self._lock:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)", rows)
            self._db.commit()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Vectors for `texts`, in order: cached ones read back, the rest embedded once and stored."""
        cached = self.lookup(texts)
        missing = list(dict.fromkeys(t for t, v in zip(texts, cached, strict=True) if v is None))
        fresh: dict[str, np.ndarray] = {}
        if missing:
            vectors = self.embedder.embed_passages(missing)
            self.store(missing, vectors)
            fresh = dict(zip(missing, vectors, strict=True))
        self.hits += len(texts) - sum(v is None for v in cached)
        self.misses += len(missing)
        if not texts:
            return self.embedder.embed_passages([])
        return np.stack([v if v is not None else fresh[t] for t, v in zip(texts, cached, strict=True)])

    def __len__(self) -> int:
        query = "SELECT COUNT(*) FROM vectors WHERE model = ? AND backend = ?"
        with self._lock:
            (count,) = self._db.execute(query, self._key).fetchone()
        return int(count)

    def close(self) -> None:
        with self._lock:
            self._db.close()


def embed_passages(embedder: Embedder, cache: EmbeddingCache | None, texts: list[str]) -> np.ndarray:
    """The ingest hook: through the cache when there is one, straight to the model otherwise."""
    return cache.embed_passages(texts) if cache is not None else embedder.embed_passages(texts)
