"""Incremental, idempotent ingestion: files -> language -> chunks -> embeddings -> Chroma + lexical index.

Unchanged files (same content hash) are left alone, changed files have their chunks replaced, files removed
from an ingested folder lose their chunks, and `reset` rebuilds from nothing. Writes go Chroma (upsert, so a
retried write never duplicates) -> lexical index -> manifest (atomic), and every run ends by deleting Chroma
ids the manifest does not know, so an interrupted run is completed by the next one. It does not answer queries.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from index.chunk import Chunk, Chunker
from index.embed import Embedder
from index.language import LanguageDetector
from index.lexical import LexicalIndex
from index.load import SkipFile, SourceFile, discover, read_document, title_of
from index.settings import Settings
from index.store import DocumentEntry, Manifest, chunk_limit, fingerprint, open_client, open_collection

WRITE_BATCH = 256

# progress(stage, done, total): the CLI draws a bar from it; the web upload shows a percentage.
Progress = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    files: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    chunks: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Pending:
    key: str
    entry: DocumentEntry
    chunks: list[Chunk]
    is_new: bool


def chunk_id(key: str, chunk: Chunk) -> str:
    """Stable per document, position and content, so re-ingesting identical text yields identical ids."""
    doc = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    return f"{doc}-{chunk.index:05d}-{chunk.content_hash[:12]}"


class Ingestor:
    """Owns the write side of the index. Build once, call `run` per ingest."""

    def __init__(self, settings: Settings, embedder: Embedder, client: Any | None = None) -> None:
        self.settings = settings
        self.embedder = embedder
        self.client = client or open_client(settings)
        self.chunker = Chunker(embedder.count_tokens, chunk_limit(settings, embedder), settings.chunk_overlap_tokens)
        self.detector = LanguageDetector(settings.languages)
        self.fingerprint = fingerprint(settings, embedder)

    def reset(self) -> None:
        import contextlib
        import shutil

        # chromadb raises NotFoundError or ValueError depending on the client: an absent collection is fine.
        with contextlib.suppress(Exception):
            self.client.delete_collection(self.settings.collection)
        shutil.rmtree(self.settings.lexical_dir, ignore_errors=True)
        self.settings.manifest_path.unlink(missing_ok=True)

    def run(self, paths: Sequence[Path], reset: bool = False, progress: Progress | None = None) -> IngestReport:
        progress = progress or (lambda stage, done, total: None)
        if reset:
            self.reset()
        manifest = Manifest.load(self.settings.manifest_path)
        if not reset:
            manifest.check(self.fingerprint)
        collection = open_collection(self.settings, self.client)
        report = IngestReport()

        seen: set[str] = set()
        pending: list[_Pending] = []
        for root in paths:
            found = list(discover(root))
            for position, item in enumerate(found, 1):
                progress("reading", position, len(found))
                if isinstance(item, tuple):
                    report.skipped.append({"path": item[0], "reason": item[1]})
                    continue
                report.files += 1
                seen.add(str(item.path))
                self._plan(item, manifest, report, pending)
            if root.resolve().is_dir():
                report.removed += self._remove_missing(root.resolve(), seen, manifest, collection)

        self._write(pending, manifest, collection, progress)
        report.added = sum(p.is_new for p in pending)
        report.updated = len(pending) - report.added
        manifest.fingerprint = self.fingerprint
        self._finish(manifest, collection, progress)
        report.chunks = len(manifest.chunk_ids())
        return report

    def _plan(self, item: SourceFile, manifest: Manifest, report: IngestReport, pending: list[_Pending]) -> None:
        key = str(item.path)
        try:
            text = read_document(item.path)
        except SkipFile as reason:
            report.skipped.append({"path": item.source, "reason": str(reason)})
            return
        content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
        old = manifest.documents.get(key)
        if old and old.content_hash == content_hash and old.source == item.source:
            report.unchanged += 1
            return
        language = self.detector.detect(text)
        chunks = self.chunker.split(text, language)
        if not chunks:
            report.skipped.append({"path": item.source, "reason": "no text left after chunking"})
            return
        entry = DocumentEntry(
            source=item.source,
            title=title_of(text, item.path.name),
            language=language,
            content_hash=content_hash,
            chunk_ids=[chunk_id(key, c) for c in chunks],
            chars=len(text),
        )
        pending.append(_Pending(key, entry, chunks, is_new=old is None))

    def _remove_missing(self, root: Path, seen: set[str], manifest: Manifest, collection: Any) -> int:
        gone = [key for key in manifest.documents if Path(key).is_relative_to(root) and key not in seen]
        for key in gone:
            ids = manifest.documents.pop(key).chunk_ids
            if ids:
                collection.delete(ids=ids)
        return len(gone)

    def _write(self, pending: list[_Pending], manifest: Manifest, collection: Any, progress: Progress) -> None:
        total = sum(len(p.chunks) for p in pending)
        done = 0
        progress("embedding", 0, total)
        for item in pending:
            entry = item.entry
            vectors = []
            texts = [c.text for c in item.chunks]
            for start in range(0, len(texts), self.settings.embed_batch_size):
                batch = texts[start : start + self.settings.embed_batch_size]
                vectors.extend(self.embedder.embed_passages(batch))
                done += len(batch)
                progress("embedding", done, total)
            metadatas = [
                {
                    "source": entry.source,
                    "title": entry.title,
                    "language": entry.language,
                    "start": c.start,
                    "end": c.end,
                    "chunk_index": c.index,
                    "content_hash": c.content_hash,
                    "doc_hash": entry.content_hash,
                }
                for c in item.chunks
            ]
            old = manifest.documents.get(item.key)
            stale = sorted(set(old.chunk_ids) - set(entry.chunk_ids)) if old else []
            if stale:
                collection.delete(ids=stale)
            # upsert, not add: Chroma's add silently keeps the old text for an existing id.
            for start in range(0, len(texts), WRITE_BATCH):
                end = start + WRITE_BATCH
                collection.upsert(
                    ids=entry.chunk_ids[start:end],
                    embeddings=[v.tolist() for v in vectors[start:end]],
                    documents=texts[start:end],
                    metadatas=metadatas[start:end],
                )
            manifest.documents[item.key] = entry

    def _finish(self, manifest: Manifest, collection: Any, progress: Progress) -> None:
        """Drop orphans, rebuild the lexical index from Chroma's contents, then commit the manifest."""
        progress("lexical index", 0, 1)
        known = manifest.chunk_ids()
        stored = collection.get(include=["documents", "metadatas"])
        orphans = [cid for cid in stored["ids"] if cid not in known]
        if orphans:
            collection.delete(ids=orphans)
        keep = [i for i, cid in enumerate(stored["ids"]) if cid in known]
        previous = LexicalIndex.load(self.settings.lexical_dir)
        lexical = LexicalIndex.build(
            [stored["ids"][i] for i in keep],
            [stored["documents"][i] for i in keep],
            [stored["metadatas"][i] for i in keep],
            previous=previous,
        )
        lexical.save(self.settings.lexical_dir)
        manifest.save(self.settings.manifest_path)
        progress("lexical index", 1, 1)
