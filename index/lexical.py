"""The lexical (BM25) index over the same chunks as Chroma: a set of memory-mapped segments named by the manifest.

Each chunk is analysed in its own language (`index/analyze.py`) when it is added and stored in an immutable
segment (`index/segment.py`); `index/lexical_writer.py` adds segments, records deletions and merges them, and
the manifest names the segments that make up the committed index, so a reader always sees one whole commit.
BM25 is scored at query time from the stored term frequencies with the corpus-wide statistics (documents,
average length, document frequency over live chunks), with bm25s's Lucene formulas, so scores equal those of
one bm25s index built over all chunks (a test pins this) while adding a document rewrites nothing else.
It also serves the document frequencies the answerer weights words with. It does not fuse or rank against
dense results (see `rag/retrieve.py`) and does not write anything.
"""

from __future__ import annotations

import bisect
import logging
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.analyze import ANALYSIS, analyze_query
from index.errors import RagError
from index.segment import Doc, Segment, SegmentError, term_hash
from index.store import Manifest

K1, B = 1.5, 0.75  # bm25s defaults (method "lucene"), as the index was built before segments


class LexicalFormatError(RagError):
    """The lexical index is missing, damaged or in an older format; the message names the fix."""


log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LexicalHit:
    chunk_id: str
    text: str
    metadata: dict[str, Any]
    score: float


def open_segments(directory: Path, state: dict[str, Any] | None) -> list[Segment]:
    if not state:
        return []
    try:
        return [Segment(directory / s["name"], s.get("deleted")) for s in state["segments"]]
    except (SegmentError, KeyError, TypeError, AttributeError) as exc:  # a damaged segment, or a garbled entry
        raise LexicalFormatError(
            f"the lexical index in {directory} is damaged ({exc}); `rag doctor --repair` rebuilds it from Chroma",
            "lexical_damaged",
        ) from None


def analysed_before(state: dict[str, Any] | None) -> bool:
    """Whether a lexical state's terms were made by an older version of the analysis (`index.analyze.ANALYSIS`):
    its searches still work, but miss words the analysis now reads differently, until `rag ingest` (or `rag doctor
    --repair`) re-analyses it from Chroma's chunks."""
    return state is not None and bool(state.get("segments")) and state.get("analysis", 1) != ANALYSIS


