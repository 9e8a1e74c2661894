"""The value an answer leads with: of the values of the asked kind in the quoted window, the one the question asks.

A window often holds several values of one kind: "over 4,600 submissions from 122 countries", "the box office
passed 2.2 billion dollars, against a budget of 80 million". The question's own words say which one ("how many
*countries*", "what was the *budget*"), and sources in any language write the counted thing or the measure right
beside its value ("122 Paesi", "из 122 стран", "un budget di 80 milioni"). So each value gets its neighbourhood:
up to `REACH` content words on each side, within its clause; words between two values in one clause are shared
out by nearness, the nearer half to each and a middle word to both ("4,600 submissions | from 122 countries"). The
neighbourhoods are scored as windows are (`WindowScorer.covers`: the question's words held by form or by meaning),
and the value whose neighbourhood holds `MARGIN` more than every other leads. The counted word ("how many
*pictures*") decides first: the one value beside its translation or, met only in part ("plaatjes" / "immagini",
"заявок" / "entries"), the one beside which it is held `MARGIN` more than beside any other. Names only a comma or
a conjunction apart form a list ("Cao Yizhe and Wei Zheng") and lead together; the ends of a range are one value
("from 1 to 63", "da 10 a 12"). A lone value leads as it is. It does not choose windows, read follow-ups
(`rag/followup.py` `new_value` chooses among the values of a window already quoted) or compose answers.
"""

from __future__ import annotations

import re

from index.analyze import fold, is_stopword, words
from rag.qtype import names, value_spans
from rag.question_words import CUE_PATTERNS, ELIDED_ARTICLE, INTERROGATIVES, Kind, first_question_word
from rag.semantic import content_words
from rag.windows import WindowScorer

REACH = 3  # content words on each side of a value that say what it is
COUNTED = 0.8  # share of the counted word a neighbourhood must hold (by form, or a translation) to be the one counted
MARGIN = 0.1  # share of the question's weighted words by which the chosen value's neighbourhood must lead
# Words joining a list of names, in the languages of the question words (`rag/question_words.py`)
_AND = frozenset({"and", "or", "e", "ed", "o", "oppure", "и", "или", "а", "und", "oder", "et", "ou", "y", "u", "ni"})
# "…, …", "… – …" (not "2,2" or "29-12"); Chinese and Japanese punctuation needs no space after it.
_CLAUSE_BREAK = re.compile(r"[,;:()]\s|\s[–—]\s|[.!?](?:\s|$)|[，、；：（）。！？]")
# A range, with the word opening it: "from 1 to 63", "10–12", "da 1 a 63", "от 1 до 63", "von 1 bis 63", "de 1 à
# 63", "between 200 and 300", "tra 200 e 300", "from 2010 to 2015": neither end alone is the answer.
_NUMBER = r"\d+(?:[.,\u00a0\u202f\u2009]\d+)*"
_RANGE = re.compile(
    rf"(?<![\w.,–-])(?:(?:(?:from|da|dal|dalle|от|с|von|de|du|desde)\s+)?{_NUMBER}"
    rf"(?:[-–]|\s+(?:to|till|through|a|al|alle|до|по|bis|à|au|hasta)\s+)|"
    rf"(?:between|tra|fra|между|zwischen|entre)\s+{_NUMBER}\s+(?:and|e|и|und|et|y)\s+){_NUMBER}(?![\w.,–-]\d)",
    re.IGNORECASE,
)


def lead_value(
    scorer: WindowScorer, text: str, language: str, question: str, asked: str, kinds: set[Kind]
) -> str | None:
    """The value of `kinds` in `text` (a window in `language`) that `question` asks for, as written (a list's values
    joined by ", "); `asked`: the question with the conversation's earlier questions (values they name are no
    answer). None when the window holds none, or several that the question's words do not tell apart."""
    groups = _groups(text, _ranges(text, value_spans(text, asked, kinds)), kinds, scorer.languages)
    if len(groups) <= 1:
        return _joined(groups[0]) if groups else None
    hoods = _neighbourhoods(text, groups, tuple(scorer.languages))
    # What the question counts ("how many *countries*") picks the value it stands beside, when only one.
    terms = scorer.terms(question, unseen_words=1.0)
    # A capitalised counted word ("Wie viele *Länder*", "How many *Oscars*") reads as a name, met by its form or by
    # a near translation only: read in lower case, it is met by meaning as any word is ("countries", "Paesi").
    word = _counted(question, scorer.languages)
    counted = [t for t in terms if t.word and t.word == word and not t.unheld] or scorer.terms(word, unseen_words=1.0)
    if counted and Kind.QUANTITY in kinds:
        held = scorer.covers(counted, hoods, language)
        holders = [i for i, share in enumerate(held) if share >= COUNTED]
        if len(holders) == 1:
            return _joined(groups[holders[0]])
        if not holders and (leader := _leader(held)) is not None:  # met in part, beside one value only
            return _joined(groups[leader])
        if not any(held) and Kind.MONEY not in kinds:
            return None  # what it counts ("how many *visitors*") is not beside any of them ("30%", "850 euros")
    # Else the question's words but its names: those say what the sentence is about, not which of its values.
    named = names(question)
    terms = [t for t in terms if t.word and fold(t.word) not in named]
    if not terms:
        return None
    held = scorer.covers(terms, hoods, language)
    best = _leader(held)
    return None if best is None else _joined(groups[best])


