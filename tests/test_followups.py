"""Follow-ups: a second question whose answer lies in the sentence the first answer quoted gets the part of it, or
the value, that answers it, not the first answer again; a follow-up about something else does not get it again."""

from __future__ import annotations

import pytest

from rag.answer import ExtractiveAnswerer
from rag.followup import parts
from rag.types import Composed, Passage
from tests.answering import semantic_answerer

MUSEUM = {
    "en": (
        "The Lantern Museum in Turin, founded by the engineer Aldo Ferraris, was selected for the European Museum "
        "of the Year Award thanks to its glass collection. The museum cut its energy use by 30% and saved "
        "850 euros a year after replacing its old boilers."
    ),
    "it": (
        "Il Museo delle Lanterne di Torino, fondato dall'ingegnere Aldo Ferraris, è stato selezionato per il "
        "Premio Europeo del Museo dell'Anno grazie alla sua collezione di vetri. Il museo ha ridotto i consumi di "
        "energia del 30% e ha risparmiato 850 euro all'anno dopo aver sostituito le vecchie caldaie."
    ),
    "ru": (
        "Музей фонарей в Турине, основанный инженером Альдо Феррарисом, был выбран на Европейскую премию «Музей "
        "года» благодаря своей коллекции стекла. Музей сократил потребление энергии на 30% и сэкономил 850 "
        "евро в год после замены старых котлов."
    ),
}
OTHER = {
    "en": "The city of Turin also hosts a cinema museum inside the Mole Antonelliana, opened in 2000.",
    "it": "La città di Torino ospita anche un museo del cinema nella Mole Antonelliana, aperto nel 2000.",
    "ru": "В Турине есть и музей кино в здании Моле Антонеллиана, открытый в 2000 году.",
}
FOUNDER = {"en": "Ferraris", "it": "Ferraris", "ru": "Феррарис"}
ASKED = {  # (first question, follow-up whose answer is in the sentence the first answer quotes, what it needs)
    "founder-award": {
        "en": ("Who founded the Lantern Museum in Turin?", "And which award was it selected for?", "Award"),
        "it": ("Chi ha fondato il Museo delle Lanterne di Torino?", "E per quale premio è stato selezionato?", "Premi"),
        "ru": ("Кто основал Музей фонарей в Турине?", "А на какую премию его выбрали?", "преми"),
    },
    "energy-money": {
        "en": (
            "By how much did the Lantern Museum cut its energy use?",
            "And how much money did that save?",
            "850 euro",
        ),
        "it": ("Di quanto ha ridotto i consumi il Museo delle Lanterne?", "E quanti soldi ha risparmiato?", "850 euro"),
        "ru": ("На сколько Музей фонарей сократил потребление энергии?", "А сколько денег это сэкономило?", "850 евро"),
    },
}


@pytest.fixture(scope="module")
def answerer(embedder) -> ExtractiveAnswerer:
    return semantic_answerer(embedder, MUSEUM, OTHER)


def _passages(language: str) -> list[Passage]:
    return [
        Passage(chunk_id=f"{name}-{language}", source=f"{name}.txt", title=name, language=language, text=text, score=1)
        for name, text in (("museum", MUSEUM[language]), ("other", OTHER[language]))
    ]


def _two_turns(answerer: ExtractiveAnswerer, language: str, first: str, second: str) -> tuple[Composed, Composed]:
    passages = _passages(language)
    before = answerer.compose(first, language, passages)
    return before, answerer.compose(second, language, passages, context=first, previous=before.text)


@pytest.mark.parametrize("language", ["en", "it", "ru"])
def test_a_follow_up_answered_by_the_sentence_already_quoted_gets_the_clause_that_answers_it(
    answerer: ExtractiveAnswerer, language: str
) -> None:
    first, second, needed = ASKED["founder-award"][language]
    before, after = _two_turns(answerer, language, first, second)
    assert not before.abstained and FOUNDER[language] in before.text
    assert not after.abstained and needed in after.text
    assert after.text != before.text
    quote = after.citations[0].quote
    assert needed in quote and FOUNDER[language] not in quote  # the clause that answers, not the whole sentence again


@pytest.mark.parametrize("language", ["en", "it", "ru"])
def test_a_follow_up_asking_another_value_of_the_quoted_sentence_leads_with_that_value(
    answerer: ExtractiveAnswerer, language: str
) -> None:
    first, second, value = ASKED["energy-money"][language]
    before, after = _two_turns(answerer, language, first, second)
    assert not before.abstained and "30%" in before.text
    assert not after.abstained and after.text.startswith(value)
    assert after.text != before.text


