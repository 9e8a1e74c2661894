"""Facts about the index read from its manifest alone, and removing documents from it.

`summary` answers `rag info` without loading the embedding model or opening Chroma (the manifest lists every
document with its chunk ids). `find` names one document by its source, path or path tail, and refuses a name
several documents match (`pick_names` gives each the name that picks it). `remove` deletes documents from all
three stores under the data dir's ingest lock: the manifest is committed first, with the lexical index's
deletions (it names the lexical segments), then the chunks go from Chroma; a crash in between leaves only orphan
chunks, which `rag doctor --repair` deletes. It never touches the source files and does not embed anything.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.errors import NotFoundError, UsageError
from index.settings import IndexSettings
from index.store import Manifest, ingest_lock


class UnknownDocumentError(NotFoundError):
    """No indexed document matches what was asked for; the message lists how to find the right name."""


class AmbiguousDocumentError(UsageError):
    """A name several indexed documents match (exit 2, HTTP 422): the message lists each, with its chunk count and
    the path tail that picks it; nothing is changed."""

    @classmethod
    def of(cls, manifest: Manifest, name: str, keys: list[str]) -> AmbiguousDocumentError:
        matches = tuple((pick_name(manifest, key), len(manifest.documents[key].chunk_ids)) for key in sorted(keys))
        listing = ", ".join(f"{pick} ({n} chunk{'' if n == 1 else 's'})" for pick, n in matches)
        message = f"{name!r} names {len(keys)} documents: {listing}; give the path shown for one of them to pick it"
        return cls(message, "ambiguous_document", name=name, count=len(keys), matches=matches)


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
    """The manifest key of the document called `name`: its source as listed, its full path, or a path tail (a file
    name, `b/docs/x.txt`) that only one document's path ends with. A name several documents match (two documents
    of one source, as an index built before `distinct_source` may hold) is refused: `AmbiguousDocumentError`."""
    wanted = name.strip()
    if wanted in manifest.documents:
        return wanted
    by_source = [key for key, entry in manifest.documents.items() if entry.source == wanted]
    if len(by_source) == 1:
        return by_source[0]
    if by_source:
        raise AmbiguousDocumentError.of(manifest, name, by_source)
    resolved = str(Path(wanted).expanduser().resolve())
    if resolved in manifest.documents:
        return resolved
    tail = Path(wanted).parts if wanted and not Path(wanted).is_absolute() else ()
    by_tail = [key for key in manifest.documents if tail and Path(key).parts[-len(tail) :] == tail]
    if len(by_tail) == 1:
        return by_tail[0]
    if by_tail:
        raise AmbiguousDocumentError.of(manifest, name, by_tail)
    raise UnknownDocumentError(f"no indexed document {name!r}; `rag info` or GET /api/documents lists them")


def pick_name(manifest: Manifest, key: str) -> str:
    """The shortest tail of the document's path that no other document's path ends with and no other document is
    called: the name `find` picks it by (the full path if there is none)."""
    parts = Path(key).parts
    for length in range(1, len(parts)):
        tail = parts[-length:]
        shown = str(Path(*tail))
        clash = any(
            other != key and (Path(other).parts[-length:] == tail or entry.source == shown)
            for other, entry in manifest.documents.items()
        )
        if not clash:
            return shown
    return key


def pick_names(manifest: Manifest) -> dict[str, str]:
    """Each document's name to pick it by: its source when no other document shows the same one, else
    `pick_name` (only those are computed: a large index has few, if any)."""
    shared = {source for source, n in Counter(e.source for e in manifest.documents.values()).items() if n > 1}
    return {
        key: pick_name(manifest, key) if entry.source in shared else entry.source
        for key, entry in manifest.documents.items()
    }


def picks(manifest: Manifest) -> list[tuple[str, str, str]]:
    """(source, title, the name that picks it: `pick_names`) of every document, by source."""
    entries = manifest.documents
    return sorted((entries[key].source, entries[key].title, pick) for key, pick in pick_names(manifest).items())


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
