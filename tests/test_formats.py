"""Every supported format is read into the right text, and answers quote it correctly.

HTML loses scripts, styles, comments and menus but keeps its text; PDFs give their text layer (or "no text
layer"); .docx gives paragraphs and tables in order; Windows-1251 and Latin-1 text files are decoded by
detection. The seeds, converted to each format at test time, are indexed once and asked real questions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from index.readers import SkipFile, open_document, read_document, supported_suffixes
from rag.types import Query
from tests.conftest import make_settings
from tests.doc_factory import (
    LATIN1_SAFE,
    SEED_EN,
    SEED_IT,
    SEED_RU,
    SEEDS,
    docx_bytes,
    html_page,
    pdf_bytes,
    seed_text,
    wrap,
)

SEED_IT_PDF = SEEDS / "001_2b68764e64aadd81.txt"
SEED_IT_DOCX = SEEDS / "002_01ab38280315dc06.txt"


def squash(text: str) -> str:
    return " ".join(text.split())


def test_supported_formats_are_registered() -> None:
    assert {".txt", ".md", ".html", ".htm", ".pdf", ".docx"} <= set(supported_suffixes())


# -- plain text encodings ------------------------------------------------------------------------------------
ENCODED = {
    "ru-windows-1251": (SEED_RU, "cp1251", lambda t: t),
    "it-latin-1": (SEED_IT, "latin-1", lambda t: t.translate(LATIN1_SAFE)),
    "en-utf-16-bom": (SEED_EN, "utf-16", lambda t: t),
    "ru-utf-8-bom": (SEED_RU, "utf-8-sig", lambda t: t),
    "it-cp1252": (SEED_IT, "cp1252", lambda t: t),
}


@pytest.mark.parametrize("case", ENCODED)
def test_text_in_a_legacy_encoding_is_decoded_exactly(tmp_path: Path, case: str) -> None:
    seed, encoding, adapt = ENCODED[case]
    text = adapt(seed_text(seed))
    path = tmp_path / f"{case}.txt"
    path.write_bytes(text.encode(encoding))
    assert read_document(path) == text


def test_non_utf8_bytes_after_a_long_ascii_prefix_are_still_detected(tmp_path: Path) -> None:
    # Detection looks where UTF-8 first fails, not only at the (ASCII) start of the file.
    russian = seed_text(SEED_RU)
    text = "Plain ASCII preface line.\n" * 80_000 + russian
    path = tmp_path / "late.txt"
    path.write_bytes(text.encode("cp1251"))
    decoded = read_document(path)
    assert decoded.endswith(russian)
    assert len(decoded) == len(text)


def test_emoji_and_mixed_scripts_survive_reading(tmp_path: Path) -> None:
    text = "Ciao 👋 мир — 世界 🎬 café\nSecond line ✅\n"
    path = tmp_path / "mixed.md"
    path.write_text(text, encoding="utf-8")
    assert read_document(path) == text


# -- HTML ------------------------------------------------------------------------------------------------------
HIDDEN_MARKERS = ["secretScriptMarker", "secret-style-marker", "comment-marker", "noscript-marker", "jsonLdMarker"]


@pytest.mark.parametrize("seed", [SEED_EN, SEED_IT, SEED_RU], ids=["en", "it", "ru"])
def test_html_keeps_visible_text_and_drops_scripts_styles_and_comments(tmp_path: Path, seed: Path) -> None:
    lines = [line for line in seed_text(seed).splitlines() if line.strip()]
    path = tmp_path / "page.html"
    path.write_text(html_page(lines[0], lines[1:]), encoding="utf-8")
    text = read_document(path)
    for marker in HIDDEN_MARKERS:
        assert marker not in text
    assert "Home" not in text.splitlines()[0]  # the menu is not the title
    assert text.splitlines()[0] == lines[0]  # <title>/<h1> first: the document's title
    for line in lines[1:]:
        assert line in text.splitlines()  # each <p> is one line, verbatim


def test_html_declaring_windows_1251_is_decoded(tmp_path: Path) -> None:
    lines = [line for line in seed_text(SEED_RU).splitlines() if line.strip()]
    path = tmp_path / "ru.htm"
    path.write_bytes(html_page(lines[0], lines[1:4], charset="windows-1251").encode("cp1251"))
    assert lines[2] in read_document(path)


def test_html_inline_markup_does_not_break_sentences(tmp_path: Path) -> None:
    path = tmp_path / "inline.html"
    path.write_text("<p>The <b>jury</b> prize went to <a href='#'>BOZULMA</a>.<br>Next line.</p>", encoding="utf-8")
    assert read_document(path) == "The jury prize went to BOZULMA.\nNext line."


# -- PDF -------------------------------------------------------------------------------------------------------
def test_pdf_text_layer_is_read_with_printed_line_breaks_joined(tmp_path: Path) -> None:
    original = seed_text(SEED_IT_PDF)
    path = tmp_path / "article.pdf"
    path.write_bytes(pdf_bytes([wrap(original)[:45], wrap(original)[45:]]))
    document = open_document(path)
    text = document.text()
    assert squash(text) == squash(original)
    # Paragraph lines of the seed survive as lines; wrapped sentence continuations do not split them.
    first_paragraph = next(line for line in original.splitlines() if len(line) > 200)
    assert first_paragraph in text.splitlines()
    assert document.notes == []


def test_pdf_without_text_layer_is_reported_as_such(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf_bytes([[], [], []]))
    with pytest.raises(SkipFile, match="no text layer"):
        open_document(path)


def test_pdf_with_some_image_only_pages_is_indexed_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "mixed.pdf"
    path.write_bytes(pdf_bytes([wrap(seed_text(SEED_EN))[:20], []]))
    document = open_document(path)
    assert "Kling AI" in document.text()
    assert document.notes == ["1 of 2 PDF pages have no text layer and were left out"]


# -- DOCX ------------------------------------------------------------------------------------------------------
def test_docx_paragraphs_and_tables_are_read_in_order(tmp_path: Path) -> None:
    paragraphs = [line for line in seed_text(SEED_RU).splitlines() if line.strip()]
    path = tmp_path / "doc.docx"
    path.write_bytes(
        docx_bytes(paragraphs[1:], table=[["Приз", "Фильм"], ["Гран-при", "Alzheimer"]], heading=paragraphs[0])
    )
    text = read_document(path)
    blocks = text.split("\n\n")
    assert blocks[0] == paragraphs[0]
    assert blocks[1 : len(paragraphs)] == paragraphs[1:]
    assert blocks[-2:] == ["Приз | Фильм", "Гран-при | Alzheimer"]


# -- indexed and answered ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def format_index(tmp_path_factory: pytest.TempPathFactory, embedder):
    """The seeds as a cp1251 .txt (ru), a Latin-1 .txt (it), an .html (en), a .pdf (it) and a .docx (it)."""
    from index.ingest import Ingestor
    from rag.engine import Engine

    root = tmp_path_factory.mktemp("formats")
    corpus = root / "corpus"
    corpus.mkdir()
    originals: dict[str, str] = {}

    def add(name: str, data: bytes, original: str) -> None:
        (corpus / name).write_bytes(data)
        originals[name] = original

    ru = seed_text(SEED_RU)
    add("ru-1251.txt", ru.encode("cp1251"), ru)
    it = seed_text(SEED_IT).translate(LATIN1_SAFE)
    add("it-latin1.txt", it.encode("latin-1"), it)
    en_lines = [line for line in seed_text(SEED_EN).splitlines() if line.strip()]
    add("en.html", html_page(en_lines[0], en_lines[1:]).encode("utf-8"), seed_text(SEED_EN))
    add("it.pdf", pdf_bytes([wrap(seed_text(SEED_IT_PDF))]), seed_text(SEED_IT_PDF))
    it_docx = [line for line in seed_text(SEED_IT_DOCX).splitlines() if line.strip()]
    add("it.docx", docx_bytes(it_docx), seed_text(SEED_IT_DOCX))

    settings = make_settings(root / "data")
    report = Ingestor(settings.index, embedder).run([corpus])
    assert report.skipped == [] and report.added == 5
    return Engine(settings.index, settings.rag, embedder=embedder), originals


ASKED = [
    # question, language filter, file that must be cited, a string the answer must contain
    ("Из скольких стран прислали работы на конкурс?", "ru", "ru-1251.txt", "122"),
    ("Кому достался приз жюри?", "ru", "ru-1251.txt", "Kocakalay"),
    ("Quanto valeva il montepremi del concorso di Kling AI?", None, "it-latin1.txt", "42.000"),
    ("Which Turkish director took home the Jury Prize?", "en", "en.html", "Sefa Kocakalay"),
    ("Secondo Zeng Yushen, in quali fasi della lavorazione l'IA sta entrando di più?", None, "it.pdf", "produzione"),
    ("Quanto ha incassato Ne Zha 2 al botteghino?", None, "it.docx", "2,2 miliardi"),
]


@pytest.mark.parametrize(("question", "lang", "expected_file", "expected"), ASKED, ids=[a[2] for a in ASKED])
def test_answers_quote_each_format_correctly(format_index, question, lang, expected_file, expected) -> None:
    engine, originals = format_index
    answer = engine.ask(Query(question, lang=lang))
    assert not answer.abstained, answer.answer
    assert expected in answer.answer
    cited = {Path(c.source).name for c in answer.citations}
    assert expected_file in cited
    for citation in answer.citations:
        original = originals[Path(citation.source).name]
        # Quotes are the original's words exactly: no mojibake, no lost accents or Cyrillic.
        assert squash(citation.quote) in squash(original)
        assert not any(bad in citation.quote for bad in ("Ã", "Ð", "\ufffd", "â€"))


def test_utf16_without_a_bom_is_refused_as_binary_with_a_reason(tmp_path: Path) -> None:
    # Without a BOM, NUL bytes make it indistinguishable from binary data; with one it is read (see above).
    path = tmp_path / "utf16.txt"
    path.write_bytes("Hello, world".encode("utf-16-le"))
    with pytest.raises(SkipFile, match="binary"):
        read_document(path)
