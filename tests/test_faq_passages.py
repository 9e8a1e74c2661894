"""A FAQ's own questions look just like the user's, but a question is never the answer: the window quoted holds the
sentence that answers, in en/it/ru, and a passage of questions only gives nothing to quote."""

from __future__ import annotations

import pytest

from rag.spans import window_text
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


# Two FAQ entries in one passage: the first one's answer, then the second one's question and answer.
TWO_ENTRIES = {
    "en": (
        "Where is the office?",
        "A reset link is sent to your e-mail address within five minutes.\nWhere is the office?\n"
        "Our office is at Via Roma 12, Milan, on the third floor.",
    ),
    "it": (
        "Dove si trova l'ufficio?",
        "Il link per reimpostare la password arriva via e-mail entro cinque minuti.\nDove si trova l'ufficio?\n"
        "Il nostro ufficio è in Via Roma 12, a Milano, al terzo piano.",
    ),
    "ru": (
        "Где находится офис?",
        "Ссылка для сброса пароля приходит на электронную почту в течение пяти минут.\nГде находится офис?\n"
        "Наш офис находится по адресу Via Roma 12, Милан, на третьем этаже.",
    ),
}


@pytest.mark.parametrize("language", ["en", "it", "ru"])
def test_a_faq_question_heads_its_own_answer_and_never_closes_another(language: str) -> None:
    question, text = TWO_ENTRIES[language]
    passages = [_passage(language, text)]
    answerer = extractive_answerer(passages)
    terms = answerer.windows.question_terms(question, "")
    windows = answerer.windows.candidates(question, terms, sum(t.weight for t in terms), passages)
    assert windows and not [w.text for w in windows if w.text.rstrip().endswith("?")]
    assert any(w.text.startswith(question) for w in windows)  # the question still heads its own answer
    composed = answerer.compose(question, language, passages)
    assert not composed.abstained and any("Via Roma 12" in c.quote for c in composed.citations)
    assert not any(word in composed.text for word in ("five", "cinque", "пяти"))  # the entry before it


@pytest.mark.parametrize("language", ["en", "it", "ru"])
@pytest.mark.parametrize("source", ["faq.md", "FAQ.markdown", "faq.txt"])
def test_a_markdown_heading_is_scored_and_quoted_without_its_marks(language: str, source: str) -> None:
    question, text = TWO_ENTRIES[language]
    marked = text.replace(f"\n{question}\n", f"\n\n## {question}\n\n")
    passages = [_passage(language, marked).model_copy(update={"source": source})]
    answerer = extractive_answerer(passages)
    terms = answerer.windows.question_terms(question, "")
    windows = [w.text for w in answerer.windows.candidates(question, terms, sum(t.weight for t in terms), passages)]
    composed = answerer.compose(question, language, passages)
    assert not composed.abstained and "Via Roma 12" in composed.text
    if source == "faq.txt":  # in plain text "#" is the document's own (a comment, a number sign): kept
        assert any(w.startswith(f"## {question}") for w in windows)
    else:
        assert any(w.startswith(question) for w in windows) and not any("#" in w for w in windows)
        assert "#" not in composed.text and "#" not in composed.citations[0].quote


@pytest.mark.parametrize(
    ("sentence", "quoted"),
    [
        ("## Where is the office?", "Where is the office?"),
        ("### Opening hours ## The helpdesk is open.", "Opening hours The helpdesk is open."),
        ("# apt-get update", "# apt-get update"),  # a shell prompt in a code block, not a heading
        ("# 5 is the extension of the helpdesk.", "# 5 is the extension of the helpdesk."),
        ("#hashtag Where?", "#hashtag Where?"),
        ("", ""),
        ("🎬", "🎬"),
    ],
)
def test_only_the_marks_of_a_markdown_heading_are_dropped(sentence: str, quoted: str) -> None:
    assert window_text([sentence], "faq.md") == quoted and window_text([sentence], "faq.txt") == sentence
