"""Ingestion: incremental and idempotent, chunks within the model's limit, metadata and offsets right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.ingest import Ingestor
from index.lexical import LexicalIndex
from index.store import IndexMismatchError, Manifest, open_collection
from tests.conftest import SEEDS, make_settings


def _stored_ids(settings) -> list[str]:
    return open_collection(settings.index).get(include=[])["ids"]


def _assert_consistent(settings) -> None:
    chroma = _stored_ids(settings)
    committed = Manifest.load(settings.index.manifest_path)
    manifest = committed.chunk_ids()
    lexical = LexicalIndex.committed(settings.index.lexical_dir, committed).ids
    assert len(chroma) == len(set(chroma)), "duplicate chunk ids in Chroma"
    assert set(chroma) == manifest == set(lexical)
    assert len(lexical) == len(set(lexical))


def test_second_ingest_of_unchanged_files_changes_nothing(settings, corpus, embedder):
    first = Ingestor(settings.index, embedder).run([corpus])
    assert (first.files, first.added, first.unchanged) == (5, 5, 0)
    ids = sorted(_stored_ids(settings))
    second = Ingestor(settings.index, embedder).run([corpus])
    assert (second.added, second.updated, second.removed, second.unchanged) == (0, 0, 0, 5)
    assert second.chunks == first.chunks == len(ids)
    assert sorted(_stored_ids(settings)) == ids
    _assert_consistent(settings)


def test_changed_file_has_its_chunks_replaced_and_removed_file_is_dropped(settings, corpus, embedder):
    ingestor = Ingestor(settings.index, embedder)
    ingestor.run([corpus])
    english = next(corpus.glob("004_*"))
    english.write_text("Kling AI opened a new studio in Osaka in 2026.\n", encoding="utf-8")
    next(corpus.glob("003_*")).unlink()
    report = ingestor.run([corpus])
    assert (report.updated, report.removed, report.unchanged, report.added) == (1, 1, 3, 0)
    texts = open_collection(settings.index).get(where={"language": "en"}, include=["documents"])["documents"]
    assert texts == ["Kling AI opened a new studio in Osaka in 2026."]
    assert not open_collection(settings.index).get(where={"language": "ru"}, include=[])["ids"]
    _assert_consistent(settings)


def test_reset_rebuilds_the_index_from_scratch(settings, corpus, embedder):
    ingestor = Ingestor(settings.index, embedder)
    ingestor.run([corpus])
    report = ingestor.run([corpus], reset=True)
    assert (report.added, report.unchanged) == (5, 0)
    _assert_consistent(settings)


def test_chunks_fit_the_model_and_carry_full_metadata(seed_settings, embedder):
    stored = open_collection(seed_settings.index).get(include=["documents", "metadatas"])
    limit = embedder.max_passage_tokens
    for text, meta in zip(stored["documents"], stored["metadatas"], strict=True):
        assert embedder.count_tokens(text) <= limit
        source = SEEDS.parent / meta["source"]
        original = source.read_text(encoding="utf-8")
        assert original[meta["start"] : meta["end"]] == text
        assert {"title", "language", "chunk_index", "content_hash", "source"} <= meta.keys()
        assert meta["source"].startswith("seeds/")


def test_each_seed_gets_its_language(seed_settings):
    manifest = Manifest.load(seed_settings.index.manifest_path)
    langs = {Path(d.source).name[:3]: d.language for d in manifest.documents.values()}
    assert langs == {"000": "it", "001": "it", "002": "it", "003": "ru", "004": "en"}


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"   \n\n  ", "empty"),
        ("binary.txt", b"\x00\x01\x02PNG\x00" * 50, "binary"),
    ],
)
def test_bad_file_is_skipped_with_a_reason_and_the_rest_indexed(settings, corpus, embedder, name, content, reason):
    (corpus / name).write_bytes(content)
    report = Ingestor(settings.index, embedder).run([corpus])
    assert report.added == 5
    assert next(s["reason"] for s in report.skipped if s["path"].endswith(name)).startswith(reason)


def test_index_built_with_other_chunking_refuses_queries_and_names_the_fix(seed_settings, embedder):
    from rag.engine import Engine

    other = make_settings(seed_settings.index.data_dir, chunk_tokens=64)
    with pytest.raises(IndexMismatchError, match="rag ingest --reset"):
        Engine(other.index, other.rag, embedder=embedder)


def test_ingest_json_report_has_the_documented_keys(tmp_path, corpus):
    from tests.test_cli import run_cli

    result = run_cli(["ingest", str(corpus), "--json"], tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {"files", "added", "updated", "removed", "unchanged", "skipped", "chunks"} <= report.keys()
    assert report["files"] == 5 and report["chunks"] > 0
