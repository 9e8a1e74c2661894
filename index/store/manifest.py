"""The manifest beside the Chroma collection, and the data dir's ingest lock.

The manifest (`manifest.json`, written atomically) records, per document, its content hash and chunk ids, the
fingerprint (embedding model, prefixes, chunking) the index was built with (an index built with other settings
is refused: `IndexMismatchError`), and the lexical segments that belong to this commit (so the manifest is the
one commit point of all three stores). Ingests of one data dir are serialised by a file lock, and engines
notice a committed manifest by its stamp. It does not open Chroma, chunk or embed.
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from index.errors import RagError
from index.settings import IndexSettings

if TYPE_CHECKING:
    from index.embedding.base import Embedder

MANIFEST_VERSION = 1
T = TypeVar("T")


class IndexMismatchError(RagError):
    """The index was built with other embedding/chunking settings than the current ones."""


@contextmanager
def ingest_lock(settings: IndexSettings) -> Iterator[None]:
    """One ingest at a time per data dir, across processes (the manifest and lexical index are rewritten whole)."""
    import fcntl

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.data_dir / "ingest.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def exclusive(method: Callable[..., T]) -> Callable[..., T]:
    """Decorates `Ingestor.run`: the whole run holds `ingest_lock` for `self.settings`."""

    @functools.wraps(method)
    def locked(self: Any, *args: Any, **kwargs: Any) -> T:
        with ingest_lock(self.settings):
            return method(self, *args, **kwargs)

    return locked


def fsync_path(path: Path) -> None:
    """Make a file's contents, or the names in a directory (a rename into it), durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def manifest_stamp(settings: IndexSettings) -> tuple[int, int, int] | None:
    """Changes whenever an ingest (in any process) commits a manifest; engines compare it to reload."""
    try:
        stat = settings.manifest_path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def chunk_limit(settings: IndexSettings, embedder: Embedder) -> int:
    """Chunk size in model tokens: the configured size, capped so nothing is silently truncated."""
    return min(settings.chunk_tokens, embedder.max_passage_tokens)


def fingerprint(settings: IndexSettings, embedder: Embedder) -> dict[str, Any]:
    """What must match between the index and the query side for vectors and chunks to be comparable."""
    return {
        "embed_model": settings.embed_model,
        "query_prefix": embedder.prefixes.query,
        "passage_prefix": embedder.prefixes.passage,
        "chunk_tokens": chunk_limit(settings, embedder),
        "chunk_overlap_tokens": settings.chunk_overlap_tokens,
    }


@dataclass
class DocumentEntry:
    source: str
    title: str
    language: str
    content_hash: str
    chunk_ids: list[str]
    chars: int


@dataclass
class Manifest:
    fingerprint: dict[str, Any] | None = None
    documents: dict[str, DocumentEntry] = field(default_factory=dict)
    lexical: dict[str, Any] | None = None  # the lexical segments this commit consists of (index/lexical.py)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        if not path.is_file():
            return cls()
        raw = json.loads(path.read_text(encoding="utf-8"))
        docs = {key: DocumentEntry(**entry) for key, entry in raw.get("documents", {}).items()}
        return cls(fingerprint=raw.get("fingerprint"), documents=docs, lexical=raw.get("lexical"))

    def save(self, path: Path) -> None:
        """Atomic and durable: write a temp file, fsync, rename over the old one, fsync the directory."""
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "version": MANIFEST_VERSION,
            "fingerprint": self.fingerprint,
            "documents": {key: asdict(entry) for key, entry in sorted(self.documents.items())},
            "lexical": self.lexical,
        }
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".manifest-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        fsync_path(path.parent)  # the rename itself survives a power loss before cleanup drops old segments

    def chunk_ids(self) -> set[str]:
        return {cid for entry in self.documents.values() for cid in entry.chunk_ids}

    def check(self, expected: dict[str, Any]) -> None:
        if self.fingerprint and self.documents and self.fingerprint != expected:
            diff = ", ".join(
                f"{key}: index={self.fingerprint.get(key)!r} now={value!r}"
                for key, value in expected.items()
                if self.fingerprint.get(key) != value
            )
            raise IndexMismatchError(
                f"the index was built with other settings ({diff}); rebuild it with `rag ingest --reset`",
                "index_mismatch",
                diff=diff,
            )
