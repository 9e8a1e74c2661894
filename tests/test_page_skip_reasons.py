"""Why a file is not indexed, worded in the page's language: the real readers on real bad files made here (a
damaged or truncated .docx, an encrypted, truncated or scanned PDF, files over a limit or the time budget, binary
data, a file of blanks), uploaded through the Documents tab's handler over a real small index; every reason kind of
`index/readers/reasons.py` has its text in each of the page's languages; the files an ingest of a folder skips get
a kind too, while `rag ingest --json` (the report's JSON) keeps its English reasons unchanged. Nothing stored is lost.
"""

from __future__ import annotations

import html
import io
import os
import re
import uuid
import zipfile
from pathlib import Path

import pytest

from tests.doc_factory import SEED_EN, docx_bytes, pdf_bytes, seed_text, wrap
from tests.hostile_docs import docx_bomb, docx_many_parts, pdf_pages, slow_pdf
from tests.test_uploads import page_request

LANGS = ["en", "it", "ru", "de"]
GOOD_PDF = pdf_bytes([wrap(seed_text(SEED_EN))[:30]])
LIMITS = {"max_pdf_pages": 3, "max_docx_parts": 50, "max_docx_mb": 1.0}


def broken_document_xml() -> bytes:
    """A .docx package whose zip is sound but whose document.xml is cut mid-tag (lxml refuses it)."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(["A paragraph that will be cut."])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for item in source.infolist():
            data = source.read(item.filename)
            package.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(GOOD_PDF)))
    writer.encrypt("a password nobody typed")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# name, what the file holds, the reason kind the readers give, the fields known beforehand (`detail`: the library's
# own text, read from the reader's result)
CASES = {
    "truncated-docx": ("cut.docx", lambda: docx_bytes(["Un paragrafo."])[:700], "docx_not_package", {}),
    "damaged-docx": ("damaged.docx", broken_document_xml, "docx_corrupt", {"detail": None}),
    "docx-parts": ("parts.docx", lambda: docx_many_parts(60), "docx_parts", {"limit": "50"}),
    "docx-size": ("bomb.docx", lambda: docx_bomb(3), "docx_size", {"limit": "1"}),
    "encrypted-pdf": ("locked.pdf", encrypted_pdf, "pdf_encrypted", {}),
    "truncated-pdf": ("cut.pdf", lambda: GOOD_PDF[: len(GOOD_PDF) // 2], "pdf_corrupt", {"detail": None}),
    "scanned-pdf": ("scan.pdf", lambda: pdf_bytes([[], []]), "pdf_no_text", {"pages": "2"}),
    "pdf-pages": ("long.pdf", lambda: pdf_pages(5), "pdf_pages", {"pages": "5", "limit": "3"}),
    "binary-html": ("page.html", lambda: b"<html>\x00\x01\x02</html>", "html_binary", {}),
    "nul-text": ("photo.txt", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary_nul", {}),
    "control-text": ("noise.txt", lambda: b"\x01\x02\x03\x04 some text " * 50, "binary_control", {"control": None}),
    "blank-md": ("blank.md", lambda: b" \n\t\n\n  ", "empty_whitespace", {}),
}


@pytest.fixture(scope="module")
def tight_index(tmp_path_factory, embedder):
    """A small index whose reader limits are low enough for small test files to cross them."""
    from rag.engine import Engine
    from tests.conftest import build_small_index

    settings = build_small_index(tmp_path_factory.mktemp("skip-reasons"), embedder).replace(**LIMITS)
    return settings, Engine(settings.index, settings.rag, embedder=embedder)


def upload_status(settings, engine, name: str, data: bytes, lang: str) -> str:
    """The Documents tab's status line for one upload of `data` as `name`; the index is checked unchanged."""
    import gradio as gr

    from ui.documents_tab import DocumentHandlers
    from ui.gradio_guard import upload_folder
    from ui.service import Service

    before = engine.documents()
    upload = upload_folder() / f"skip-reasons-{uuid.uuid4().hex}" / name
    upload.parent.mkdir(parents=True)
    upload.write_bytes(data)
    try:
        tab = DocumentHandlers(Service(settings.serve, engine), gr.Blocks())
        status, _, _ = tab.add_documents([str(upload)], None, lang, page_request(), lambda *a, **k: None)
    finally:
        upload.unlink(missing_ok=True)
        upload.parent.rmdir()
    assert engine.documents() == before and not (settings.serve.uploads_dir / name).exists()
    return status


def expected_line(lang: str, name: str, kind: str, fields: dict[str, str]) -> str:
    from ui.page_strings import SKIP_REASONS, STRINGS

    reason = SKIP_REASONS[lang][kind].format(**fields)
    return "- ❌ " + html.escape(STRINGS[lang]["refused_unreadable"].format(name=name, reason=reason))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", list(CASES))