def _leader(held: list[float]) -> int | None:
    """The index of the one share above 0 that leads every other by `MARGIN`, if any."""
    best, second = sorted(range(len(held)), key=held.__getitem__, reverse=True)[:2]
    return None if held[best] <= 0 or held[best] - held[second] < MARGIN else best


def _joined(group: list[tuple[str, int, int]]) -> str:
    """A group's values as the answer leads with them: one value, or a list's joined by ", "."""
    return ", ".join(value for value, _, _ in group)


def _counted(question: str, languages: list[str]) -> str:
    """The first content word after the question's quantity cue, in lower case and without an elided article: what
    "how many *countries*", "сколько *изображений*", "quante *immagini*", "combien d'*images*", "多少个*国家*" count
    ("" when none)."""
    first = first_question_word(question)  # none of its own (Chinese, Japanese, Turkish): the cue anywhere
    cue = CUE_PATTERNS[Kind.QUANTITY].search(question, 0 if first == len(question) else first)
    after = question[cue.end() :] if cue else ""
    word = next((w for w, folded in content_words(after, tuple(languages)) if folded not in INTERROGATIVES), "")
    return ELIDED_ARTICLE.sub("", word)


def _ranges(text: str, spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The values with those in one range read as one value, as written with the range ("10 to 12 weeks" -> "10 to
    12", "prices from 10 to 20 euros" -> "from 10 to 20 euros", "from 2010 to 2015")."""
    ranges = [(m.start(), m.end()) for m in _RANGE.finditer(text)]
    out: list[tuple[str, int, int]] = []
    for _, at, end in spans:
        for start, stop in ranges:
            if start < end and at < stop:
                at, end = min(at, start), max(end, stop)
        while out and out[-1][2] > at:  # an earlier end of the same range
            at = min(at, out.pop()[1])
        out.append((text[at:end], at, end))
    return out


def _groups(
    text: str, spans: list[tuple[str, int, int]], kinds: set[Kind], languages: list[str]
) -> list[list[tuple[str, int, int]]]:
    """The values as groups: names only a comma or a conjunction apart ("Cao Yizhe e Wei Zheng", not "Lantern
    Festival in Turin") form one list; a capitalised stop word ("The", "Con") or a letter is no name."""
    groups: list[list[tuple[str, int, int]]] = []
    for span in spans:
        if all(is_stopword(w, languages) for w in words(span[0])):
            continue
        between = [fold(w) for w in text[groups[-1][-1][2] : span[1]].replace(",", " ").split()] if groups else None
        if between is not None and kinds == {Kind.NAME} and len(between) <= 1 and set(between) <= _AND:
            groups[-1].append(span)
        else:
            groups.append([span])
    return groups


def _neighbourhoods(text: str, groups: list[list[tuple[str, int, int]]], languages: tuple[str, ...]) -> list[str]:
    """Per group of values, the words that say what it is: up to `REACH` content words on each side (see the
    module), numbers with them: no other value of the asked kind is among them, and a year the question names
    ("how many copies in *2013*") says which value it asks."""
    out = []
    for i, group in enumerate(groups):
        start, end = group[0][1], group[-1][2]
        left_bound = groups[i - 1][-1][2] if i else 0
        right_bound = groups[i + 1][0][1] if i + 1 < len(groups) else len(text)
        left = _own(text[left_bound:start], left=True, shared=i > 0)
        right = _own(text[end:right_bound], left=False, shared=i + 1 < len(groups))
        before, after = ([w for w, _ in content_words(t, languages)] for t in (left, right))
        out.append(" ".join([*before[-REACH:], *after[:REACH]]))
    return out


def _own(between: str, left: bool, shared: bool) -> str:
    """The part of the text on the `left` (or right) of a value, up to the text's end or, when `shared`, the
    previous (next) value, that is the value's own: up to the clause break nearest it; within one clause shared
    with another value, the words nearer to this value than to the other, and those as near to both ("4,600
    submissions | from 122 countries", "310 million euros [at a budget] of 45 million")."""
    breaks = list(_CLAUSE_BREAK.finditer(between))
    if breaks:
        return between[breaks[-1].end() :] if left else between[: breaks[0].start()]
    if not shared:
        return between
    words = between.split()  # the middle one of an odd number is as near to both
    return " ".join(words[len(words) // 2 :] if left else words[: (len(words) + 1) // 2])
