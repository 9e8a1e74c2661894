"""Bad files get one clear line in the ingest report; the rest of the corpus is indexed; exit 0 with a count.

The main test runs the real `rag ingest` on the seeds plus every kind of bad file. An unreadable file needs
a process that permissions apply to: tests here run as root, which reads a chmod-000 file anyway, so under
root that process is started without the capabilities that bypass file permissions (CAP_DAC_OVERRIDE,
CAP_DAC_READ_SEARCH), exactly as an ordinary user would run it. Large files are covered in two
affordable halves: the streaming reader over a real 50 MB file (its peak RSS is measured), and full ingests
of documents split into many windows, whose chunk offsets must still point into the whole file.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from index.readers import SkipFile, open_document, read_document
from tests.conftest import ROOT, SEEDS, make_settings
from tests.doc_factory import SEED_EN, SEED_IT, pdf_bytes, seed_text, wrap

PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2  # <linux/prctl.h>, <linux/capability.h>
RAG = str(Path(sys.executable).with_name("rag"))
GOOD_PDF = pdf_bytes([wrap(seed_text(SEED_EN))[:30], wrap(seed_text(SEED_EN))[30:]])
LONG_LINE = "".join(f"{i:08x}" for i in range(125_000))  # one line of 1,000,000 characters (a hex dump)

# file name -> (bytes, the start of its one report line)
BAD_FILES = {
    "empty.txt": (b"", "empty file (0 bytes)"),
    "whitespace.md": (b" \n\t\n\n", "empty (only whitespace)"),
    "photo.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary file (contains NUL bytes)"),
    "truncated.pdf": (GOOD_PDF[: len(GOOD_PDF) // 2], "corrupt or truncated PDF"),
    "scanned.pdf": (pdf_bytes([[], []]), "no text layer"),
    "corrupt.docx": (b"PK\x03\x04 this is not a zip archive", "corrupt .docx"),
}


def _drop_permission_bypass() -> None:
    """In the child, before exec: give up root's power to read files whatever their mode."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def _as_ordinary_user() -> dict:
    return {"preexec_fn": _drop_permission_bypass} if os.geteuid() == 0 else {}


def _bad_corpus(base: Path) -> Path:
    corpus = base / "corpus"
    shutil.copytree(SEEDS, corpus)
    for name, (data, _) in BAD_FILES.items():
        (corpus / name).write_bytes(data)
    (corpus / "one-line.txt").write_text(LONG_LINE, encoding="ascii")
    (corpus / "locked.txt").write_text("nobody may read this", encoding="utf-8")
    (corpus / "locked.txt").chmod(0o000)
    outside = base / "outside.txt"
    outside.write_text("a file outside the ingested folder", encoding="utf-8")
    (corpus / "escape.txt").symlink_to(outside)
    return corpus


def _ingest(corpus: Path, data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "RAG_DATA_DIR": str(data_dir), "COLUMNS": "200"}
    return subprocess.run(
        [RAG, "ingest", str(corpus), *args],
        cwd=corpus.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        **_as_ordinary_user(),
    )


