"""The store: the Chroma collection (embedded or a `chroma run` server) and the JSON manifest beside it.

- `chroma`: clients from a registry (`persistent`, `http`), the collection and who owns it, paging (all rows, or
  rows by id) and deletion.
- `manifest`: what the index holds and was built with, and the data dir's ingest lock.

This package does not chunk or embed.
"""

from index.store.chroma import (
    CHROMA_PAGE,
    CLIENTS,
    OWNER_KEY,
    GuardedCollection,
    IndexOwnershipError,
    StoreUnavailableError,
    chroma_pages,
    delete_ids,
    index_id,
    open_client,
    open_collection,
    rows_by_ids,
)
from index.store.manifest import (
    DocumentEntry,
    IndexMismatchError,
    Manifest,
    chunk_limit,
    exclusive,
    fingerprint,
    ingest_lock,
    manifest_stamp,
)

__all__ = [
    "CHROMA_PAGE",
    "CLIENTS",
    "OWNER_KEY",
    "DocumentEntry",
    "GuardedCollection",
    "IndexMismatchError",
    "IndexOwnershipError",
    "Manifest",
    "StoreUnavailableError",
    "chroma_pages",
    "chunk_limit",
    "delete_ids",
    "exclusive",
    "fingerprint",
    "index_id",
    "ingest_lock",
    "manifest_stamp",
    "open_client",
    "open_collection",
    "rows_by_ids",
]
