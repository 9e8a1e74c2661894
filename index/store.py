"""Where the index lives: the Chroma collection (embedded or a `chroma run` server) and the JSON manifest.

Clients come from a registry (`persistent`, `http`) chosen by whether `RAG_CHROMA_URL` is set. We always pass
our own embeddings, so Chroma never loads its default model. The manifest records, per document, its content
hash and chunk ids, plus the fingerprint (embedding model, prefixes, chunking) the index was built with.
It does not chunk or embed.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from index.registry import Registry
from index.settings import Settings

CLIENTS: Registry[Any] = Registry("vector-store client")
MANIFEST_VERSION = 1


class StoreUnavailableError(RuntimeError):
    """The vector store cannot be reached or opened; the message names the location."""


class IndexMismatchError(RuntimeError):
    """The index was built with other embedding/chunking settings than the current ones."""


@CLIENTS.register("persistent")
def _persistent_client(settings: Settings) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(
        path=str(settings.chroma_dir), settings=ChromaSettings(anonymized_telemetry=False)
    )


@CLIENTS.register("http")
def _http_client(settings: Settings) -> Any:
    from urllib.parse import urlparse

    import chromadb
    from chromadb.config import Settings as ChromaSettings

    url = urlparse(settings.chroma_url or "")
    if url.scheme not in ("http", "https") or not url.hostname:
        raise StoreUnavailableError(f"RAG_CHROMA_URL={settings.chroma_url!r} is not an http(s)://HOST:PORT URL")
    headers = {"Authorization": f"Bearer {settings.chroma_token}"} if settings.chroma_token else None
    try:
        client = chromadb.HttpClient(
            host=url.hostname,
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            headers=headers,
            settings=ChromaSettings(anonymized_telemetry=False),
        )
        client.heartbeat()
    except Exception as exc:  # chromadb raises several connection error types
        raise StoreUnavailableError(f"cannot reach the Chroma server at {settings.chroma_url}: {exc}") from None
    return client


def open_client(settings: Settings) -> Any:
    return CLIENTS.create("http" if settings.chroma_url else "persistent", settings)


def open_collection(settings: Settings, client: Any | None = None) -> Any:
    client = client or open_client(settings)
    return client.get_or_create_collection(
        settings.collection,
        embedding_function=None,
        configuration={"hnsw": {"space": "cosine"}},
    )


def chunk_limit(settings: Settings, embedder: Any) -> int:
    """Chunk size in model tokens: the configured size, capped so nothing is silently truncated."""
    return min(settings.chunk_tokens, embedder.max_passage_tokens)


def fingerprint(settings: Settings, embedder: Any) -> dict[str, Any]:
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

    @classmethod
    def load(cls, path: Path) -> Manifest:
        if not path.is_file():
            return cls()
        raw = json.loads(path.read_text(encoding="utf-8"))
        docs = {key: DocumentEntry(**entry) for key, entry in raw.get("documents", {}).items()}
        return cls(fingerprint=raw.get("fingerprint"), documents=docs)

    def save(self, path: Path) -> None:
        """Atomic: write a temp file, fsync, rename over the old one."""
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "version": MANIFEST_VERSION,
            "fingerprint": self.fingerprint,
            "documents": {key: asdict(entry) for key, entry in sorted(self.documents.items())},
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
