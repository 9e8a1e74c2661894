"""'Which <thing>' questions: their answer is most often a name or an identifier the question lacks, and the
window that holds one is preferred over one that only restates the question."""

from __future__ import annotations

import pytest

from index.analyze import sentence_forms
from rag.identifiers import offers_identifier
from rag.question_words import asked_kinds, asks_identifier
from rag.types import Passage
from tests.answering import extractive_answerer


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Which program reads the fifth field?", True),
        ("Quale funzione invia il segnale?", True),
        ("Какая ошибка возникает при записи?", True),
        ("Какой фильм получил Гран-при конкурса?", True),
        ("Ne Zha 2 is the top film in which genre?", True),  # after a preposition
        ("What is the fifth field for?", False),  # a description, not an identifier
        ("Qual è il quinto campo?", False),
        ("What's the default?", False),
        ("Какой был бюджет у фильма?", False),  # money is asked
        ("How many fields are there, and which one is last?", False),  # a count is asked first
        ("", False),
        ("🎬 which one? 🍿", True),
    ],
    ids=[
        "en",
        "it",
        "ru",
        "ru-masculine",
        "en-in-situ",
        "en-what-is",
        "it-qual-e",
        "en-what-s",
        "ru-money",
        "en-count-first",
        "empty",
        "emoji",
    ],
)
def test_a_which_question_asks_for_an_identifier(question: str, asks: bool) -> None:
    assert asks_identifier(question, asked_kinds(question)) is asks


@pytest.mark.parametrize(
    ("sentence", "offered"),
    [
        ("This field is read by dump(8) to decide what to back up.", True),
        ("Il campo è letto da fsck per primo; usare --append.", True),
        ("В противном случае write(2) завершается с ошибкой EAGAIN.", True),
        ("The group file lives in /etc/group.", True),
        ("The signal is sent to the process.", False),  # restates the question, nothing new
        ("Il segnale è inviato al processo.", False),
        ("Сигнал отправляется процессу.", False),
        ("NOTE: the signal is sent to the process.", False),  # a label, not an identifier
        ("", False),
        ("🎬🍿", False),
    ],
    ids=[
        "en-ref",
        "it-option",
        "ru-caps",
        "en-path",
        "en-restated",
        "it-restated",
        "ru-restated",
        "en-label",
        "empty",
        "emoji",
    ],
)
def test_an_identifier_is_a_name_or_code_the_question_lacks(sentence: str, offered: bool) -> None:
    assert offers_identifier(sentence, "Which program sends the signal to the process?") is offered


@pytest.mark.parametrize(
    ("language", "question", "restated", "answer"),
    [
        (
            "en",
            "Which program sends the signal to the process?",
            "A program sends the signal to the process.",
            "The kill(1) program sends the signal to the process.",
        ),
        (
            "it",
            "Quale programma invia il segnale al processo?",
            "Un programma invia il segnale al processo.",
            "Il programma kill(1) invia il segnale al processo.",
        ),
        (
            "ru",
            "Какая программа отправляет сигнал процессу?",
            "Программа отправляет сигнал процессу.",
            "Программа kill(1) отправляет сигнал процессу.",
        ),
    ],
    ids=["en", "it", "ru"],
)
def test_the_window_with_the_identifier_is_quoted_before_the_one_that_restates_the_question(
    language: str, question: str, restated: str, answer: str
) -> None:
    passages = [
        Passage(chunk_id=f"{name}:0", source=name, title=name, language=language, text=text, score=1.0)
        for name, text in (("restated.txt", restated), ("answer.txt", answer))
    ]
    composed = extractive_answerer(passages).compose(question, language, passages)
    assert not composed.abstained and "kill(1)" in composed.text
    assert [c.source for c in composed.citations] == ["answer.txt"]


REFERENCE = {  # a reference page's entries: each name on its own line, its definition below
    "en": "kill(2)\nSends a signal to a process.\nsigqueue(3)\n"
    "Sends a real-time signal with accompanying data to a process.\ntgkill(2)\nSends a signal to a thread.",
    "it": "kill(2)\nInvia un segnale a un processo.\nsigqueue(3)\n"
    "Invia un segnale real-time accompagnato da dati a un processo.\ntgkill(2)\nInvia un segnale a un thread.",
    "ru": "kill(2)\nОтправляет сигнал процессу.\nsigqueue(3)\nОтправляет сигнал реального времени с данными процессу."
    "\ntgkill(2)\nОтправляет сигнал потоку.",
}
ASKED_FUNCTION = {
    "en": "Which function sends a real-time signal with accompanying data to a process?",
    "it": "Quale funzione invia un segnale real-time accompagnato da dati a un processo?",
    "ru": "Какая функция отправляет процессу сигнал реального времени с данными?",
}


@pytest.mark.parametrize("asked", ["en", "it", "ru"])
@pytest.mark.parametrize("source", ["en", "it", "ru"])
def test_a_which_question_answered_by_a_definition_quotes_it_with_the_name_heading_it(
    embedder, asked: str, source: str
) -> None:
    """The definition alone is closest in meaning to the question, but the name above it is what was asked."""
    from rag.answer import ExtractiveAnswerer
    from rag.semantic import SentenceSimilarity

    passages = [
        Passage(chunk_id="ref:0", source="ref.txt", title="ref", language=source, text=REFERENCE[source], score=1.0)
    ]
    frequency = {f: 1 for f in sentence_forms(REFERENCE[source], source)}
    answerer = ExtractiveAnswerer(frequency, 10, ["en", "it", "ru"], 0.0, 2, SentenceSimilarity(embedder))
    composed = answerer.compose(ASKED_FUNCTION[asked], asked, passages)
    assert not composed.abstained and "sigqueue(3)" in composed.text, composed.text
    assert "kill(2)" not in composed.text and "tgkill(2)" not in composed.text
    assert composed.text.count(REFERENCE[source].split("\n")[3][:20]) == 1  # the definition is quoted once
