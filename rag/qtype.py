"""Values in sentences: whether a sentence offers a new value of the kind a question asks for
(`rag/question_words.py` reads the question), and that value as the source writes it.

A sentence answers a quantity, date, name or money question only if it holds a value of that kind that the
question does not already contain: a new number (a day of the month or a year said as a date is never a count, nor
is "mount(8)"), a year, month, weekday or clock time, a capitalised name, an amount that names its currency. This
works across languages because numbers, dates and names survive translation. `value_of` pulls that value out of a
sentence, as the source writes it, when it holds just one (`values_of`: all of them). It does not read what a
question asks, look for identifiers (`rag/identifiers.py`), score term overlap or choose sentences.
"""

from __future__ import annotations

import re
from functools import lru_cache

from index.analyze import CJK_CHARS, fold, normalise_number
from index.scripts import HANGUL, KOREAN_PARTICLES
from rag.question_words import CUE_PATTERNS, ELIDED_ARTICLE, WORD, Kind


def _longest_first(options: set[str]) -> str:
    """A regular-expression alternation of `options`, longest first (so "에서" is tried before "에")."""
    return "|".join(sorted(options, key=len, reverse=True))


# Month names as whole words ("maggio", not "maggiori"); Russian ones with their endings ("марта", "июня"). German
# and French "mai" and French "mars" are left out: they are also Italian "never" and the planet.
_MONTH_NAMES = (
    r"(?:(?:january|february|april|june|july|august|september|october|november|december|"
    r"gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre|ма[яие]|"
    r"januar|februar|marz|juni|juli|oktober|dezember|janvier|fevrier|avril|juin|juillet|aout|septembre|octobre|"
    r"novembre|decembre|enero|febrero|abril|mayo|junio|julio|septiembre|setiembre|octubre|noviembre|diciembre)(?!\w)|"
    r"(?:январ|феврал|март|апрел|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]{0,2}(?![а-я]))"
)
_MONTHS = re.compile(rf"(?<!\w){_MONTH_NAMES}")
# A year said as a date ("in 1921", "nel marzo 1921", "1921 года") is not a count: it answers "when", not "how many".
_DATED_YEAR = re.compile(
    rf"(?:(?<!\w)(?:{_MONTH_NAMES}|march|may|in|nel|del|dal|al|entro|since|by|в|с|до|к|от|im jahre?|seit|bis|ab|"
    rf"en|en el ano|depuis|desde|hasta)\s+|nell['’])"
    r"(1[5-9]\d\d|20\d\d)(?!\d)|"
    r"(?<!\d)(1[5-9]\d\d|20\d\d)\s*(?:год|г\.)"
)
# A day of the month is no count either: "3 novembre", "29 gennaio-12 febbraio", "November 3", "3 ноября".
_RANGE_SEPARATOR = r"(?:\s*[-–]\s*|\s+(?:al|a|to|until|till|по|до)\s+)"
_DAY_RANGE = rf"{_RANGE_SEPARATOR}[0-3]?\d"  # "29 gennaio-12 febbraio", "dal 3 al 5"
_DATED_DAY = re.compile(
    rf"(?<![\d.,])([0-3]?\d)(?=(?:{_DAY_RANGE})?\s+{_MONTH_NAMES})|"
    r"(?<!\w)(?:january|february|april|june|july|august|september|october|november|december)\s+"
    r"([0-3]?\d)(?![\d.,]\d)"
)  # on folded text; "May" and "March" are months only capitalised ("AI may help"):
_DATED_DAY_CASED = re.compile(
    rf"(?<![\d.,])([0-3]?\d)(?=(?:{_DAY_RANGE})?\s+(?:May|March)(?!\w))|(?<!\w)(?:May|March)\s+([0-3]?\d)(?![\d.,]\d)"
)
_VERB_MONTHS = re.compile(r"(?<!\w)(?:May|March)(?!\w)")  # lower-case, they are English verbs ("AI may help")
# Opening hours and schedules answer "when" too: weekdays and clock times. The German, French and Spanish ones are
# whole words (or plurals: "montags", "sábados"): "montag" opens "montage", "montaggio", "montagna".
_WEEKDAYS = re.compile(
    r"(?<!\w)(monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunedi|martedi|mercoledi|giovedi|venerdi|"
    r"sabato|domenica|понедельник|вторник|сред[ау]|четверг|пятниц|суббот|воскресень|(?:montag|dienstag|mittwoch|"
    r"donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|"
    r"miercoles|jueves|viernes|sabado|domingo)s?(?!\w))|(?<!\d)\d{1,2}[:.]\d{2}(?!\d)"
)
# A number glued to letters is part of a name or a code ("R1", "H100", "1080p", "3D"), not a count, unless the
# letters are a unit or a magnitude ("80M", "5km").
# Chinese and Japanese characters are letters, but a number beside them stands alone ("共收到5200部作品"), and so
# does one with a Korean counter or particle written after it ("12개", "1993년에"), not one after Korean letters
# ("윈도우10", "제5조") nor a reference ("12.1절", "3항"): `_ALNUM` is a letter of a spaced script or a digit,
# `_LETTER` such a letter; `_GLUED` what glues a number into a name or code after it.
_BESIDE = f"{CJK_CHARS}{HANGUL}"
_ALNUM, _LETTER = rf"[^\W_{CJK_CHARS}]", rf"[^\W\d_{CJK_CHARS}]"
# A Korean particle right after a number makes it a name's ("데비안 12는", "Windows 10에서"); a count takes a counter.
# Not "만" or "도", which after a number are ten thousand ("200만") and degrees ("5도").
_PARTICLE = rf"(?:{_longest_first(set(KOREAN_PARTICLES) - {'만', '도'})})(?![{HANGUL}])"
_REFERENCE = rf"(?:절|항|호|쪽|번째|[.,]\d|{_PARTICLE})"  # nor is the start of a longer number: "12" of "12.1절"
_GLUED = rf"(?:[^\W_{_BESIDE}]|{_REFERENCE})"
_GLUED_UNIT = rf"(?:[kKmMbB]|bn|mln|km|kg|cm|mm|ms|min|h|s)?(?!{_GLUED})"
_NUMBER = re.compile(
    rf"(?<!{_ALNUM})(?<!第)(?<!{_ALNUM}\()\d+(?:[.,\u00a0\u202f\u2009]\d+)*(?={_GLUED_UNIT})"
)  # not an ordinal: "第37回"
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;¿¡])[\s¿¡]*$")  # "¿En qué…?", "Oye, ¿Dónde…?" open with "En", "Dónde"
_RUSSIAN_ENDING = re.compile(r"[аеиоуыэюяйь]+$")
_POSSESSIVE = re.compile(r"['’](s)?$")


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


