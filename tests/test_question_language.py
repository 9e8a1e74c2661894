"""A question's language (`rag/question_language.py`): told by its own question word where that word is one
language's only, else by the detector reading it whole and without its names; the answer is worded in it."""

from __future__ import annotations

import pytest

from index.language import LanguageDetector
from index.settings import IndexSettings
from rag.question_language import asking_language, language_text, question_language
from rag.types import Query, Turn
from rag.wording import abstention

DEFAULT_LANGUAGES = IndexSettings().languages


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector(DEFAULT_LANGUAGES)


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("In che anno Linus Torvalds scrisse la prima versione del kernel Linux?", "it"),
        ("Когда DeepSeek обогнал ChatGPT в App Store?", "ru"),
        ("When did DeepSeek overtake ChatGPT in Apple's US App Store?", "en"),
        ("Che cosa contiene il database ethers di NSS?", "it"),
        ("Wer hat sich den Namen POSIX ausgedacht?", "de"),
        ("¿Qué opción de socket hace llegar la etiqueta SO_PASSSEC?", "es"),
        ("", "en"),
        ("🤖🎬❓", "en"),
    ],
)
def test_a_questions_language_is_told_by_its_words_not_outvoted_by_its_names(
    detector: LanguageDetector, question: str, language: str
) -> None:
    """Names and identifiers belong to no language; read whole and without them, the question's own words decide
    (three of these read as German, Dutch and Dutch from the whole question alone)."""
    assert detector.detect_readings(question, language_text(question)) == language
    assert question_language(detector, question) == language


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("When is the helpdesk open?", "en"),  # read as Dutch without its question word
        ("Who is Stefano Accorsi?", "en"),  # read as Italian
        ("E quale directory ha preso il posto di /usr/dict?", "it"),  # read as English
        ("Chi è Stefano Accorsi?", "it"),
        ("Кто такой Стефано Аккорси?", "ru"),
        ("¿Dónde está la oficina?", "es"),
        ("Kim Novak starred in which film?", "en"),
        ("Quem dirigiu o filme?", "pt"),
        ("Хто переміг у конкурсі?", "uk"),
        ("Wanneer opent de helpdesk?", "nl"),
        ("Ile krajów wzięło udział?", "pl"),
        ("Kaç ülke katıldı?", "tr"),
        ("Kling AI是什么时候推出的？", "zh"),  # read as English with its name: the characters count as their pairs
        ("Kling AIはいつ公開されましたか？", "ja"),
    ],
)
def test_a_short_questions_language_is_its_question_words(
    detector: LanguageDetector, question: str, language: str
) -> None:
    assert question_language(detector, question) == language


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Quando foi fundada a empresa?", "pt"),  # "quando" is Italian too
        ("Кому належить компанія?", "uk"),  # "кому" is Russian too
        ("Wie heeft de prijs gewonnen?", "nl"),  # "wie" is German too
        ("Kim wygrał konkurs?", "pl"),  # "kim" is Turkish too
        ("Büyük ödülü kim kazandı?", "tr"),  # not the question's own question word: in Turkish it stands late
    ],
)
def test_a_question_word_shared_by_languages_leaves_the_choice_to_the_detector(
    detector: LanguageDetector, question: str, language: str
) -> None:
    assert asking_language(question) is None
    assert question_language(detector, question) == language


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Che Guevara was born where?", None),  # "Che" opens a name, and "where" is no question's opening
        ("Come Away With Me: who sang it?", None),  # "Come Away" is a title, not Italian "come"
        ("Where the Wild Things Are: chi l'ha scritto?", None),  # a title up to its colon
        ("Who?", "en"),
        ("The helpdesk, open when?", None),
        ("¿Dónde está la oficina?", "es"),
        ("¿Qué tal? How do I answer that?", None),  # only a question wholly inside "¿…?" is Spanish by it
        ("", None),
        ("🤖❓", None),
    ],
)
def test_only_a_question_word_opening_the_question_is_a_prior(question: str, language: str | None) -> None:
    assert asking_language(question) == language


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Come again?", "en"),  # "come" is Italian "how" and an English verb
        ("Come to think of it, who wrote the fstab man page?", "en"),
        ("Comment threads: how are they sorted?", "en"),
        ("Dove soap: who makes it?", "en"),
        ("Qui si può fumare?", "it"),  # "qui" is French "who" and Italian "here"
        ("Ou seja, quanto custa?", "pt"),  # "ou" is French "where" and Portuguese "or"
        ("Where the Wild Things Are: chi l'ha scritto?", "it"),
        ("¡Hola! Who can help me with my password?", "en"),
    ],
)
def test_a_question_word_that_is_an_everyday_word_elsewhere_tells_nothing(
    detector: LanguageDetector, question: str, language: str
) -> None:
    assert question_language(detector, question) == language


