"""The page's languages (`ui/locales`): each says everything English says, with the same fields, counts with its own
plurals, translates the same Gradio labels, and the page's tables and scripts list every language."""

from __future__ import annotations

import json
import re
import string

import pytest

from ui.locales import LOCALES

OTHERS = [code for code in LOCALES if code != "en"]


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("code", OTHERS)
@pytest.mark.parametrize("table", ["PAGE", "REASONS", "SKIP_REASONS"])
def test_every_language_says_everything_english_says_with_the_same_fields(code, table):
    english, mine = getattr(LOCALES["en"].tables, table), getattr(LOCALES[code].tables, table)
    assert set(mine) == set(english)
    for key, text in mine.items():
        assert text.strip() and fields(text) == fields(english[key]), key
        words = re.sub(r"\{\w+\}", "", text).split()
        assert text != english[key] or len(words) < 2, key  # translated, not copied (but a word)


@pytest.mark.parametrize("code", OTHERS)
def test_every_language_translates_the_same_gradio_labels_and_keeps_what_a_rule_captures(code):
    tables, italian = LOCALES[code].tables, LOCALES["it"].tables
    assert set(tables.LABELS) == set(italian.LABELS)
    assert all(value.strip() for value in tables.LABELS.values())
    assert sum(value != key for key, value in tables.LABELS.items()) >= len(tables.LABELS) - 1  # "🖥︎ System" in German
    # a translation that is another label would be translated again, and back, by the page's script
    assert not {value for key, value in tables.LABELS.items() if value != key} & set(tables.LABELS)
    assert set(tables.PATTERNS) == set(italian.PATTERNS)
    for rule, replacement in tables.PATTERNS.items():
        assert ("$1" in replacement) == bool(re.compile(rule).groups), rule
    assert {"common.upload", "common.complete"} <= set(tables.GRADIO_KEYS)  # the two keys no Gradio table has
    if code in ("de", "fr", "es"):  # Gradio's tables for these lack the chat interface's keys ("New chat")
        assert {"chat_interface.new_chat", "chatbot.copy_message"} <= set(tables.GRADIO_KEYS)


@pytest.mark.parametrize(
    ("code", "plurals"),
    [
        ("en", ["many", "one", "many", "many", "many", "many"]),
        ("it", ["many", "one", "many", "many", "many", "many"]),
        ("de", ["many", "one", "many", "many", "many", "many"]),
        ("es", ["many", "one", "many", "many", "many", "many"]),
        ("fr", ["one", "one", "many", "many", "many", "many"]),  # "0 fragment", "1 fragment", "2 fragments"
        ("ru", ["many", "one", "few", "many", "many", "one"]),  # 0 запросов, 1 запрос, 2 запроса, 5, 11, 21 запрос
    ],
)
def test_each_language_has_its_plural_rule(code, plurals):
    assert [LOCALES[code].plural(n) for n in (0, 1, 2, 5, 11, 21)] == plurals


@pytest.mark.parametrize("code", list(LOCALES))
def test_every_language_is_on_the_switch_in_the_i18n_table_and_in_the_pages_scripts(code):
    from ui.gradio_labels import HEAD
    from ui.page_strings import FOLLOW_BROWSER_LANGUAGE_JS, I18N, LANGUAGE_CHOICES, STRINGS, page_language

    assert (LOCALES[code].name, code) in LANGUAGE_CHOICES
    assert STRINGS[code]["chat"] and I18N.translations[code]["chat"] == STRINGS[code]["chat"]
    listed = re.search(r"const pageLanguages = (\[.*?\]);", HEAD)  # the list the page's language is picked from
    assert listed and json.loads(listed.group(1)) == list(LOCALES)
    assert "window.ragPageLanguage()" in FOLLOW_BROWSER_LANGUAGE_JS  # the page-load hook picks by the same rule
    assert page_language(f"{code}-XX,en;q=0.5") == code


def test_a_language_the_page_lacks_gets_english():
    from ui.page_strings import page_language, words

    assert page_language("pl-PL,pl;q=0.9") == "en" and words("pl") == words("en")
