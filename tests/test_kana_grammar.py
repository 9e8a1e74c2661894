"""Japanese grammar is written in hiragana (particles, verb endings), Chinese grammar in a few characters ("的",
"了", "吗"), so over a corpus with no Japanese or Chinese, a character pair of a question holding one ("した", "の運",
"的使") is no word of what it asks: it is left out of the question's terms rather than met by whatever English or
Italian word the encoder finds closest to it (such pairs met unrelated words at up to 0.85 and made a sentence naming
only the subject, "Kling AI's backend has advanced quickly since launch.", the answer). In a Japanese or Chinese
corpus those pairs are held, and count by their form as before (`tests/test_cjk.py`)."""

from __future__ import annotations

import pytest

from rag.engine import Engine
from rag.types import Query
from rag.windows import CJK_GRAMMAR
from tests.answering import semantic_answerer

QUESTIONS = [
    "Kling AIで作られた動画は何本ありますか？",
    "Kling AIの運営責任者は、機械が仕事のどの部分を引き受けると言いましたか？",
    "『BOZULMA』を監督したのはどこの国の人ですか？",
    "Kling-Avatarの手法はどんな技術を組み合わせたものですか？",
]


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        (QUESTIONS[1], {"運営", "責任", "機械", "仕事", "部分"}),
        ("Kling AIの使命は何ですか？🎬", {"使命"}),
        ("Kling AI的使命是什么？", {"使命"}),  # Chinese grammar: "的", "是"
        ("", set()),
    ],
    ids=["ja", "ja-emoji", "zh", "empty"],
)
def test_grammar_pairs_no_passage_holds_are_no_terms(embedder, question: str, kept: set[str]) -> None:
    scorer = semantic_answerer(embedder, {"en": "Kling AI's backend has advanced quickly since launch."}).windows
    words = {t.word for t in scorer.terms(question, unseen_words=1.0)}
    assert kept <= words
    assert not any(CJK_GRAMMAR.search(w) for w in words)


@pytest.mark.parametrize(
    ("question", "expected"),
    zip(QUESTIONS, ["200 milioni", "Zeng Yushen", "Sefa Kocakalay", "Kling-Avatar"], strict=True),
    ids=["count", "said", "nationality", "method"],
)
def test_a_japanese_question_is_answered_by_the_sentence_on_what_it_asks(
    engine: Engine, question: str, expected: str
) -> None:
    answer = engine.ask(Query(question=question))
    assert not answer.abstained, answer.answer
    assert expected in answer.answer
    assert "backend has advanced quickly" not in answer.answer