# A Chinese or Japanese date: "2025年6月3日", "6月3日", "2023年6月", "2025年", "3号".
_CJK_DATE = re.compile(
    r"(?<!\d)(?:\d{4}年(?:\d{1,2}月(?:\d{1,2}[日号])?)?|\d{1,2}月(?:\d{1,2}[日号])?|"
    r"\d{4}년(?:\s?\d{1,2}월(?:\s?\d{1,2}일)?)?|\d{1,2}월(?:\s?\d{1,2}일)?)"
)  # "2025年1月29日", and in Korean "2005년 12월 30일"


@lru_cache(maxsize=10_000)
def dated_numbers(text: str) -> frozenset[str]:
    """The numbers of `text` that are part of a date, not counts: its dated years and days of the month ("3 novembre
    2025", "29 gennaio-12 febbraio", "November 3", "3 ноября"). Cached like `numbers` (sentences recur; an entry is
    its key and a few short strings, as small as `numbers`' entries)."""
    days = _DATED_DAY.findall(fold(text)) + _DATED_DAY_CASED.findall(text)
    cjk = {normalise_number(n) for m in _CJK_DATE.finditer(text) for n in re.findall(r"\d+", m.group())}
    return dated_years(text) | {a or b for a, b in days} | cjk


def anchors(text: str) -> frozenset[str]:
    """Names and numbers: what two translations of one sentence still share."""
    return names(text) | numbers(text)


