"""Where the index lives: the Chroma collection (embedded or a `chroma run` server) and the JSON manifest.

Clients come from a registry (`persistent`, `http`) chosen by whether `RAG_CHROMA_URL` is set. We always pass
our own embeddings, so Chroma never loads its default model. The manifest records, per document, its content
hash and chunk ids, the fingerprint (embedding model, prefixes, chunking) the index was built with, and the lexical
segments that belong to this commit (so the manifest is the one commit point of all three stores).
On a server, a lost connection becomes `StoreUnavailableError` naming the URL, and a collection is tied to the
data dir that owns it (its manifest and lexical index), so a second data dir cannot prune the first one's
chunks. Ingests of one data dir are serialised by a file lock. It does not chunk or embed.
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
from typing import Any, TypeVar

from index.errors import RagError, UnavailableError
from index.registry import Registry
from index.settings import IndexSettings

CLIENTS: Registry[Any] = Registry("vector-store client")
MANIFEST_VERSION = 1
T = TypeVar("T")


class StoreUnavailableError(UnavailableError):
    """The vector store cannot be reached or opened; the message names the location."""


class IndexMismatchError(RagError):
    """The index was built with other embedding/chunking settings than the current ones."""


@CLIENTS.register("persistent")
def _persistent_client(settings: IndexSettings) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=ChromaSettings(anonymized_telemetry=False))


@CLIENTS.register("http")
def _http_client(settings: IndexSettings) -> Any:
    from urllib.parse import urlparse

    import chromadb
    import httpx
    from chromadb.config import Settings as ChromaSettings

    url = urlparse(settings.chroma_url or "")
    if url.scheme not in ("http", "https") or not url.hostname:
        raise StoreUnavailableError(f"RAG_CHROMA_URL={settings.chroma_url!r} is not an http(s)://HOST:PORT URL")
    headers = {"Authorization": f"Bearer {settings.chroma_token}"} if settings.chroma_token else None
    base = f"{url.scheme}://{url.netloc}"
    # Probe with a timeout first: chromadb's own client waits forever on an unroutable host.
    try:
        timeout = httpx.Timeout(settings.chroma_timeout, connect=min(settings.chroma_timeout, 5.0))
        status = httpx.get(f"{base}/api/v2/heartbeat", headers=headers, timeout=timeout).status_code
    except httpx.HTTPError as exc:
        raise StoreUnavailableError(f"cannot reach the Chroma server at {settings.chroma_url}: {exc}") from None
    if status in (401, 403):
        raise StoreUnavailableError(
            f"the Chroma server at {settings.chroma_url} refused access: check RAG_CHROMA_TOKEN"
        )
    if status != 200:
        raise StoreUnavailableError(
            f"the Chroma server at {settings.chroma_url} answered HTTP {status} to /api/v2/heartbeat: is it Chroma 1.x?"
        )
    try:
        client = chromadb.HttpClient(
            host=url.hostname,
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            headers=headers,
            settings=ChromaSettings(anonymized_telemetry=False),
        )
    except Exception as exc:  # chromadb raises several connection error types
        raise StoreUnavailableError(f"cannot reach the Chroma server at {settings.chroma_url}: {exc}") from None
    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):  # chromadb sets no timeout; a hung server would hang every request
        session.timeout = httpx.Timeout(settings.chroma_timeout, connect=min(settings.chroma_timeout, 5.0))
    return client


def open_client(settings: IndexSettings) -> Any:
    return CLIENTS.create("http" if settings.chroma_url else "persistent", settings)


def open_collection(settings: IndexSettings, client: Any | None = None) -> Any:
    client = client or open_client(settings)
    if not settings.chroma_url:
        return client.get_or_create_collection(
            settings.collection, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
        )
    owner = index_id(settings)
    with _server_errors(settings.chroma_url):
        collection = client.get_or_create_collection(
            settings.collection,
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={OWNER_KEY: owner},
        )
        found = (collection.metadata or {}).get(OWNER_KEY)
        if found is None:  # created before owners were recorded: this data dir adopts it
            collection.modify(metadata={**(collection.metadata or {}), OWNER_KEY: owner})
    if found not in (None, owner):
        raise IndexOwnershipError(
            f"the collection {settings.collection!r} on {settings.chroma_url} belongs to another data dir"
            f" (index id {found}; {settings.data_dir} has {owner}). Point RAG_DATA_DIR at that shared data dir,"
            " choose another RAG_COLLECTION, or replace its contents with `rag ingest --reset`"
        )
    return GuardedCollection(collection, settings.chroma_url)


OWNER_KEY = "rag_index_id"


class IndexOwnershipError(IndexMismatchError):
    """A server collection is owned by another data dir (another manifest and lexical index)."""


def index_id(settings: IndexSettings) -> str:
    """This data dir's random id, created once; it marks the server collections it owns."""
    import uuid

    path = settings.data_dir / "index_id"
    if not path.is_file():
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        try:
            with open(path, "x", encoding="utf-8") as handle:  # "x": a racing process keeps its own id
                handle.write(uuid.uuid4().hex)
        except FileExistsError:
            pass
    return path.read_text(encoding="utf-8").strip()


@contextmanager
def _server_errors(url: str) -> Iterator[None]:
    import httpx

    try:
        yield
    except httpx.TransportError as exc:  # refused, reset, timed out: the server is down or restarting
        raise StoreUnavailableError(f"lost the Chroma server at {url}: {exc or type(exc).__name__}") from None


class GuardedCollection:
    """A server collection whose calls fail with `StoreUnavailableError` (naming the URL) when the server is gone.

    The underlying HTTP client reconnects by itself, so the next call after the server returns succeeds.
    """

    def __init__(self, collection: Any, url: str) -> None:
        self._collection, self._url = collection, url

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._collection, name)
        if not callable(value):
            return value

        @functools.wraps(value)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            with _server_errors(self._url):
                return value(*args, **kwargs)

        return guarded


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


def manifest_stamp(settings: IndexSettings) -> tuple[int, int, int] | None:
    """Changes whenever an ingest (in any process) commits a manifest; engines compare it to reload."""
    try:
        stat = settings.manifest_path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def chunk_limit(settings: IndexSettings, embedder: Any) -> int:
    """Chunk size in model tokens: the configured size, capped so nothing is silently truncated."""
    return min(settings.chunk_tokens, embedder.max_passage_tokens)


def fingerprint(settings: IndexSettings, embedder: Any) -> dict[str, Any]:
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
        """Atomic: write a temp file, fsync, rename over the old one."""
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
                f"the index was built with other settings ({diff}); rebuild it with `rag ingest --reset`"
            )
