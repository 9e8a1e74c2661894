"""Reading source documents: which files to ingest and their normalised text, or why one is skipped.

`load` finds files and opens documents (content hash, head, notes) for the ingest; the format readers turn one
file into text (`formats`); `sandbox` runs the whole-file parsers in a worker process with a time and memory
budget. This package does not detect language, chunk, embed or store anything.
"""

from index.readers.formats import READERS, STREAMED, Extracted, Limits, SkipFile, supported_suffixes
from index.readers.load import Document, SourceFile, discover, open_document, read_document, title_of, windows
from index.readers.sandbox import Budget

__all__ = [
    "READERS",
    "STREAMED",
    "Budget",
    "Document",
    "Extracted",
    "Limits",
    "SkipFile",
    "SourceFile",
    "discover",
    "open_document",
    "read_document",
    "supported_suffixes",
    "title_of",
    "windows",
]