@lru_cache(maxsize=10_000)  # these three are asked of every window for every question: entries are a key and a bool
def _months(text: str) -> bool:
    return bool(_MONTHS.search(fold(text)) or _verb_months(text))


def _verb_months(text: str) -> list[re.Match[str]]:
    """Where "May" and "March" are months: capitalised, and not opening a sentence ("May be given twice")."""
    return [m for m in _VERB_MONTHS.finditer(text) if not _SENTENCE_START.search(text[: m.start()])]


def _month_key(month: str) -> str:
    """A month name without its Russian ending ("сентября", "сентябре" -> "сентябр"), folded."""
    return _RUSSIAN_ENDING.sub("", fold(month))


@lru_cache(maxsize=10_000)
def _schedule(text: str) -> bool:
    return bool(_WEEKDAYS.search(fold(text)))


@lru_cache(maxsize=10_000)
def names(text: str) -> frozenset[str]:
    """Capitalised words that do not open a sentence: proper names in most scripts (cached: sentences recur). An
    entry, its key included, was measured on the seeds at about 0.7 KB for a typical sentence and 5 KB for a
    chunk-long one: 7 MB typical, 50 MB at worst (10,000 entries)."""
    found = set()
    for match in WORD.finditer(text):
        word, start = _unelided(text, match.group(), match.start())
        if word[0].isupper() and (start > match.start() or not _SENTENCE_START.search(text[:start])):
            found.add(_POSSESSIVE.sub("", fold(word)))
    return frozenset(found)


def _unelided(text: str, word: str, start: int) -> tuple[str, int]:
    """The word at `start` of `text` without an elided article before it ("dell'Australia", "L’Italia" opening a
    sentence, "d'Europe"), with where it starts; a capitalised part before the apostrophe inside a sentence is part
    of a name ("O'Brien")."""
    elided = ELIDED_ARTICLE.match(word)
    if elided is None or not (elided.group()[0].islower() or _SENTENCE_START.search(text[:start])):
        return word, start
    return word[elided.end() :], start + elided.end()


def offers(sentence: str, question: str, kind: Kind) -> bool:
    """Whether the sentence holds a value of `kind` that the question does not already mention."""
    if kind is Kind.QUANTITY:
        return bool(numbers(sentence) - numbers(question) - years(question) - dated_numbers(sentence))
    if kind is Kind.PERCENT:
        return "%" in sentence or bool(CUE_PATTERNS[Kind.PERCENT].search(sentence))
    if kind is Kind.DATE:
        new_year = years(sentence) - years(question)
        cjk = {m.group() for m in _CJK_DATE.finditer(sentence)} - {m.group() for m in _CJK_DATE.finditer(question)}
        return bool(new_year or cjk) or _months(sentence) or _schedule(sentence)
    if kind is Kind.MONEY:
        return bool(_amounts(sentence, question, money=True))
    return bool(names(sentence) - known_words(question))


