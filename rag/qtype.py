"""Question types: what kind of value a question asks for, and whether a sentence offers a new one.

"How many…/Quanti…/Сколько…" asks for a quantity, "what percentage" for a percentage, "When…/Quando…/Когда…"
for a date, "Who…/Chi…/Кто…" for a name, "What did it cost…/Quanto costava…/Какой бюджет…" for an amount of money
(a number that names its currency). A sentence answers such a question only if it holds a value of that kind that
the question does not already contain (a day of the month or a year said as a date is never a count); this works
across languages because numbers, dates and names survive translation. Cue words exist for en/it/ru (other
languages simply get no type). `value_of` pulls that value out of a sentence, as the source writes it, when it
holds just one (`values_of`: all of them). "Which program…/Quale funzione…/Какая ошибка…" asks for no kind of value
but most often for a name or an identifier ("dump(8)", "EAGAIN", "/etc/group"): `asks_identifier`, `offers_identifier`.
It does not score term overlap or choose sentences.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache

from index.analyze import fold, normalise_number


class Kind(Enum):
    QUANTITY = "quantity"
    PERCENT = "percent"
    DATE = "date"
    NAME = "name"
    MONEY = "money"


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
    # An amount of money: the answer names its currency ("42.000 dollari", "$80 million"), a bare count does not.
    # Cues are words that always mean money, or that do after "how much" ("how much did it earn", not "earned praise").
    Kind.MONEY: (
        r"cost(s|ed|ing)?|price[sd]?|budget|revenues?|earnings|gross(ed)?|box office|prize money|prize pool|fees?|"
        r"salary|funding|how much\b.{0,40}\b(earn(s|ed)?|pa(y|id)|invest(ed)?|worth)|"
        r"cost(a|ava|ato|ano|avano|o|i)|prezz[oi]|incass\w*|montepremi|stipendi[oi]|finanziament[oi]|fatturato|"
        r"ricav[oi]|botteghino|quant[oaie]\b.{0,40}\b(guadagn|pagat|investit)\w*|"
        r"стоимост\w*|сколько стои\w*|цен[аыуе]|бюджет\w*|выручк\w*|доход\w*|призов\w* фонд\w*|гонорар\w*|"
        r"кассов\w* сбор\w*|сколько\b.{0,40}\b(заработ|заплат|инвестир)\w*"
    ),
}
# Question words: they say what kind of answer is wanted, never what the answer is about, so they are not
# matched against the passages (most are stop words already; these are the ones stop-word lists miss).
_INTERROGATIVES = (
    "what which who whom whose when where why how much many "
    "quale quali qual che chi cosa quando dove perche come quanto quanta quanti quante "
    "какои какая какое какие какого какому каким каком какую кто кого кому кем ком что чего чему чем когда где "
    "куда откуда почему зачем как сколько чеи чья чье чьи "
    "которыи которая которое которые которого которои котором которому которую которым которых"
)  # folded forms (`index.analyze.fold`: no accents, "й" -> "и", "ё" -> "е")
INTERROGATIVES = frozenset(_INTERROGATIVES.split(" "))
_TOPICAL = (Kind.PERCENT, Kind.MONEY)  # cues that are topic words ("percentage", "budget"), not question words
_CUE_PATTERNS = {kind: re.compile(rf"(?<!\w)({cue})(?!\w)", re.IGNORECASE) for kind, cue in _CUES.items()}

# Month names as whole words ("maggio", not "maggiori"); Russian ones with their endings ("марта", "июня").
_MONTH_NAMES = (
    r"(?:(?:january|february|april|june|july|august|september|october|november|december|"
    r"gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre|ма[яие])(?!\w)|"
    r"(?:январ|феврал|март|апрел|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]{0,2}(?![а-я]))"
)
_MONTHS = re.compile(rf"(?<!\w){_MONTH_NAMES}")
# A year said as a date ("in 1921", "nel marzo 1921", "1921 года") is not a count: it answers "when", not "how many".
_DATED_YEAR = re.compile(
    rf"(?:(?<!\w)(?:{_MONTH_NAMES}|march|may|in|nel|del|dal|al|entro|since|by|в|с|до|к|от)\s+|nell['’])"
    r"(1[5-9]\d\d|20\d\d)(?!\d)|"
    r"(?<!\d)(1[5-9]\d\d|20\d\d)\s*(?:год|г\.)"
)
# A day of the month is no count either: "3 novembre", "29 gennaio-12 febbraio", "November 3", "3 ноября".
_DATED_DAY = re.compile(
    rf"(?<![\d.,])([0-3]?\d)(?=(?:\s*[-–]\s*[0-3]?\d)?\s+{_MONTH_NAMES})|"
    r"(?<!\w)(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+"
    r"([0-3]?\d)(?![\d.,]\d)"
)
_VERB_MONTHS = re.compile(r"(?<!\w)(?:May|March)(?!\w)")  # lower-case, they are English verbs ("AI may help")
# Opening hours and schedules answer "when" too: weekdays and clock times.
_WEEKDAYS = re.compile(
    r"(?<!\w)(monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunedi|martedi|mercoledi|giovedi|venerdi|"
    r"sabato|domenica|понедельник|вторник|сред[ау]|четверг|пятниц|суббот|воскресень)|(?<!\d)\d{1,2}[:.]\d{2}(?!\d)"
)
# A number glued to letters is part of a name or a code ("R1", "H100", "1080p", "3D"), not a count, unless the
# letters are a unit or a magnitude ("80M", "5km").
_GLUED_UNIT = r"(?:[kKmMbB]|bn|mln|km|kg|cm|mm|ms|min|h|s)?(?![^\W_])"
_NUMBER = re.compile(rf"(?<![^\W_])(?<![^\W_]\()\d+(?:[.,\u00a0\u202f\u2009]\d+)*(?={_GLUED_UNIT})")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_SENTENCE_START = re.compile(r"(^|[.!?:;]\s*)$")
_POSSESSIVE = re.compile(r"['’](s)?$")


def asked_kinds(question: str) -> set[Kind]:
    """The kinds of value the question asks for. A question word counts only as the question's first: in "What
    happens to the files when it is unmounted?" or "Dove passa il controllo quando…" the "when" opens a clause."""
    first = next((m.start() for m in _WORD.finditer(question) if fold(m.group()) in INTERROGATIVES), len(question))
    kinds = {
        kind
        for kind, pattern in _CUE_PATTERNS.items()
        if any(m.start() <= first or kind in _TOPICAL for m in pattern.finditer(question))
    }
    if kinds & {Kind.NAME, Kind.DATE, Kind.PERCENT}:  # "whose share price…", "when did the price…": money is the topic
        kinds.discard(Kind.MONEY)
    return kinds


