"""A question asked in a conversation is read with the earlier questions only when it goes on from them: a new
question ("Who organised the contest?" after one on a film's box office) gets the answer it gets when asked first,
while a follow-up opening with a conjunction ("And at which festival was it selected?") keeps the conversation.
Over the real seeds, in en/it/ru."""

from __future__ import annotations

import pytest

from rag.question_words import continues
from rag.types import Query, Turn

NEW = {  # language -> (an earlier question, a new question on another subject)
    "en": ("How much did Ne Zha 2 take at the box office?", "Who organised the Kling AI contest?"),
    "it": ("Quanto ha incassato Ne Zha 2?", "Chi ha organizzato il concorso di Kling AI?"),
    "ru": ("Кто режиссёр Autumn Harvest?", "Сколько стран участвовало в конкурсе?"),
    "emoji": ("Qual era il montepremi del concorso?", "🎬🍿"),
}
GOES_ON = {  # language -> (an earlier question, a follow-up opening with a conjunction, what only it answers)
    "en": ("Who directed Autumn Harvest?", "And at which festival was it selected?", "Berlin"),
    "it": ("Chi ha diretto Autumn Harvest?", "E a quale festival è stato selezionato?", "Berlin"),
    "ru": ("Кто режиссёр Autumn Harvest?", "А на какой фестиваль его отобрали?", "Berlin"),
}


def _after(engine, first: str, question: str):
    earlier = engine.ask(Query(first))
    return engine.ask(Query(question, history=[Turn("user", first), Turn("assistant", earlier.answer)]))


@pytest.mark.parametrize("case", list(NEW))
def test_a_new_question_in_a_conversation_gets_the_answer_it_gets_asked_first(engine, case: str) -> None:
    first, question = NEW[case]
    alone, after = engine.ask(Query(question)), _after(engine, first, question)
    assert (after.answer, after.abstained) == (alone.answer, alone.abstained)
    assert [(c.source, c.quote) for c in after.citations] == [(c.source, c.quote) for c in alone.citations]


@pytest.mark.parametrize("language", list(GOES_ON))
def test_a_follow_up_opening_with_a_conjunction_keeps_the_conversation(engine, language: str) -> None:
    first, follow_up, expected = GOES_ON[language]
    after = _after(engine, first, follow_up)
    assert not after.abstained and expected in after.citations[0].quote, after.answer  # the answer, not an aside


@pytest.mark.parametrize(
    ("question", "goes_on"),
    [
        ("And from how many countries?", True),
        ("E da quanti paesi?", True),
        ("А из скольких стран?", True),
        ("Und aus wie vielen Ländern?", True),
        ("È stato premiato il film?", False),  # "È" asks anew: the conjunction is "E", unaccented
        ("Andrea Rossi directed it?", False),  # a word that only begins like one
        ("How many countries?", False),
        ("", False),
        ("🎬🍿", False),
    ],
)
def test_a_question_goes_on_from_the_conversation_when_it_opens_with_a_conjunction(question: str, goes_on: bool):
    assert continues(question) is goes_on


def test_the_eval_asks_each_answerable_question_first_and_after_one_on_other_sources(engine) -> None:
    from eval.dataset import QAItem
    from eval.new_questions import score_new_questions

    def item(qid: str, question: str, answers: tuple[str, ...], sources: tuple[str, ...]) -> QAItem:
        return QAItem(qid, question, "en", answers, sources, bool(answers))

    items = [
        item("en-a", "How many countries did the contest entries come from?", ("122",), ("000", "004")),
        item("en-b", "How much did Ne Zha 2 take at the box office?", ("2,2 miliardi", "2.2 billion"), ("002",)),
        item("en-c", "Who directed Ghost Lap?", (), ()),  # unanswerable: not asked
        item("en-d", "How many countries took part?", ("122",), ("000",)),  # shares a source with en-a only
    ]
    stages: list[tuple[str, int, int]] = []
    result = score_new_questions(engine, items, lambda *stage: stages.append(stage))
    assert result["n"] == 3 and stages[-1] == ("new questions", 3, 3)
    assert result["accuracy_first"] == 1.0, result
    assert result["accuracy_after"] == pytest.approx(1 - len(result["lost"]) / 3), result
    sources = {i.question: set(i.sources) for i in items}
    for lost in result["lost"]:  # right asked first, wrong after: the pair it was asked in, and the answer
        assert not sources[lost["earlier"]] & sources[lost["question"]] and lost["answer"]