def test_a_prior_the_detector_gives_little_chance_does_not_win(detector: LanguageDetector) -> None:
    """The question word only settles between languages the words allow: Cyrillic text is never English, and
    Portuguese words outweigh a French prior they give a fiftieth of their confidence."""
    assert detector.detect_readings("Когда открыт офис?", prior="en") == "ru"
    assert detector.detect_readings("Ou seja, quanto custa?", prior="fr") == "pt"
    assert detector.detect_readings("When is the helpdesk open?", prior="en") == "en"
    assert detector.detect_readings("Who is Stefano Accorsi?", prior="en") == "en"  # English has 0.13 of Italian's


@pytest.mark.parametrize(
    ("question", "language"),
    [("Who is Stefano Accorsi?", "en"), ("Chi è Stefano Accorsi?", "it"), ("Кто такой Стефано Аккорси?", "ru")],
)
def test_the_answer_is_in_the_questions_language(engine, question: str, language: str) -> None:
    answer = engine.ask(Query(question=question))
    assert answer.language == language


@pytest.mark.parametrize("reader", ["en", "it", "ru"])
@pytest.mark.parametrize("question", ["🙂", "42", "???", "🤖🎬❓ 2025"])
def test_a_question_with_no_letter_is_in_the_readers_language(
    detector: LanguageDetector, question: str, reader: str
) -> None:
    assert question_language(detector, question, reader) == reader


@pytest.mark.parametrize(("question", "reader"), [("Kling AI?", "it"), ("NEXTGEN", "it"), ("Ne Zha 2", "it"),
                                                  ("montepremi?", "en"), ("Kling AI?", "en")])  # fmt: skip
def test_a_question_too_short_to_tell_takes_the_readers_language_its_words_allow(
    detector: LanguageDetector, question: str, reader: str
) -> None:
    """A name or a word or two tell no language for sure; the reader's is a prior where the detector allows it at
    all (a tenth of its best language's confidence), as a question word is."""
    assert question_language(detector, question, reader) == reader


@pytest.mark.parametrize(
    ("question", "reader", "language"),
    [
        ("Гран-при?", "en", "ru"),  # Cyrillic is never English
        ("Когда?", "it", "ru"),
        ("When?", "it", "en"),  # a question word of one language is the prior
        ("Qual era il montepremi del concorso?", "en", "it"),  # three words of its own tell the language
        ("Какой фильм получил Гран-при конкурса?", "it", "ru"),
        ("Which film won the grand prize?", "ru", "en"),
        ("🙂", "xx", "en"),  # a reader's language the detector does not know is no prior
    ],
)
def test_a_question_that_tells_its_language_keeps_it_whatever_the_reader(
    detector: LanguageDetector, question: str, reader: str, language: str
) -> None:
    assert question_language(detector, question, reader) == language


@pytest.mark.parametrize(("question", "reader"), [("🙂", "it"), ("🙂", "ru"), ("🙂", "en"), ("42", "it")])
def test_an_abstention_on_a_wordless_question_is_in_the_readers_language(engine, question: str, reader: str) -> None:
    answer = engine.ask(Query(question=question, reader=reader))
    assert answer.abstained and answer.language == reader
    assert answer.answer == abstention(reader)


ITALIAN_TURNS = [Turn("user", "Qual era il montepremi del concorso?"), Turn("assistant", "42.000 dollari [1]")]


@pytest.mark.parametrize(("question", "reader"), [("🙂", "en"), ("E Tokyo?", "en"), ("42?", "ru"), ("NEXTGEN", None)])
def test_a_follow_up_too_short_to_tell_its_language_is_in_its_conversations(engine, question: str, reader) -> None:
    """After an Italian question, on an English or Russian page, a follow-up with no language of its own is Italian."""
    assert engine.detect_language(question, reader, ITALIAN_TURNS) == "it"
    assert engine.ask(Query(question=question, history=ITALIAN_TURNS, reader=reader)).language == "it"


@pytest.mark.parametrize(
    ("question", "language"),
    [("And what about the jury prize?", "en"), ("А сколько было заявок?", "ru"), ("Und wie viele Länder?", "de")],
)
def test_a_follow_up_that_tells_its_language_keeps_it_whatever_its_conversations(engine, question, language) -> None:
    assert engine.detect_language(question, "it", ITALIAN_TURNS) == language


@pytest.mark.parametrize(
    ("question", "history", "reader", "language"),
    [
        ("montepremi?", [Turn("user", "🙂")], None, "it"),  # a turn with no letter tells nothing: the question's own
        ("montepremi?", [*ITALIAN_TURNS, Turn("user", "🙂"), Turn("assistant", "…")], "en", "it"),  # the last with one
        ("🙂", [*ITALIAN_TURNS, Turn("user", "42")], "ru", "it"),
        ("🙂", [Turn("assistant", "Ciao, come posso aiutarti?")], "ru", "ru"),  # an answer is no question: the reader's
    ],
)
def test_a_follow_ups_conversation_language_comes_from_its_last_question_with_a_letter(
    engine, question: str, history: list[Turn], reader, language: str
) -> None:
    assert engine.detect_language(question, reader, history) == language
