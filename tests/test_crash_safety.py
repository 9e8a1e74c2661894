"""SIGKILL during ingestion loses nothing: `rag doctor` sees the damage, and the next `rag ingest` completes.

Each scenario starts `rag ingest` in a subprocess (through tests/crash_hook.py) that kills itself at one point
of the write path, checks that `rag doctor` exits non-zero while the stores disagree, runs a plain `rag ingest`
again, and then requires Chroma, the lexical index and the manifest to hold exactly the chunk ids of a clean
ingest of the same files: no duplicates, no orphans, nothing missing. A second family of tests damages the
stores by hand and requires `rag doctor --repair` to restore them.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index.doctor import check, repair
from index.ingest import Ingestor
from index.lexical import LexicalFormatError, LexicalIndex
from index.lexical_writer import LexicalWriter
from index.segment import Doc
from index.store import Manifest, open_client, open_collection
from tests.conftest import SEEDS, make_settings

HOOK = Path(__file__).with_name("crash_hook.py")
RAG = str(Path(sys.executable).with_name("rag"))
SEED_NAMES = ["000_43edf65cfdb5b0df.txt", "001_2b68764e64aadd81.txt", "004_0ee959afcab6d387.txt"]
POINTS = ["embedding", "after-chroma", "lexical-segment", "manifest-write", "merge", "after-commit"]
QUESTION = "Kling AI Nextgen Creative Contest"
GONE = "The Zanzibar Lantern Festival of 2031 counted 917 paper lanterns over the old harbour.\n"


@pytest.fixture(scope="module")
def crash_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three seeds; shared so that every scenario's chunk ids (derived from file paths) are comparable."""
    corpus = tmp_path_factory.mktemp("crash") / "corpus"
    corpus.mkdir()
    for name in SEED_NAMES:
        shutil.copy(SEEDS / name, corpus / name)
    return corpus


@pytest.fixture(scope="module")
def clean_ids(crash_corpus: Path, tmp_path_factory: pytest.TempPathFactory, embedder) -> set[str]:
    """The chunk ids an uninterrupted ingest of the corpus produces."""
    settings = make_settings(tmp_path_factory.mktemp("clean") / "data", embed_batch_size=8)
    Ingestor(settings.index, embedder).run([crash_corpus])
    return Manifest.load(settings.index.manifest_path).chunk_ids()


def _env(data_dir: Path) -> dict[str, str]:
    # A small batch puts the "embedding" kill in the middle of the second document.
    return {**os.environ, "RAG_DATA_DIR": str(data_dir), "RAG_EMBED_BATCH_SIZE": "8"}


def _run(args: list[str], data_dir: Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=_env(data_dir), cwd=cwd, capture_output=True, text=True, timeout=600)


def _stores(data_dir: Path) -> tuple[list[str], list[str], list[str]]:
    settings = make_settings(data_dir)
    chroma = open_collection(settings.index, open_client(settings.index)).get(include=[])["ids"]
    committed = Manifest.load(settings.index.manifest_path)
    lexical = LexicalIndex.committed(settings.index.lexical_dir, committed).ids
    manifest = [cid for doc in committed.documents.values() for cid in doc.chunk_ids]
    return chroma, lexical, manifest


