"""Ingest cost follows the change: unchanged files cost a hash (no model, no Chroma, no lexical write), one new
file adds one small lexical segment and rewrites nothing, and a data dir from the one-file lexical format is
refused by the engine with the fix and migrated in place by `rag ingest`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from index.doctor import check
from index.ingest import Ingestor
from index.lexical import LexicalFormatError, LexicalIndex
from index.store import Manifest, manifest_stamp, open_collection


def _no_model() -> None:
    raise AssertionError("the embedding model was loaded for files that did not change")


class NoClient:
    """A Chroma client that must not be used."""

    def __getattr__(self, name: str) -> None:
        raise AssertionError(f"Chroma was used ({name}) although nothing changed")


def _files(directory: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(directory)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in directory.rglob("*")}


def test_unchanged_files_cost_a_hash_and_nothing_else(settings, corpus, embedder, monkeypatch):
    from index.segment import Segment

    Ingestor(settings.index, embedder).run([corpus])
    stamp, files = manifest_stamp(settings.index), _files(settings.index.data_dir)
    opened: list[str] = []
    segment_init = Segment.__init__

    def counted(self, directory, deleted=None):
        opened.append(directory.name)
        segment_init(self, directory, deleted)

    monkeypatch.setattr(Segment, "__init__", counted)
    report = Ingestor(settings.index, _no_model, client=NoClient()).run([corpus])
    assert (report.unchanged, report.added, report.updated, report.removed) == (5, 0, 0, 0)
    assert opened == []  # no lexical segment opened or checked either
    assert manifest_stamp(settings.index) == stamp  # no commit: serving processes do not even reload
    assert _files(settings.index.data_dir) == files  # nothing rewritten, the lexical index included
    next(corpus.glob("003_*")).unlink()  # a change does open them (the counter counts)
    assert Ingestor(settings.index, _no_model).run([corpus]).removed == 1 and opened


def test_removing_a_file_needs_no_model(settings, corpus, embedder):
    Ingestor(settings.index, embedder).run([corpus])
    next(corpus.glob("003_*")).unlink()
    report = Ingestor(settings.index, _no_model).run([corpus])
    assert (report.removed, report.unchanged) == (1, 4)
    assert check(settings.index).ok


def test_one_new_file_adds_one_segment_and_rewrites_nothing(settings, corpus, embedder):
    Ingestor(settings.index, embedder).run([corpus])
    before = Manifest.load(settings.index.manifest_path).lexical
    old_segments = {s["name"]: _files(settings.index.lexical_dir / s["name"]) for s in before["segments"]}
    (corpus / "new.txt").write_text("Osaka opened a harbour museum of glass in 2026.\n", encoding="utf-8")
    report = Ingestor(settings.index, embedder).run([corpus])
    assert (report.added, report.unchanged) == (1, 5)
    after = Manifest.load(settings.index.manifest_path)
    names = [s["name"] for s in after.lexical["segments"]]
    assert names[: len(old_segments)] == list(old_segments) and len(names) == len(old_segments) + 1
    for name, files in old_segments.items():
        assert _files(settings.index.lexical_dir / name) == files  # untouched, byte for byte
    new = LexicalIndex.open(settings.index.lexical_dir, {"segments": after.lexical["segments"][-1:]})
    assert new.ids == after.documents[str((corpus / "new.txt").resolve())].chunk_ids
    hits = LexicalIndex.committed(settings.index.lexical_dir, after).search("harbour museum of glass", 3)
    assert hits and hits[0].chunk_id in new.ids
    assert check(settings.index).ok


def _to_old_format(settings) -> None:
    """Rewrite the data dir as the one-file lexical format left it: lexical/chunks.json, no manifest entry."""
    from index.analyze import analyze

    manifest = Manifest.load(settings.index.manifest_path)
    rows = open_collection(settings.index).get(include=["documents", "metadatas"])
    payload = {
        "version": 1,
        "ids": rows["ids"],
        "texts": rows["documents"],
        "metadatas": rows["metadatas"],
        "tokens": [analyze(t, m["language"]) for t, m in zip(rows["documents"], rows["metadatas"], strict=True)],
    }
    shutil.rmtree(settings.index.lexical_dir)
    settings.index.lexical_dir.mkdir()
    (settings.index.lexical_dir / "chunks.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    manifest.lexical = None
    manifest.save(settings.index.manifest_path)


def test_an_older_lexical_format_is_refused_with_the_fix_and_migrated_by_ingest(settings, corpus, embedder):
    from rag.engine import Engine

    Ingestor(settings.index, embedder).run([corpus])
    expected = LexicalIndex.committed(settings.index.lexical_dir, Manifest.load(settings.index.manifest_path))
    question = "Kling AI video generation"
    expected_hits = [(h.chunk_id, h.score) for h in expected.search(question, 10)]
    _to_old_format(settings)
    with pytest.raises(LexicalFormatError, match=r"`rag ingest` migrates it in place.*`rag ingest --reset`"):
        Engine(settings.index, settings.rag, embedder=embedder)
    assert not check(settings.index).ok

    report = Ingestor(settings.index, _no_model).run([corpus])  # unchanged files: the migration needs no model
    assert report.unchanged == 5
    assert check(settings.index).ok and not (settings.index.lexical_dir / "chunks.json").exists()
    migrated = LexicalIndex.committed(settings.index.lexical_dir, Manifest.load(settings.index.manifest_path))
    assert [(h.chunk_id, h.score) for h in migrated.search(question, 10)] == expected_hits
    engine = Engine(settings.index, settings.rag, embedder=embedder)
    assert len(engine.snapshot().commit.lexical) == len(migrated)  # the engine opens it again


def test_a_migration_run_that_also_removes_and_updates_documents_leaves_no_old_chunk_in_the_lexical_index(
    settings, corpus, embedder
):
    Ingestor(settings.index, embedder).run([corpus])
    old = Manifest.load(settings.index.manifest_path)
    removed, updated = next(corpus.glob("003_*")), next(corpus.glob("001_*"))
    stale = set(old.documents[str(removed.resolve())].chunk_ids) | set(old.documents[str(updated.resolve())].chunk_ids)
    _to_old_format(settings)
    removed.unlink()
    updated.write_text(updated.read_text(encoding="utf-8") + "\nA line added before the migration.\n", "utf-8")

    report = Ingestor(settings.index, embedder).run([corpus])  # migrates, removes and updates in one run
    assert (report.removed, report.updated, report.unchanged) == (1, 1, 3)
    manifest = Manifest.load(settings.index.manifest_path)
    lexical = LexicalIndex.committed(settings.index.lexical_dir, manifest)
    assert sorted(lexical.ids) == sorted(manifest.chunk_ids())
    assert not (set(lexical.ids) & (stale - manifest.chunk_ids()))
    assert check(settings.index).ok


def test_a_first_ingest_writes_one_lexical_segment(seed_settings):
    manifest = Manifest.load(seed_settings.index.manifest_path)
    assert manifest.lexical and len(manifest.lexical["segments"]) == 1
    assert len(LexicalIndex.committed(seed_settings.index.lexical_dir, manifest)) == len(manifest.chunk_ids())


def test_a_folder_removes_only_its_own_missing_files_not_a_siblings_with_the_same_prefix(settings, tmp_path, embedder):
    short, longer = tmp_path / "docs", tmp_path / "docs-more"
    for folder, text in ((short, "Osaka harbour museum of glass."), (longer, "Кинофестиваль в Казани 🙂")):
        folder.mkdir()
        (folder / "one.txt").write_text(text, encoding="utf-8")
    Ingestor(settings.index, embedder).run([short, longer])
    (short / "one.txt").unlink()
    report = Ingestor(settings.index, _no_model).run([short])
    assert report.removed == 1
    assert list(Manifest.load(settings.index.manifest_path).documents) == [str((longer / "one.txt").resolve())]
