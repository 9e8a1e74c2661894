"""Changes to the lexical index, Lucene-style: new chunks go to new segments, removed ones to deletion files.

A `LexicalWriter` starts from the committed state (the manifest's `lexical` entry; its segments are opened only
when the run changes something, so an unchanged ingest opens none), buffers added chunks in
memory and writes them as a new segment every `FLUSH_DOCS` chunks, records deleted chunk ids as new
`deleted-GEN.npy` files, and merges segments (log-structured: `MERGE_FACTOR` segments of one size class become
one; a segment more than half deleted is rewritten). Deletions apply to the committed segments only, never to
chunks the same run wrote. `commit()` returns the new state (with `next_segment`: a committed segment name is
never handed out again); nothing written before the manifest names it is visible, so a crash at any point
leaves the last commit intact, and `cleanup` then removes whatever no commit names. Writers run under the data
dir's ingest lock. It does not score queries.
"""

from __future__ import annotations

import math
import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from index.analyze import ANALYSIS
from index.lexical import open_segments
from index.segment import FORMAT, Doc, Segment, SegmentBuilder, write_deleted, write_segment

FLUSH_DOCS = 20_000  # chunks buffered in memory before they are written as a segment
MERGE_FACTOR = 8  # segments of one size class merged into one
_SEGMENT = re.compile(r"seg-(\d+)$")


def empty_state() -> dict[str, Any]:
    return {"format": FORMAT, "analysis": ANALYSIS, "generation": 0, "segments": [], "next_segment": 0}


class LexicalWriter:
    """Stages additions and deletions against the committed lexical state (see the module docstring)."""

    def __init__(self, directory: Path, state: dict[str, Any] | None, replaces: dict[str, Any] | None = None) -> None:
        self.directory = directory
        self.base = state or empty_state()
        self.generation = int(self.base["generation"]) + 1
        self._segments: list[Segment] | None = None  # opened (and checked) at first use, see `segments`
        self._committed = len(self.base["segments"])  # deletions apply to these only, never to segments this run wrote
        self.entries: list[dict[str, Any]] = [dict(s) for s in self.base["segments"]]
        self.dead: dict[str, npt.NDArray[np.bool_]] = {}  # segment name -> deleted numbers, after this run
        self._positions: dict[str, tuple[int, int]] | None = None
        self.builder = SegmentBuilder()
        self.changed = False
        # Segments analysed by an older version stay so, whatever this run adds: `index.lexical.analysed_before` then
        # still tells, and the next ingest re-analyses them all (`index/ingest.py`); a new or rebuilt index is current.
        self.analysis = int(self.base.get("analysis", 1)) if self.base["segments"] else ANALYSIS
        directory.mkdir(parents=True, exist_ok=True)
        taken = [int(m.group(1)) for p in directory.iterdir() if (m := _SEGMENT.match(p.name.removesuffix(".tmp")))]
        names = [*taken, *(_number(e["name"]) for e in self.entries)]
        # A committed name is never handed out again (a reader of an older commit may still open it by name):
        # the state records the next number; states written before it did fall back to the names still there.
        self._next = max(_next_segment(self.base), _next_segment(replaces), max(names, default=-1) + 1)

    @property
    def segments(self) -> list[Segment]:
        """The committed segments, then those this run wrote; the committed ones are opened at the first use, so a
        run that changes nothing costs no segment open or check."""
        if self._segments is None:
            self._segments = open_segments(self.directory, self.base)
        return self._segments

    # -- staging -------------------------------------------------------------------------------------------
    def delete(self, chunk_ids: Iterable[str]) -> None:
        """Mark committed chunks deleted (ids the committed index does not hold are ignored)."""
        if self._positions is None:
            self._positions = {}
            for k, segment in enumerate(self.segments[: self._committed]):
                ids = segment.ids()
                for number in segment.live_numbers():
                    self._positions[ids[number]] = (k, number)
        for cid in chunk_ids:
            at = self._positions.pop(cid, None)
            if at is not None:
                segment = self.segments[at[0]]
                dead = self.dead.setdefault(segment.directory.name, _dead_mask(segment))
                dead[at[1]] = True
                self.changed = True

    def add(self, doc: Doc) -> None:
        self.builder.add(doc)
        self.changed = True
        if len(self.builder) >= FLUSH_DOCS:
            self._flush()

    def add_all(self, docs: Iterable[Doc]) -> None:
        for doc in docs:
            self.add(doc)

    def _flush(self) -> None:
        if len(self.builder):
            name = self._name()
            self.builder.write(self.directory / name)
            self.entries.append({"name": name, "deleted": None})
            self.segments.append(Segment(self.directory / name))
            self.builder = SegmentBuilder()

    def _name(self) -> str:
        name = f"seg-{self._next:06d}"
        self._next += 1
        return name

    # -- committing ----------------------------------------------------------------------------------------
    def commit(self) -> dict[str, Any]:
        """Write what is staged, merge, and return the state for the manifest to commit."""
        self._flush()
        by_name = {s.directory.name: s for s in self.segments}
        for name, dead in self.dead.items():
            entry = next(e for e in self.entries if e["name"] == name)
            if dead.all():
                self.entries.remove(entry)
                continue
            entry["deleted"] = f"deleted-{self.generation:06d}.npy"
            write_deleted(by_name[name].directory, entry["deleted"], np.flatnonzero(dead))
        self._merge(by_name)
        return {
            "format": FORMAT,
            "analysis": self.analysis,
            "generation": self.generation,
            "segments": self.entries,
            "next_segment": self._next,
        }

    def _live(self, name: str, segment: Segment) -> npt.NDArray[np.bool_]:
        dead = self.dead.get(name)
        return ~dead if dead is not None else ~_dead_mask(segment)

    def _merge(self, by_name: dict[str, Segment]) -> None:
        while group := self._merge_candidates(by_name):
            name = self._name()
            merge(
                [(by_name[e["name"]], self._live(e["name"], by_name[e["name"]])) for e in group], self.directory / name
            )
            by_name[name] = Segment(self.directory / name)
            first = self.entries.index(group[0])
            self.entries = [e for e in self.entries if e not in group]
            self.entries.insert(first, {"name": name, "deleted": None})
            self.changed = True

    def _merge_candidates(self, by_name: dict[str, Segment]) -> list[dict[str, Any]]:
        """MERGE_FACTOR neighbours of one size class, or one segment more than half deleted."""
        classes: dict[int, list[dict[str, Any]]] = {}
        for entry in self.entries:
            segment = by_name[entry["name"]]
            live = int(self._live(entry["name"], segment).sum())
            if live * 2 < segment.n:
                return [entry]
            classes.setdefault(int(math.log(max(live, 1), MERGE_FACTOR)), []).append(entry)
        return next((group for group in classes.values() if len(group) >= MERGE_FACTOR), [])


