"""The language of a question: told by its own question word where that word belongs to one language only, else by
the language detector reading the question whole and without its names.

A short question is the hardest text to tell: "When is the helpdesk open?" reads as Dutch to a character-n-gram
detector, "Who is Stefano Accorsi?" as Italian, "E quale directory ha preso il posto di /usr/dict?" as English. Its
question word does not mislead like that ("when", "who" and "quale" are English, English and Italian), so where the
question word (`rag.question_words.first_question_word`) is one language's only, that language is the prior the
detector confirms. It is no prior where the word is shared ("quando" is Italian and Portuguese, "wie" German and
Dutch, "como" Spanish and Portuguese: `_ALSO_ASKING`), where it opens a name ("Che Guevara…", "Come Away With Me"),
or where the detector gives that language no chance at all. "¿" and "¡" open only Spanish. It does not detect the
language of documents (`index/language.py`) nor choose the language of the answer's wording (`rag/wording.py`).
"""

from __future__ import annotations

import re

from index.analyze import fold
from index.language import LanguageDetector
from rag.question_words import ASKING_WORDS, WORD, first_question_word

LANGUAGE_WORDS = 3  # a question's own words that must remain for its language to be told without its names
_OPENING = re.compile(r"(?:^|[.!?:;¿¡«“\"(]\s*)$")  # what may stand before a capitalised word that opens a sentence
_SPANISH_OPENING = re.compile(r"^\W*[¿¡]")
# Question words of languages the question-word tables (`ASKING_WORDS`) leave out, which the detector may still
# choose (folded): a question word these share with a table's language tells neither ("quando", "wie", "кому").
_ALSO_ASKING = {
    "pt": "qual quais quem quando onde como quanto quanta quantos quantas que porque",
    "nl": "wie wat welke welk wanneer waar waarom hoe hoeveel wiens",
    "uk": "хто кого кому ким що чого чому чим коли де куди звідки навіщо як скільки якии яка яке які якого якому "
    "яким якіи яку чии чия чиє чиї котрии",
}
_OWNERS: dict[str, frozenset[str]] = {}
for _language, _words in (*ASKING_WORDS.items(), *_ALSO_ASKING.items()):
    for _word in _words.split(" "):
        _OWNERS[fold(_word)] = _OWNERS.get(fold(_word), frozenset()) | {_language}


def question_language(detector: LanguageDetector, question: str) -> str:
    """The language of `question`: the detector's, reading the question whole and without its names
    (`language_text`), with its question word's language (`asking_language`) first where the detector allows it."""
    return detector.detect_readings(question, language_text(question), prior=asking_language(question))


def asking_language(question: str) -> str | None:
    """The one language the question's own question word belongs to ("When…" English, "Chi…" Italian, "Когда…"
    Russian, "¿…" Spanish); None where it has none, the word is shared, or a capitalised word follows it (a name:
    "Che Guevara", "Wo Hop")."""
    if _SPANISH_OPENING.match(question):
        return "es"
    at = first_question_word(question)
    word = WORD.match(question, at)
    if word is None:
        return None
    after = WORD.search(question, word.end())
    if after is not None and after.group()[0].isupper() and not _OPENING.search(question[word.end() : after.start()]):
        return None
    owners = _OWNERS.get(fold(word.group()), frozenset())
    return next(iter(owners)) if len(owners) == 1 else None


def language_text(question: str) -> str:
    """A question's own words, which tell its language: its names and identifiers ("Linus Torvalds", "kernel Linux",
    "/etc/fstab", "SO_PASSSEC") belong to no language and can outvote a short question's words ("In che anno Linus
    Torvalds scrisse la prima versione del kernel Linux?" reads as German), so they are set aside when at least
    `LANGUAGE_WORDS` other words remain; else the question as it is."""
    own = [
        match.group()
        for match in WORD.finditer(question)
        if not (match.group()[0].isupper() and not _OPENING.search(question[: match.start()]))
        and not any(ch.isdigit() or ch in "_/=" for ch in match.group())
    ]
    return " ".join(own) if len(own) >= LANGUAGE_WORDS else question
