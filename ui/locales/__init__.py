"""The chat page's languages: one data module per language, holding everything the page says in it.

Each module (`en`, `it`, `ru`, `de`, `fr`, `es`: the languages the chat's refusals and answers are worded in too,
`ui/refusals.py`, `ui/render.py`) has the same six tables: `PAGE`, the page's own strings and the messages its
handlers word; `REASONS`, the reasons from outside those handlers and the progress stages; `SKIP_REASONS`, why a
file is not indexed; `GRADIO_KEYS`, keys of Gradio's i18n table the page needs that Gradio's table for the language
lacks (or, for French, words otherwise); `LABELS` and `PATTERNS`, the labels Gradio hard-codes in English.
`LOCALES` lists them in the order of the page's language switch, each with its name there and its plural rule. It
words nothing itself: `ui/page_strings.py` and `ui/gradio_labels.py` assemble and format the tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from ui.locales import de, en, es, fr, it, ru


class Tables(Protocol):
    """What a language's module holds (mypy checks each module against it)."""

    PAGE: dict[str, str]
    REASONS: dict[str, str]
    SKIP_REASONS: dict[str, str]
    GRADIO_KEYS: dict[str, str]
    LABELS: dict[str, str]
    PATTERNS: dict[str, str]


def _one_or_many(n: int) -> str:
    return "one" if n == 1 else "many"


def _zero_or_one(n: int) -> str:  # French: "0 fragment", "1 fragment", "2 fragments"
    return "one" if n in (0, 1) else "many"


def _slavic(n: int) -> str:  # Russian: "1 фрагмент", "2 фрагмента", "5 фрагментов", "21 фрагмент", "11 фрагментов"
    if n % 10 == 1 and n % 100 != 11:
        return "one"
    return "few" if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else "many"


@dataclass(frozen=True)
class Locale:
    code: str
    name: str  # in the language itself, as the switch shows it
    plural: Callable[[int], str]  # n -> "one", "few" or "many": the key suffix of a count (`chunks_one`...)
    tables: Tables


LOCALES: dict[str, Locale] = {
    locale.code: locale
    for locale in (
        Locale("en", "English", _one_or_many, en),
        Locale("it", "Italiano", _one_or_many, it),
        Locale("ru", "Русский", _slavic, ru),
        Locale("de", "Deutsch", _one_or_many, de),
        Locale("fr", "Français", _zero_or_one, fr),
        Locale("es", "Español", _one_or_many, es),
    )
}
