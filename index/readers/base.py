"""What every format reader shares: the per-suffix registry, the result types and the limits checked before a
file is expanded.

A reader is registered for its suffixes with `@reader(...)`; it returns text (or `Extracted` with notes worth a
warning) or raises `SkipFile` with the reason (a kind of `index/readers/reasons.py` and its fields). The readers
themselves live in `index/readers/text.py` (plain text, streamed) and `index/readers/formats.py` (HTML, PDF,
.docx). It reads no file itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from index.readers.reasons import Reason, reason


class SkipFile(Exception):
    """A file that cannot be ingested: `SkipFile(kind, **fields)` (a kind of `index/readers/reasons.py`) or
    `SkipFile(reason)`; `reason` keeps the kind and fields, the message is its one-line English text."""

    def __init__(self, kind: str | Reason, **fields: object) -> None:
        self.reason = kind if isinstance(kind, Reason) else reason(kind, **fields)
        super().__init__(self.reason.text)

    def __reduce__(self) -> tuple[type[SkipFile], tuple[Reason]]:
        """Pickled and copied as its `Reason` (rebuilt from its English text alone, it would name no kind)."""
        return (SkipFile, (self.reason,))


@dataclass
class Extracted:
    """A reader's result when it has something to report besides the text (e.g. pages without text)."""

    text: str
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Limits:
    """What a reader refuses before expanding a file (RAG_MAX_PDF_PAGES, RAG_MAX_DOCX_MB, RAG_MAX_DOCX_PARTS)."""

    pdf_pages: int = 2000
    docx_bytes: int = 64 << 20
    docx_parts: int = 1000
    html_bytes: int = 64 << 20


DEFAULT_LIMITS = Limits()


Reader = Callable[[Path, Limits], "str | Extracted"]
READERS: dict[str, Reader] = {}
# Suffixes whose reader is the block-wise text stream rather than a whole-file parser.
STREAMED = (".txt", ".md", ".markdown")


def reader(*suffixes: str) -> Callable[[Reader], Reader]:
    def decorator(function: Reader) -> Reader:
        for suffix in suffixes:
            READERS[suffix] = function
        return function

    return decorator


def supported_suffixes() -> list[str]:
    return sorted(READERS)


def short_reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 100 else text[:99] + "…"
