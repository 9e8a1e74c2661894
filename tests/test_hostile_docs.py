"""Hostile documents and folders: limits are checked before a reader expands a file, a file over its time budget
is skipped with a reason while the rest of the ingest goes on, and one bad entry (symlink alias, loop, FIFO,
broken link, a file that became empty or binary) never aborts an ingest. Real readers, real Chroma in tmp dirs.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import SEEDS, make_settings
from tests.hostile_docs import docx_bomb, docx_many_parts, pdf_pages, slow_pdf

SEED_IT, SEED_EN = "000_43edf65cfdb5b0df.txt", "004_0ee959afcab6d387.txt"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / SEED_IT, corpus / SEED_IT)
    shutil.copy(SEEDS / SEED_EN, corpus / SEED_EN)
    return corpus


def ingest(tmp_path: Path, embedder, paths: list[Path], **overrides):
    from index.ingest import Ingestor

    settings = make_settings(tmp_path / "data", **overrides)
    return settings, Ingestor(settings.index, embedder).run(paths)


def reasons(report) -> dict[str, str]:
    return {Path(s["path"]).name: s["reason"] for s in report.skipped}


# -- limits before expansion ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("bomb.docx", lambda: docx_bomb(80), "MiB; the limit is 64 MiB"),
        ("parts.docx", lambda: docx_many_parts(1200), "parts; the limit is 1000"),
        ("pages.pdf", lambda: pdf_pages(30), "30 pages; the limit is 20"),
    ],
    ids=["docx-zip-bomb", "docx-part-count", "pdf-page-count"],
)
def test_over_limit_files_are_skipped_before_expansion_and_the_rest_is_indexed(
    tmp_path, embedder, folder, name, make, expected
):
    (folder / name).write_bytes(make())
    start = time.monotonic()
    _, report = ingest(tmp_path, embedder, [folder], max_pdf_pages=20)
    assert expected in reasons(report)[name]
    assert report.added == 2 and report.files == 3
    assert time.monotonic() - start < 120  # refused from the zip directory / page tree, not after reading


def test_a_file_over_the_time_budget_is_skipped_and_the_ingest_goes_on(tmp_path, embedder, folder):
    (folder / "slow.pdf").write_bytes(slow_pdf(400_000))  # pypdf needs far longer than 2 s for this page
    (folder / "after.txt").write_text("A file read after the slow one.\nIt is still indexed.", encoding="utf-8")
    _, report = ingest(tmp_path, embedder, [folder], read_timeout=2)
    assert "took longer than 2 s" in reasons(report)["slow.pdf"]
    assert report.added == 3


def test_the_reader_worker_recovers_after_a_timeout(tmp_path):
    from index.readers import Budget, Limits, SkipFile, read_document
    from tests.doc_factory import docx_bytes

    slow, good = tmp_path / "slow.pdf", tmp_path / "good.docx"
    slow.write_bytes(slow_pdf(400_000))
    good.write_bytes(docx_bytes(["Il premio della giuria è andato a un cortometraggio."]))
    budget = Budget(Limits(), timeout=1.0)
    with pytest.raises(SkipFile, match="RAG_READ_TIMEOUT"):
        read_document(slow, budget)
    assert "premio della giuria" in read_document(good, budget)


def test_an_upload_is_parsed_once(tmp_path, embedder, monkeypatch):
    import index.readers.sandbox
    from rag.engine import Engine
    from tests.conftest import build_small_index
    from ui.service import Service

    settings = build_small_index(tmp_path, embedder)
    service = Service(settings.serve, Engine(settings.index, settings.rag, embedder=embedder))
    calls = []
    original = index.readers.sandbox.read_isolated
    monkeypatch.setattr(index.readers.sandbox, "read_isolated", lambda *a: calls.append(a[1]) or original(*a))
    monkeypatch.setattr("index.readers.load.read_isolated", index.readers.sandbox.read_isolated)
    page = "<html><head><title>Fiera</title></head><body><p>La fiera apre a maggio.</p></body></html>"
    result = service.add_document("fiera.html", page.encode())
    assert result.status == "added" and len(calls) == 1


# -- one bad entry never aborts the ingest ---------------------------------------------------------------------------
def test_symlink_alias_inside_the_folder_is_indexed_once(tmp_path, embedder, folder):
    (folder / "alias.txt").symlink_to(folder / SEED_EN)
    _, report = ingest(tmp_path, embedder, [folder])
    assert report.added == 2
    assert "indexed once" in reasons(report)["alias.txt"] and SEED_EN in reasons(report)["alias.txt"]


def test_loops_fifos_and_broken_links_are_skipped_with_a_reason(tmp_path, embedder, folder):
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "a.md").symlink_to(folder / "b.md")
    (folder / "b.md").symlink_to(folder / "a.md")
    (folder / "gone.txt").symlink_to(folder / "missing.txt")
    os.mkfifo(folder / "pipe.txt")
    _, report = ingest(tmp_path, embedder, [folder])
    found = reasons(report)
    assert "symlink loop" in found["loop.txt"] and "symlink loop" in found["a.md"]
    assert "FIFO" in found["pipe.txt"]
    assert "broken symlink" in found["gone.txt"]
    assert report.added == 2


@pytest.mark.parametrize(
    ("change", "expected"),
    [(b"", "empty"), (b"   \n\t  ", "empty"), (b"\x00\x01\x02\x03binary", "binary")],
    ids=["emptied", "whitespace", "became-binary"],
)
def test_a_file_that_becomes_unreadable_loses_its_old_chunks(tmp_path, embedder, folder, change, expected):
    from rag.engine import Engine

    settings, first = ingest(tmp_path, embedder, [folder])
    assert first.added == 2
    (folder / SEED_EN).write_bytes(change)
    _, second = ingest(tmp_path, embedder, [folder])
    reason = reasons(second)[SEED_EN]
    assert expected in reason and "removed from the index" in reason
    documents = Engine(settings.index, settings.rag, embedder=embedder).documents()
    assert [d["source"] for d in documents] == [f"corpus/{SEED_IT}"]


def test_sources_are_relative_even_outside_the_working_directory(tmp_path, embedder, folder):
    from index.store import Manifest

    _, report = ingest(tmp_path, embedder, [folder, folder / SEED_IT])
    assert report.added == 2 and report.files == 2

    manifest = Manifest.load(make_settings(tmp_path / "data").index.manifest_path)
    assert sorted(d.source for d in manifest.documents.values()) == [f"corpus/{SEED_IT}", f"corpus/{SEED_EN}"]
