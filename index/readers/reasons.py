"""Why a file is not indexed, as a kind with its fields: `Reason`, and `REASON_TEXTS`, the English text of each kind.

A reader, the sandbox, the file discovery and the ingest name the reason where they make it (`SkipFile(kind,
**fields)`, `Reason(kind, fields)`); its English text (`Reason.text`) is what `rag ingest`, its `--json` and the API
show, unchanged. The kind and the fields let a page word the same reason in its own language (`SKIP_REASONS` of
each `ui/locales/<lang>.py`). Fields are already formatted strings; `detail` is a library's or
the system's own text (a damaged PDF's error, an OS error), kept verbatim in every language. It reads no file and
decides nothing about one.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field

REASON_TEXTS: dict[str, str] = {
    # what discovery does not follow or list (index/readers/load.py)
    "unsupported_listed": "unsupported file type {suffix}",
    "no_extension_listed": "unsupported file type (no extension)",
    "symlink_loop": "symlink loop; skipped",
    "missing": "does not exist (or is a broken symlink); skipped",
    "symlink_outside": "symlink pointing outside the ingested folder (not followed)",
    "alias": "another name (symlink) for {source}, which is indexed once",
    "fifo": "not a regular file (a FIFO); skipped",
    "socket": "not a regular file (a socket); skipped",
    "device": "not a regular file (a device); skipped",
    "not_regular": "not a regular file; skipped",
    # opening a file (index/readers/load.py)
    "unsupported_type": "unsupported file type {suffix}; supported: {supported}",
    "no_extension": "unsupported file type (none); supported: {supported}",
    "directory": "unreadable (a directory)",
    "permission": "unreadable (permission denied)",
    "unreadable": "unreadable ({detail})",
    "timeout": "took longer than {seconds} s to read (RAG_READ_TIMEOUT); skipped",
    "empty_whitespace": "empty (only whitespace)",
    "empty_text": "empty (no text)",
    # plain text (index/readers/text.py)
    "empty_file": "empty file (0 bytes)",
    "binary_nul": "binary file (contains NUL bytes), not text",
    "undecodable": "undecodable text (not UTF-8, and no other text encoding fits)",
    "binary_control": "binary data, not text ({control} control bytes in the first {sample} as {encoding})",
    # HTML, PDF, .docx (index/readers/formats.py)
    "html_too_large": "HTML file of {size} MiB is over the {limit} MiB limit",
    "html_binary": "binary file (contains NUL bytes), not HTML",
    "pdf_encrypted": "encrypted PDF (needs a password)",
    "pdf_pages": "PDF with {pages} pages; the limit is {limit} (RAG_MAX_PDF_PAGES)",
    "pdf_corrupt": "corrupt or truncated PDF ({detail})",
    "pdf_no_pages": "PDF without pages",
    "pdf_no_text": "no text layer (scanned or image-only PDF, {pages} page(s)); run OCR on it first",
    "docx_not_package": "corrupt .docx (not a Word document package)",
    "docx_corrupt": "corrupt .docx ({detail})",
    "docx_parts": ".docx package with {parts} parts; the limit is {limit} (RAG_MAX_DOCX_PARTS)",
    "docx_size": ".docx package unzips to {size} MiB; the limit is {limit} MiB (RAG_MAX_DOCX_MB)",
    # the reader's worker process (index/readers/sandbox.py)
    "memory": "needs more than {memory} MiB to read (RAG_READ_MEMORY_MB)",
    "crashed": "the reader crashed or ran out of memory (RAG_READ_MEMORY_MB = {memory})",
    "reader_failed": "reader failed ({error}: {detail})",
    # chunking (index/writer.py)
    "no_chunks": "no text left after chunking",
}
# Added to the reason of an indexed file that can no longer be read, when its old chunks were removed.
REMOVED_TEXT = "; its previously indexed text was removed from the index"


def fields_of(template: str) -> set[str]:
    """The names of the `{fields}` a template formats."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@dataclass(frozen=True)
class Reason:
    """One reason a file is not indexed: its `kind` (a key of `REASON_TEXTS`) and the fields its text names;
    `removed` when the file was indexed before and its old chunks were removed."""

    kind: str
    fields: dict[str, str] = field(default_factory=dict)
    removed: bool = False

    def __post_init__(self) -> None:
        if self.kind not in REASON_TEXTS:
            raise KeyError(f"no reason kind {self.kind!r} in index/readers/reasons.py")
        if set(self.fields) != fields_of(REASON_TEXTS[self.kind]):
            raise ValueError(f"reason {self.kind!r} needs the fields {sorted(fields_of(REASON_TEXTS[self.kind]))}")

    @property
    def text(self) -> str:
        """The reason in English, as the CLI, `rag ingest --json` and the API show it."""
        text = REASON_TEXTS[self.kind].format(**self.fields)
        return text + REMOVED_TEXT if self.removed else text


def reason(kind: str, **fields: object) -> Reason:
    """`Reason(kind, fields)` with each field as text."""
    return Reason(kind, {name: str(value) for name, value in fields.items()})
