"""A document's title, from the head of its text and its file name.

`title_of` takes a Markdown heading without its marks, a headline, or the line after a section label ("NAME" in a
manual page); a plain-text file that opens with prose gets its file name, or its first sentence when the file name
is only counters and hashes (`names_nothing`). It does not read files (`index/readers/load.py`) or detect languages.
"""

from __future__ import annotations

import re
from itertools import islice, pairwise
from pathlib import Path

HEADING_CHARS, HEADING_WORDS = 100, 16  # a longer first line of a .txt file is prose
TITLE_CHARS = 120
OPENING_WORDS = 10  # a title made of a prose line's opening words ends after this many
HASH_CHARS, HASH_SWITCHES = 8, 3  # a hash ("2b68764e64aadd81") is this long and turns letters/digits this often


def title_of(text: str, fallback: str) -> str:
    """The first non-empty line, shortened: articles open with their headline.

    A Markdown heading loses its `#` marks. A first line that is one word in capitals, a section's label as manual
    pages and reports open with ("NAME", "NOME", "ИМЯ", "ABSTRACT"), is no title when a line follows: the next one
    is ("fstab - static information about the filesystems"). In a plain-text file a line that reads as prose (a
    sentence, or too long for a heading) is no title: the file name stands in for it, unless it names nothing
    (`names_nothing`: "001_2b68764e64aadd81.txt"); then the line's opening words do.
    """
    suffix = Path(fallback).suffix.lower()
    lines = (line.strip() for line in text.splitlines())
    found = list(islice((line for line in lines if line), 2))
    if not found:
        return fallback
    line = found[1] if len(found) == 2 and _section_label(found[0]) else found[0]
    if suffix in (".md", ".markdown"):
        line = re.sub(r"^#{1,6}\s+|\s+#+$", "", line).strip() or line
    elif suffix == ".txt" and not looks_like_heading(line):
        stem = Path(fallback).stem
        if not names_nothing(stem):
            return stem.replace("_", " ").strip() or fallback
        line = opening_words(line)
    return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1].rstrip() + "…"


def names_nothing(stem: str) -> bool:
    """Whether a file name is made of counters and hashes only ("001_2b68764e64aadd81"), so it names nothing; a word
    with digits in it ("face2face", "scan0001", "ABBA1974") names something."""
    parts = [part for part in re.split(r"[\W_]+", stem) if part]
    return bool(parts) and all(part.isdigit() or _hash(part) for part in parts)


def _hash(part: str) -> bool:
    hexadecimal = len(part) >= HASH_CHARS and all(ch in "0123456789abcdefABCDEF" for ch in part)
    return hexadecimal and sum(a.isdigit() != b.isdigit() for a, b in pairwise(part)) >= HASH_SWITCHES


def opening_words(line: str) -> str:
    """A prose line's first sentence (one of three words at least: "Dr.", "U.S." end none), or its first
    `OPENING_WORDS` words and "…" when that is longer."""
    shown = line.split()
    ends = [i + 1 for i, word in enumerate(shown) if i >= 2 and word.endswith((".", "!", "?", "…"))]
    shown = shown[: ends[0]] if ends else shown
    return " ".join(shown) if len(shown) <= OPENING_WORDS else " ".join(shown[:OPENING_WORDS]) + "…"


def _section_label(line: str) -> bool:
    """One word of capital letters only ("NAME", "ИМЯ"): a section's label rather than a document's title."""
    return len(line) > 1 and line.isalpha() and line.isupper()


def looks_like_heading(line: str) -> bool:
    """Short, and not ending like a sentence: what a headline line looks like in any of our languages."""
    return (
        len(line) <= HEADING_CHARS
        and len(line.split()) <= HEADING_WORDS
        and not line.endswith((".", "!", "?", "…", ";"))
    )
