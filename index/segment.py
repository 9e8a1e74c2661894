"""One immutable segment of the lexical index on disk: term postings, document lengths and stored chunks.

A segment is a directory of numpy arrays and two text files, written once (to `NAME.tmp`, fsynced, renamed)
and memory-mapped read-only afterwards, so every process serving the same data dir shares its pages:

  terms.bin, term_offsets.npy   the segment's terms (UTF-8), ordered by `term_hash`; hashes.npy the hashes
  ptr.npy, docs.npy, tfs.npy    postings per term (CSR): local document numbers and term frequencies; a cognate
                                key (`~prefix`, used by the answerer's document frequencies) has tf 0
  lengths.npy, langs.npy        per document: BM25 length (tokens) and language (index into meta["languages"])
  store.jsonl, store_offsets    per document one JSON line [chunk id, text, metadata]; ids.txt the ids alone
  meta.json                     counts, languages and the SHA-256 of every file (written last)

Deleted documents are never rewritten in place: a `deleted-GEN.npy` file (sorted local numbers) is added and
named by the manifest. It does not score queries (see `index/lexical.py`) nor decide what to merge.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import shutil
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from index.analyze import analyze, cognate_keys
from index.segment_check import SegmentError, check
from index.store.manifest import fsync_path

__all__ = ["Doc", "Segment", "SegmentBuilder", "SegmentError", "term_hash", "write_deleted", "write_segment"]

FORMAT = 2
EMPTY = "\u2205"  # the one token of a chunk without any: keeps BM25 lengths as they were (bm25s drops empty rows)
ARRAYS = ("hashes", "term_offsets", "ptr", "docs", "tfs", "lengths", "langs", "store_offsets")
FILES = (*(f"{name}.npy" for name in ARRAYS), "terms.bin", "store.jsonl", "ids.txt")


def term_hash(terms: Iterable[str]) -> npt.NDArray[np.uint64]:
    """A stable 64-bit hash per term (the sort key of a segment's vocabulary)."""
    values = [int.from_bytes(hashlib.blake2b(t.encode("utf-8"), digest_size=8).digest(), "little") for t in terms]
    return np.array(values, dtype=np.uint64)


def analysed(text: str, language: str) -> tuple[Counter[str], set[str]]:
    """A chunk's term frequencies (BM25) and its cognate keys (document frequencies for answers)."""
    tokens = analyze(text, language) or [EMPTY]
    return Counter(tokens), cognate_keys(tokens)


@dataclass
class Doc:
    chunk_id: str
    text: str
    metadata: dict[str, Any]


class SegmentBuilder:
    """Accumulates analysed documents in memory; `write` turns them into a segment directory."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.term_ids, self.doc_ids, self.freqs = array("q"), array("i"), array("i")
        self.lengths, self.languages = array("i"), array("B")
        self.language_names: dict[str, int] = {}
        self.records: list[bytes] = []
        self.ids: list[str] = []

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, doc: Doc) -> None:
        language = doc.metadata.get("language", "en")
        counts, keys = analysed(doc.text, language)
        number = len(self.ids)
        for term, tf in [*counts.items(), *((key, 0) for key in keys)]:
            self.term_ids.append(self.vocab.setdefault(term, len(self.vocab)))
            self.doc_ids.append(number)
            self.freqs.append(tf)
        self.lengths.append(sum(counts.values()))
        self.languages.append(self.language_names.setdefault(language, len(self.language_names)))
        self.ids.append(doc.chunk_id)
        line = json.dumps([doc.chunk_id, doc.text, doc.metadata], ensure_ascii=False)
        self.records.append(line.encode("utf-8") + b"\n")

    def write(self, directory: Path) -> None:
        terms = list(self.vocab)
        postings = (
            np.frombuffer(self.term_ids, dtype=np.int64),
            np.frombuffer(self.doc_ids, dtype=np.int32),
            np.frombuffer(self.freqs, dtype=np.int32),
        )
        write_segment(
            directory,
            terms,
            postings,
            np.frombuffer(self.lengths, dtype=np.int32),
            np.frombuffer(self.languages, dtype=np.uint8),
            list(self.language_names),
            self.records,
            self.ids,
        )


def write_segment(
    directory: Path,
    terms: list[str],
    postings: tuple[npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[Any]],
    lengths: npt.NDArray[Any],
    langs: npt.NDArray[Any],
    languages: list[str],
    records: Iterable[bytes],
    ids: list[str],
) -> None:
    """Sort the vocabulary by hash, lay postings out per term (documents ascending), write and rename."""
    term_of, docs, tfs = postings
    hashes = term_hash(terms)
    encoded = [t.encode("utf-8") for t in terms]
    order = np.lexsort((np.array(encoded, dtype=object).astype("S") if encoded else np.array([], "S1"), hashes))
    rank = np.empty(len(terms), dtype=np.int64)
    rank[order] = np.arange(len(terms))
    by_term = np.argsort(rank[term_of], kind="stable")  # within a term, documents keep their ascending order
    counts = np.bincount(rank[term_of], minlength=len(terms))
    sorted_terms = [encoded[i] for i in order]
    arrays = {
        "hashes": hashes[order],
        "term_offsets": np.concatenate([[0], np.cumsum([len(t) for t in sorted_terms], dtype=np.int64)]),
        "ptr": np.concatenate([[0], np.cumsum(counts, dtype=np.int64)]),
        "docs": docs[by_term].astype(np.int32),
        "tfs": np.minimum(tfs[by_term], np.iinfo(np.uint16).max).astype(np.uint16),
        "lengths": lengths.astype(np.int32),
        "langs": langs.astype(np.uint8),
    }
    tmp = directory.with_name(directory.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    sizes = [0]
    with open(tmp / "store.jsonl", "wb") as store:  # streamed: a merge never holds every text in memory
        for record in records:
            store.write(record)
            sizes.append(len(record))
    arrays["store_offsets"] = np.cumsum(sizes, dtype=np.int64)
    for name, values in arrays.items():
        np.save(tmp / f"{name}.npy", values, allow_pickle=False)
    (tmp / "terms.bin").write_bytes(b"".join(sorted_terms))
    (tmp / "ids.txt").write_text("".join(f"{i}\n" for i in ids), encoding="utf-8")
    meta = {
        "format": FORMAT,
        "docs": len(ids),
        "terms": len(terms),
        "postings": len(docs),
        "languages": languages,
        "sha256": {name: _sha256(tmp / name) for name in FILES},
    }
    (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    for name in (*FILES, "meta.json"):
        fsync_path(tmp / name)
    fsync_path(tmp)  # its entries, before the rename makes them the segment
    shutil.rmtree(directory, ignore_errors=True)
    tmp.rename(directory)
    fsync_path(directory.parent)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_deleted(directory: Path, name: str, numbers: npt.NDArray[Any]) -> None:
    """A new deletions file (all deleted local numbers, sorted); never overwrites one a commit names."""
    tmp = directory / f".{name}.tmp"
    with open(tmp, "wb") as handle:
        np.save(handle, np.unique(numbers).astype(np.int32), allow_pickle=False)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, directory / name)
    fsync_path(directory)


class Segment:
    """A segment opened read-only: arrays memory-mapped, stored chunks read on demand."""

    def __init__(self, directory: Path, deleted: str | None = None) -> None:
        self.directory = directory
        try:
            self.meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
            # Plain ndarray views of the read-only maps: the same shared pages, without np.memmap's per-slice cost.
            a = {
                name: np.load(directory / f"{name}.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray)
                for name in ARRAYS
            }
            self._terms = _map(directory / "terms.bin")
            self._store = _map(directory / "store.jsonl")
            dead = np.load(directory / deleted, allow_pickle=False) if deleted else np.zeros(0, np.int32)
            check(directory, self.meta, a, dead, FORMAT)
            self.n = int(self.meta["docs"])
            self.languages: list[str] = self.meta["languages"]
        except SegmentError:
            raise
        except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:  # a file missing, cut or garbled
            raise SegmentError(f"{directory.name}: {exc!r}") from None
        self.hashes, self.term_offsets, self.ptr = a["hashes"], a["term_offsets"], a["ptr"]
        self.docs, self.tfs, self.lengths, self.langs = a["docs"], a["tfs"], a["lengths"], a["langs"]
        self.store_offsets = a["store_offsets"]
        self.live: npt.NDArray[np.bool_] | None = None
        if dead.size:
            self.live = np.ones(self.n, dtype=bool)
            self.live[dead] = False
        self.deleted = dead
        self.live_count = self.n - int(dead.size)

    def lookup(self, terms: list[str], hashes: npt.NDArray[np.uint64]) -> list[int]:
        """Each term's number in this segment, or -1."""
        found = []
        starts = np.searchsorted(self.hashes, hashes)
        for term, h, i in zip(terms, hashes, starts, strict=True):
            encoded, at = term.encode("utf-8"), -1
            while i < len(self.hashes) and self.hashes[i] == h:
                if self._terms[int(self.term_offsets[i]) : int(self.term_offsets[i + 1])] == encoded:
                    at = int(i)
                    break
                i += 1
            found.append(at)
        return found

    def postings(self, term: int) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.uint16]]:
        """Live documents holding a term, with its frequencies."""
        start, end = int(self.ptr[term]), int(self.ptr[term + 1])
        docs, tfs = self.docs[start:end], self.tfs[start:end]
        if self.live is not None:
            keep = self.live[docs]
            docs, tfs = docs[keep], tfs[keep]
        return docs, tfs

    def terms(self) -> list[str]:
        blob = bytes(self._terms)
        offsets = self.term_offsets.tolist()
        return [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(len(offsets) - 1)]

    def record(self, number: int) -> Doc:
        start, end = int(self.store_offsets[number]), int(self.store_offsets[number + 1])
        chunk_id, text, metadata = json.loads(self._store[start:end])
        return Doc(chunk_id, text, metadata)

    def raw_record(self, number: int) -> bytes:
        return bytes(self._store[int(self.store_offsets[number]) : int(self.store_offsets[number + 1])])

    def ids(self) -> list[str]:
        return (self.directory / "ids.txt").read_text(encoding="utf-8").splitlines()

    def live_numbers(self) -> Iterator[int]:
        return iter(range(self.n)) if self.live is None else (int(i) for i in np.flatnonzero(self.live))

    def close(self) -> None:
        """Release the maps now: the stored-text maps are closed, the array views dropped (numpy unmaps a file
        with its last view). The segment must not be used afterwards; its files are untouched."""
        for stored in (self._terms, self._store):
            if isinstance(stored, mmap.mmap):
                stored.close()
        self._terms = self._store = b""
        none = np.zeros(0, np.int64)
        self.hashes = self.term_offsets = self.ptr = self.docs = self.tfs = self.lengths = self.langs = none
        self.store_offsets = none

    def verify(self) -> list[str]:
        """Files whose bytes differ from the checksums recorded when the segment was written."""
        recorded = self.meta.get("sha256", {})
        return [
            name
            for name in FILES
            if not (self.directory / name).is_file() or _sha256(self.directory / name) != recorded.get(name)
        ]


def _map(path: Path) -> mmap.mmap | bytes:
    with open(path, "rb") as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            return b""
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
