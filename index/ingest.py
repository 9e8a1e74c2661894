"""Incremental, idempotent ingestion: files -> language -> chunks -> embeddings -> Chroma + lexical index.

Unchanged files (same content hash) are left alone, changed files have their chunks replaced, files removed
from an ingested folder lose their chunks, and `reset` rebuilds from nothing. Writes go Chroma (upsert, so a
retried write never duplicates) -> lexical index -> manifest (atomic), and every run ends by deleting Chroma
ids the manifest does not know, so an interrupted run is completed by the next one. A document is streamed:
chunked window by window and embedded and written batch by batch, so a large file never sits in memory whole.
Files that cannot be read get a one-line reason in the report (`skipped`), and an indexed file that has become
empty or unreadable loses its old chunks (the reason says so); one bad entry never aborts the run. Indexed
files with something worth knowing (pages without text, a very long line, a large file) get one in `warnings`.
This module decides what changed and commits; chunking, embedding and writing are `index/writer.py`, the
report `index/report.py`. It does not answer queries.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from index.chunk import Chunker
from index.embedding.base import Embedder, prefixes_for
from index.embedding.cache import EmbeddingCache
from index.language import LanguageDetector
from index.lexical import analysed_before
from index.lexical_writer import LexicalWriter, cleanup
from index.readers.base import SkipFile
from index.readers.load import SourceFile, discover, distinct_source, open_document
from index.readers.sandbox import Budget
from index.readers.title import title_of
from index.report import IngestReport, Progress, peak_rss_mb
from index.segment import Doc
from index.settings import IndexSettings
from index.store import (
    Manifest,
    chroma_pages,
    chunk_limit,
    delete_ids,
    exclusive,
    fingerprint,
    open_client,
    open_collection,
)
from index.writer import BatchWriter, Changes, Pending


class Ingestor:
    """Owns the write side of the index. Build once, call `run` per ingest.

    `embedder` may be a loader (or None: the configured model): the model is loaded only when some file needs
    chunking or embedding, so a run over unchanged files reads and hashes them and does nothing else."""

    def __init__(
        self,
        settings: IndexSettings,
        embedder: Embedder | Callable[[], Embedder] | None = None,
        client: Any | None = None,
    ) -> None:
        self.settings = settings
        self._embedder = embedder
        self._client = client
        self.detector = LanguageDetector(settings.languages)
        self.budget = Budget.for_settings(settings)

    @functools.cached_property
    def client(self) -> Any:
        return self._client or open_client(self.settings)

    @functools.cached_property
    def embedder(self) -> Embedder:
        source = self._embedder
        if source is None:
            from index.embedding import load_embedder

            return load_embedder(self.settings)
        # A loader is a plain function; an embedder (or a wrapper around one, as tests use) is not callable.
        if isinstance(source, Embedder) or not callable(source):
            return source
        return source()

    @functools.cached_property
    def chunker(self) -> Chunker:
        embedder = self.embedder
        return Chunker(embedder.count_tokens, chunk_limit(self.settings, embedder), self.settings.chunk_overlap_tokens)

    @functools.cached_property
    def fingerprint(self) -> dict[str, Any]:
        return fingerprint(self.settings, self.embedder)

    @functools.cached_property
    def embed_cache(self) -> EmbeddingCache | None:
        return EmbeddingCache.for_settings(self.settings, self.embedder)  # identical text is embedded once

    @property
    def _marker(self) -> Path:
        """Exists while a run may have written to Chroma what no committed manifest lists."""
        return self.settings.data_dir / "ingest.incomplete"

    def reset(self) -> None:
        # chromadb raises NotFoundError or ValueError depending on the client: an absent collection is fine.
        with contextlib.suppress(Exception):
            self.client.delete_collection(self.settings.collection)
        shutil.rmtree(self.settings.lexical_dir, ignore_errors=True)
        self.settings.manifest_path.unlink(missing_ok=True)
        self._marker.unlink(missing_ok=True)

    def _check(self, manifest: Manifest) -> None:
        """The settings still match the index; decided without the model when they certainly do."""
        stored = manifest.fingerprint
        if not (stored and manifest.documents):
            return
        prefixes = prefixes_for(self.settings.embed_model, self.settings.query_prefix, self.settings.passage_prefix)
        same = {
            "embed_model": self.settings.embed_model,
            "query_prefix": prefixes.query,
            "passage_prefix": prefixes.passage,
            "chunk_overlap_tokens": self.settings.chunk_overlap_tokens,
            "chunk_tokens": self.settings.chunk_tokens,  # else the model's own limit decides: load it
        }
        if any(stored.get(key) != value for key, value in same.items()):
            manifest.check(self.fingerprint)

    @exclusive  # one ingest per data dir at a time, across processes
    def run(
        self,
        paths: Sequence[Path],
        reset: bool = False,
        progress: Progress | None = None,
        keep_unreadable: bool = False,
    ) -> IngestReport:
        """Ingest files and folders. `keep_unreadable`: an indexed file that can no longer be read keeps its old
        chunks (the upload path restores the previous file itself) instead of losing them."""
        progress = progress or (lambda stage, done, total: None)
        if reset:
            self.reset()
        manifest = Manifest.load(self.settings.manifest_path)
        if not reset:
            self._check(manifest)
        report = IngestReport()
        interrupted = self._marker.exists()
        changes = Changes(self._lexical_writer(manifest))

        seen: set[str] = set()
        taken = {entry.source for entry in manifest.documents.values()}  # the names citations already show
        pending: list[Pending] = []
        folders: list[Path] = []
        for root in paths:
            found = list(discover(root))
            for position, item in enumerate(found, 1):
                progress("reading", position, len(found))
                if isinstance(item, tuple):
                    report.skip(*item)
                    continue
                if str(item.path) in seen:
                    continue  # the same file named twice (a folder and a file in it): read and counted once
                report.files += 1
                seen.add(str(item.path))
                self._plan(item, manifest, report, pending, taken, None if keep_unreadable else changes)
            if root.resolve().is_dir():
                folders.append(root.resolve())
        report.removed += self._remove_missing(folders, seen, manifest, changes)

        if pending or changes.lexical.changed or interrupted or not self.settings.manifest_path.exists():
            self._marker.touch()
            collection = open_collection(self.settings, self.client)
            if pending:  # the model is loaded only here, when something has to be chunked and embedded
                writer = BatchWriter(self.settings, self.chunker, self.embedder, self.embed_cache)
                writer.write(pending, manifest, collection, report, progress, changes)
            if pending or manifest.fingerprint is None:
                manifest.fingerprint = self.fingerprint
            self._finish(manifest, collection, progress, changes, sweep=interrupted)
        report.chunks = len(manifest.chunk_ids())
        report.peak_rss_mb = peak_rss_mb()
        return report

    def _lexical_writer(self, manifest: Manifest) -> LexicalWriter:
        """The writer over the committed lexical index; one in an older format, or analysed by an older version
        (`analysed_before`), is rebuilt here from Chroma."""
        if (manifest.lexical is not None and not analysed_before(manifest.lexical)) or not manifest.documents:
            return LexicalWriter(self.settings.lexical_dir, manifest.lexical)
        collection = open_collection(self.settings, self.client)
        # The rebuild is this run's base state (not its staged additions), so that the run's removals and
        # updates delete from it; nothing names it until the run's manifest commits.
        writer = LexicalWriter(
            self.settings.lexical_dir,
            lexical_from_chroma(
                collection, manifest.chunk_ids(), self.settings.lexical_dir, replaces=manifest.lexical
            ).commit(),
        )
        writer.changed = True
        return writer

    def _plan(
        self,
        item: SourceFile,
        manifest: Manifest,
        report: IngestReport,
        pending: list[Pending],
        taken: set[str],
        changes: Changes | None,
    ) -> None:
        """Read and hash the file (streamed, nothing kept); queue it when it is new or changed. A known file that
        cannot be read any more loses its chunks when `changes` is given.

        A document is its resolved path (the manifest key): the same file is the same document whatever the working
        directory or the spelling of the path, so it is unchanged when its content is. Its `source`, the name
        citations show, is given once, when the document is first indexed (one no other document shows), and kept
        while the file stays."""
        key = str(item.path)
        old = manifest.documents.get(key)
        source = old.source if old else item.source
        try:
            document = open_document(item.path, self.budget)
        except SkipFile as skipped:
            why = skipped.reason
            if changes is not None and old:
                changes.remove(manifest.documents.pop(key).chunk_ids)
                report.removed += 1
                why = replace(why, removed=True)  # the reason says so
            report.skip(source, why)
            return
        if old and old.content_hash == document.content_hash:
            report.unchanged += 1
            return
        if not old:
            source = distinct_source(item.path, source, taken)
            taken.add(source)
        language = self.detector.detect(document.head)
        title = title_of(document.head, item.path.name)
        pending.append(Pending(key, source, document, language, title, old.chunk_ids if old else [], not old))

    def _remove_missing(self, folders: list[Path], seen: set[str], manifest: Manifest, changes: Changes) -> int:
        """Remove the documents under the given folders that were not found there (once, after every folder was
        read). Keys are resolved absolute paths: a key is tested against the folders by string prefix, one set
        lookup per level of its path (a pass over every key per folder was quadratic: 5 s of an unchanged
        re-ingest of 990 folders holding 24,750 files; Path.is_relative_to per key and folder was worse)."""
        inside = {str(folder).rstrip(os.sep) + os.sep for folder in folders}
        gone = [key for key in manifest.documents if key not in seen and _under(key, inside)]
        for key in gone:
            changes.remove(manifest.documents.pop(key).chunk_ids)
        return len(gone)

    def _finish(self, manifest: Manifest, collection: Any, progress: Progress, changes: Changes, sweep: bool) -> None:
        """Commit the lexical changes with the manifest, then drop what it no longer lists (and, after an
        interrupted run, every Chroma id it does not know)."""
        progress("lexical index", 0, 1)
        manifest.lexical = changes.lexical.commit()
        manifest.save(self.settings.manifest_path)  # the commit point
        cleanup(self.settings.lexical_dir, manifest.lexical)
        delete_ids(collection, sorted(set(changes.stale)))
        if sweep:
            known = manifest.chunk_ids()
            orphans = [cid for rows in chroma_pages(collection, []) for cid in rows["ids"] if cid not in known]
            delete_ids(collection, orphans)  # after paging, so that deleting does not shift the pages
            for temp in self.settings.manifest_path.parent.glob(".manifest-*.json"):  # a killed run's temp file
                temp.unlink(missing_ok=True)
        self._marker.unlink(missing_ok=True)
        progress("lexical index", 1, 1)


def lexical_from_chroma(
    collection: Any, keep: set[str], directory: Path, replaces: dict[str, Any] | None = None
) -> LexicalWriter:
    """A writer whose commit replaces the whole lexical index (`replaces`, whose segment names it never reuses)
    with Chroma's chunks that are in `keep`."""
    writer = LexicalWriter(directory, None, replaces=replaces)
    for rows in chroma_pages(collection, ["documents", "metadatas"]):
        for cid, text, meta in zip(rows["ids"], rows["documents"], rows["metadatas"], strict=True):
            if cid in keep:
                writer.add(Doc(cid, text, meta))
    writer.changed = True
    return writer


def _under(key: str, folders: set[str]) -> bool:
    """Whether `key` lies in one of `folders` (each ending with the path separator), at any depth."""
    at = key.find(os.sep)
    while at >= 0:
        if key[: at + 1] in folders:
            return True
        at = key.find(os.sep, at + 1)
    return False
