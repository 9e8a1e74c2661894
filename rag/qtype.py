"""Question types: what kind of value a question asks for, and whether a sentence offers a new one.

"How many…/Quanti…/Сколько…" asks for a quantity, "what percentage" for a percentage,
"When…/Quando…/Когда…" for a date, "Who…/Chi…/Кто…" for a name. A sentence answers such a question only
if it holds a value of that kind that the question does not already contain; this works across languages
because numbers, dates and names survive translation. Cue words exist for en/it/ru (other languages simply
get no type). It does not score term overlap or choose sentences.
"""

from __future__ import annotations

import re
from enum import Enum

from index.analyze import fold, normalise_number


class Kind(Enum):
    QUANTITY = "quantity"
    PERCENT = "percent"
    DATE = "date"
    NAME = "name"


_CUES = {
    Kind.QUANTITY: (
        r"how (many|much|big|large|long|old|often|far)|what (percentage|share|amount|number|sum|price)|"
        r"by how much|quant[aeio]|quale (percentuale|cifra|somma)|di quant[aeio]|a quanto|"
        r"сколько|на сколько|какой (бюджет|процент)|какая сумма|какую сумму"
    ),
    Kind.PERCENT: r"percent|percentage|per cent|percentual[ei]|per cento|процент\w*",
    Kind.DATE: (
        r"when|what (year|month|date|day)|in which (year|month)|since when|quando|in che (anno|mese|giorno|periodo)|"
        r"in quale (anno|mese)|da quando|когда|в каком (году|месяце)|какого числа|в какие даты|с какого"
    ),
    Kind.NAME: r"who|whom|whose|chi|кто|кого|кому|кем|чей|чья|чьё|чьи",
}
_CUE_PATTERNS = {kind: re.compile(rf"(?<!\w)({cue})(?!\w)", re.IGNORECASE) for kind, cue in _CUES.items()}

_MONTHS = re.compile(
    r"(?<!\w)(january|february|march|april|may|june|july|august|september|october|november|december|"
    r"gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre|"
    r"январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)"
)
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f\u2009]\d+)*")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_SENTENCE_START = re.compile(r"(^|[.!?:;]\s*)$")
_POSSESSIVE = re.compile(r"['’](s)?$")


def asked_kinds(question: str) -> set[Kind]:
    return {kind for kind, pattern in _CUE_PATTERNS.items() if pattern.search(question)}


def numbers(text: str) -> set[str]:
    return {normalise_number(n) for n in _NUMBER.findall(text)}


def anchors(text: str) -> set[str]:
    """Names and numbers: what two translations of one sentence still share."""
    return names(text) | numbers(text)


def _months(text: str) -> bool:
    return bool(_MONTHS.search(fold(text)))


def names(text: str) -> set[str]:
    """Capitalised words that do not open a sentence: proper names in most scripts."""
    found = set()
    for match in _WORD.finditer(text):
        word = match.group()
        if word[0].isupper() and not _SENTENCE_START.search(text[: match.start()]):
            found.add(_POSSESSIVE.sub("", fold(word)))
    return found


def offers(sentence: str, question: str, kind: Kind) -> bool:
    """Whether the sentence holds a value of `kind` that the question does not already mention."""
    if kind is Kind.QUANTITY:
        return bool(numbers(sentence) - numbers(question) - set(_YEAR.findall(question)))
    if kind is Kind.PERCENT:
        return "%" in sentence or bool(_CUE_PATTERNS[Kind.PERCENT].search(sentence))
    if kind is Kind.DATE:
        return bool(set(_YEAR.findall(sentence)) - set(_YEAR.findall(question))) or _months(sentence)
    known = names(question) | {fold(w) for w in _WORD.findall(question)}
    return bool(names(sentence) - known)
