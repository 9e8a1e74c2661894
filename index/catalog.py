"""Facts about the index read from its manifest alone, and removing documents from it.

`summary` answers `rag info` without loading the embedding model or opening Chroma (the manifest lists every
document with its chunk ids). `remove` deletes documents from all three stores under the data dir's ingest lock:
the manifest is committed first, with the lexical index's deletions (it names the lexical segments), then the
chunks go from Chroma; a crash in between leaves only orphan chunks, which `rag doctor --repair` deletes.
It never touches the source files and does not embed anything.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.errors import NotFoundError
from index.settings import IndexSettings
from index.store import Manifest, ingest_lock


class UnknownDocumentError(NotFoundError):
    """No indexed document matches what was asked for; the message lists how to find the right name."""


def summary(settings: IndexSettings, answering: dict[str, Any]) -> dict[str, Any]:
    """What `rag info --json` prints: the same keys as `Engine.info()`, from the manifest (no model, no Chroma).

    `answering` holds the query layer's part (`answer_mode`, and `llm` in LLM mode; see `rag.llm_config.answering`).
    """
    docs = Manifest.load(settings.manifest_path).documents.values()
    return {
        "documents": len(docs),
        "chunks": sum(len(d.chunk_ids) for d in docs),
        "languages": dict(Counter(d.language for d in docs)),
        "embedding_model": settings.embed_model,
        "embedding_backend": settings.embed_backend,
        **answering,
        "data_dir": str(settings.data_dir),
        "vector_store": settings.chroma_url or str(settings.chroma_dir),
    }


def documents(settings: IndexSettings) -> list[dict[str, Any]]:
    entries = Manifest.load(settings.manifest_path).documents.values()
    return [
        {"source": d.source, "title": d.title, "language": d.language, "chunks": len(d.chunk_ids)}
        for d in sorted(entries, key=lambda d: d.source)
    ]


def find(manifest: Manifest, name: str) -> str:
    """The manifest key of the document called `name`: its source as listed, its full path, or a unique file name."""
    wanted = name.strip()
    if wanted in manifest.documents:
        return wanted
    for key, entry in manifest.documents.items():
        if entry.source == wanted:
            return key
    resolved = str(Path(wanted).expanduser().resolve())
    if resolved in manifest.documents:
        return resolved
    by_name = [key for key in manifest.documents if Path(key).name == Path(wanted).name]
    if len(by_name) == 1 and wanted == Path(wanted).name:
        return by_name[0]
    if len(by_name) > 1:
        shown = ", ".join(sorted(manifest.documents[k].source for k in by_name))
        raise UnknownDocumentError(f"{name!r} names {len(by_name)} documents ({shown}); give the full source")
    raise UnknownDocumentError(f"no indexed document {name!r}; `rag info` or GET /api/documents lists them")


@dataclass
class Removed:
    source: str
    chunks: int
    documents: int  # left in the index
    total_chunks: int  # left in the index


def remove(settings: IndexSettings, name: str, client: Any | None = None) -> Removed:
    """Delete one document from the manifest, Chroma and the lexical index; `UnknownDocumentError` if absent."""
    from index.ingest import lexical_from_chroma
    from index.lexical_writer import LexicalWriter, cleanup
    from index.store import delete_ids, open_client, open_collection

    with ingest_lock(settings):
        manifest = Manifest.load(settings.manifest_path)
        key = find(manifest, name)
        entry = manifest.documents.pop(key)
        collection = open_collection(settings, client or open_client(settings))
        if manifest.lexical is None:  # written before lexical segments: rebuilt (without it) from Chroma
            lexical = lexical_from_chroma(collection, manifest.chunk_ids(), settings.lexical_dir)
        else:
            lexical = LexicalWriter(settings.lexical_dir, manifest.lexical)
            lexical.delete(entry.chunk_ids)
        manifest.lexical = lexical.commit()
        manifest.save(settings.manifest_path)  # committed: from here the document is gone
        cleanup(settings.lexical_dir, manifest.lexical)
        gone = set(entry.chunk_ids)
        if gone:
            delete_ids(collection, sorted(gone))
        left = manifest.documents.values()
        return Removed(entry.source, len(gone), len(left), sum(len(d.chunk_ids) for d in left))
