"""A question that names something (a name of several words the corpus holds) is answered only from passages that
mention it: another film's cost is no answer to "How much did *Autumn Harvest* cost?", in any language."""

from __future__ import annotations

import pytest

from rag.types import Passage
from tests.answering import extractive_answerer

# language -> (the passage stating a cost, the passage naming the other film without one, asked, near miss)
COSTS = {
    "en": (
        "The short Ghost Lap cost 2 million dollars to make.",
        "Autumn Harvest is an ink-and-watercolour short film.",
        "How much did Ghost Lap cost?",
        "How much did Autumn Harvest cost?",
    ),
    "it": (
        "Il corto Ghost Lap è costato 2 milioni di dollari.",
        "Autumn Harvest è un corto in stile acquerello.",
        "Quanto è costato Ghost Lap?",
        "Quanto è costato Autumn Harvest?",
    ),
    "ru": (
        "Короткометражка Ghost Lap стоила 2 миллиона долларов.",
        "Autumn Harvest — короткометражный фильм в технике акварели.",
        "Сколько стоил Ghost Lap?",
        "Сколько стоил Autumn Harvest?",
    ),
}


def _passage(source: str, language: str, text: str) -> Passage:
    return Passage(chunk_id=f"{source}:0", source=source, title=source, language=language, text=text, score=1.0)


@pytest.mark.parametrize("language", ["en", "it", "ru"])
def test_a_passage_that_never_names_the_asked_subject_does_not_answer(language: str) -> None:
    cost, other, asked, near_miss = COSTS[language]
    passages = [_passage("cost.txt", language, cost), _passage("other.txt", language, other)]
    answerer = extractive_answerer(passages)
    assert "2" in answerer.compose(asked, language, passages).text
    assert answerer.compose(near_miss, language, passages).abstained


@pytest.mark.parametrize("language", ["en", "it", "ru"])
def test_a_name_held_in_another_language_or_written_as_one_word_still_counts(language: str) -> None:
    """The question in one language, the passage in another; the passage writes "DeepSeek" where the corpus
    elsewhere writes "Deep Seek"."""
    question = {
        "en": "How much did training the Deep Seek model cost?",
        "it": "Quanto è costato addestrare il modello di Deep Seek?",
        "ru": "Сколько стоило обучение модели Deep Seek?",
    }[language]
    passages = [
        _passage("a.txt", "it", "L'addestramento del modello di DeepSeek è costato 6 milioni di dollari."),
        _passage("b.txt", "en", "Deep Seek released its model in January."),
    ]
    answer = extractive_answerer(passages).compose(question, language, passages)
    assert not answer.abstained and "6 milioni" in answer.text


@pytest.mark.parametrize("question", ["", "🎬🎬?", "How much did it cost?"], ids=["empty", "emoji", "no-name"])
def test_a_question_naming_nothing_excludes_no_passage(question: str) -> None:
    passages = [_passage("cost.txt", "en", COSTS["en"][0]), _passage("other.txt", "en", COSTS["en"][1])]
    assert extractive_answerer(passages).windows.elsewhere(question, passages) == set()
