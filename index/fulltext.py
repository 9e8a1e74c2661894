"""The whole text of one indexed document, put back together from its stored chunks.

Why from the chunks and not from a copy kept at ingest: the chunks are the one record of what is indexed and
cited, so the text shown is exactly the text answers quote, it goes away with the document by construction
(`rag remove`, re-ingest, `rag doctor --repair`), it needs no second store to keep consistent, and it works for
every index already built. Each chunk carries its `start`/`end` character offsets into the document; chunks
overlap, so they are merged by offsets. Ingest covers every non-space character with some chunk (pinned by
`tests/test_properties.py`), so only whitespace between two chunks that do not overlap is not stored: its length
is known, its characters are not. Such a gap is filled with the same number of characters, one space for a gap
of one and line breaks for longer ones (mostly paragraph breaks), so offsets stay exact.

It reads only the manifest and the chunk store, never a file on disk, and does not render anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from index.catalog import UnknownDocumentError, find
from index.store import Manifest, rows_by_ids


@dataclass(frozen=True)
class DocumentText:
    source: str
    title: str
    language: str
    text: str


def merge_chunks(chunks: list[tuple[int, int, str]]) -> str:
    """The text covered by (start, end, text) chunks, overlaps merged by offsets and gaps filled (see above)."""
    out: list[str] = []
    pos = 0
    for start, end, text in sorted(chunks):
        if end <= pos:
            continue
        if start > pos:
            gap = start - pos
            out.append(" " if gap == 1 else "\n" * gap)
            pos = start
        out.append(text[pos - start :])
        pos = end
    return "".join(out)


def _chunks(collection: Any, ids: list[str]) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for rows in rows_by_ids(collection, ids, ["documents", "metadatas"]):
        for text, meta in zip(rows["documents"], rows["metadatas"], strict=True):
            start, end = int(meta["start"]), int(meta["end"])
            if text is not None and end - start == len(text):
                found.append((start, end, text))
    return found


def document_text(manifest: Manifest, collection: Any, name: str) -> DocumentText:
    """The document `name` (its source as listed, its path, or a path tail only it ends with: `catalog.find`) with its
    whole text.

    Raises `UnknownDocumentError` (a `NotFoundError`) when the manifest does not list it or no chunk of it is left,
    `AmbiguousDocumentError` when several documents match `name`.
    """
    key = find(manifest, name)
    entry = manifest.documents[key]
    chunks = _chunks(collection, list(entry.chunk_ids))
    if not chunks:
        raise UnknownDocumentError(f"no text is stored for {entry.source!r}; `rag doctor` checks the index")
    return DocumentText(entry.source, entry.title, entry.language, merge_chunks(chunks))
