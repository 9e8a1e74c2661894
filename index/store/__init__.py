"""The store: the Chroma collection (embedded or a `chroma run` server) and the JSON manifest beside it.

This package does not chunk or embed; see its modules for the details.
"""

from index.store.chroma import (
    CLIENTS,
    OWNER_KEY,
    DocumentEntry,
    GuardedCollection,
    IndexMismatchError,
    IndexOwnershipError,
    Manifest,
    StoreUnavailableError,
    chunk_limit,
    exclusive,
    fingerprint,
    index_id,
    ingest_lock,
    manifest_stamp,
    open_client,
    open_collection,
)

__all__ = [
    "CLIENTS",
    "OWNER_KEY",
    "DocumentEntry",
    "GuardedCollection",
    "IndexMismatchError",
    "IndexOwnershipError",
    "Manifest",
    "StoreUnavailableError",
    "chunk_limit",
    "exclusive",
    "fingerprint",
    "index_id",
    "ingest_lock",
    "manifest_stamp",
    "open_client",
    "open_collection",
]
