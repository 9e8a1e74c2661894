"""Per-format readers: decoded, normalised text of .txt/.md (streamed), .html, .pdf and .docx files.

Readers are registered per file extension; each returns text (or `Extracted` with notes worth a warning) or
raises `SkipFile` with a one-line reason (empty, binary, no text layer, corrupt, over a limit, ...). Plain text
is decoded block by block with the detected encoding (a BOM, UTF-8, else charset-normalizer), so a large file
is never read whole; HTML goes through BeautifulSoup, PDF through pypdf, .docx through python-docx. `Limits`
are checked before a reader expands anything: a PDF's page count, a .docx package's unzipped size and part
count, an HTML file's size. The time and memory budget is enforced around the readers (`index/readers/sandbox.py`).
It does not find files, chunk or embed (see `index/readers/load.py`).
"""

from __future__ import annotations

import codecs
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from index.chunk import normalise_text

BLOCK_BYTES = 1 << 20  # plain text is read and decoded in blocks of this size
BINARY_CONTROL_RATIO = 0.05  # more control characters than this in the first block = binary data


class SkipFile(Exception):
    """A file that cannot be ingested; the message is the one-line reason shown to the user."""


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


# -- plain text ----------------------------------------------------------------------------------------------
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def sniff_encoding(path: Path) -> str:
    """The file's encoding: a BOM, else UTF-8 if every block is valid UTF-8, else what charset-normalizer finds."""
    with path.open("rb") as handle:
        head = handle.read(BLOCK_BYTES)
        if not head:
            raise SkipFile("empty file (0 bytes)")
        for bom, encoding in _BOMS:
            if head.startswith(bom):
                return encoding
        if b"\x00" in head[:8192]:
            raise SkipFile("binary file (contains NUL bytes), not text")
        utf8 = codecs.getincrementaldecoder("utf-8")()
        offset, block, bad = 0, head, -1
        while block:
            try:
                utf8.decode(block)
            except UnicodeDecodeError as exc:
                bad = offset + exc.start
                break
            offset += len(block)
            block = handle.read(BLOCK_BYTES)
        if bad < 0:
            return "utf-8-sig"  # a multibyte character cut at the very end is replaced, not fatal
        # Detect on the region where UTF-8 failed: a long ASCII prefix would otherwise look like plain ASCII.
        handle.seek(max(0, bad - 4096))
        sample = handle.read(BLOCK_BYTES)
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None:
        raise SkipFile("undecodable text (not UTF-8, and no other text encoding fits)")
    return best.encoding


def _safe_cut(text: str) -> int:
    """Where a decoded block may be split so that normalising the parts equals normalising the whole."""
    newline = text.rfind("\n")
    if newline >= 0:
        return newline + 1  # after \n: never splits \r\n, and nothing composes across a line break
    # Before an ASCII character other than \n: ASCII never composes with what precedes it (NFC).
    for i in range(len(text) - 1, 0, -1):
        if text[i] < "\x80" and text[i] != "\r" and text[i - 1] != "\r":
            return i
    return len(text)


def stream_text(path: Path, encoding: str) -> Iterator[str]:
    """Normalised text pieces of a text file, decoded block by block."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    carry = ""
    first = True
    with path.open("rb") as handle:
        while True:
            block = handle.read(BLOCK_BYTES)
            text = carry + decoder.decode(block, final=not block)
            if first:
                _refuse_binary(text, encoding)
                first = False
            cut = _safe_cut(text) if block else len(text)
            carry = text[cut:]
            if cut:
                yield normalise_text(text[:cut])
            if not block:
                return


def _refuse_binary(text: str, encoding: str) -> None:
    sample = text[:65536]
    if not sample:
        return
    control = sum(1 for ch in sample if (ch < " " and ch not in "\t\n\r\f\v") or ch == "\ufffd")
    if control / len(sample) > BINARY_CONTROL_RATIO:
        raise SkipFile(f"binary data, not text ({control} control bytes in the first {len(sample)} as {encoding})")


@reader(*STREAMED)
def read_plain_text(path: Path, limits: Limits = Limits()) -> str:
    return "".join(stream_text(path, sniff_encoding(path)))


# -- HTML, PDF, DOCX -------------------------------------------------------------------------------------------
_DROP_TAGS = ["script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "head", "nav"]
_BLOCK_TAGS = [
    "address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol",
    "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
]  # fmt: skip


@reader(".html", ".htm")
def read_html(path: Path, limits: Limits = Limits()) -> str:
    """Visible text: scripts, styles, menus and comments dropped, block elements on their own lines, <title> first."""
    from bs4 import BeautifulSoup, Comment

    size = path.stat().st_size
    if size > limits.html_bytes:
        raise SkipFile(f"HTML file of {size / 2**20:.1f} MiB is over the {limits.html_bytes / 2**20:g} MiB limit")
    data = path.read_bytes()
    if b"\x00" in data[:8192] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SkipFile("binary file (contains NUL bytes), not HTML")
    soup = BeautifulSoup(data, "html.parser")  # bytes: bs4 honours <meta charset> and detects otherwise
    title = " ".join(soup.title.get_text(" ").split()) if soup.title else ""
    for element in soup(_DROP_TAGS):
        element.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for block in soup.find_all(_BLOCK_TAGS):
        block.insert_before("\n")
        block.append("\n")
    lines = [" ".join(line.split()) for line in soup.get_text().splitlines()]
    text = "\n".join(line for line in lines if line)
    if title and not text.startswith(title):
        text = f"{title}\n{text}"
    return text


@contextmanager
def _captured(logger_name: str) -> Iterator[list[str]]:
    """Collect a library's log warnings (pypdf reports damage this way) instead of printing them."""
    messages: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger(logger_name)
    handler, propagate = _Collect(logging.WARNING), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 100 else text[:99] + "…"