def test_every_bad_file_gets_one_line_and_the_rest_is_indexed(tmp_path: Path) -> None:
    corpus = _bad_corpus(tmp_path)
    result = _ingest(corpus, tmp_path / "data", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    lines = {Path(item["path"]).name: item["reason"] for item in report["skipped"] + report["warnings"]}
    expected = {name: reason for name, (_, reason) in BAD_FILES.items()}
    expected |= {
        "locked.txt": "unreadable (permission denied)",
        "escape.txt": "symlink pointing outside the ingested folder (not followed)",
        "one-line.txt": "very long line (1,000,000 characters without a line break)",
    }
    for name, reason in expected.items():
        assert lines[name].startswith(reason), (name, lines[name])
    # One line each, and nothing else complained about.
    assert len(report["skipped"]) + len(report["warnings"]) == len(expected) == report["warning_count"]
    assert report["added"] == 6  # the five seeds and the long line
    assert report["chunks"] > 77
    # Nothing was followed out of the corpus or indexed empty.
    manifest = json.loads((tmp_path / "data" / "manifest.json").read_text(encoding="utf-8"))
    indexed = sorted(Path(doc["source"]).name for doc in manifest["documents"].values())
    assert indexed == sorted([p.name for p in SEEDS.glob("*.txt")] + ["one-line.txt"])
    assert all(doc["chunk_ids"] for doc in manifest["documents"].values())

    # The human-readable report of the next run says the same, one line per file, and the count.
    again = _ingest(corpus, tmp_path / "data")
    assert again.returncode == 0, again.stderr
    for name in ["empty.txt", "photo.txt", "truncated.pdf", "locked.txt", "escape.txt"]:
        assert sum(name in line for line in again.stderr.splitlines()) == 1, again.stderr
    # Skipped files and files indexed with a caveat, counted in their two summary lines.
    counted = re.findall(r"^(\d+) files? (?:not indexed|indexed with a caveat):$", again.stderr, re.MULTILINE)
    assert sum(int(n) for n in counted) == len(BAD_FILES) + 2, again.stderr


def test_exit_code_is_non_zero_only_when_nothing_could_be_read(tmp_path: Path) -> None:
    corpus = tmp_path / "all-bad"
    corpus.mkdir()
    for name in ["empty.txt", "photo.txt", "truncated.pdf"]:
        (corpus / name).write_bytes(BAD_FILES[name][0])
    result = _ingest(corpus, tmp_path / "data")
    assert result.returncode == 1
    assert "3 files not indexed:" in result.stderr


def test_a_line_of_a_million_words_is_chunked_within_limits(tmp_path: Path, embedder) -> None:
    from index.chunk import Chunker
    from index.readers import windows
    from index.store import chunk_limit

    prose = " ".join(seed_text(SEED_IT).split())
    line = (prose + " ") * (1_000_000 // (len(prose) + 1) + 1)
    path = tmp_path / "book-on-one-line.txt"
    path.write_text(line[:1_000_000], encoding="utf-8")
    document = open_document(path)
    assert document.notes == [
        "very long line (1,000,000 characters without a line break): split into chunks of bounded size"
    ]
    limit = chunk_limit(make_settings(tmp_path).index, embedder)
    chunker = Chunker(embedder.count_tokens, limit, 32)
    text = document.text()
    covered_to = 0
    for offset, window in windows(document.pieces(), 200_000):
        for chunk in chunker.split(window, "it"):
            start, end = offset + chunk.start, offset + chunk.end
            assert text[start:end] == chunk.text
            assert embedder.count_tokens(chunk.text) <= limit
            assert text[covered_to:start].strip() == ""  # no words skipped between chunks
            covered_to = max(covered_to, end)
    assert text[covered_to:].strip() == ""


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("random.txt", bytes(b or 1 for b in os.urandom(4096)), "undecodable text|binary data"),
        ("garbage.pdf", b"%PDF-1.7\n" + b"\xff\xfe garbage " * 50, "corrupt or truncated PDF"),
        ("zero.pdf", b"", "corrupt or truncated PDF"),
        ("empty.html", b"<html><head><title></title></head><body><script>x=1</script></body></html>", "empty"),
        ("empty.docx", b"", "corrupt .docx"),
    ],
)
def test_unreadable_content_is_skipped_with_its_reason(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(SkipFile, match=reason):
        open_document(path)


def test_a_folder_named_like_a_document_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(SkipFile, match="unreadable"):
        read_document(tmp_path / "folder.txt")


MEASURE_STREAM = """
import sys, time
sys.path.insert(0, {root!r})
from index.report import peak_rss_mb
from index.readers import open_document, windows
before = peak_rss_mb()
started = time.perf_counter()
document = open_document(__import__("pathlib").Path({path!r}))
total = sum(len(window) for _, window in windows(document.pieces(), 200_000))
print(total, document.chars, before, peak_rss_mb(), round(time.perf_counter() - started, 1), document.notes)
"""


@pytest.mark.slow
def test_a_50_mb_text_file_is_read_as_a_stream_in_bounded_memory(tmp_path: Path) -> None:
    paragraph = (seed_text(SEED_IT) + "\n\n" + seed_text(SEED_EN) + "\n\n").encode("utf-8")
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        while handle.tell() < 50 * 2**20:
            handle.write(paragraph)
    size = path.stat().st_size
    script = MEASURE_STREAM.format(root=str(ROOT), path=str(path))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True)
    total, chars, before, peak, seconds, *notes = out.stdout.split(maxsplit=5)
    assert int(total) == int(chars) > 49 * 2**20  # every character was handed to the chunker
    grown_mb = float(peak) - float(before)
    print(f"\n50 MB stream: peak RSS {float(peak):.0f} MB (+{grown_mb:.0f} MB while reading), {seconds} s")
    # Reading it whole would need the bytes and the decoded text at once (over 100 MB); a stream needs a block.
    assert grown_mb < size / 2**20 / 2
    assert "large file (5" in notes[0]


@pytest.mark.parametrize("window", [1000, 3000])
def test_chunk_offsets_stay_exact_when_documents_are_streamed_in_small_windows(
    tmp_path: Path, corpus: Path, embedder, window: int
) -> None:
    from index.ingest import Ingestor
    from index.store import open_collection

    settings = make_settings(tmp_path / "data", stream_window_chars=window)
    report = Ingestor(settings.index, embedder).run([corpus])
    assert report.added == 5 and not report.skipped
    rows = open_collection(settings.index).get(include=["documents", "metadatas"])
    texts = {path.name: read_document(path) for path in corpus.iterdir()}
    for text, meta in zip(rows["documents"], rows["metadatas"], strict=True):
        assert texts[Path(meta["source"]).name][meta["start"] : meta["end"]] == text
    by_doc: dict[str, list[int]] = {}
    for meta in rows["metadatas"]:
        by_doc.setdefault(meta["source"], []).append(meta["chunk_index"])
    assert all(sorted(indexes) == list(range(len(indexes))) for indexes in by_doc.values())


def test_the_streamed_hash_matches_the_whole_text(tmp_path: Path) -> None:
    # Streaming must not change identity: the same text read whole or in blocks has one content hash.
    text = ("Строка с кириллицей и e\u0301 комбинирующим знаком.\r\n" * 40_000)[:-2]
    path = tmp_path / "crlf.txt"
    path.write_bytes(text.encode("utf-8"))
    document = open_document(path)
    whole = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    assert document.text() == whole
    assert document.content_hash == hashlib.sha256(whole.encode("utf-8")).hexdigest()
