"""Builders for hostile documents: a .docx zip bomb, a .docx with thousands of parts, a PDF with too many pages
and a small PDF whose one page takes pypdf a long time to read. Used by tests/test_hostile_docs.py and
bench/bombs.py. It holds no assertions.
"""

from __future__ import annotations

import io
import zipfile

from tests.doc_factory import docx_bytes

_PARAGRAPH = b"<w:p><w:r><w:t>" + b"A" * 4000 + b"</w:t></w:r></w:p>"


def docx_bomb(expanded_mb: int) -> bytes:
    """A valid .docx whose document.xml unzips to about `expanded_mb` MiB of text (compresses ~1000:1)."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(["placeholder"])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                head, _, tail = data.partition(b"<w:body>")
                body_end = tail.index(b"</w:body>")
                with bomb.open(item.filename, "w", force_zip64=True) as part:
                    part.write(head + b"<w:body>")
                    for _ in range(expanded_mb * 2**20 // len(_PARAGRAPH)):
                        part.write(_PARAGRAPH)
                    part.write(tail[body_end:])
            else:
                bomb.writestr(item, data)
    return out.getvalue()


def docx_many_parts(parts: int) -> bytes:
    """A valid .docx with `parts` extra (tiny) files in its package."""
    out = io.BytesIO(docx_bytes(["A document with many parts."]))
    with zipfile.ZipFile(out, "a") as package:
        for n in range(parts):
            package.writestr(f"extra/part{n}.xml", b"<x/>")
    return out.getvalue()


def pdf_pages(count: int) -> bytes:
    """A PDF of `count` pages, each with one line of text."""
    from tests.doc_factory import pdf_bytes

    return pdf_bytes([[f"Page {n} of a very long document."] for n in range(count)])


def slow_pdf(operators: int) -> bytes:
    """One page whose (flate-compressed, so small) content stream holds `operators` text-showing operators."""
    from tests.doc_factory import pdf_from_streams

    return pdf_from_streams([b"BT /F1 10 Tf 40 760 Td " + b"(slow) Tj 1 0 Td " * operators + b"ET"], compress=True)