# A number with the words that say what it counts: "42.000 dollari", "200 milioni", "2,2 миллиарда", "30%".
_MAGNITUDE = (
    r"(?:\s?%|\s(?:thousand|millions?|billions?|trillions?|mila|milion[ei]|miliard[oi]|тыс\w*|млн|млрд|миллион\w*|"
    r"миллиард\w*|[Tt]ausend|[Mm]illionen|[Mm]illiarden?|Mio\.|Mrd\.|mille|milliards?|mil millones|millones|"
    r"millón|mil)(?!\w)|万亿|千万|百万|万|亿|億|兆|千|천만|억|만|조|천)?"
)  # longer forms first: "millions" is not "million" + "s"; whole words: "200 miles" is no "200 mil"
_CURRENCY_WORD = (
    r"(?:dollar[is]?|euros?|yuan|yen|pounds?|sterline|руб(?:л\w*|\.)?|доллар\w*|юан\w*|евро|иен\w*|фунт\w*|"
    r"[Dd]ollars?|d[oó]lar(?:es)?|libras?|francs?|[Ff]ranken|Euro|USD|EUR|GBP|RUB|CNY|JPY|CHF)"
)
# "80 milioni di dollari", "80 millions d'euros"
# What may follow a Korean currency word: a particle ("80억 원이었고", "30달러씩"), not another word's syllables
# ("3원칙", "5 엔지니어", "원로").
_AFTER_MONEY = _longest_first({*KOREAN_PARTICLES, "씩", "짜리", "쯤", "였", "이었", "입"} - {"로"})
_CJK_CURRENCY = (
    rf"美元|美金|日元|欧元|港元|英镑|人民币|元|円|米ドル|ドル|ユーロ|ポンド|"
    rf"\s?(?:달러|유로|파운드|원|엔)(?:(?={_AFTER_MONEY})|(?![{HANGUL}]))"
)
_CURRENCY = (
    rf"(?:(?:(?:\s(?:di|de|of|in|US|U\.S\.)){{0,2}}\s|\sd['’]){_CURRENCY_WORD}(?!\w)|\s?[$€£¥₽]|{_CJK_CURRENCY})?"
)
_MONEY = re.compile(rf"[$€£¥₽￥]|{_CURRENCY_WORD}|{_CJK_CURRENCY}", re.IGNORECASE)
_VALUE_NUMBER = re.compile(
    rf"(?<!{_LETTER})(?<![\d_.,$第])(?<!{_ALNUM}\()(?:US)?[$€£¥￥]?\d+(?:[.,\u00a0\u202f\u2009]\d+)*{_GLUED_UNIT}{_MAGNITUDE}"
    rf"{_CURRENCY}"
)
_NAMED_NUMBER = re.compile(r"[A-ZÀ-ÖØ-ÞА-ЯЁ][\w-]*\s$")  # "Sora 2", "Ne Zha 2": a number that is part of a name
# A day, with the ordinal mark some languages write ("1º marzo", folded "1o"; "1er mars", "March 1st").
_DAY, _YEAR_NUMBER = r"[0-3]?\d(?:o|°|er|st|nd|rd|th)?", r"(?:1[5-9]\d\d|20\d\d)(?!\d)"


def _date_value(months: str) -> re.Pattern[str]:
    """A date as the source writes it, with `months` the pattern of month names: "29 gennaio-12 febbraio", "dal 20
    febbraio al 1 marzo 2020", "3 ноября 2025", "november 3, 2025", "marzo 2023", "2025" (not "del 2025"), or a clock
    time (no part of a longer number: "42.000")."""
    return re.compile(
        rf"(?<![\d.,])(?:{_DAY}(?:\s+{months})?{_RANGE_SEPARATOR})?{_DAY}\.?\s+{months}"
        rf"(?:\s+{_YEAR_NUMBER})?|{months}\s+{_DAY}(?:,?\s+{_YEAR_NUMBER})?(?![\d.,]\d)|"
        rf"(?:{months}\s+)?{_YEAR_NUMBER}|(?<![\d.,])\d{{1,2}}[:.]\d{{2}}(?!\d|[.,]\d)"
    )


_DATE_VALUE = _date_value(_MONTH_NAMES)  # on folded text
_CASED_DATE_VALUE = _date_value(r"(?:May|March)(?!\w)")  # on the text as written: "March 4th, 2024", not "may 4"


def value_of(sentence: str, question: str, kinds: set[Kind]) -> str | None:
    """The one value of the asked kind that the sentence adds to the question, as written; None if none or several."""
    found = values_of(sentence, question, kinds)
    return found[0] if len(found) == 1 else None


