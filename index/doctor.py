"""Consistency check (and repair) of the three stores: Chroma, the lexical index and the manifest.

They must hold the same chunk ids, with no duplicates and no orphans, and each stored text must match the
content hash in its id; every lexical segment must match the checksums it was written with. Ingestion commits
the manifest last, so the manifest says what finished: `repair` deletes Chroma chunks it does not list, drops
from it the documents whose chunks are missing or damaged (their source files are re-ingested by
`rag doctor --repair`), rebuilds the lexical index from Chroma (which also migrates an index written in the
older one-file format, or analysed by an older version of `index/analyze.py`) and removes files an interrupted
write left behind. Both hold the data dir's ingest lock, so they never see (or break) an ingest half-way. It never
touches source files. It does not embed anything itself.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from index.errors import RagError
from index.ingest import lexical_from_chroma
from index.lexical import LexicalFormatError, LexicalIndex, analysed_before
from index.lexical_writer import unreferenced
from index.settings import IndexSettings
from index.store import Manifest, chroma_pages, delete_ids, ingest_lock, open_client, open_collection

SAMPLE = 5  # ids shown per problem


@dataclass
class Problem:
    kind: str
    detail: str
    count: int
    ids: list[str] = field(default_factory=list)  # a sample


@dataclass
class DoctorReport:
    chroma: int = 0
    lexical: int = 0
    manifest: int = 0
    documents: int = 0
    problems: list[Problem] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)  # harmless files an interrupted write left behind
    repaired: list[str] = field(default_factory=list)  # what --repair did
    reingest: list[str] = field(default_factory=list)  # source files of documents dropped by the repair

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, **asdict(self)}


class DoctorError(RagError):
    """The index cannot be checked or repaired as it is (e.g. an unreadable manifest); the message says why."""


def _id_matches_text(chunk_id: str, text: str | None) -> bool:
    """Chunk ids end with the first 12 hex digits of the text's SHA-256 (see `index.writer.chunk_id`)."""
    return text is not None and chunk_id.rsplit("-", 1)[-1] == hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass
class _State:
    manifest: Manifest
    manifest_ids: list[str]
    chroma_ids: list[str]
    bad_text: list[str]  # Chroma rows whose text does not match their id
    no_vector: list[str]  # Chroma rows without an embedding
    lexical: LexicalIndex
    lexical_broken: list[str]  # why the lexical index cannot be read, or its segments that fail their checksums


def _load_manifest(settings: IndexSettings) -> Manifest:
    try:
        return Manifest.load(settings.manifest_path)
    except (json.JSONDecodeError, TypeError, KeyError, UnicodeDecodeError) as exc:
        raise DoctorError(
            f"the manifest {settings.manifest_path} is unreadable ({exc}); rebuild with `rag ingest --reset`"
        ) from None


def _read(settings: IndexSettings, collection: Any) -> _State:
    manifest = _load_manifest(settings)
    chroma_ids: list[str] = []
    bad_text: list[str] = []
    no_vector: list[str] = []
    for rows in chroma_pages(collection, ["documents", "embeddings"]):
        embeddings = rows["embeddings"]
        for i, cid in enumerate(rows["ids"]):
            chroma_ids.append(cid)
            if not _id_matches_text(cid, rows["documents"][i]):
                bad_text.append(cid)
            if embeddings is None or embeddings[i] is None or len(embeddings[i]) == 0:
                no_vector.append(cid)
    manifest_ids = [cid for entry in manifest.documents.values() for cid in entry.chunk_ids]
    broken: list[str] = []
    try:
        lexical = LexicalIndex.committed(settings.lexical_dir, manifest)
        broken = [f"{s.directory.name}/{name}" for s in lexical.segments for name in s.verify()]
    except LexicalFormatError as exc:
        broken = [str(exc)]
    if broken:  # nothing in it is trusted: the repair rebuilds it whole
        lexical = LexicalIndex([])
    return _State(manifest, manifest_ids, chroma_ids, bad_text, no_vector, lexical, broken)


def _problem(report: DoctorReport, kind: str, detail: str, ids: list[str]) -> None:
    if ids:
        report.problems.append(Problem(kind, detail, len(ids), sorted(ids)[:SAMPLE]))


def _leftovers(settings: IndexSettings, manifest: Manifest) -> list[Path]:
    found = sorted(settings.data_dir.glob(".manifest-*.json"))
    if manifest.lexical is not None or not manifest.documents:  # an older format's files are not leftovers
        found += unreferenced(settings.lexical_dir, manifest.lexical)
    for suffix in (".tmp", ".old"):
        path = settings.lexical_dir.with_name(settings.lexical_dir.name + suffix)
        if path.exists():
            found.append(path)
    return found


