"""The language of a question: told by its own question word where that word belongs to one language only, else by
the language detector reading the question whole and without its names.

A short question is the hardest text to tell: "When is the helpdesk open?" reads as Dutch to a character-n-gram
detector, "Who is Stefano Accorsi?" as Italian, "E quale directory ha preso il posto di /usr/dict?" as English. Its
question word does not mislead like that ("when", "who" and "quale" are English, English and Italian), so where the
question word (`rag.question_words.first_question_word`) is one language's only, that language is the prior the
detector confirms, unless the detector gives that language less than a tenth of its best language's confidence
(`index.language.PRIOR_SHARE`). It is no prior where the word is shared ("quando" is Italian and Portuguese, "wie"
German and Dutch, "come" Italian and English: `_ALSO_WORDS`) or where it opens a name or a title ("Che Guevara…",
"Come Away With Me", "Where the Wild Things Are: chi l'ha scritto?"). A question wholly inside "¿…?" or "¡…!" is
Spanish. A question too short to tell its language (no question word of one language, fewer than three words of its
own: "🙂", "42", "Kling AI?") takes the reader's language as its prior where the asker says which (the page's
language: the widget's `Accept-Language`, the chat page's switch), and is in it outright where it has no letter;
"Гран-при?" stays Russian on an English page: the detector gives English nothing of it. It does not detect the
language of documents (`index/language.py`) nor choose the language of the answer's wording (`rag/wording.py`).
"""

from __future__ import annotations

import re

from index.analyze import CJK_RUN, cjk_pairs, fold
from index.language import LanguageDetector
from rag.question_words import ASKING_WORDS, WORD, first_question_word, opens_name

LANGUAGE_WORDS = 3  # a question's own words that must remain for its language to be told without its names
_OPENING = re.compile(r"(?:^|[.!?:;¿¡«“\"(]\s*)$")  # what may stand before a capitalised word that opens a sentence
_SPANISH = re.compile(r"^\W*[¿¡][^?!]*[?!]\W*$")  # a question wholly inside "¿…?" or "¡…!"
_TITLE_BREAK = re.compile(r"[:–—]")  # what ends a title a question opens with ("Where the Wild Things Are: chi…")
# Words of the question-word tables (`ASKING_WORDS`) that are everyday words of another language (folded): such a
# word tells neither language ("quando" is Italian and Portuguese, "wie" German and Dutch, "kim" Polish and Turkish,
# as the tables say; "qui" is also Italian "here", "come" and "dove" English words, "ou" Portuguese "or", "come"
# Spanish "eats", "onde" Italian "waves", "quais" and "île" French words, "Wat" a temple in English). Chinese and
# Japanese question words are in no table: a question in those languages gets no prior.
_ALSO_WORDS = {
    "pt": "ou donde",
    "en": "come dove comment chi wat",
    "it": "qui onde",
    "es": "come",
    "fr": "quais ile",
}


def _owners() -> dict[str, frozenset[str]]:
    """Each folded word of the tables, with the languages it belongs to."""
    owners: dict[str, set[str]] = {}
    for language, listed in (*ASKING_WORDS.items(), *_ALSO_WORDS.items()):
        for word in listed.split(" "):
            owners.setdefault(fold(word), set()).add(language)
    return {word: frozenset(languages) for word, languages in owners.items()}


_OWNERS = _owners()


def question_language(detector: LanguageDetector, question: str, reader: str | None = None) -> str:
    """The language of `question`: the detector's, reading the question whole and without its names
    (`language_text`), with its question word's language (`asking_language`) first where the detector gives that
    language at least a tenth of its best language's confidence (`index.language.PRIOR_SHARE`); the `reader`'s
    language (one of the detector's) is that prior where the question is too short to tell its own, and the
    language of a question with no letter."""
    prior = asking_language(question)
    if prior is None and reader in detector.languages and tells_little(question):
        if not has_letter(question):
            return str(reader)
        prior = reader
    return detector.detect_readings(question, language_text(question), prior=prior)


def has_letter(text: str) -> bool:
    """Whether a text holds a letter, of any script: one without ("🙂", "42") tells no language at all."""
    return any(ch.isalpha() for ch in text)


def tells_little(question: str) -> bool:
    """Whether a question is too short to tell its language: no question word of one language, fewer than
    `LANGUAGE_WORDS` words of its own ("🙂", "E Tokyo?", "Kling AI?")."""
    return asking_language(question) is None and len(_own_words(question)) < LANGUAGE_WORDS


def asking_language(question: str) -> str | None:
    """The one language the question's own question word belongs to ("When…" English, "Chi…" Italian, "Когда…"
    Russian; a question wholly inside "¿…?" Spanish); None where it has none, the word is shared (`_ALSO_WORDS`), or
    it opens a name or a title ("Che Guevara", "Where the Wild Things Are: chi l'ha scritto?")."""
    if _SPANISH.match(question):
        return "es"
    word = WORD.match(question, first_question_word(question))
    if word is None or opens_name(question, word) or _opens_title(question, word):
        return None
    owners = _OWNERS.get(fold(word.group()), frozenset())
    return next(iter(owners)) if len(owners) == 1 else None


def _opens_title(question: str, word: re.Match[str]) -> bool:
    """Whether the question word begins a title ended by a colon or a dash: a capitalised word stands between."""
    end = _TITLE_BREAK.search(question, word.end())
    return end is not None and any(w.group()[0].isupper() for w in WORD.finditer(question, word.end(), end.start()))


def language_text(question: str) -> str:
    """A question's own words, which tell its language: its names and identifiers ("Linus Torvalds", "kernel Linux",
    "/etc/fstab", "SO_PASSSEC") belong to no language and can outvote a short question's words ("In che anno Linus
    Torvalds scrisse la prima versione del kernel Linux?" reads as German), so they are set aside when at least
    `LANGUAGE_WORDS` other words remain; else the question as it is."""
    own = _own_words(question)
    return " ".join(own) if len(own) >= LANGUAGE_WORDS else question


def _own_words(question: str) -> list[str]:
    """The question's words that are no name or identifier: not capitalised inside a sentence, no digit, no path; a
    run of Chinese or Japanese characters counts as its character pairs."""
    text = CJK_RUN.sub(lambda run: f" {' '.join(cjk_pairs(run.group()))} ", question)  # "Kling AI是什么时候推出的？"
    return [
        match.group()
        for match in WORD.finditer(text)
        if not (match.group()[0].isupper() and not _OPENING.search(text[: match.start()]))
        and not any(ch.isdigit() or ch in "_/=" for ch in match.group())
    ]
