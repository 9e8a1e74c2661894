"""One commit of the index, and what answers from it, as immutable values the engine swaps whole.

A `Commit` is what one manifest commits: the manifest, its chunk ids (the filter over the shared Chroma
collection), the lexical segments it names, and the collection. `Commits` follows the
current commit of one data dir across ingests (its own or other processes'): `current` compares the manifest's
stamp and, when it changed, builds the new `Commit` in locals and swaps it in with one assignment, the stamp
inside it, so a reload that fails leaves the previous commit whole and is tried again at the next request.
A `Snapshot` is a commit with the answerers built on its statistics (document frequencies, size, languages);
the engine takes one per question (holding its commit's `Lease`) and passes it through every stage, so an ingest
committing meanwhile never mixes two commits in one answer. A replaced commit is closed (its lexical maps released)
when the last answer holding it ends, never under one in flight. It does not retrieve or answer.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from index.embedding import Embedder
from index.lexical import LexicalFormatError, LexicalIndex
from index.settings import IndexSettings
from index.store import Manifest, fingerprint, manifest_stamp, open_collection
from rag.answer import ExtractiveAnswerer
from rag.answerer import Answerer
from rag.llm_client import LLMClient
from rag.modes import ANSWER_MODES, AnswerParts
from rag.semantic import SentenceSimilarity
from rag.settings import RagSettings

log = logging.getLogger("rag.llm")

Stamp = tuple[int, int, int] | None


class Lease:
    """Who still reads a commit: `Commits` holds one reference while it is current, every answer one more. The
    commit's lexical index is closed when the count drops to zero; a closed commit cannot be acquired again."""

    def __init__(self, close: Callable[[], None]) -> None:
        self._close, self._refs, self._lock = close, 1, threading.Lock()

    def acquire(self) -> bool:
        """Take a reference; False when the commit was already released (a newer one replaced it)."""
        with self._lock:
            if self._refs <= 0:
                return False
            self._refs += 1
            return True

    def release(self) -> None:
        with self._lock:
            self._refs -= 1
            last = self._refs == 0
        if last:
            self._close()


@dataclass(frozen=True, eq=False)
class Commit:
    """What one manifest commits: read together, never changed (`eq=False`: compared and hashed by identity)."""

    stamp: Stamp  # the manifest's stamp when it was read: a different one on disk means a newer commit
    manifest: Manifest
    committed: frozenset[str]  # the manifest's chunk ids: dense hits outside it are dropped
    lexical: LexicalIndex
    collection: Any
    lease: Lease = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lease", Lease(self.lexical.close))

    @property
    def languages(self) -> list[str]:
        """The languages of the committed documents ("en" for an empty index)."""
        return sorted({doc.language for doc in self.manifest.documents.values()}) or ["en"]


def read_commit(index: IndexSettings, attempts: int = 5) -> tuple[Stamp, Manifest, LexicalIndex]:
    """The manifest and the lexical segments it names, as one commit. An ingest committing meanwhile may remove
    segments the manifest read a moment ago named: then the newer manifest is read."""
    for attempt in range(attempts):
        stamp = manifest_stamp(index)  # taken first: a commit after it shows as another stamp
        manifest = Manifest.load(index.manifest_path)
        try:
            return stamp, manifest, LexicalIndex.committed(index.lexical_dir, manifest)
        except LexicalFormatError:
            if attempt == attempts - 1 or manifest_stamp(index) == stamp:
                raise
    raise AssertionError("unreachable")  # the last attempt returns or raises


def load_commit(index: IndexSettings, embedder: Embedder, client: Any) -> Commit:
    """The current commit, checked against the embedder (`IndexMismatchError` for another model's index)."""
    stamp, manifest, lexical = read_commit(index)
    manifest.check(fingerprint(index, embedder))
    collection = open_collection(index, client)
    committed = frozenset(manifest.chunk_ids())
    return Commit(stamp, manifest, committed, lexical, collection)


class Commits:
    """The current commit of one data dir, shared by an engine and its `with_settings` views."""

    def __init__(self, load: Callable[[], Commit], stamp: Callable[[], Stamp]) -> None:
        self._load, self._stamp = load, stamp
        self._lock = threading.Lock()
        self._commit = load()

    def current(self) -> Commit:
        """The commit on disk now: reloaded first when an ingest (in any process) committed since (one `stat`)."""
        commit = self._commit
        if self._stamp() == commit.stamp:
            return commit
        with self._lock:
            if self._stamp() != self._commit.stamp:
                self._replace(self._load())  # built whole first: on failure the old commit stays, stamp and all
            return self._commit

    def reload(self) -> Commit:
        """Read the commit again even if its stamp looks unchanged (after an ingest in this process)."""
        with self._lock:
            self._replace(self._load())
            return self._commit

    def _replace(self, commit: Commit) -> None:
        """Make `commit` current and drop the current reference to the old one (closed now unless answers hold it)."""
        old, self._commit = self._commit, commit
        old.lease.release()


@dataclass(frozen=True, eq=False)
class Snapshot:
    """A commit and the answerers built on its statistics: everything one answer reads."""

    commit: Commit
    mode: str  # the answer mode: "llm" when an LLM server is configured sensibly, else the configured one
    llm_problem: str | None  # why a configured LLM cannot be used, or None
    llm: LLMClient | None
    answerer: Answerer
    extractive: ExtractiveAnswerer  # answers when the LLM cannot; its window scorer re-ranks passages

    @property
    def languages(self) -> list[str]:
        return self.commit.languages


def answering(commit: Commit, settings: RagSettings, similarity: SentenceSimilarity) -> Snapshot:
    """The answer mode (with a warning when a configured LLM cannot be used), its answerer and the extractive one,
    over `commit`'s statistics."""
    from rag.llm_config import answer_mode

    mode, problem = answer_mode(settings)
    if problem is not None:
        log.warning("%s; answering in %s mode", problem, mode)
    llm = LLMClient(settings) if mode == "llm" else None
    lexical = commit.lexical
    parts = AnswerParts(settings, lexical.document_frequency(), len(lexical), commit.languages, similarity, llm)
    answerer: Answerer = ANSWER_MODES.create(mode, parts)
    extractive = answerer if mode == "extractive" else ANSWER_MODES.create("extractive", parts)
    assert isinstance(extractive, ExtractiveAnswerer)
    return Snapshot(commit, mode, problem, llm, answerer, extractive)
