"""A FAQ's own questions look just like the user's, but a question is never the answer: the window quoted holds the
sentence that answers, in en/it/ru, and a passage of questions only gives nothing to quote."""

from __future__ import annotations

import pytest

from rag.types import Passage
from tests.answering import extractive_answerer

FAQ = {
    "en": (
        "How can I convert a package from another format?",
        "How can I convert a package from another format? Use the alien package, which converts between formats.",
    ),
    "it": (
        "Come posso convertire un pacchetto da un altro formato?",
        "Come posso convertire un pacchetto da un altro formato? Si usi il pacchetto alien, che converte i formati.",
    ),
    "ru": (
        "Как преобразовать пакет из другого формата?",
        "Как преобразовать пакет из другого формата? Используйте пакет alien, он преобразует форматы.",
    ),
}


def _passage(language: str, text: str) -> Passage:
    return Passage(chunk_id="faq:0", source="faq.txt", title="faq", language=language, text=text, score=1.0)


@pytest.mark.parametrize("language", ["en", "it", "ru"])
def test_the_faq_answer_is_quoted_not_the_faq_question(language: str) -> None:
    question, text = FAQ[language]
    passages = [_passage(language, text)]
    composed = extractive_answerer(passages).compose(question, language, passages)
    assert not composed.abstained and "alien" in composed.text


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "How can I convert a package from another format? Can I use another format at all?"),
        ("it", "Come posso convertire un pacchetto da un altro formato?"),
        ("ru", "Как преобразовать пакет из другого формата?"),
        ("en", "🎬❓?"),
    ],
    ids=["en", "it", "ru", "emoji"],
)
def test_a_passage_of_questions_only_is_no_answer(language: str, text: str) -> None:
    passages = [_passage(language, text)]
    composed = extractive_answerer(passages).compose(FAQ[language][0], language, passages)
    assert composed.abstained and composed.citations == []
