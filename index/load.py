"""Find and read source documents: which files to ingest, their decoded text, title, or why they are skipped.

Readers are registered per file extension; each returns normalised text or raises `SkipFile` with a one-line
reason (empty, binary, undecodable, ...). It does not detect language, chunk or embed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from index.chunk import normalise_text

READERS: dict[str, Callable[[Path], str]] = {}
TITLE_CHARS = 120


class SkipFile(Exception):
    """A file that cannot be ingested; the message is the one-line reason shown to the user."""


def reader(*suffixes: str) -> Callable[[Callable[[Path], str]], Callable[[Path], str]]:
    def decorator(function: Callable[[Path], str]) -> Callable[[Path], str]:
        for suffix in suffixes:
            READERS[suffix] = function
        return function

    return decorator


def supported_suffixes() -> list[str]:
    return sorted(READERS)


def decode_text(data: bytes) -> str:
    """UTF-8 first; otherwise the encoding charset-normalizer detects; binary data is refused."""
    if b"\x00" in data[:8192]:
        raise SkipFile("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise SkipFile("undecodable text (not UTF-8 and no encoding detected)")
    return str(best)


@reader(".txt", ".md", ".markdown")
def read_plain_text(path: Path) -> str:
    return decode_text(path.read_bytes())


@dataclass(frozen=True)
class SourceFile:
    path: Path  # resolved, the identity of the document
    source: str  # as shown to users: relative to the working directory when inside it


def display_path(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def discover(root: Path) -> Iterator[SourceFile | tuple[str, str]]:
    """Files under `root` with a supported suffix, sorted; yields (source, reason) for ones it won't follow."""
    root = root.resolve()
    if root.is_file():
        yield SourceFile(root, display_path(root))
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or Path(name).suffix.lower() not in READERS:
                continue
            path = Path(dirpath) / name
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    yield (display_path(path), "symlink pointing outside the ingested folder (not followed)")
                    continue
            yield SourceFile(path.resolve() if path.is_symlink() else path, display_path(path))


def read_document(path: Path) -> str:
    """Normalised text of one file; raises `SkipFile` with the reason when there is nothing to index."""
    read = READERS.get(path.suffix.lower())
    if read is None:
        raise SkipFile(f"unsupported file type {path.suffix or '(none)'}; supported: {', '.join(READERS)}")
    try:
        text = normalise_text(read(path))
    except SkipFile:
        raise
    except PermissionError:
        raise SkipFile("unreadable (permission denied)") from None
    except OSError as exc:
        raise SkipFile(f"unreadable ({exc.strerror or exc})") from None
    if not text.strip():
        raise SkipFile("empty (no text)")
    return text


def title_of(text: str, fallback: str) -> str:
    """The first non-empty line, shortened: articles open with their headline."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1].rstrip() + "…"
    return fallback