def test_a_skipped_uploads_reason_is_worded_in_the_pages_language(tight_index, tmp_path, case, lang):
    from index.readers import Budget, SkipFile, open_document
    from index.readers.reasons import REASON_TEXTS, fields_of

    settings, engine = tight_index
    name, make, kind, known = CASES[case]
    data = make()
    status = upload_status(settings, engine, name, data, lang)
    # the same file read by the real readers outside the page: the reason kind, and the library's detail
    (tmp_path / name).write_bytes(data)
    with pytest.raises(SkipFile) as skipped:
        open_document(tmp_path / name, Budget.for_settings(settings.index))
    why = skipped.value.reason
    assert why.kind == kind and {k: v for k, v in why.fields.items() if known.get(k)} == {
        k: v for k, v in known.items() if v
    }
    assert status == expected_line(lang, name, kind, why.fields)
    # the English reason only on the English page; what the library or the file says stays as it is in every one
    assert (html.escape(why.text) in status) == (lang == "en")
    assert all(html.escape(why.fields[field]) in status for field in fields_of(REASON_TEXTS[kind]))


@pytest.mark.parametrize("lang", LANGS)
def test_a_file_over_the_time_budget_is_explained_in_the_pages_language(tight_index, lang):
    from rag.engine import Engine

    settings, engine = tight_index
    slow = settings.replace(read_timeout=1)  # pypdf needs far longer than 1 s for this page
    status = upload_status(slow, Engine(slow.index, slow.rag, embedder=engine.embedder), "slow.pdf",
                           slow_pdf(400_000), lang)  # fmt: skip
    assert status == expected_line(lang, "slow.pdf", "timeout", {"seconds": "1"})


def test_every_reason_kind_has_words_in_every_page_language_with_the_same_fields():
    from index.readers.reasons import REASON_TEXTS, REMOVED_TEXT, fields_of
    from ui.locales import LOCALES
    from ui.page_strings import SKIP_REASONS

    assert set(SKIP_REASONS) == set(LOCALES)
    assert SKIP_REASONS["en"] == {**REASON_TEXTS, "removed": REMOVED_TEXT}
    for lang in set(LOCALES) - {"en"}:
        assert set(SKIP_REASONS[lang]) == set(SKIP_REASONS["en"]), lang
        for kind, text in SKIP_REASONS[lang].items():
            assert text.strip() and text != SKIP_REASONS["en"][kind], (lang, kind)
            assert fields_of(text) == fields_of(SKIP_REASONS["en"][kind]), (lang, kind)


@pytest.mark.parametrize(
    ("kind", "fields"),
    [("pdf_pages", {"pages": 9, "limit": 3}), ("unreadable", {"detail": "Нет доступа 🚫"}), ("empty_file", {})],
)
def test_a_skipped_file_pickles_and_copies_with_its_kind_and_fields(kind, fields):
    """A `SkipFile` crosses a process boundary or a copy whole: its kind, fields and English text."""
    import copy
    import pickle

    from index.readers.base import SkipFile

    skipped = SkipFile(kind, **fields)
    for again in (pickle.loads(pickle.dumps(skipped)), copy.copy(skipped), copy.deepcopy(skipped)):
        assert isinstance(again, SkipFile) and again.reason == skipped.reason and str(again) == str(skipped)


def test_every_reason_the_index_makes_is_a_kind_and_every_kind_is_made():
    """The kinds named where reasons are made (`SkipFile("kind"`, `Reason("kind"`, `reason("kind"` and the
    `_not_regular` table) are the kinds of the table; a reason without a kind cannot be made (`Reason` checks)."""
    from index.readers.reasons import REASON_TEXTS, Reason

    root = Path(__file__).resolve().parent.parent / "index"
    source = "\n".join(path.read_text(encoding="utf-8") for path in root.rglob("*.py"))
    made = set(re.findall(r"(?:SkipFile|Reason|reason)\(\s*\"(\w+)\"", source))
    made |= set(re.findall(r"\(stat\.S_IS\w+, \"(\w+)\"\)", source))
    for pair in re.findall(r"SkipFile\(\"(\w+)\" if \w+ else \"(\w+)\"\)", source):
        made |= set(pair)
    assert made == set(REASON_TEXTS)
    assert not re.search(r"SkipFile\(f?\"[^\"]*\s", source)  # no English sentence raised without a kind
    with pytest.raises(KeyError):
        Reason("a reason nobody listed")
    with pytest.raises(ValueError):
        Reason("pdf_pages", {"pages": "3"})  # its text needs the limit too