def _diagnose(state: _State, settings: IndexSettings) -> DoctorReport:
    lexical_ids = state.lexical.ids
    report = DoctorReport(
        chroma=len(state.chroma_ids),
        lexical=len(lexical_ids),
        manifest=len(state.manifest_ids),
        documents=len(state.manifest.documents),
    )
    manifest, chroma, lexical = set(state.manifest_ids), set(state.chroma_ids), set(lexical_ids)
    twice = [cid for cid, n in Counter(state.manifest_ids).items() if n > 1]
    _problem(report, "duplicate-in-manifest", "chunk ids listed more than once in the manifest", twice)
    twice = [cid for cid, n in Counter(lexical_ids).items() if n > 1]
    _problem(report, "duplicate-in-lexical", "chunk ids stored more than once in the lexical index", twice)
    _problem(report, "orphan-in-chroma", "Chroma chunks the manifest does not list", list(chroma - manifest))
    _problem(report, "missing-in-chroma", "manifest chunks missing from Chroma", list(manifest - chroma))
    _problem(report, "orphan-in-lexical", "lexical-index chunks the manifest does not list", list(lexical - manifest))
    _problem(report, "missing-in-lexical", "manifest chunks missing from the lexical index", list(manifest - lexical))
    _problem(report, "damaged-in-chroma", "Chroma texts that do not match their chunk id", state.bad_text)
    _problem(report, "no-vector-in-chroma", "Chroma chunks without an embedding", state.no_vector)
    damaged = [cid for cid, text, _ in state.lexical.records() if not _id_matches_text(cid, text)]
    _problem(report, "damaged-in-lexical", "lexical-index texts that do not match their chunk id", damaged)
    if state.lexical_broken:
        _problem(report, "corrupt-lexical", "the lexical index cannot be used as it is", state.lexical_broken)
    elif analysed_before(state.manifest.lexical):
        segments = [s.directory.name for s in state.lexical.segments]
        _problem(report, "stale-lexical", "lexical-index segments analysed by an older version", segments)
    report.leftovers = [str(path) for path in _leftovers(settings, state.manifest)]
    return report


def _no_index(settings: IndexSettings) -> bool:
    return not settings.manifest_path.exists() and not settings.chroma_url and not settings.chroma_dir.exists()


def check(settings: IndexSettings, client: Any | None = None) -> DoctorReport:
    """Compare the three stores; read-only."""
    if _no_index(settings):
        return DoctorReport()
    with ingest_lock(settings):
        return _check(settings, client or open_client(settings))


def _check(settings: IndexSettings, client: Any) -> DoctorReport:
    return _diagnose(_read(settings, open_collection(settings, client)), settings)


def repair(settings: IndexSettings, client: Any | None = None) -> DoctorReport:
    """Make the stores agree again (see the module docstring); returns the report of a fresh check after it."""
    if _no_index(settings):
        return DoctorReport()
    with ingest_lock(settings):
        return _repair(settings, client or open_client(settings))


def _repair(settings: IndexSettings, client: Any) -> DoctorReport:
    collection = open_collection(settings, client)
    state = _read(settings, collection)
    before = _diagnose(state, settings)
    if before.ok and not before.leftovers:
        return before
    actions: list[str] = []
    manifest = state.manifest
    counts = Counter(state.manifest_ids)
    chroma = set(state.chroma_ids)
    broken_ids = set(state.bad_text) | set(state.no_vector)
    dropped = [
        key
        for key, entry in manifest.documents.items()
        if any(counts[cid] > 1 or cid not in chroma or cid in broken_ids for cid in entry.chunk_ids)
    ]
    reingest = []
    for key in dropped:
        manifest.documents.pop(key)
        if Path(key).is_file():
            reingest.append(key)
    if dropped:
        actions.append(f"dropped {len(dropped)} document(s) with missing or damaged chunks from the manifest")
    known = manifest.chunk_ids()
    orphans = sorted(cid for cid in chroma if cid not in known) + sorted(broken_ids & known)
    delete_ids(collection, orphans)
    if orphans:
        actions.append(f"deleted {len(orphans)} orphan or damaged chunk(s) from Chroma")
    lexical = lexical_from_chroma(collection, known, settings.lexical_dir, replaces=manifest.lexical)
    manifest.lexical = lexical.commit()
    if dropped or any(problem.kind.endswith("lexical") for problem in before.problems):
        chunks = sum(len(entry.chunk_ids) for entry in manifest.documents.values())
        actions.append(f"rebuilt the lexical index from Chroma ({chunks} chunks)")
    manifest.save(settings.manifest_path)
    for path in _leftovers(settings, manifest):
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
        actions.append(f"removed leftover {path.name}")
    report = _check(settings, client)
    report.repaired = actions
    report.reingest = reingest
    return report