def date_cue_words(question: str) -> frozenset[str]:
    """The folded words of the question's date cues ("in what *year*", "в какие *даты*"): they name the kind of
    value asked, which a window's date answers, not what the question is about."""
    return frozenset(fold(w) for m in _CUE_PATTERNS[Kind.DATE].finditer(question) for w in _WORD.findall(m.group()))


@lru_cache(maxsize=10_000)
def numbers(text: str) -> frozenset[str]:
    """The normalised numbers of `text` (cached: sentences recur). An entry, its key included, was measured on the
    seeds at about 0.5 KB for a typical sentence and 3 KB for a chunk-long one: the 10,000 entries take 5 MB
    typical, 30 MB at worst."""
    return frozenset(normalise_number(n) for n in _NUMBER.findall(text))


def years(text: str) -> frozenset[str]:
    """The four-digit years of `text` ("2025"), as `numbers` writes them too (plain digits, nothing to normalise)."""
    return frozenset(_YEAR.findall(text))


def dated_years(text: str) -> frozenset[str]:
    """The years of `text` said as dates ("in 1921", "marzo 2023", "2025 года"), not as counts."""
    return frozenset(a or b for a, b in _DATED_YEAR.findall(fold(text)))


def dated_numbers(text: str) -> frozenset[str]:
    """The numbers of `text` that are part of a date, not counts: its dated years and days of the month ("3 novembre
    2025", "29 gennaio-12 febbraio", "November 3", "3 ноября")."""
    return dated_years(text) | {a or b for a, b in _DATED_DAY.findall(fold(text))}


