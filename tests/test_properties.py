"""Property-based tests (hypothesis) of the chunker and the extractive answer composer.

Chunker, for any text in any script: every non-whitespace character is in some chunk, `text[start:end]` is
the chunk's text, no chunk is empty, none is over the token limit (or over its character cap, which bounds
runs the tokenizer reads as one [UNK]), and indexes count up from 0. Composer, for any passages and question:
every [n] in the answer is a citation id, every citation is referenced, ids are 1..n, and each citation's
quote is from its passage, also when a passage has bracketed numbers of its own ("... Sefa [3]."), which
must not reach the answer as markers. The real tokenizer of the bundled model counts the tokens.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from index.chunk import Chunker, normalise_text

# No example database: it would be a .hypothesis/ folder in the repo; a failure prints its example instead.
PROFILE = settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Words in several scripts, plus the awkward: numbers, emoji, brackets, long runs, combining marks.
WORDS = {
    "en": ["jury", "prize", "Tokyo", "film", "director", "won", "the", "budget", "festival", "Kling"],
    "it": ["premio", "giuria", "città", "regista", "ha", "vinto", "il", "concorso", "perché", "più"],
    "ru": ["приз", "жюри", "фильм", "режиссёр", "получил", "конкурс", "Токио", "страны", "заявок", "ещё"],
    "mixed": ["东京", "電影", "جائزة", "פרס", "🎬", "🏆", "e\u0301", "122", "4.600", "[3]", "x" * 150],
}
ALL_WORDS = [w for words in WORDS.values() for w in words]


def sentences(words: list[str]) -> st.SearchStrategy[str]:
    sentence = st.lists(st.sampled_from(words), min_size=1, max_size=25).map(" ".join)
    ending = st.sampled_from([".", "!", "?", "", "…", "。"])
    return st.builds(lambda s, e: s + e, sentence, ending)


def documents(words: list[str]) -> st.SearchStrategy[str]:
    separator = st.sampled_from([" ", "\n", "\n\n", "  ", "\t", "\n \n"])
    parts = st.lists(st.tuples(sentences(words), separator), min_size=1, max_size=40)
    return parts.map(lambda items: "".join(s + sep for s, sep in items))


ANY_TEXT = st.one_of(
    documents(ALL_WORDS),
    documents(WORDS["ru"]),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=2000),  # anything at all
)


@pytest.fixture(scope="module")
def chunkers(embedder) -> dict[int, Chunker]:
    return {size: Chunker(embedder.count_tokens, size, size // 4) for size in (16, 48, 160)}


@PROFILE
@given(text=ANY_TEXT, size=st.sampled_from([16, 48, 160]), lang=st.sampled_from(["en", "it", "ru", "zh"]))
@example(text="jury jury jury jury " + "x" * 150 + ". ", size=16, lang="en")  # a gap found with the USE tokenizer
@example(text="jury " * 10 + "x" * 150 + " " + "x" * 150 + ". ", size=16, lang="en")  # pieces joined without a space
def test_chunks_cover_every_character_with_exact_offsets_within_limits(chunkers, embedder, text, size, lang) -> None:
    text = normalise_text(text)  # what every reader hands the chunker
    chunker = chunkers[size]
    chunks = chunker.split(text, lang)
    covered = [False] * len(text)
    for position, chunk in enumerate(chunks):
        assert chunk.index == position
        assert text[chunk.start : chunk.end] == chunk.text
        assert chunk.text.strip()
        assert embedder.count_tokens(chunk.text) <= size
        assert len(chunk.text) <= chunker.max_chars
        covered[chunk.start : chunk.end] = [True] * (chunk.end - chunk.start)
    missed = [i for i, ch in enumerate(text) if not ch.isspace() and not covered[i]]
    assert not missed, f"uncovered: {text[missed[0] : missed[0] + 40]!r}"


# -- the answer composer ----------------------------------------------------------------------------------------
MARKER = re.compile(r"\[(\d+)\]")


@st.composite
def retrieval(draw) -> tuple[str, str, list]:
    from rag.types import Passage

    lang = draw(st.sampled_from(["en", "it", "ru"]))
    vocabulary = WORDS[lang] + WORDS["mixed"]
    count = draw(st.integers(1, 6))
    passages = [
        Passage(
            chunk_id=f"doc{draw(st.integers(0, 2))}-{i:05d}",
            source=f"seeds/{draw(st.sampled_from(['a', 'b', 'c']))}.txt",
            title="t",
            language=draw(st.sampled_from([lang, "en"])),
            text=draw(documents(vocabulary)),
            score=1.0 / (i + 1),
        )
        for i in range(count)
    ]
    question = draw(sentences(vocabulary)) + "?"
    return question, lang, passages


def _answerer(passages: list):
    from index.analyze import analyze
    from rag.answer import ExtractiveAnswerer

    df: Counter[str] = Counter()
    for passage in passages:
        df.update(set(analyze(passage.text, passage.language)))
    return ExtractiveAnswerer(df, len(passages), ["en", "it", "ru"], threshold=0.2, max_sentences=3)


@PROFILE
@given(case=retrieval())
def test_every_marker_maps_to_a_citation_and_every_citation_is_cited(case) -> None:
    question, lang, passages = case
    composed = _answerer(passages).compose(question, lang, passages)
    ids = [c.id for c in composed.citations]
    assert ids == list(range(1, len(ids) + 1))
    if composed.abstained:
        assert ids == [] and not MARKER.search(composed.text)
        return
    assert {int(n) for n in MARKER.findall(composed.text)} == set(ids)
    for citation in composed.citations:
        # A quote may join two sentences that a line break separated in the passage.
        assert citation.quote and " ".join(citation.quote.split()) in " ".join(citation.text.split())
        assert citation.source in {p.source for p in passages}
