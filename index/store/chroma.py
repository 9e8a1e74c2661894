"""The Chroma side of the store: the client (embedded or a `chroma run` server), the collection, paging and deletion.

Clients come from a registry (`persistent`, `http`) chosen by whether `RAG_CHROMA_URL` is set. We always pass
our own embeddings, so Chroma never loads its default model. On a server, a lost connection becomes
`StoreUnavailableError` naming the URL, and a collection is tied to the data dir that owns it (its manifest and
lexical index), so a second data dir cannot prune the first one's chunks. Rows are read and deleted a page at a
time (one call with every id fails on SQLite's variable limit). It does not chunk or embed, and it does not
know the manifest (`index/store/manifest.py`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from index.errors import UnavailableError
from index.registry import Registry
from index.settings import IndexSettings
from index.store.manifest import IndexMismatchError

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

CLIENTS: Registry[ClientAPI] = Registry("vector-store client")  # each factory takes the `IndexSettings`
CHROMA_PAGE = 5000  # rows per Chroma get/delete: around 100k ids in one call exceed SQLite's variable limit


class StoreUnavailableError(UnavailableError):
    """The vector store cannot be reached or opened; the message names the location."""


@CLIENTS.register("persistent")
def _persistent_client(settings: IndexSettings) -> ClientAPI:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=ChromaSettings(anonymized_telemetry=False))


@CLIENTS.register("http")
def _http_client(settings: IndexSettings) -> ClientAPI:
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


def open_client(settings: IndexSettings) -> ClientAPI:
    return CLIENTS.create("http" if settings.chroma_url else "persistent", settings)


def open_collection(settings: IndexSettings, client: ClientAPI | None = None) -> Any:
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
            " choose another RAG_COLLECTION, or replace its contents with `rag ingest --reset`",
            "index_owned",
            collection=settings.collection,
            url=settings.chroma_url,
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
        message = f"lost the Chroma server at {url}: {exc or type(exc).__name__}"
        raise StoreUnavailableError(message, "store_lost", url=url) from None


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


def chroma_pages(collection: Any, include: list[str], size: int = CHROMA_PAGE) -> Iterator[dict[str, Any]]:
    """All rows of a collection, a page at a time (one `get` of every row fails on SQLite's variable limit)."""
    offset = 0
    while True:
        rows = collection.get(include=include, limit=size, offset=offset)
        if not rows["ids"]:
            return
        yield rows
        offset += len(rows["ids"])


def rows_by_ids(
    collection: Any, ids: list[str], include: list[str], size: int = CHROMA_PAGE
) -> Iterator[dict[str, Any]]:
    """The rows with these ids (missing ones are left out), a page of ids per `get`."""
    for start in range(0, len(ids), size):
        yield collection.get(ids=ids[start : start + size], include=include)


def delete_ids(collection: Any, ids: list[str], size: int = CHROMA_PAGE) -> None:
    for start in range(0, len(ids), size):
        collection.delete(ids=ids[start : start + size])
