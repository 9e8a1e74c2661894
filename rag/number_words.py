"""Quantities written in words: "a dozen new packages", "otto lunghe braccia", "trois serveurs", "сто лет".

Sources write small and round quantities in words as often as in digits, and a "how many" or "how long" question is
answered by them as well: `number_words` gives the number words of a text in its language, so that a sentence
holding one offers a quantity (`rag/qtype.py`) as one with "12" or "100" does. Only words that are numbers wherever
they stand are listed: not "one", "un", "uno", "один" (articles, pronouns), nor words that are numbers and common
words at once ("sei" is also Italian "you are", "neuf" French "new", "due" English, "acht" German "attention" in
"Acht geben", "venti" Italian "winds"), nor the plurals that say "many" rather than how many ("migliaia di
spettatori", "thousands", "сотни"). Languages without a list here (or a text whose language is not given) have no
number words, and a quantity there needs digits. It does not read values out of sentences or parse numbers.
"""

from __future__ import annotations

import re
from functools import lru_cache

from index.analyze import fold

# Per language, alternatives of a whole folded word (accents dropped, as `index.analyze.fold` writes them).
_WORDS = {
    "en": r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|"
    r"dozen|million|billion",
    "it": r"due|tre|quattro|cinque|sette|otto|nove|dieci|undici|dodici|trenta|quaranta|cinquanta|cento|centinaio|"
    r"mille|migliaio|dozzina|milione|miliardo",
    "ru": r"два|две|двух|двум|двумя|три|трех|трем|тремя|четыре|четырех|четырем|четырьмя|пять|пяти|пятью|шесть|"
    r"шести|семь|восемь|восьми|девять|девяти|десять|десяти|десяток|двадцать|тридцать|сорок|пятьдесят|сто|ста|"
    r"сотня|сотню|тысяча|тысячу|дюжина|дюжину|миллион|миллиард",
    "de": r"zwei|drei|vier|funf|sechs|sieben|neun|zehn|elf|zwolf|zwanzig|dreissig|hundert|tausend|dutzend|million|"
    r"milliarde",
    "fr": r"deux|trois|quatre|cinq|six|sept|huit|dix|onze|douze|vingt|trente|quarante|cinquante|cent|centaine|"
    r"mille|millier|douzaine|million|milliard",
    "es": r"dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|veinte|treinta|cuarenta|cincuenta|cien|"
    r"ciento|centenar|mil|docena|millon",
}


@lru_cache(maxsize=16)
def _pattern(language: str) -> re.Pattern[str] | None:
    words = _WORDS.get(language)
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)") if words else None


def number_words(text: str, language: str) -> frozenset[str]:
    """The number words of `text`, written in `language`, folded ("a dozen" -> {"dozen"})."""
    pattern = _pattern(language)
    if pattern is None:
        return frozenset()
    return frozenset(m.group() for m in pattern.finditer(fold(text)))