def _next_segment(state: Any) -> int:
    """The first number a state's successors may use (0 for a state that does not say, or is unreadable)."""
    value = state.get("next_segment") if isinstance(state, dict) else None
    return value if isinstance(value, int) and value >= 0 else 0


def _number(name: str) -> int:
    match = _SEGMENT.match(name)
    return int(match.group(1)) if match else -1


def _dead_mask(segment: Segment) -> npt.NDArray[np.bool_]:
    return np.zeros(segment.n, dtype=bool) if segment.live is None else ~segment.live


def merge(parts: list[tuple[Segment, npt.NDArray[np.bool_]]], directory: Path) -> None:
    """One segment holding the live chunks of `parts` in order (postings remapped, nothing re-analysed)."""
    vocab: dict[str, int] = {}
    languages: dict[str, int] = {}
    term_of, docs, tfs, lengths, langs, ids = [], [], [], [], [], []
    base = 0
    for segment, live in parts:
        number = np.cumsum(live, dtype=np.int64) - 1 + base
        remap = np.array([vocab.setdefault(t, len(vocab)) for t in segment.terms()], dtype=np.int64)
        owner = np.repeat(np.arange(len(remap), dtype=np.int64), np.diff(segment.ptr))
        keep = live[segment.docs]
        term_of.append(remap[owner[keep]])
        docs.append(number[segment.docs[keep]])
        tfs.append(np.asarray(segment.tfs[keep], dtype=np.int32))
        language = np.array([languages.setdefault(x, len(languages)) for x in segment.languages], dtype=np.uint8)
        lengths.append(np.asarray(segment.lengths[live]))
        langs.append(language[segment.langs[live]])
        segment_ids = segment.ids()
        ids += [segment_ids[i] for i in np.flatnonzero(live)]
        base += int(live.sum())
    owners = np.concatenate(term_of) if term_of else np.zeros(0, np.int64)
    used = np.unique(owners)  # terms only deleted chunks held are dropped
    compact = np.full(len(vocab), -1, dtype=np.int64)
    compact[used] = np.arange(len(used))
    names = list(vocab)
    write_segment(
        directory,
        [names[i] for i in used],
        (compact[owners], np.concatenate(docs), np.concatenate(tfs)),
        np.concatenate(lengths),
        np.concatenate(langs),
        list(languages),
        _records(parts),
        ids,
    )


def _records(parts: list[tuple[Segment, npt.NDArray[np.bool_]]]) -> Iterator[bytes]:
    for segment, live in parts:
        for i in np.flatnonzero(live):
            yield segment.raw_record(int(i))


def cleanup(directory: Path, state: dict[str, Any] | None) -> list[Path]:
    """Remove what no commit names: old segments, deletion files, temp dirs, the older format's file."""
    return [_remove(path) for path in unreferenced(directory, state)]


def unreferenced(directory: Path, state: dict[str, Any] | None) -> list[Path]:
    if not directory.is_dir():
        return []
    entries = {e["name"]: e.get("deleted") for e in (state or empty_state())["segments"]}
    found = []
    for path in sorted(directory.iterdir()):
        if path.name not in entries:
            found.append(path)
            continue
        for inner in sorted(path.iterdir()):
            if inner.name.startswith(("deleted-", ".")) and inner.name != entries[path.name]:
                found.append(inner)
    return found


def _remove(path: Path) -> Path:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
    return path