def anchors(text: str) -> frozenset[str]:
    """Names and numbers: what two translations of one sentence still share."""
    return names(text) | numbers(text)


def _months(text: str) -> bool:
    return bool(_MONTHS.search(fold(text)) or _VERB_MONTHS.search(text))


def _schedule(text: str) -> bool:
    return bool(_WEEKDAYS.search(fold(text)))


@lru_cache(maxsize=10_000)
def names(text: str) -> frozenset[str]:
    """Capitalised words that do not open a sentence: proper names in most scripts (cached: sentences recur). An
    entry, its key included, was measured on the seeds at about 0.7 KB for a typical sentence and 5 KB for a
    chunk-long one: 7 MB typical, 50 MB at worst (10,000 entries)."""
    found = set()
    for match in _WORD.finditer(text):
        word = match.group()
        if word[0].isupper() and not _SENTENCE_START.search(text[: match.start()]):
            found.add(_POSSESSIVE.sub("", fold(word)))
    return frozenset(found)


def offers(sentence: str, question: str, kind: Kind) -> bool:
    """Whether the sentence holds a value of `kind` that the question does not already mention."""
    if kind is Kind.QUANTITY:
        return bool(numbers(sentence) - numbers(question) - years(question) - dated_numbers(sentence))
    if kind is Kind.PERCENT:
        return "%" in sentence or bool(_CUE_PATTERNS[Kind.PERCENT].search(sentence))
    if kind is Kind.DATE:
        new_year = years(sentence) - years(question)
        return bool(new_year) or _months(sentence) or _schedule(sentence)
    if kind is Kind.MONEY:
        return bool(_amounts(sentence, question, money=True))
    return bool(names(sentence) - _known(question))


# A number with the words that say what it counts: "42.000 dollari", "200 milioni", "2,2 миллиарда", "30%".
_MAGNITUDE = (
    r"(?:\s?%|\s(?:thousand|million|billion|trillion|mila|milion[ei]|miliard[oi]|тыс\w*|млн|млрд|миллион\w*|"
    r"миллиард\w*))?"
)
_CURRENCY_WORD = r"(?:dollar[is]?|euros?|yuan|yen|pounds?|sterline|рубл\w*|доллар\w*|юан\w*|евро|иен\w*|фунт\w*)"
_CURRENCY = rf"(?:(?:\s[^\W\d]{{1,3}}){{0,2}}\s{_CURRENCY_WORD}(?!\w)|\s?[$€£¥])?"  # "80 milioni di dollari"
_MONEY = re.compile(rf"[$€£¥]|{_CURRENCY_WORD}", re.IGNORECASE)
_VALUE_NUMBER = re.compile(
    rf"(?<![\w.,])(?<![^\W_]\()[$€£¥]?\d+(?:[.,\u00a0\u202f\u2009]\d+)*{_GLUED_UNIT}{_MAGNITUDE}{_CURRENCY}"
)
_NAMED_NUMBER = re.compile(r"[A-ZÀ-ÖØ-ÞА-ЯЁ][\w-]*\s$")  # "Sora 2", "Ne Zha 2": a number that is part of a name
_DATE_VALUE = re.compile(
    r"(?:\d{1,2}\s)?(?:[A-Za-zА-Яа-яЁё]+\s)?(?:1[5-9]\d\d|20\d\d)|(?<![\d.,])\d{1,2}[:.]\d{2}(?!\d|[.,]\d)",
    re.IGNORECASE,
)  # a clock time is no part of a longer number ("42.000")


def value_of(sentence: str, question: str, kinds: set[Kind]) -> str | None:
    """The one value of the asked kind that the sentence adds to the question, as written; None if none or several."""
    found = values_of(sentence, question, kinds)
    return found[0] if len(found) == 1 else None


