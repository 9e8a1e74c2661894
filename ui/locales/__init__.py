"""The chat page's languages: one data module per language, holding everything the page says in it.

Each module (`en`, `it`, `ru`, `de`, `fr`, `es`: the languages the chat's refusals and answers are worded in too,
`ui/refusals.py`, `ui/render.py`) has the same six tables: `PAGE`, the page's own strings and the messages its
handlers word; `REASONS`, the reasons from outside those handlers and the progress stages; `SKIP_REASONS`, why a
file is not indexed; `GRADIO_KEYS`, keys of Gradio's i18n table the page needs that Gradio's table for the language
lacks; `LABELS` and `PATTERNS`, the labels Gradio hard-codes in English. `LOCALES` lists them in the order of the
page's language switch, each with its name there and its plural rule. It words nothing itself: `ui/page_strings.py`
and `ui/gradio_labels.py` assemble and format the tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from types import ModuleType


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
    tables: ModuleType


LOCALES: dict[str, Locale] = {
    code: Locale(code, name, plural, import_module(f"ui.locales.{code}"))
    for code, name, plural in (
        ("en", "English", _one_or_many),
        ("it", "Italiano", _one_or_many),
        ("ru", "Русский", _slavic),
        ("de", "Deutsch", _one_or_many),
        ("fr", "Français", _zero_or_one),
        ("es", "Español", _one_or_many),
    )
}
