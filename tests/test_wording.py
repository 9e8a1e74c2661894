"""What an answer says in the reader's language: an abstention message for every language the detector chooses
among by default, and the names of those languages for readers in each of them (`rag/wording.py`)."""

from __future__ import annotations

import pytest

from index.settings import IndexSettings
from rag.wording import ABSTAIN, LANGUAGE_NAMES, abstention, language_name

DEFAULT_LANGUAGES = IndexSettings().languages


@pytest.mark.parametrize("code", DEFAULT_LANGUAGES)
def test_every_default_language_has_its_own_abstention_message(code: str) -> None:
    assert code in ABSTAIN
    assert abstention(code) == ABSTAIN[code]
    assert code == "en" or abstention(code) != ABSTAIN["en"]


@pytest.mark.parametrize("reader", DEFAULT_LANGUAGES)
def test_a_reader_finds_every_default_language_named_in_their_own(reader: str) -> None:
    names = LANGUAGE_NAMES[reader]
    assert set(DEFAULT_LANGUAGES) <= set(names)
    assert len(set(names.values())) == len(names)  # no two languages with one name


@pytest.mark.parametrize(
    ("code", "reader", "name"),
    [
        ("it", "de", "Italienisch"),
        ("ru", "es", "ruso"),
        ("de", "fr", "allemand"),
        ("it", "pt", "italiano"),
        ("ru", "nl", "Russisch"),
        ("en", "pl", "angielski"),
        ("it", "uk", "італійська"),
        ("ru", "tr", "Rusça"),
        ("it", "zh", "意大利语"),
        ("en", "ja", "英語"),
    ],
)
def test_a_quote_language_is_named_for_the_reader(code: str, reader: str, name: str) -> None:
    assert language_name(code, reader) == name


@pytest.mark.parametrize("language", ["", "xx", "🤖"])
def test_an_unknown_language_gets_english(language: str) -> None:
    assert abstention(language) == ABSTAIN["en"]
    assert language_name("it", language) == "Italian"
    assert language_name(language, "en") == language
