"""Builders for test documents in every supported format, made from real text (the seeds) at test time.

PDFs are written with pypdf (a Helvetica text layer, WinAnsi-encoded), .docx files with python-docx, so the
readers are tested against what those libraries really produce. It holds no assertions.
"""

from __future__ import annotations

import io
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_IT = SEEDS / "000_43edf65cfdb5b0df.txt"
SEED_RU = SEEDS / "003_8235321083f5287d.txt"
SEED_EN = SEEDS / "004_0ee959afcab6d387.txt"

# Curly quotes are not in Latin-1; the Latin-1 test file uses their ASCII forms.
LATIN1_SAFE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-", "…": "..."})


def seed_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _pdf_string(text: str) -> bytes:
    data = text.encode("cp1252", errors="replace")
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf_bytes(pages: list[list[str]]) -> bytes:
    """A PDF with one page per entry; each line of a page is drawn as text (an empty list = an image-only page)."""
    streams = []
    for lines in pages:
        ops = [b"BT /F1 10 Tf 14 TL 40 760 Td", *(_pdf_string(line) + b" Tj T*" for line in lines), b"ET"]
        streams.append(b"\n".join(ops) if lines else b"q Q")
    return pdf_from_streams(streams)


def pdf_from_streams(streams: list[bytes], compress: bool = False) -> bytes:
    """A PDF with one page per raw content stream, Helvetica available as /F1."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, StreamObject

    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    for data in streams:
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        stream = StreamObject()
        stream.set_data(data)
        page[NameObject("/Contents")] = writer._add_object(stream.flate_encode() if compress else stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def wrap(text: str, width: int = 90) -> list[str]:
    """Lines of at most `width` characters, paragraphs separated by an empty line."""
    import textwrap

    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += textwrap.wrap(paragraph, width) or [""]
    return lines


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None, heading: str | None = None) -> bytes:
    import docx

    document = docx.Document()
    if heading:
        document.add_heading(heading, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def html_page(title: str, paragraphs: list[str], charset: str = "utf-8") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>{title}</title>
<style>p {{ color: red; }} .secret-style-marker {{ display: none }}</style>
<script>var secretScriptMarker = "do not index"; document.write("<p>scripted</p>");</script>
</head>
<body><!-- comment-marker: not visible -->
<nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<h1>{title}</h1>
{body}
<noscript>noscript-marker</noscript>
<script type="application/ld+json">{{"jsonLdMarker": true}}</script>
</body></html>
"""
