"""Builds (and caches) the synthetic indexes of each benchmark size with the product's own `Ingestor`.

Only two things differ from `rag ingest`: passages get sentence-mean vectors (`bench/synth.py`), and Chroma
writes are buffered into batches of `FLUSH_AT` chunks through a client wrapper, because the ingest upserts
once per document and Chroma spends about 4.6 ms per chunk on 10-chunk upserts against 1.2 ms on 256-chunk
ones. The buffer is flushed before any other collection call and by `BufferedClient.flush` at the end of a build.
A size is rebuilt only when its cache key (this code, the index code, the settings) changes.
It does not time queries (see `bench/measure.py`).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from bench.synth import ROOT

FLUSH_AT = 1000


class BufferedCollection:
    """Collects `upsert` calls and writes them in large batches; every other call flushes first."""

    def __init__(self, collection: Any) -> None:
        self._collection = collection
        self._pending: dict[str, list] = {"ids": [], "embeddings": [], "documents": [], "metadatas": []}

    def upsert(self, ids: list[str], embeddings: list, documents: list[str], metadatas: list[dict]) -> None:
        for key, values in zip(self._pending, (ids, embeddings, documents, metadatas), strict=True):
            self._pending[key] += list(values)
        if len(self._pending["ids"]) >= FLUSH_AT:
            self.flush()

    def flush(self) -> None:
        if self._pending["ids"]:
            self._collection.upsert(**self._pending)
            self._pending = {key: [] for key in self._pending}

    def __getattr__(self, name: str) -> Any:
        self.flush()
        return getattr(self._collection, name)


class BufferedClient:
    """A Chroma client whose collections buffer their upserts (see `BufferedCollection`); `flush` writes what is
    left (an ingest that ends without reading the collection again would otherwise leave the last batch unwritten)."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self._collections: list[BufferedCollection] = []

    def get_or_create_collection(self, *args: Any, **kwargs: Any) -> BufferedCollection:
        collection = BufferedCollection(self._client.get_or_create_collection(*args, **kwargs))
        self._collections.append(collection)
        return collection

    def flush(self) -> None:
        for collection in self._collections:
            collection.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


def cache_key(settings: Any) -> str:
    """Changes with the synthesis and build code, the index code and the settings that shape chunks."""
    digest = hashlib.sha256()
    for path in sorted([*ROOT.glob("bench/synth.py"), *ROOT.glob("bench/build.py"), *ROOT.glob("index/*.py")]):
        digest.update(path.read_bytes())
    shape = settings.index.model_dump(include={"embed_model", "chunk_tokens", "chunk_overlap_tokens", "languages"})
    digest.update(json.dumps(shape, sort_keys=True, default=str).encode())
    return digest.hexdigest()[:16]


def ready(data: Path, key: str) -> bool:
    stamp = data / "bench-build.json"
    return stamp.is_file() and json.loads(stamp.read_text(encoding="utf-8")).get("key") == key


def mark(data: Path, key: str, details: dict[str, Any]) -> None:
    (data / "bench-build.json").write_text(json.dumps({"key": key, **details}), encoding="utf-8")


def copy_index(source: Path, target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("bench-build.json", "*.lock"))
