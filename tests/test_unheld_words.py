"""A capitalised word no passage holds: a name to the corpus ("France" in a corpus that never names it), or a German
noun (German capitalises every noun: "Einreichungen"). In choosing a window it is met by meaning too, by a near
translation only, as strict as the support check: "Länder" meets "countries", "paesi", "стран"; "France"
is met by no word of a sentence about "122 countries". (For abstention it counts by its form only: `tests/test_ask.py`
has "Wie viele Planeten hat das Sonnensystem?" abstain over articles that mention a "pianeta".)"""

from __future__ import annotations

import pytest

from rag.answer import ExtractiveAnswerer
from tests.answering import semantic_answerer

CONTEST = {
    "en": "The contest drew over 4,600 submissions from 122 countries.",
    "it": "Il concorso ha ricevuto oltre 4.600 opere da 122 paesi.",
    "ru": "На конкурс поступило более 4600 заявок из 122 стран.",
}


@pytest.fixture(scope="module")
def answerer(embedder) -> ExtractiveAnswerer:
    return semantic_answerer(embedder, CONTEST)


def _share(answerer: ExtractiveAnswerer, question: str, word: str, source: str) -> float:
    scorer = answerer.windows
    term = next(t for t in scorer.terms(question, unseen_words=1.0) if t.word == word)
    assert term.unheld  # capitalised, not opening the question, held by no passage
    return scorer.covers([term], [CONTEST[source]], source)[0]


@pytest.mark.parametrize("source", ["en", "it", "ru"])
def test_a_german_noun_no_passage_holds_is_met_by_its_translation(answerer: ExtractiveAnswerer, source: str) -> None:
    assert _share(answerer, "Aus wie vielen Ländern kamen die Einreichungen?", "ländern", source) >= 0.5


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("How many submissions came from France?", "france"),
        ("Quante opere sono arrivate dalla Francia?", "francia"),
        ("Сколько заявок пришло из Франции?", "франции"),
        ("Wie viele Einreichungen kamen aus Frankreich?", "frankreich"),
        ("How many 🎬 submissions came from France? 🇫🇷", "france"),
    ],
    ids=["en", "it", "ru", "de", "emoji"],
)
@pytest.mark.parametrize("source", ["en", "it", "ru"])
def test_a_name_no_passage_holds_is_not_met_by_a_related_word(
    answerer: ExtractiveAnswerer, question: str, name: str, source: str
) -> None:
    assert _share(answerer, question, name, source) == 0.0  # a related word (0.4-0.55) is no near translation
