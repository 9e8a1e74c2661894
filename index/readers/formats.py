"""The whole-file readers: decoded, normalised text of .html, .pdf and .docx files.

HTML goes through BeautifulSoup, PDF through pypdf, .docx through python-docx; each returns text (or `Extracted`
with notes worth a warning) or raises `SkipFile` with a one-line reason (binary, no text layer, corrupt, over a
limit, ...). `Limits` are checked before a reader expands anything: a PDF's page count, a .docx package's
unzipped size and part count, an HTML file's size. These parsers cannot be interrupted from inside, so they run
in the worker process with a time and memory budget (`index/readers/sandbox.py`). Plain text is read by
`index/readers/text.py`. It does not find files, chunk or embed (see `index/readers/load.py`).
"""

from __future__ import annotations

import codecs
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path

from index.readers.base import DEFAULT_LIMITS, Extracted, Limits, SkipFile, reader, short_reason

# -- HTML, PDF, DOCX -------------------------------------------------------------------------------------------
_DROP_TAGS = ["script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "head", "nav"]
_BLOCK_TAGS = [
    "address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol",
    "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
]  # fmt: skip


@reader(".html", ".htm")
def read_html(path: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """Visible text: scripts, styles, menus and comments dropped, block elements on their own lines, <title> first."""
    from bs4 import BeautifulSoup, Comment

    size = path.stat().st_size
    if size > limits.html_bytes:
        raise SkipFile("html_too_large", size=f"{size / 2**20:.1f}", limit=f"{limits.html_bytes / 2**20:g}")
    data = path.read_bytes()
    if b"\x00" in data[:8192] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SkipFile("html_binary")
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
def read_pdf(path: Path, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    """Text of every page; a PDF whose pages have no text at all is refused as having no text layer."""
    from pypdf import PdfReader

    with _captured("pypdf") as damage:
        try:
            pdf = PdfReader(path)
            if pdf.is_encrypted and not pdf.decrypt(""):
                raise SkipFile("pdf_encrypted")
            if len(pdf.pages) > limits.pdf_pages:
                raise SkipFile("pdf_pages", pages=len(pdf.pages), limit=limits.pdf_pages)
            pages = [page.extract_text() or "" for page in pdf.pages]
        except (SkipFile, OSError):
            raise
        except Exception as exc:  # pypdf raises many types (PdfReadError, ValueError, KeyError...) on damage
            raise SkipFile("pdf_corrupt", detail=short_reason(exc)) from None
    if not pages:
        raise SkipFile("pdf_no_pages")
    empty = sum(1 for page in pages if not page.strip())
    if empty == len(pages):
        raise SkipFile("pdf_no_text", pages=len(pages))
    notes = []
    if empty:
        notes.append(f"{empty} of {len(pages)} PDF pages have no text layer and were left out")
    if damage:
        notes.append(f"damaged PDF, text recovered ({short_reason(Exception(damage[0]))})")
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
        raise SkipFile("docx_not_package") from None
    if len(parts) > limits.docx_parts:
        raise SkipFile("docx_parts", parts=len(parts), limit=limits.docx_parts)
    unzipped = sum(part.file_size for part in parts)
    if unzipped > limits.docx_bytes:
        raise SkipFile("docx_size", size=f"{unzipped / 2**20:.0f}", limit=f"{limits.docx_bytes / 2**20:g}")


@reader(".docx")
def read_docx(path: Path, limits: Limits = DEFAULT_LIMITS) -> str:
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
        raise SkipFile("docx_not_package") from None
    except Exception as exc:  # python-docx/zipfile/lxml raise several types on a damaged package
        raise SkipFile("docx_corrupt", detail=short_reason(exc)) from None
    return "\n\n".join(part for part in parts if part)