@pytest.mark.slow
@pytest.mark.parametrize("point", POINTS)
def test_ingest_killed_at_any_point_is_completed_by_the_next_run(
    point: str, crash_corpus: Path, clean_ids: set[str], tmp_path: Path, embedder
) -> None:
    from rag.engine import Engine
    from rag.types import Query

    data_dir = tmp_path / "data"
    paths = [str(crash_corpus)]
    if point == "after-commit":  # a run with work left after its commit: a document of another folder removed
        extra = tmp_path / "extra"
        extra.mkdir()
        (extra / "gone.txt").write_text(GONE, encoding="utf-8")
        Ingestor(make_settings(data_dir, embed_batch_size=8).index, embedder).run([crash_corpus, extra])
        (extra / "gone.txt").unlink()
        paths.append(str(extra))
    crashed = _run([sys.executable, str(HOOK), point, "ingest", *paths], data_dir, tmp_path)
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr[-2000:]

    # The interrupted run left Chroma ahead of the manifest: doctor says so and exits non-zero.
    doctor = _run([RAG, "doctor", "--json"], data_dir, tmp_path)
    assert doctor.returncode == 1, doctor.stdout + doctor.stderr
    found = json.loads(doctor.stdout)
    assert not found["ok"]
    assert "orphan-in-chroma" in {problem["kind"] for problem in found["problems"]}

    again = _run([RAG, "ingest", *paths, "--json"], data_dir, tmp_path)
    assert again.returncode == 0, again.stderr[-2000:]
    committed = point == "after-commit"  # else the manifest never committed the seeds
    assert json.loads(again.stdout)["added"] == (0 if committed else len(SEED_NAMES))

    after = _run([RAG, "doctor", "--json"], data_dir, tmp_path)
    assert after.returncode == 0, after.stdout
    assert json.loads(after.stdout)["leftovers"] == []  # nothing the killed run wrote is left behind
    chroma, lexical, manifest = _stores(data_dir)
    for ids in (chroma, lexical, manifest):
        assert len(ids) == len(set(ids))  # no duplicates
        assert set(ids) == clean_ids  # no orphans, nothing missing
    settings = make_settings(data_dir)
    answer = Engine(settings.index, settings.rag, embedder=embedder).ask(Query(QUESTION))
    retrieved = {passage.chunk_id for passage in answer.retrieved}
    assert retrieved and retrieved <= clean_ids and answer.citations


def _indexed(tmp_path: Path, corpus: Path, embedder):
    settings = make_settings(tmp_path / "data")
    Ingestor(settings.index, embedder).run([corpus])
    return settings


DAMAGE = [
    "orphan-in-chroma",
    "missing-in-chroma",
    "missing-in-lexical",
    "orphan-in-lexical",
    "damaged-in-lexical",
    "corrupt-lexical",
]


def _change_lexical(settings, manifest: Manifest, delete: list[str], add: list[Doc]) -> None:
    """Commit a change to the lexical index alone, as a buggy or foreign writer would."""
    writer = LexicalWriter(settings.index.lexical_dir, manifest.lexical)
    writer.delete(delete)
    writer.add_all(add)
    manifest.lexical = writer.commit()
    manifest.save(settings.index.manifest_path)


@pytest.mark.parametrize("damage", DAMAGE)
def test_doctor_finds_damage_and_repair_restores_agreement(damage: str, tmp_path: Path, corpus: Path, embedder):
    settings = _indexed(tmp_path, corpus, embedder)
    collection = open_collection(settings.index)
    manifest = Manifest.load(settings.index.manifest_path)
    lexical = LexicalIndex.committed(settings.index.lexical_dir, manifest)
    victim_key, victim = sorted(manifest.documents.items())[1]
    before = manifest.chunk_ids()
    if damage == "orphan-in-chroma":
        rows = collection.get(ids=[victim.chunk_ids[0]], include=["embeddings", "documents", "metadatas"])
        collection.add(
            ids=["ffffffffffffffff-99999-000000000000"],
            embeddings=[rows["embeddings"][0]],
            documents=["an orphan"],
            metadatas=[rows["metadatas"][0]],
        )
    elif damage == "missing-in-chroma":
        collection.delete(ids=victim.chunk_ids[:2])
    elif damage == "corrupt-lexical":  # a flipped byte in a segment's postings (disk or copy error)
        postings = settings.index.lexical_dir / manifest.lexical["segments"][0]["name"] / "docs.npy"
        data = bytearray(postings.read_bytes())
        data[-1] ^= 0xFF
        postings.write_bytes(bytes(data))
    else:
        first_id, first_text, first_meta = next(lexical.records())
        if damage == "missing-in-lexical":
            _change_lexical(settings, manifest, [first_id], [])
        elif damage == "orphan-in-lexical":
            orphan = Doc("eeeeeeeeeeeeeeee-00000-000000000000", "an orphan", first_meta)
            _change_lexical(settings, manifest, [], [orphan])
        else:
            edited = Doc(first_id, first_text + " (edited behind the index's back)", first_meta)
            _change_lexical(settings, manifest, [first_id], [edited])

    found = check(settings.index)
    assert not found.ok
    assert damage in {problem.kind for problem in found.problems}

    fixed = repair(settings.index)
    assert fixed.ok and fixed.repaired
    if damage == "missing-in-chroma":
        # The damaged document is dropped so that it can be re-ingested whole from its source file.
        assert fixed.reingest == [victim_key]
        Ingestor(settings.index, embedder).run([Path(key) for key in fixed.reingest])
    chroma, lexical_ids, manifest_ids = _stores(settings.index.data_dir)
    assert set(chroma) == set(lexical_ids) == set(manifest_ids) == before
    assert check(settings.index).ok


