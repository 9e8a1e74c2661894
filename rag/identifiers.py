"""Identifiers in sentences, for "which <thing>" questions: whether a sentence holds a name or an identifier the
question lacks ("dump(8)", "--append", "EAGAIN", "/etc/group", «compat»), and whether it holds one only code looks
like. It does not read what a question asks (`rag/question_words.py`) nor pull values out of sentences
(`rag/qtype.py`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from index.analyze import fold
from rag.qtype import known_words, names
from rag.question_words import WORD

# An identifier as documentation writes one: "dump(8)", "--append", "-a", "/etc/group", "EAGAIN", "fs_freq", «compat».
# Code (`_CODE`) is what only code looks like; an all-capital word may also be a section title ("DESCRIZIONE").
_CODE = r"[^\W_][\w.-]*\(\d\w*\)|(?<![\w-])--?[^\W\d_][\w-]*|(?<![\w/])/[\w.-]+(?:/[\w.-]+)*|(?<!\w)[^\W\d_]+_[\w.]+"
_IDENTIFIER = re.compile(rf"{_CODE}|(?<!\w)[A-ZА-ЯЁ]{{2,}}[0-9]*(?![\w:])|«([^»]{{1,40}})»|“([^”]{{1,40}})”")
_CODE_PATTERN = re.compile(_CODE)


def offers_identifier(sentence: str, question: str) -> bool:
    """Whether the sentence holds a name or an identifier ("dump(8)", "EAGAIN", "/etc/group") the question lacks."""
    known = known_words(question)
    return any(not words <= known for words in _identifiers(sentence))


def offers_code(text: str, question: str) -> bool:
    """Whether the text holds an identifier only code looks like ("sigqueue(3)", "SO_PASSSEC", "/etc/skel",
    "--append"; not "EAGAIN", which a section title such as "DESCRIZIONE" also looks like) the question lacks."""
    known = known_words(question)
    return any(not set(WORD.findall(fold(m.group()))) <= known for m in _CODE_PATTERN.finditer(text))


@lru_cache(maxsize=10_000)
def _identifiers(sentence: str) -> tuple[frozenset[str], ...]:
    """The folded words of each identifier and name of the sentence (cached: sentences recur; an entry is its key
    and a few short strings)."""
    found = {fold(m.group()) for m in _IDENTIFIER.finditer(sentence)} | names(sentence)
    return tuple(frozenset(WORD.findall(f)) for f in found if WORD.search(f))
