"""Find and read source documents: which files to ingest, their normalised text, title, or why they are skipped.

`discover` walks a folder and names each file by a path relative to the working directory or to the ingested
folder's parent (never an absolute server path; the name a new document gets, longer by a folder or more when
another document shows it already, which an indexed one keeps whatever the working directory of a later ingest:
index/ingest.py); it yields a reason instead of a file for symlinks leading
outside the folder, symlink loops, a second name for a file already found, and anything that is not a regular
file (FIFOs, sockets, devices). `open_document` reads a file with its format's reader (`index/readers/formats.py`;
.pdf/.docx/.html in a worker process with a time and memory budget, `index/readers/sandbox.py`) and scans it once:
content hash, size, the head used for language and title (`index/readers/title.py`), and notes for the report
(a large file, a very long line); plain text that takes longer than the budget to scan is skipped. Plain text
stays a stream: the `Document` re-reads it on demand and `windows` hands it to the chunker in bounded slices, so a
50 MB file never sits in memory whole. It does not detect language, chunk or embed.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from index.chunk import normalise_text
from index.readers.base import READERS, STREAMED, SkipFile
from index.readers.reasons import Reason, reason
from index.readers.sandbox import Budget, read_isolated
from index.readers.text import sniff_encoding, stream_text

HEAD_CHARS = 4000  # what language detection and the title see
LARGE_FILE_BYTES = 10 << 20  # files from this size on get a "read as a stream" line in the report
LONG_LINE_CHARS = 100_000  # lines from this length on get a line in the report
T = TypeVar("T")


# -- discovery ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SourceFile:
    path: Path  # resolved, the identity of the document
    source: str  # shown to users when first indexed: relative to the working directory when inside it


def display_path(path: Path, base: Path | None = None) -> str:
    """`path` relative to the working directory, else to `base` (the ingested folder's parent), else its name."""
    for anchor in (Path.cwd().resolve(), base):
        if anchor is not None:
            try:
                return str(path.relative_to(anchor))
            except ValueError:
                continue
    return path.name


def distinct_source(path: Path, source: str, taken: set[str]) -> str:
    """`source`, or when another document already shows that name, the shortest longer tail of `path` that none
    does ("b/docs/x.txt" beside "docs/x.txt"): two files are never cited under one name."""
    parts, length = path.parts, len(Path(source).parts)
    while source in taken and length < len(parts) - 1:
        length += 1
        source = str(Path(*parts[-length:]))
    return source


def _not_regular(mode: int) -> Reason | None:
    kinds: tuple[tuple[Callable[[int], bool], str], ...] = (
        (stat.S_ISFIFO, "fifo"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "device"),
        (stat.S_ISBLK, "device"),
        (stat.S_ISDIR, "directory"),
    )
    for test, kind in kinds:
        if test(mode):
            return Reason(kind)
    return None if stat.S_ISREG(mode) else Reason("not_regular")


def _entry(path: Path, root: Path, base: Path, seen: dict[Path, str]) -> SourceFile | tuple[str, Reason]:
    """One directory entry as a file to ingest, or (source, reason) when it is not followed."""
    source = display_path(path, base)
    try:
        target = path.resolve(strict=True)
    except RuntimeError:
        return source, Reason("symlink_loop")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return source, Reason("symlink_loop")
        return source, Reason("missing")
    if not target.is_relative_to(root):
        return source, Reason("symlink_outside")
    try:
        why = _not_regular(os.stat(target).st_mode)
    except OSError as exc:
        return source, reason("unreadable", detail=exc.strerror or exc)
    if why:
        return source, why
    if target in seen:
        return source, reason("alias", source=seen[target])
    seen[target] = display_path(target, base)
    return SourceFile(target, seen[target])


def discover(root: Path) -> Iterator[SourceFile | tuple[str, Reason]]:
    """Files under `root` with a supported suffix, sorted; yields (source, reason) for ones it won't read or follow."""
    root = root.resolve()
    base = root.parent
    if not root.is_dir():
        yield _entry(root, root.parent, root.parent.parent, {})  # named like "uploads/x.txt"
        return
    seen: dict[Path, str] = {}
    entries: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        entries += [Path(dirpath) / name for name in sorted(filenames) if not name.startswith(".")]
    for path in entries:
        suffix = path.suffix.lower()
        if suffix not in READERS:  # listed, so a report can say which files it did not read
            listed = reason("unsupported_listed", suffix=suffix) if suffix else Reason("no_extension_listed")
            yield (display_path(path, base), listed)
    # Regular files first, so a symlink alias (not the real file) is the name that gets skipped.
    entries = [p for p in entries if p.suffix.lower() in READERS]
    for path in sorted(entries, key=lambda p: (p.is_symlink(), str(p))):
        yield _entry(path, root, base, seen)


# -- documents ---------------------------------------------------------------------------------------------------
@dataclass
class Document:
    """A readable file: re-iterable normalised text pieces, and what one scan over them found."""

    path: Path
    pieces: Callable[[], Iterable[str]]
    notes: list[str]
    content_hash: str = ""
    chars: int = 0
    head: str = ""

    def text(self) -> str:
        return "".join(self.pieces())


def _guarded(path: Path, make: Callable[[], T]) -> T:
    try:
        return make()
    except SkipFile:
        raise
    except PermissionError:
        raise SkipFile("permission") from None
    except IsADirectoryError:
        raise SkipFile("directory") from None
    except OSError as exc:
        raise SkipFile("unreadable", detail=exc.strerror or exc) from None


def open_document(path: Path, budget: Budget | None = None) -> Document:
    """Read (plain text: stream) and scan one file; raises `SkipFile` with the reason when nothing is indexable."""
    budget = budget or Budget()
    suffix = path.suffix.lower()
    if suffix not in READERS:
        supported = ", ".join(READERS)
        if not suffix:
            raise SkipFile("no_extension", supported=supported)
        raise SkipFile("unsupported_type", suffix=suffix, supported=supported)
    why = _guarded(path, lambda: _not_regular(os.stat(path).st_mode))
    if why:
        raise SkipFile(why)  # a FIFO would block the reader forever
    if suffix in STREAMED:
        encoding = _guarded(path, lambda: sniff_encoding(path))
        document = Document(path, lambda: stream_text(path, encoding), [])
    else:
        extracted = _guarded(path, lambda: read_isolated(suffix, path, budget))
        text = normalise_text(extracted.text)
        document = Document(path, lambda: (text,), list(extracted.notes))
    _guarded(path, lambda: _scan(document, time.monotonic() + budget.timeout, budget.timeout))
    return document


def _scan(document: Document, deadline: float, timeout: float) -> None:
    digest = hashlib.sha256()
    head: list[str] = []
    head_chars = chars = line = longest = 0
    has_text = False
    for piece in document.pieces():
        if time.monotonic() > deadline:
            raise SkipFile("timeout", seconds=f"{timeout:g}")
        digest.update(piece.encode("utf-8"))
        chars += len(piece)
        if head_chars < HEAD_CHARS:
            head.append(piece[: HEAD_CHARS - head_chars])
            head_chars += len(head[-1])
        has_text = has_text or (bool(piece) and not piece.isspace())
        lines = piece.split("\n")
        line += len(lines[0])
        if len(lines) > 1:
            longest = max(longest, line, *(len(part) for part in lines[1:-1]))
            line = len(lines[-1])
    longest = max(longest, line)
    if not has_text:
        raise SkipFile("empty_whitespace" if chars else "empty_text")
    document.content_hash, document.chars, document.head = digest.hexdigest(), chars, "".join(head)
    size = document.path.stat().st_size
    if size >= LARGE_FILE_BYTES:
        document.notes.append(f"large file ({size / 2**20:.1f} MB): read and indexed as a stream")
    if longest >= LONG_LINE_CHARS:
        document.notes.append(
            f"very long line ({longest:,} characters without a line break): split into chunks of bounded size"
        )


def read_document(path: Path, budget: Budget | None = None) -> str:
    """Normalised text of one file; raises `SkipFile` with the reason when there is nothing to index."""
    return open_document(path, budget).text()


def windows(pieces: Iterable[str], size: int) -> Iterator[tuple[int, str]]:
    """(offset, text) slices of about `size` characters, cut at a paragraph, line or word break when possible."""
    buffer, offset = "", 0
    for piece in pieces:
        buffer += piece
        while len(buffer) >= size * 2:
            cut = _window_cut(buffer, size)
            yield offset, buffer[:cut]
            offset += cut
            buffer = buffer[cut:]
    while len(buffer) > size:
        cut = _window_cut(buffer, size)
        yield offset, buffer[:cut]
        offset += cut
        buffer = buffer[cut:]
    if buffer:
        yield offset, buffer


def _window_cut(text: str, size: int) -> int:
    for separator in ("\n\n", "\n", " "):
        at = text.rfind(separator, size // 2, size)
        if at >= 0:
            return at + len(separator)
    return size