@pytest.mark.parametrize("damaged", ["meta.json", "docs.npy"])
def test_a_segment_with_a_damaged_meta_json_or_docs_array_is_reported_with_the_repair_hint_and_rebuilt(
    damaged: str, tmp_path: Path, corpus: Path, embedder
) -> None:
    """Never a raw KeyError or IndexError: the engine refuses the index with the fix, doctor reports it, and
    `--repair` rebuilds the lexical index from Chroma."""
    from rag.engine import Engine

    settings = _indexed(tmp_path, corpus, embedder)
    manifest = Manifest.load(settings.index.manifest_path)
    before = manifest.chunk_ids()
    segment = settings.index.lexical_dir / manifest.lexical["segments"][0]["name"]
    meta = json.loads((segment / "meta.json").read_text(encoding="utf-8"))
    if damaged == "meta.json":
        del meta["docs"]
        (segment / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    else:  # a flipped high byte: one posting names a document the segment does not hold
        docs = np.load(segment / "docs.npy")
        docs[len(docs) // 2] |= 1 << 24
        np.save(segment / "docs.npy", docs, allow_pickle=False)

    with pytest.raises(LexicalFormatError, match="rag doctor --repair"):
        Engine(settings.index, settings.rag, embedder=embedder)
    found = check(settings.index)
    corrupt = [problem for problem in found.problems if problem.kind == "corrupt-lexical"]
    assert corrupt and any("rag doctor --repair" in detail for detail in corrupt[0].ids), found.problems

    fixed = repair(settings.index)
    assert fixed.ok and any("rebuilt the lexical index" in action for action in fixed.repaired)
    chroma, lexical_ids, manifest_ids = _stores(settings.index.data_dir)
    assert set(chroma) == set(lexical_ids) == set(manifest_ids) == before
    engine = Engine(settings.index, settings.rag, embedder=embedder)
    assert engine.retrieve("Kling AI video generation", mode="lexical")


def test_doctor_cli_repairs_and_reingests_then_exits_zero(tmp_path: Path, corpus: Path, embedder) -> None:
    settings = _indexed(tmp_path, corpus, embedder)
    manifest = Manifest.load(settings.index.manifest_path)
    before = manifest.chunk_ids()
    victim = sorted(manifest.documents.values(), key=lambda d: d.source)[0]
    open_collection(settings.index).delete(ids=victim.chunk_ids[-1:])
    (settings.index.data_dir / ".manifest-leftover.json").write_text("{}", encoding="utf-8")

    broken = _run([RAG, "doctor"], settings.index.data_dir, tmp_path)
    assert broken.returncode == 1
    assert "missing-in-chroma" in broken.stdout and "rag doctor --repair" in broken.stdout
    assert ".manifest-leftover.json" in broken.stdout

    repaired = _run([RAG, "doctor", "--repair", "--json"], settings.index.data_dir, tmp_path)
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    report = json.loads(repaired.stdout)
    assert report["ok"] and report["leftovers"] == []
    assert any("re-ingested 1 document" in action for action in report["repaired"])
    chroma, lexical_ids, manifest_ids = _stores(settings.index.data_dir)
    assert set(chroma) == set(lexical_ids) == set(manifest_ids) == before


def test_doctor_on_a_healthy_index_changes_nothing(seed_settings) -> None:
    report = check(seed_settings.index)
    assert report.ok and report.problems == [] and report.chroma == report.lexical == report.manifest > 0
