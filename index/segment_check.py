"""Checks that a lexical segment's arrays can be used safely before anything reads them by position.

`index/segment.py` opens a segment and calls `check` with its meta.json and its (memory-mapped) arrays; a
failure is a `SegmentError` naming what is wrong, so a damaged segment is refused at open with the repair
command (`index/lexical.py`) rather than failing later as an IndexError inside a query, or silently scoring
another segment's document. The postings (`docs.npy`, the one large array) are read in blocks through a plain
file read, not through the map, so the check adds no pages to the serving process. It does not verify the
checksums (that is `rag doctor`, `Segment.verify`) nor repair anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

BLOCK = 1 << 22  # values per read while checking the postings


class SegmentError(Exception):
    """A segment's files are missing, truncated or do not match their recorded checksums."""


def check(directory: Path, meta: Any, a: dict[str, npt.NDArray[Any]], dead: npt.NDArray[Any], version: int) -> None:
    """Raise SegmentError unless sizes agree with meta.json and every stored position points inside its array."""
    if not isinstance(meta, dict) or meta.get("format") != version:
        raise SegmentError(f"{directory.name}: meta.json is not this format's")
    n, languages = meta["docs"], meta["languages"]
    if not (isinstance(n, int) and isinstance(languages, list)):
        raise SegmentError(f"{directory.name}: meta.json has no document count or languages")
    sizes = (
        len(a["lengths"]) == len(a["langs"]) == n == len(a["store_offsets"]) - 1
        and len(a["hashes"]) == len(a["term_offsets"]) - 1 == len(a["ptr"]) - 1 == int(meta["terms"])
        and len(a["docs"]) == len(a["tfs"]) == int(a["ptr"][-1]) == int(meta["postings"])
    )
    if not sizes:
        raise SegmentError(f"{directory.name}: its arrays do not have the sizes its meta.json records")
    for name in ("ptr", "term_offsets", "store_offsets"):
        if int(a[name][0]) != 0 or (len(a[name]) > 1 and bool((np.diff(a[name]) < 0).any())):
            raise SegmentError(f"{directory.name}: {name}.npy is not a sequence of offsets")
    if (len(a["langs"]) and int(a["langs"].max()) >= len(languages)) or (
        dead.size and (int(dead.min()) < 0 or int(dead.max()) >= n)
    ):
        raise SegmentError(f"{directory.name}: a language or deletion outside the segment")
    if not _within(directory / "docs.npy", n):
        raise SegmentError(f"{directory.name}: docs.npy names documents the segment does not hold")


def _within(path: Path, limit: int) -> bool:
    """Every value of a 1-D .npy array lies in [0, limit); read in blocks, never mapped."""
    with open(path, "rb") as handle:
        version = np.lib.format.read_magic(handle)
        read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        _, _, dtype = read_header(handle)
        while (block := np.fromfile(handle, dtype=dtype, count=BLOCK)).size:
            if int(block.min()) < 0 or int(block.max()) >= limit:
                return False
    return True
