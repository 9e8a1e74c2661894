"""The lexical (BM25) index over the same chunks as Chroma, persisted in the data dir.

Each chunk is analysed in its own language (`index/analyze.py`) and scored with bm25s. We build on bm25s
directly rather than llama-index's BM25Retriever because that one applies a single stemmer to the whole
multilingual corpus and pads results with 0-score non-matches. It is rewritten whole after each ingest
(BM25's IDF is global anyway) with an atomic directory swap, reusing the stored tokens of unchanged chunks.
It does not fuse or rank against dense results (see `rag/retrieve.py`).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.analyze import analyze, analyze_query

FORMAT_VERSION = 1


@dataclass(frozen=True)
class LexicalHit:
    chunk_id: str
    text: str
    metadata: dict
    score: float


class LexicalIndex:
    """BM25 over analysed chunk tokens; `search` returns only chunks that share a term with the query."""

    def __init__(self, ids: list[str], texts: list[str], metadatas: list[dict], tokens: list[list[str]]) -> None:
        import bm25s

        self.ids, self.texts, self.metadatas, self.tokens = ids, texts, metadatas, tokens
        self.languages = sorted({m.get("language", "en") for m in metadatas})
        self._position = {chunk_id: i for i, chunk_id in enumerate(ids)}
        self._bm25 = bm25s.BM25()
        if ids:
            # An empty token list would make bm25s drop the row; a placeholder keeps rows aligned with ids.
            self._bm25.index([t or ["\u2205"] for t in tokens], show_progress=False)

    @classmethod
    def build(
        cls, ids: list[str], texts: list[str], metadatas: list[dict], previous: LexicalIndex | None = None
    ) -> LexicalIndex:
        known = previous._position if previous else {}
        tokens = [
            previous.tokens[known[i]] if i in known and previous.texts[known[i]] == t else analyze(t, m["language"])
            for i, t, m in zip(ids, texts, metadatas, strict=True)
        ]
        return cls(ids, texts, metadatas, tokens)

    def __len__(self) -> int:
        return len(self.ids)

    def search(self, query: str, k: int, language: str | None = None) -> list[LexicalHit]:
        if not self.ids:
            return []
        terms = [t for t in analyze_query(query, self.languages) if t in self._bm25.vocab_dict]
        if not terms:
            return []
        mask = None
        if language:
            mask = np.array([m.get("language") == language for m in self.metadatas], dtype=np.float32)
        docs, scores = self._bm25.retrieve([terms], k=min(k, len(self.ids)), show_progress=False, weight_mask=mask)
        return [
            LexicalHit(self.ids[d], self.texts[d], self.metadatas[d], float(s))
            for d, s in zip(docs[0], scores[0], strict=True)
            if s > 0
        ]

    def save(self, directory: Path) -> None:
        """Write to a sibling temp dir, then swap, so a crash never leaves a half-written index."""
        directory.parent.mkdir(parents=True, exist_ok=True)
        tmp = directory.with_name(directory.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        payload = {
            "version": FORMAT_VERSION,
            "ids": self.ids,
            "texts": self.texts,
            "metadatas": self.metadatas,
            "tokens": self.tokens,
        }
        (tmp / "chunks.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        old = directory.with_name(directory.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if directory.exists():
            directory.rename(old)
        tmp.rename(directory)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        path = directory / "chunks.json"
        if not path.is_file():
            old = directory.with_name(directory.name + ".old")  # a crash between the two renames in `save`
            path = old / "chunks.json" if (old / "chunks.json").is_file() else path
        if not path.is_file():
            return cls([], [], [], [])
        payload = json.loads(path.read_text(encoding="utf-8"))
        if payload.get("version") != FORMAT_VERSION:
            return cls.build(payload["ids"], payload["texts"], payload["metadatas"])
        return cls(payload["ids"], payload["texts"], payload["metadatas"], payload["tokens"])