@pytest.mark.parametrize("lang", LANGS)
def test_files_a_folder_ingest_skips_have_kinds_and_the_json_keeps_english(tmp_path, settings, embedder, lang):
    from index.ingest import Ingestor
    from ui.page_strings import SKIP_REASONS, skip_reason_words

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "note.txt").write_text("A note\nThe heron is called Pico.", encoding="utf-8")
    (docs / "table.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (docs / "README").write_text("no extension", encoding="utf-8")
    (docs / "empty.txt").write_bytes(b"")
    (docs / "alias.txt").symlink_to(docs / "note.txt")
    (docs / "loop.txt").symlink_to(docs / "loop.txt")
    (docs / "gone.txt").symlink_to(docs / "nowhere.txt")
    (tmp_path / "outside.txt").write_text("Outside the folder.", encoding="utf-8")
    (docs / "out.txt").symlink_to(tmp_path / "outside.txt")
    os.mkfifo(docs / "pipe.txt")
    ingestor = Ingestor(settings.index, embedder)
    report = ingestor.run([docs])
    kinds = {Path(item["path"]).name: why.kind for item, why in zip(report.skipped, report.skip_reasons, strict=True)}
    assert kinds == {
        "table.csv": "unsupported_listed", "README": "no_extension_listed", "empty.txt": "empty_file",
        "alias.txt": "alias", "loop.txt": "symlink_loop", "gone.txt": "missing", "out.txt": "symlink_outside",
        "pipe.txt": "fifo",
    }  # fmt: skip
    data = report.to_dict()
    assert "skip_reasons" not in data and [item["reason"] for item in data["skipped"]] == [
        why.text for why in report.skip_reasons
    ]
    by_name = {Path(item["path"]).name: item["reason"] for item in data["skipped"]}
    assert by_name["table.csv"] == "unsupported file type .csv" and by_name["empty.txt"] == "empty file (0 bytes)"
    assert by_name["alias.txt"].startswith("another name (symlink) for ") and by_name["alias.txt"].endswith("once")
    for why in report.skip_reasons:
        words = skip_reason_words(lang, why)
        assert words == SKIP_REASONS[lang][why.kind].format(**why.fields) and (words == why.text) == (lang == "en")
        assert all(value in words for value in why.fields.values())
    # an indexed file that is now blank loses its chunks, and its reason says so in the page's language too
    (docs / "note.txt").write_text(" \n", encoding="utf-8")
    again = ingestor.run([docs])
    blank = next(
        why for item, why in zip(again.skipped, again.skip_reasons, strict=True) if item["path"].endswith("note.txt")
    )
    assert (blank.kind, blank.removed, again.removed) == ("empty_whitespace", True, 1)
    assert skip_reason_words(lang, blank) == SKIP_REASONS[lang]["empty_whitespace"] + SKIP_REASONS[lang]["removed"]
    assert blank.text == "empty (only whitespace); its previously indexed text was removed from the index"


def empty_pdf() -> bytes:
    from pypdf import PdfWriter

    out = io.BytesIO()
    PdfWriter().write(out)
    return out.getvalue()


# Reasons a page upload never meets (the page refuses the type first) or that need a limit the settings do not
# set: read with the real readers directly. name, content (None: a folder of that name), limits, the English text.
DIRECT = {
    "csv": ("table.csv", b"a,b\n", {}, "unsupported file type .csv; supported: "),
    "no-extension": ("README", b"text", {}, "unsupported file type (none); supported: "),
    "directory": ("folder.txt", None, {}, "unreadable (a directory)"),
    "no-pages": ("none.pdf", empty_pdf, {}, "PDF without pages"),
    "big-html": ("big.html", b"<p>" + b"word " * 100 + b"</p>", {"html_bytes": 256},
                 "HTML file of 0.0 MiB is over the 0.000244141 MiB limit"),
}  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", list(DIRECT))
def test_reasons_met_outside_the_upload_are_worded_too_and_keep_their_english(tmp_path, case, lang):
    from index.readers import Budget, Limits, SkipFile, open_document
    from ui.page_strings import SKIP_REASONS, skip_reason_words

    name, content, limits, english = DIRECT[case]
    path = tmp_path / name
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content() if callable(content) else content)
    with pytest.raises(SkipFile) as skipped:
        open_document(path, Budget(Limits(**limits)))
    why = skipped.value.reason
    assert str(skipped.value) == why.text and why.text.startswith(english)  # the CLI's and the API's text
    words = skip_reason_words(lang, why)
    assert words == SKIP_REASONS[lang][why.kind].format(**why.fields) and (words == why.text) == (lang == "en")
