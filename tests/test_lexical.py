"""The segmented lexical index: BM25 scores equal one bm25s index over the live chunks, whatever the history of
additions, deletions and merges; nothing is visible before the manifest commits it; damage is refused with the fix.

The reference is bm25s itself, indexed over the same analysed chunks the way the index was built before it had
segments. The chunks are the seeds' paragraphs in their own language (no model needed).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from index import lexical_writer
from index.analyze import analyze, cognate_keys
from index.language import LanguageDetector
from index.lexical import LexicalFormatError, LexicalIndex
from index.lexical_writer import LexicalWriter, cleanup, unreferenced
from index.segment import EMPTY, Doc
from tests.conftest import ROOT, SEEDS

QUESTIONS = [json.loads(line)["question"] for line in (ROOT / "eval" / "qa.jsonl").open(encoding="utf-8")][:60]


@pytest.fixture(scope="module")
def docs() -> list[Doc]:
    """Every paragraph of every seed as a chunk, plus an empty one and an emoji-only one."""
    detector = LanguageDetector(["en", "it", "ru"])
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        language = detector.detect(text)
        for n, paragraph in enumerate(p for p in text.split("\n\n") if p.strip()):
            out.append(Doc(f"{path.stem}-{n:05d}", paragraph, {"language": language, "source": path.name}))
    out.append(Doc("empty-00000", "", {"language": "en", "source": "empty"}))
    out.append(Doc("emoji-00000", "🙂🎉", {"language": "it", "source": "emoji"}))
    return out


class Reference:
    """bm25s over the same chunks, as `index/lexical.py` used it before segments."""

    def __init__(self, docs: list[Doc]) -> None:
        import bm25s

        self.docs = docs
        self.tokens = [analyze(d.text, d.metadata["language"]) for d in docs]
        self.bm25 = bm25s.BM25()
        self.bm25.index([t or [EMPTY] for t in self.tokens], show_progress=False)
        self.languages = sorted({d.metadata["language"] for d in docs})

    def search(self, query: str, k: int, language: str | None = None) -> list[tuple[str, float]]:
        from index.analyze import analyze_query

        terms = [t for t in analyze_query(query, self.languages) if t in self.bm25.vocab_dict]
        if not terms:
            return []
        mask = None
        if language:
            mask = np.array([d.metadata["language"] == language for d in self.docs], dtype=np.float32)
        found, scores = self.bm25.retrieve([terms], k=min(k, len(self.docs)), show_progress=False, weight_mask=mask)
        return [(self.docs[i].chunk_id, float(s)) for i, s in zip(found[0], scores[0], strict=True) if s > 0]

    def document_frequency(self) -> Counter[str]:
        df: Counter[str] = Counter()
        for tokens in self.tokens:
            df.update(set(tokens) | cognate_keys(tokens))
        return df


def _commit(directory: Path, state: dict | None, add: list[Doc] = (), delete: list[str] = ()) -> dict:
    writer = LexicalWriter(directory, state)
    writer.delete(delete)
    writer.add_all(add)
    committed = writer.commit()
    cleanup(directory, committed)
    return committed


def _hits(index: LexicalIndex, query: str, k: int, language: str | None = None) -> list[tuple[str, float]]:
    return [(h.chunk_id, h.score) for h in index.search(query, k, language)]


@pytest.mark.parametrize("language", [None, "en", "it", "ru"])
def test_scores_and_order_equal_one_bm25s_index_over_the_same_chunks(tmp_path, docs, language):
    index = LexicalIndex.open(tmp_path, _commit(tmp_path, None, add=docs))
    reference = Reference(docs)
    for question in QUESTIONS:
        ours, theirs = _hits(index, question, 30, language), reference.search(question, len(docs), language)
        assert [s for _, s in ours] == [s for _, s in theirs[:30]], question  # the same scores in the same order
        every = dict(theirs)
        assert all(every.get(cid) == score for cid, score in ours), question  # each chunk with its own score
        assert len({cid for cid, _ in ours}) == len(ours)
        best = [cid for cid, score in theirs if score > ours[-1][1]] if ours else []
        assert {cid for cid, _ in ours} >= set(best), question  # only chunks tied at the last score may differ


def test_equal_scores_come_in_index_order_whatever_the_cut(tmp_path):
    """Chunks with the same text score the same: they are ranked in index order, and a cut through the tie keeps
    the first ones (bm25s left their order to numpy's partition)."""
    twins = [Doc(f"twin-{i:02d}", "Il faro di Capo Sud ha 42 lampade.", {"language": "it"}) for i in range(12)]
    other = [Doc("other-00", "Il museo del vetro apre alle nove.", {"language": "it"})]
    index = LexicalIndex.open(tmp_path, _commit(tmp_path, None, add=other + twins))
    for k in (1, 5, 12, 30):
        hits = _hits(index, "lampade del faro", k)
        assert [cid for cid, _ in hits] == [d.chunk_id for d in twins][:k]
        assert len({score for _, score in hits}) == 1


def test_after_additions_deletions_and_merges_scores_equal_a_fresh_index(tmp_path, docs, monkeypatch):
    monkeypatch.setattr(lexical_writer, "FLUSH_DOCS", 7)  # several segments per commit
    monkeypatch.setattr(lexical_writer, "MERGE_FACTOR", 2)  # and merges on most commits
    rng = np.random.default_rng(16)
    state, live = None, []
    for start in range(0, len(docs), 11):
        batch = docs[start : start + 11]
        gone = [d.chunk_id for d in live if rng.random() < 0.2]
        state = _commit(tmp_path, state, add=batch, delete=gone)
        live = [d for d in live if d.chunk_id not in gone] + batch
    index = LexicalIndex.open(tmp_path, state)
    reference = Reference(live)
    assert len(index) == len(live) and sorted(index.ids) == sorted(d.chunk_id for d in live)
    for question in QUESTIONS:
        ours, theirs = dict(_hits(index, question, len(live))), dict(reference.search(question, len(live)))
        assert ours == theirs, question  # equal scores; ties may come in another order after merges
    frequency = index.document_frequency()
    assert all(frequency.get(term, 0) == n for term, n in reference.document_frequency().items())
    assert unreferenced(tmp_path, state) == []  # cleanup left only what the commit names


def test_nothing_written_is_visible_until_the_state_is_committed(tmp_path, docs):
    state = _commit(tmp_path, None, add=docs[:20])
    before = LexicalIndex.open(tmp_path, state)
    expected = [_hits(before, q, 10) for q in QUESTIONS]
    writer = LexicalWriter(tmp_path, state)
    writer.delete([d.chunk_id for d in docs[:10]])
    writer.add_all(docs[20:])
    writer.commit()  # files written, but no manifest names the new state
    again = LexicalIndex.open(tmp_path, state)
    assert [_hits(again, q, 10) for q in QUESTIONS] == expected
    assert unreferenced(tmp_path, state)  # what the uncommitted writer left: removed by the next cleanup
    cleanup(tmp_path, state)
    assert unreferenced(tmp_path, state) == []
    assert [_hits(LexicalIndex.open(tmp_path, state), q, 10) for q in QUESTIONS] == expected


@pytest.mark.parametrize("query", ["", "   ", "🙂", "zzqqxx", "the of and"])
def test_queries_without_indexed_terms_find_nothing(tmp_path, docs, query):
    index = LexicalIndex.open(tmp_path, _commit(tmp_path, None, add=docs))
    assert index.search(query, 10) == []
    assert LexicalIndex.open(tmp_path, None).search(query, 10) == []


def test_segments_are_memory_mapped_not_read_into_memory(tmp_path, docs):
    index = LexicalIndex.open(tmp_path, _commit(tmp_path, None, add=docs))
    for segment in index.segments:
        for array in (segment.docs, segment.tfs, segment.ptr, segment.hashes, segment.lengths):
            assert isinstance(array.base, np.memmap) and not array.flags.writeable


@pytest.mark.parametrize("damage", ["truncated", "missing"])
def test_a_damaged_segment_is_refused_with_the_repair_command(tmp_path, docs, damage):
    state = _commit(tmp_path, None, add=docs)
    target = tmp_path / state["segments"][0]["name"] / "ptr.npy"
    if damage == "missing":
        target.unlink()
    else:
        target.write_bytes(target.read_bytes()[:-8])
    with pytest.raises(LexicalFormatError, match="rag doctor --repair"):
        LexicalIndex.open(tmp_path, state)


def test_an_updated_documents_new_chunks_survive_the_deletion_of_its_old_ids_after_a_flush(tmp_path, monkeypatch):
    """Deleting a document's old chunk ids removes the committed copies only, never chunks this run wrote."""
    monkeypatch.setattr(lexical_writer, "FLUSH_DOCS", 2)  # the new chunks reach a segment before the delete
    meta = {"language": "en", "source": "a.txt"}
    state = _commit(tmp_path, None, add=[Doc("a", "OLD lantern", meta), Doc("b", "OLD harbour", meta)])
    writer = LexicalWriter(tmp_path, state)
    writer.add_all([Doc("a", "NEW lantern", meta), Doc("b", "NEW harbour", meta), Doc("c", "NEW street", meta)])
    writer.delete(["a", "b"])  # the document's old ids, as the ingest deletes them once its new chunks are written
    state = writer.commit()
    cleanup(tmp_path, state)
    index = LexicalIndex.open(tmp_path, state)
    assert sorted((cid, text) for cid, text, _ in index.records()) == [
        ("a", "NEW lantern"),
        ("b", "NEW harbour"),
        ("c", "NEW street"),
    ]


def test_segment_names_are_never_reused(tmp_path, docs):
    """A name a commit once used is never handed out again, even after its segment was deleted and removed:
    a reader still holding that older commit must never open a different segment under the same name."""
    names: list[str] = []
    state = _commit(tmp_path, None, add=docs[:5])
    names += [s["name"] for s in state["segments"]]
    state = _commit(tmp_path, state, add=docs[5:8])
    last = state["segments"][-1]["name"]
    names.append(last)
    state = _commit(tmp_path, state, delete=[d.chunk_id for d in docs[5:8]])  # the newest segment wholly deleted
    assert last not in [s["name"] for s in state["segments"]] and not (tmp_path / last).exists()
    for batch in (docs[8:10], docs[10:12]):
        state = _commit(tmp_path, state, add=batch)
        new = [s["name"] for s in state["segments"] if s["name"] not in names]
        assert new, state
        names += new
    state = _commit(tmp_path, state, delete=[d.chunk_id for d in docs[10:12]])  # the newest one gone again
    rebuild = LexicalWriter(tmp_path, None, replaces=state)  # `rag doctor --repair` rebuilds from nothing
    rebuild.add_all(docs[12:14])
    names += [s["name"] for s in rebuild.commit()["segments"]]
    assert len(names) == len(set(names)), names


def _damage(segment: Path, damage: str) -> None:
    meta = json.loads((segment / "meta.json").read_text(encoding="utf-8"))
    if damage.startswith("meta"):
        changed = {k: v for k, v in meta.items() if k != "docs"} if damage == "meta-without-docs" else [meta]
        (segment / "meta.json").write_text(json.dumps(changed), encoding="utf-8")
        return
    name = {"doc-number-out-of-range": "docs", "ptr-decreasing": "ptr", "tf-without-doc": "tfs"}[damage]
    values = np.load(segment / f"{name}.npy")
    if damage == "doc-number-out-of-range":  # as a flipped high byte would make it
        values[len(values) // 2] = meta["docs"] + 1000
    elif damage == "ptr-decreasing":  # the total stays, so the sizes still agree
        values[1], values[2] = values[2], values[1]
    else:
        values = values[:-1]
    np.save(segment / f"{name}.npy", values, allow_pickle=False)


@pytest.mark.parametrize(
    "damage", ["meta-without-docs", "meta-not-an-object", "doc-number-out-of-range", "ptr-decreasing", "tf-without-doc"]
)
def test_a_segment_with_a_damaged_meta_json_or_postings_is_refused_with_the_repair_command(tmp_path, docs, damage):
    """Never a raw KeyError, TypeError or IndexError (at open, or later on the first query that meets it)."""
    state = _commit(tmp_path, None, add=docs)
    _damage(tmp_path / state["segments"][0]["name"], damage)
    with pytest.raises(LexicalFormatError, match="rag doctor --repair"):
        LexicalIndex.open(tmp_path, state)


def _mapped(directory: Path) -> set[str]:
    """Files under `directory` this process has memory-mapped (Linux: /proc/self/maps)."""
    lines = Path("/proc/self/maps").read_text(encoding="utf-8").splitlines()
    return {line.split(maxsplit=5)[5] for line in lines if str(directory) in line}


def test_closing_a_lexical_index_releases_its_memory_maps(tmp_path, docs):
    state = _commit(tmp_path, None, add=docs)
    index = LexicalIndex.open(tmp_path, state)
    assert _hits(index, QUESTIONS[0], 5) and _mapped(tmp_path)
    index.close()
    assert _mapped(tmp_path) == set()  # released now, not whenever the index object is collected
    with pytest.raises(ValueError, match="closed"):
        index.search(QUESTIONS[0], 5)
    index.close()  # a second close is harmless
    assert _hits(LexicalIndex.open(tmp_path, state), QUESTIONS[0], 5)  # the files are untouched
