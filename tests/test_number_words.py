"""Quantities written in words offer a quantity as digits do ("una dozzina di pacchetti", "сто лет", "trois
serveurs"), in the language the sentence is written in; words that are also common words, articles and the plurals
that say "many" rather than how many do not."""

from __future__ import annotations

import pytest

from rag.number_words import number_words
from rag.qtype import offers
from rag.question_words import Kind, asked_kinds


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("About a dozen new packages are uploaded every week.", "en", {"dozen"}),
        ("Ogni settimana arrivano una dozzina di nuovi pacchetti.", "it", {"dozzina"}),
        ("Голливудская киноиндустрия развивается уже сто лет.", "ru", {"сто"}),
        ("Man kann höchstens drei Namensserver angeben, nicht zwölf.", "de", {"drei", "zwolf"}),
        ("On peut indiquer au plus trois serveurs de noms.", "fr", {"trois"}),
        ("Se pueden indicar como máximo tres servidores de nombres.", "es", {"tres"}),
        ("Il giocattolo ha otto lunghe braccia 🐙", "it", {"otto"}),
        ("", "en", set()),
        ("🎬🍿", "ru", set()),
    ],
    ids=["en", "it", "ru", "de", "fr", "es", "emoji-it", "empty", "emoji"],
)
def test_number_words_are_found_in_the_language_of_the_text(text: str, language: str, expected: set[str]) -> None:
    assert number_words(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("One of them was due to arrive, the cent was lost.", "en"),  # "one", "due", "cent": not counts in English
        ("Sei davvero bravo, e uno di loro è arrivato; i venti soffiavano.", "it"),  # "sei", "uno", "venti"
        ("Один из них открыл дверь на трибуну.", "ru"),  # "один"; "дверь", "трибуну" are no "две", "три"
        ("Un nouveau film, tout neuf.", "fr"),  # "un", "neuf" (new)
        ("Migliaia di spettatori, thousands of people.", "it"),  # many, not how many
        ("Thousands of spectators and hundreds of films.", "en"),
        ("Due tre quattro", "xx"),  # a language without a list has no number words
    ],
    ids=["en", "it", "ru", "fr", "plural-it", "plural-en", "unknown-language"],
)
def test_words_that_are_not_only_numbers_are_no_number_words(text: str, language: str) -> None:
    assert number_words(text, language) == frozenset()


@pytest.mark.parametrize(
    ("sentence", "language", "question"),
    [
        ("Every week about a dozen new packages are uploaded.", "en", "How many packages are uploaded each week?"),
        ("Ogni settimana arrivano una dozzina di nuovi pacchetti.", "it", "Quanti pacchetti arrivano ogni settimana?"),
        ("Голливудская киноиндустрия развивается уже сто лет.", "ru", "How long has Hollywood been growing?"),
        ("On peut indiquer au plus trois serveurs de noms.", "fr", "Wie viele Namensserver kann man angeben?"),
    ],
    ids=["en", "it", "ru", "fr"],
)
def test_a_sentence_with_a_number_word_offers_a_quantity(sentence: str, language: str, question: str) -> None:
    assert Kind.QUANTITY in asked_kinds(question)
    assert offers(sentence, question, Kind.QUANTITY, language)
    assert not offers(sentence, question, Kind.QUANTITY)  # its language unknown, only digits count


def test_a_number_word_the_question_already_says_is_no_new_quantity() -> None:
    question = "How many of the twelve packages were uploaded?"
    assert not offers("Twelve packages were ready.", question, Kind.QUANTITY, "en")
