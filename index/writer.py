"""The write side of one ingest run: queued documents -> chunks -> embeddings -> Chroma and the lexical writer.

Documents are chunked window by window; chunks of consecutive documents share embedding batches (through the
vector cache) and Chroma upserts, so a large file never sits in memory whole and small files do not pay for
small batches. A document whose chunks are all written is recorded in the manifest (not yet committed) and its
old chunks are queued for removal (`Changes`). Chunk ids are stable per document, position and content. It does
not read files, decide what changed or commit the manifest (`index/ingest.py`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from index.chunk import Chunk, Chunker
from index.embedding.base import Embedder
from index.embedding.cache import EmbeddingCache, embed_passages
from index.lexical_writer import LexicalWriter
from index.readers.load import Document, windows
from index.readers.reasons import Reason
from index.report import IngestReport, Progress
from index.segment import Doc
from index.settings import IndexSettings
from index.store import DocumentEntry, Manifest


@dataclass
class Pending:
    key: str
    source: str
    document: Document
    language: str
    title: str
    old_ids: list[str]
    is_new: bool


def chunk_id(key: str, chunk: Chunk) -> str:
    """Stable per document, position and content, so re-ingesting identical text yields identical ids."""
    doc = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    return f"{doc}-{chunk.index:05d}-{chunk.content_hash[:12]}"


@dataclass
class Changes:
    """What a run removes: chunks leave the lexical index with the commit and Chroma right after it."""

    lexical: LexicalWriter
    stale: list[str] = field(default_factory=list)

    def remove(self, ids: list[str]) -> None:
        self.lexical.delete(ids)
        self.stale += ids


class BatchWriter:
    """Writes the queued documents of one run into Chroma, the lexical writer and the (uncommitted) manifest."""

    def __init__(
        self,
        settings: IndexSettings,
        chunker: Chunker,
        embedder: Embedder,
        embed_cache: EmbeddingCache | None,
    ) -> None:
        self.settings, self.chunker, self.embedder, self.embed_cache = settings, chunker, embedder, embed_cache

    def chunks(self, item: Pending) -> Iterator[Chunk]:
        """The document's chunks with offsets into its whole text, window by window."""
        index = 0
        for offset, text in windows(item.document.pieces(), self.settings.stream_window_chars):
            for chunk in self.chunker.split(text, item.language):
                yield Chunk(index=index, text=chunk.text, start=offset + chunk.start, end=offset + chunk.end)
                index += 1

    def write(
        self,
        pending: list[Pending],
        manifest: Manifest,
        collection: Any,
        report: IngestReport,
        progress: Progress,
        changes: Changes,
    ) -> None:
        if not pending:
            return
        # Chunks of consecutive documents share embedding batches and Chroma writes: per-document batches of a
        # few chunks cost ~10% more model time and ~4x more per chunk in Chroma than full ones.
        batch = self.settings.embed_batch_size
        chars_left = sum(item.document.chars for item in pending)
        per_chunk = self.chunker.max_tokens * 4.0  # chunk count is unknown until chunked; estimated for the bar
        buffer: list[tuple[Pending, Chunk]] = []
        written: dict[str, list[str]] = {}
        waiting: list[Pending] = []  # fully chunked documents whose last chunks may still be in the buffer
        done = 0

        def flush() -> None:
            nonlocal done
            for start in range(0, len(buffer), batch):
                part = buffer[start : start + batch]
                for item, chunk_ids in self._store(part, collection, changes.lexical):
                    written.setdefault(item.key, []).extend(chunk_ids)
                done += len(part)
                progress("embedding", done, max(done, done + round(chars_left / per_chunk)))
            buffer.clear()
            for item in waiting:
                self._commit(item, written.pop(item.key, []), manifest, changes, report)
            waiting.clear()

        progress("embedding", 0, max(1, round(chars_left / per_chunk)))
        for item in pending:
            for chunk in self.chunks(item):
                buffer.append((item, chunk))
                if len(buffer) >= batch:
                    flush()
            chars_left -= item.document.chars
            waiting.append(item)
        flush()

    def _commit(
        self, item: Pending, ids: list[str], manifest: Manifest, changes: Changes, report: IngestReport
    ) -> None:
        """A document whose chunks are all in Chroma: record it in the manifest, its old chunks to be dropped
        (from Chroma after the commit; from the lexical index all of them, its new chunks being added whole)."""
        if not ids:
            report.skip(item.source, Reason("no_chunks"))
            return
        changes.lexical.delete(item.old_ids)
        changes.stale += sorted(set(item.old_ids) - set(ids))
        manifest.documents[item.key] = DocumentEntry(
            source=item.source,
            title=item.title,
            language=item.language,
            content_hash=item.document.content_hash,
            chunk_ids=ids,
            chars=item.document.chars,
        )
        report.added += item.is_new
        report.updated += not item.is_new
        report.warnings += [{"path": item.source, "reason": note} for note in item.document.notes]

    def _store(
        self, pairs: list[tuple[Pending, Chunk]], collection: Any, lexical: LexicalWriter
    ) -> list[tuple[Pending, list[str]]]:
        """Embed and upsert chunks of one or more documents (upsert: Chroma's add keeps old text for an id)."""
        texts = [c.text for _, c in pairs]
        vectors = embed_passages(self.embedder, self.embed_cache, texts)
        ids = [chunk_id(item.key, c) for item, c in pairs]
        metadatas = [
            {
                "source": item.source,
                "title": item.title,
                "language": item.language,
                "start": c.start,
                "end": c.end,
                "chunk_index": c.index,
                "content_hash": c.content_hash,
                "doc_hash": item.document.content_hash,
            }
            for item, c in pairs
        ]
        collection.upsert(ids=ids, embeddings=[v.tolist() for v in vectors], documents=texts, metadatas=metadatas)
        lexical.add_all(Doc(*row) for row in zip(ids, texts, metadatas, strict=True))
        by_document: dict[str, tuple[Pending, list[str]]] = {}
        for (item, _), cid in zip(pairs, ids, strict=True):
            by_document.setdefault(item.key, (item, []))[1].append(cid)
        return list(by_document.values())
