"""Reading source documents: which files to ingest and their normalised text, or why one is skipped.

- `base`: the per-suffix registry of readers, `SkipFile`, `Extracted` and the `Limits` checked before expanding.
- `text`: plain text (.txt, .md), decoded and streamed block by block in the ingesting process.
- `formats`: the whole-file parsers (.html, .pdf, .docx).
- `sandbox`: runs those parsers in a worker process with a time and memory budget (`Budget`).
- `load`: finds the files under a folder and opens each as a `Document` (content hash, head, notes) for the ingest.
- `title`: a document's title from its head and file name (`title_of`).

Importing this package registers every reader. It does not detect language, chunk, embed or store anything.
"""

from index.readers import formats, text  # noqa: F401 (registers the readers)
from index.readers.base import READERS, STREAMED, Extracted, Limits, SkipFile, supported_suffixes
from index.readers.load import Document, SourceFile, discover, open_document, read_document, windows
from index.readers.sandbox import Budget
from index.readers.title import title_of

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