class LexicalIndex:
    """BM25 over the committed segments; `search` returns only chunks that share a term with the query."""

    def __init__(self, segments: list[Segment]) -> None:
        self.segments = [s for s in segments if s.n]
        self.bases = np.cumsum([0, *(s.n for s in self.segments)])[:-1].tolist()
        self.total = sum(s.n for s in self.segments)
        self._live = sum(s.live_count for s in self.segments)
        length = sum(int(s.lengths.sum(dtype=np.int64)) - int(s.lengths[s.deleted].sum()) for s in self.segments)
        self.avgdl = float(np.float64(length) / self._live) if self._live else 0.0
        present: set[str] = set()
        for s in self.segments:
            codes = s.langs if s.live is None else s.langs[s.live]
            present.update(s.languages[int(c)] for c in np.unique(codes))
        self.languages = sorted(present)
        self._frequency: dict[str, int] = {}
        self._places: dict[str, int] | None = None  # chunk id -> its number across segments, built on first use
        self.closed = False

    @classmethod
    def open(cls, directory: Path, state: dict[str, Any] | None) -> LexicalIndex:
        """The index as the manifest's `lexical` entry (`state`) describes it; empty when there is none."""
        return cls(open_segments(directory, state))

    @classmethod
    def committed(cls, directory: Path, manifest: Manifest) -> LexicalIndex:
        """The index the manifest commits; an index written before segments is refused with the fix."""
        if manifest.lexical is None and manifest.documents:
            raise LexicalFormatError(
                f"the lexical index in {directory} has an older format; `rag ingest` migrates it in place"
                " (or rebuild everything with `rag ingest --reset`)",
                "lexical_old",
            )
        if analysed_before(manifest.lexical):
            log.warning(
                "the lexical index in %s was analysed by an older version (words with combining marks, Thai and"
                " Korean are read differently now); `rag ingest` re-analyses it in place, nothing is re-embedded",
                directory,
            )
        return cls.open(directory, manifest.lexical)

    def __len__(self) -> int:
        return self._live

    def close(self) -> None:
        """Release every segment's memory maps now (the engine calls it once no request uses this index any
        more); searching afterwards raises ValueError. Closing twice is harmless."""
        for s in self.segments:
            s.close()
        self.closed = True

    def _open(self) -> None:
        if self.closed:
            raise ValueError("the lexical index was closed (a newer commit replaced it)")

    def frequency(self, term: str) -> int:
        """How many live chunks hold `term` (an analysed token or a cognate key)."""
        known = self._frequency.get(term)
        if known is None:
            self._open()
            hashes = term_hash([term])
            known = 0
            for s in self.segments:
                at = s.lookup([term], hashes)[0]
                if at >= 0:
                    known += len(s.postings(at)[0])
            if len(self._frequency) < 200_000:
                self._frequency[term] = known
        return known

    def document_frequency(self) -> Mapping[str, int]:
        return DocumentFrequency(self)

    def search(self, query: str, k: int, language: str | None = None) -> list[LexicalHit]:
        self._open()
        if not self._live:
            return []
        terms = analyze_query(query, self.languages)
        hashes = term_hash(terms)
        found = [s.lookup(terms, hashes) for s in self.segments]
        postings = {
            t: [s.postings(at[j]) if at[j] >= 0 else None for s, at in zip(self.segments, found, strict=True)]
            for j, t in enumerate(terms)
        }
        scores = np.zeros(self.total, dtype=np.float32)
        matched = False
        for term in terms:
            df = sum(len(p[0]) for p in postings[term] if p is not None)
            if not df:
                continue
            matched = True
            # bm25s: idf in float64 stored as float32, times the tf component in float64, stored as float32
            idf = np.float32(math.log(1 + (self._live - df + 0.5) / (df + 0.5)))
            for base, s, p in zip(self.bases, self.segments, postings[term], strict=True):
                if p is None or not len(p[0]):
                    continue
                docs, tfs = p
                tf = tfs.astype(np.float32)
                tfc = tf / (K1 * ((1 - B) + B * s.lengths[docs] / np.float64(self.avgdl)) + tf)
                scores[base + docs] += (idf * tfc).astype(np.float32)
        if not matched:
            return []
        if language:
            scores *= self._mask(language)
        return self._top(scores, min(k, self._live))

    def stored(self, ids: Iterable[str]) -> dict[str, Doc]:
        """The stored chunk (text and metadata, as the ingest wrote them to Chroma too) of each of `ids` that is
        live in this index, by id; dense search reads its hits' text here. The map from ids to places is built at
        the first call from the segments' id lists and kept: one dict entry per live chunk (about 150 bytes)."""
        self._open()
        places = self._places
        if places is None:
            places = {}
            for base, s in zip(self.bases, self.segments, strict=True):
                names = s.ids()
                live = range(s.n) if s.live is None else np.flatnonzero(s.live).tolist()
                places.update((names[n], base + n) for n in live)
            self._places = places  # built whole, then published: a concurrent first call builds its own
        out: dict[str, Doc] = {}
        for chunk_id in ids:
            at = places.get(chunk_id)
            if at is not None:
                number = bisect.bisect_right(self.bases, at) - 1
                out[chunk_id] = self.segments[number].record(at - self.bases[number])
        return out

    def _mask(self, language: str) -> np.ndarray:
        parts = []
        for s in self.segments:
            code = s.languages.index(language) if language in s.languages else -1
            parts.append((s.langs == code).astype(np.float32))
        return np.concatenate(parts)

    def _top(self, scores: np.ndarray, k: int) -> list[LexicalHit]:
        """The k best-scoring chunks, best first; equal scores in index order (deterministic). Only the matched
        chunks are ranked: a selection over the whole score array, mostly zeros, is what made bm25s's `topk`
        slow (numpy's argpartition degrades on many equal values: about 9 ms against 0.2 ms at 29k chunks)."""
        found = np.flatnonzero(scores > 0)
        values = scores[found]
        if len(found) > k:
            kth = np.partition(values, len(values) - k)[len(values) - k]  # the k-th best score
            above = np.flatnonzero(values > kth)
            tied = np.flatnonzero(values == kth)[: k - len(above)]  # of the tied, the first in index order
            keep = np.concatenate([above, tied])
            found, values = found[keep], values[keep]
        order = np.lexsort((found, -values))
        hits = []
        for d, score in zip(found[order].tolist(), values[order].tolist(), strict=True):
            number = bisect.bisect_right(self.bases, d) - 1
            doc = self.segments[number].record(d - self.bases[number])
            hits.append(LexicalHit(doc.chunk_id, doc.text, doc.metadata, float(score)))
        return hits

    # -- whole-index views (doctor, tests): they read every stored chunk -----------------------------------
    def records(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        self._open()
        for s in self.segments:
            for number in s.live_numbers():
                doc = s.record(number)
                yield doc.chunk_id, doc.text, doc.metadata

    @property
    def ids(self) -> list[str]:
        out: list[str] = []
        for s in self.segments:
            ids = s.ids()
            out += ids if s.live is None else [ids[i] for i in np.flatnonzero(s.live)]
        return out

    @property
    def texts(self) -> list[str]:
        return [text for _, text, _ in self.records()]

    @property
    def metadatas(self) -> list[dict[str, Any]]:
        return [metadata for _, _, metadata in self.records()]


class DocumentFrequency(Mapping[str, int]):
    """Read-only `term -> chunks holding it` over a `LexicalIndex`, looked up on demand (and remembered)."""

    def __init__(self, index: LexicalIndex) -> None:
        self.index = index

    def __getitem__(self, term: str) -> int:
        found = self.index.frequency(term)
        if not found:
            raise KeyError(term)
        return found

    def get(self, term: str, default: Any = None) -> Any:  # the answerer's only call: no exception per miss
        return self.index.frequency(term) or default

    def __iter__(self) -> Iterator[str]:
        seen: set[str] = set()
        for s in self.index.segments:
            for term in s.terms():
                if term not in seen and self.index.frequency(term):
                    seen.add(term)
                    yield term

    def __len__(self) -> int:
        return sum(1 for _ in self)