@pytest.mark.parametrize(
    ("language", "first", "second", "value"),
    [
        ("en", "Who founded the Lantern Museum in Turin?", "And how much money does it save a year?", "850 euro"),
        ("it", "Chi ha fondato il Museo delle Lanterne di Torino?", "E quanti soldi risparmia all'anno?", "850 euro"),
        ("ru", "Кто основал Музей фонарей в Турине?", "А сколько денег он экономит в год?", "850 евро"),
    ],
    ids=["en", "it", "ru"],
)
def test_a_follow_up_asking_another_kind_of_value_leads_with_the_one_its_words_describe(
    answerer: ExtractiveAnswerer, language: str, first: str, second: str, value: str
) -> None:
    before, after = _two_turns(answerer, language, first, second)
    assert FOUNDER[language] in before.text
    assert not after.abstained and after.text.startswith(value)


@pytest.mark.parametrize(
    ("language", "window", "expected"),
    [
        ("en", "It opened in 1921, after a delay. Its halls hold lamps.", ["It opened in 1921", "after a delay."]),
        (
            "it",
            "Ha aperto nel 1921 – dopo un ritardo – e ha 4.000 lampade.",
            ["dopo un ritardo", "e ha 4.000 lampade."],
        ),
        (
            "ru",
            "Музей открылся в 1921 году; в залах 4000 ламп. Вход свободный.",
            ["в залах 4000 ламп.", "Музей открылся в 1921 году"],
        ),
    ],
    ids=["en", "it", "ru"],
)
def test_a_window_already_quoted_splits_into_its_unquoted_sentences_and_its_clauses(
    language: str, window: str, expected: list[str]
) -> None:
    quoted = window.split(". ")[-1]  # the last sentence was quoted before: it is no new part
    found = parts(window, language, quoted)
    assert [p for p in expected if p not in found] == []
    assert quoted not in found and "2,2" not in " ".join(found)


@pytest.mark.parametrize("window", ["It opened in 1921.", "🎬🍿", "", "2,2 miliardi di dollari."])
def test_a_single_unbroken_sentence_has_no_parts(window: str) -> None:
    assert parts(window, "en") == []


@pytest.mark.parametrize(
    ("language", "first", "second"),
    [
        ("en", "Who founded the Lantern Museum in Turin?", "And when did the cinema museum open?"),
        ("it", "Chi ha fondato il Museo delle Lanterne di Torino?", "E quando ha aperto il museo del cinema?"),
        ("ru", "Кто основал Музей фонарей в Турине?", "А когда открылся музей кино?"),
    ],
    ids=["en", "it", "ru"],
)
def test_a_follow_up_about_something_else_does_not_get_the_quoted_sentence_again(
    answerer: ExtractiveAnswerer, language: str, first: str, second: str
) -> None:
    before, after = _two_turns(answerer, language, first, second)
    assert FOUNDER[language] in before.text
    assert not after.abstained and "2000" in after.text and FOUNDER[language] not in after.text


@pytest.mark.parametrize(
    ("language", "first", "second", "needed"),
    [
        ("en", "Who founded the Lantern Museum in Turin?", "And what did it replace?", "boilers"),
        ("it", "Chi ha fondato il Museo delle Lanterne di Torino?", "E che cosa ha sostituito?", "caldaie"),
        ("ru", "Кто основал Музей фонарей в Турине?", "А что там заменили?", "котлов"),
    ],
    ids=["en", "it", "ru"],
)
def test_a_follow_up_answered_by_the_sentence_after_the_quoted_one_gets_that_sentence_alone(
    answerer: ExtractiveAnswerer, language: str, first: str, second: str, needed: str
) -> None:
    before, after = _two_turns(answerer, language, first, second)
    assert FOUNDER[language] in before.text and needed not in before.text
    assert not after.abstained and needed in after.text and FOUNDER[language] not in after.text


@pytest.mark.parametrize(
    ("language", "first", "second"),
    [
        ("en", "Who founded the Lantern Museum in Turin?", "And how many visitors does it get a year?"),
        ("it", "Chi ha fondato il Museo delle Lanterne di Torino?", "E quanti visitatori riceve all'anno?"),
        ("ru", "Кто основал Музей фонарей в Турине?", "А сколько посетителей бывает там в год?"),
    ],
    ids=["en", "it", "ru"],
)
def test_a_follow_up_never_leads_with_a_value_of_the_quoted_window_that_its_words_do_not_describe(
    answerer: ExtractiveAnswerer, language: str, first: str, second: str
) -> None:
    """The window quoted before holds two amounts (30%, 850 euros), neither a number of visitors."""
    _, after = _two_turns(answerer, language, first, second)
    assert not after.text.startswith(("30", "850"))


@pytest.mark.parametrize("previous", ["", "🎬🍿 [1]", "850 euro [1]\n\n(850) [1] [", "Ferraris ((( [1]"])
@pytest.mark.parametrize("context", ["", "   ", "🙂"])
def test_odd_earlier_turns_never_break_a_follow_up(answerer: ExtractiveAnswerer, previous: str, context: str) -> None:
    after = answerer.compose("And how much money does it save a year?", "en", _passages("en"), context, previous)
    assert after.abstained or after.citations