def values_of(sentence: str, question: str, kinds: set[Kind]) -> list[str]:
    """The distinct values of the asked kind that the sentence adds to the question, as written, in order; for a
    percentage, only the percentages when it has any (not "12.3 million" beside "30%")."""
    if kinds & {Kind.QUANTITY, Kind.PERCENT, Kind.MONEY}:
        found = _amounts(sentence, question, money=Kind.MONEY in kinds)
        if Kind.PERCENT in kinds:
            found = [f for f in found if "%" in f or CUE_PATTERNS[Kind.PERCENT].search(f)] or found
    elif Kind.DATE in kinds:
        folded, where = _folded(sentence)
        spans = {(where[m.start()], where[m.end() - 1] + 1) for m in _DATE_VALUE.finditer(folded)}
        spans |= {m.span() for m in _CASED_DATE_VALUE.finditer(sentence)}  # "2024" is part of "March 4th, 2024"
        spans |= {m.span() for m in _CJK_DATE.finditer(sentence)}  # "2025年6月3日" holds "2025"
        inside = {(a, b) for a, b in spans for c, d in spans if (c, d) != (a, b) and c <= a and b <= d}
        found = [sentence[a:b] for a, b in sorted(spans - inside)] or _months_alone(sentence, folded, where, question)
        found = [f for f in found if not years(f) & years(question)] or found
    elif Kind.NAME in kinds:
        known = known_words(question)
        found = [run for run in _name_runs(sentence) if not {fold(w) for w in run.split()} & known]
    else:
        return []
    return list(dict.fromkeys(found))


def _months_alone(sentence: str, folded: str, where: list[int], question: str) -> list[str]:
    """The months the sentence names, as written, when it writes no fuller date ("a inizio settembre", "in May"
    answer "In che mese…?"); not one the question names ("When in September…?"). `folded`, `where`: `_folded`."""
    asked = {_month_key(m.group()) for m in [*_MONTHS.finditer(fold(question)), *_verb_months(question)]}
    months = [sentence[where[m.start()] : where[m.end() - 1] + 1] for m in _MONTHS.finditer(folded)]
    months += [m.group() for m in _verb_months(sentence)]
    return sorted((m for m in months if _month_key(m) not in asked), key=sentence.index)


def _folded(text: str) -> tuple[str, list[int]]:
    """`fold(text)` and, per folded character, the index of the character of `text` it comes from."""
    parts, where = [], []
    for i, char in enumerate(text):
        part = fold(char)
        parts.append(part)
        where += [i] * len(part)
    return "".join(parts), where


def value_spans(sentence: str, question: str, kinds: set[Kind]) -> list[tuple[str, int, int]]:
    """Each of `values_of` with where the sentence writes it first (start, end) as a whole value, not inside a longer
    word or number ("12" is not the end of "2012" or "4,120"), in order; a name run the source breaks otherwise than
    with single spaces is left out."""
    found, start = [], 0
    for value in values_of(sentence, question, kinds):
        whole = re.compile(
            rf"(?<!{_LETTER})(?<![\d_])(?<!\d[.,\u00a0\u202f\u2009]){re.escape(value)}(?![^\W{_BESIDE}]|{_REFERENCE})"
            r"(?![.,\u00a0\u202f\u2009]\d)"
        )
        at = whole.search(sentence, start)
        if at:
            found.append((value, at.start(), at.end()))
            start = at.end()
    return found


def _amounts(sentence: str, question: str, money: bool = False) -> list[str]:
    """The numbers of the sentence, as written with their magnitude and currency, that the question does not
    mention and that are no date or part of a name; with `money`, only those that name a currency."""
    asked = numbers(question) | years(question) | dated_numbers(sentence)
    return [
        m.group().strip()
        for m in _VALUE_NUMBER.finditer(sentence)
        if numbers(m.group()) - asked and not _in_name(sentence, m.start()) and (not money or _MONEY.search(m.group()))
    ]


def _in_name(sentence: str, start: int) -> bool:
    """Whether the number at `start` is part of a name ("Sora 2", "Ne Zha 2"): a capitalised word before it that
    does not open the sentence ("Oltre 4.600 opere", "Sono 45 milioni" are counts)."""
    name = _NAMED_NUMBER.search(sentence[:start])
    return name is not None and not _SENTENCE_START.search(sentence[: name.start()])


def known_words(question: str) -> frozenset[str]:
    """The question's names and words, folded: a name among them is not a new one."""
    return names(question) | {fold(w) for w in WORD.findall(question)}


def _name_runs(text: str) -> list[str]:
    """Runs of capitalised words that do not open a sentence: "Sefa Kocakalay", "Tim Yip"."""
    runs: list[list[str]] = []
    last_end: int | None = None  # where the open run's last word ended; None = no run open
    for match in WORD.finditer(text):
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