def values_of(sentence: str, question: str, kinds: set[Kind]) -> list[str]:
    """The distinct values of the asked kind that the sentence adds to the question, as written, in order."""
    if kinds & {Kind.QUANTITY, Kind.PERCENT, Kind.MONEY}:
        found = _amounts(sentence, question, money=Kind.MONEY in kinds)
    elif Kind.DATE in kinds:
        found = [
            m.group().strip() for m in _DATE_VALUE.finditer(sentence) if _months(m.group()) or m.group()[-1:].isdigit()
        ]
        found = [f for f in found if not years(f) & years(question)] or found
    elif Kind.NAME in kinds:
        known = _known(question)
        found = [run for run in _name_runs(sentence) if not {fold(w) for w in run.split()} & known]
    else:
        return []
    return list(dict.fromkeys(found))


# "Which program…", "Quale funzione…", "Какая ошибка…": a question that names the class of thing it wants, whose
# answer is most often an identifier; "What is…/What does…" asks for a description instead.
_WHICH = re.compile(
    r"(?<!\w)(?:which|what(?!\s+(?:is|are|was|were|does|do|did|has|have|had|happens|happened|can|will|would|"
    r"should|could|may|might|means?|kind|sort|type)(?!\w))|quale|quali|каки[ехмй]\w*|какая|какое|какую|какого|"
    r"какому|каком)(?!\w)",
    re.IGNORECASE,
)
# An identifier as documentation writes one: "dump(8)", "--append", "-a", "/etc/group", "EAGAIN", "fs_freq", «compat».
_IDENTIFIER = re.compile(
    r"[^\W_][\w.-]*\(\d\w*\)|(?<![\w-])--?[^\W\d_][\w-]*|(?<![\w/])/[\w.-]+(?:/[\w.-]+)*|"
    r"(?<!\w)[A-ZА-ЯЁ]{2,}[0-9]*(?!\w)|(?<!\w)[^\W\d_]+_[\w.]+|«([^»]{1,40})»|“([^”]{1,40})”"
)


def asks_identifier(question: str) -> bool:
    """Whether the question asks "which <thing>" (and no other kind of value), first of its question words."""
    first = next((m.start() for m in _WORD.finditer(question) if fold(m.group()) in INTERROGATIVES), len(question))
    return not asked_kinds(question) and any(m.start() <= first for m in _WHICH.finditer(question))


def offers_identifier(sentence: str, question: str) -> bool:
    """Whether the sentence holds a name or an identifier ("dump(8)", "EAGAIN", "/etc/group") the question lacks."""
    known = _known(question)
    found = {fold(m.group()) for m in _IDENTIFIER.finditer(sentence)} | names(sentence)
    return any(not ({w for w in _WORD.findall(f)} <= known) for f in found if _WORD.search(f))


def _amounts(sentence: str, question: str, money: bool = False) -> list[str]:
    """The numbers of the sentence, as written with their magnitude and currency, that the question does not
    mention and that are no date or part of a name; with `money`, only those that name a currency."""
    asked = numbers(question) | years(question) | dated_numbers(sentence)
    return [
        m.group().strip()
        for m in _VALUE_NUMBER.finditer(sentence)
        if numbers(m.group()) - asked
        and not _NAMED_NUMBER.search(sentence[: m.start()])
        and (not money or _MONEY.search(m.group()))
    ]


def _known(question: str) -> frozenset[str]:
    """The question's names and words, folded: a name among them is not a new one."""
    return names(question) | {fold(w) for w in _WORD.findall(question)}


def _name_runs(text: str) -> list[str]:
    """Runs of capitalised words that do not open a sentence: "Sefa Kocakalay", "Tim Yip"."""
    runs: list[list[str]] = []
    last_end: int | None = None  # where the open run's last word ended; None = no run open
    for match in _WORD.finditer(text):
        word = match.group()
        if not word[0].isupper() or _SENTENCE_START.search(text[: match.start()]):
            last_end = None
            continue
        if last_end is not None and text[last_end : match.start()].strip() == "":
            runs[-1].append(_POSSESSIVE.sub("", word))
        else:
            runs.append([_POSSESSIVE.sub("", word)])
        last_end = match.end()
    return [" ".join(run) for run in runs]