_SENTENCE_END = tuple(".!?…:;")


def _join_pdf_lines(text: str) -> str:
    """PDF text has a break per printed line, and line breaks end sentences for the chunker and the answerer,
    so a printed line continues the previous one when that one is nearly full width, or lacks a sentence end
    before a lower-case start. Short lines (headings, a paragraph's last line) keep their break."""
    lines = text.split("\n")
    full = 0.7 * max(len(line) for line in lines)
    out = [lines[0]]
    for previous, line in pairwise(lines):
        before, after = previous.rstrip(), line.lstrip()
        joins = bool(before and after) and (
            len(before) >= full or (not before.endswith(_SENTENCE_END) and after[0].islower())
        )
        if joins:
            out[-1] = out[-1].rstrip() + " " + after
        else:
            out.append(line)
    return "\n".join(out)


@reader(".pdf")
def read_pdf(path: Path, limits: Limits = Limits()) -> Extracted:
    """Text of every page; a PDF whose pages have no text at all is refused as having no text layer."""
    from pypdf import PdfReader

    with _captured("pypdf") as damage:
        try:
            pdf = PdfReader(path)
            if pdf.is_encrypted and not pdf.decrypt(""):
                raise SkipFile("encrypted PDF (needs a password)")
            if len(pdf.pages) > limits.pdf_pages:
                raise SkipFile(f"PDF with {len(pdf.pages)} pages; the limit is {limits.pdf_pages} (RAG_MAX_PDF_PAGES)")
            pages = [page.extract_text() or "" for page in pdf.pages]
        except (SkipFile, OSError):
            raise
        except Exception as exc:  # pypdf raises many types (PdfReadError, ValueError, KeyError...) on damage
            raise SkipFile(f"corrupt or truncated PDF ({_short(exc)})") from None
    if not pages:
        raise SkipFile("PDF without pages")
    empty = sum(1 for page in pages if not page.strip())
    if empty == len(pages):
        raise SkipFile(f"no text layer (scanned or image-only PDF, {len(pages)} page(s)); run OCR on it first")
    notes = []
    if empty:
        notes.append(f"{empty} of {len(pages)} PDF pages have no text layer and were left out")
    if damage:
        notes.append(f"damaged PDF, text recovered ({_short(Exception(damage[0]))})")
    text = "\n\n".join(_join_pdf_lines(page.strip()) for page in pages if page.strip())
    return Extracted(text, notes)


def _check_package(path: Path, limits: Limits) -> None:
    """Refuse a zip bomb from the package's directory, before anything is unzipped (zipfile then enforces the
    declared sizes while reading)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
    except zipfile.BadZipFile:
        raise SkipFile("corrupt .docx (not a Word document package)") from None
    if len(parts) > limits.docx_parts:
        raise SkipFile(f".docx package with {len(parts)} parts; the limit is {limits.docx_parts} (RAG_MAX_DOCX_PARTS)")
    unzipped = sum(part.file_size for part in parts)
    if unzipped > limits.docx_bytes:
        raise SkipFile(
            f".docx package unzips to {unzipped / 2**20:.0f} MiB; the limit is {limits.docx_bytes / 2**20:g} MiB "
            "(RAG_MAX_DOCX_MB)"
        )


@reader(".docx")
def read_docx(path: Path, limits: Limits = Limits()) -> str:
    """Paragraphs and table rows in document order."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    _check_package(path, limits)
    try:
        document = docx.Document(str(path))
        parts = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    cells = list(dict.fromkeys(cell.text.strip() for cell in row.cells))  # merged cells repeat
                    parts.append(" | ".join(cell for cell in cells if cell))
            else:
                parts.append(block.text.strip())
    except OSError:
        raise
    except PackageNotFoundError:
        raise SkipFile("corrupt .docx (not a Word document package)") from None
    except Exception as exc:  # python-docx/zipfile/lxml raise several types on a damaged package
        raise SkipFile(f"corrupt .docx ({_short(exc)})") from None
    return "\n\n".join(part for part in parts if part)
