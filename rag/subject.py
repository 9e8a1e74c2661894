"""What a question is about: the names it asks about, and which passages never mention them.

A name is a run of two or more capitalised words or numbers ("Autumn Harvest", "Kling AI", "Ne Zha 2") whose words
the corpus holds; stop words are left out, and question words too unless asked to keep them ("Combien Ne Zha 2"
names "Ne Zha 2"); or one word that is a name by its shape ("DeepSeek", "NVIDIA"). A passage mentions a name when it
holds at least half of its words, one of them not a number ("Veo 2" is not "Sora 2"), or two adjacent ones written
as one ("Deep Seek" / "DeepSeek", "Ne Zha" / "Nezha"); `elsewhere` gives the passages that do not, which cannot
answer the question ("the budget of *Autumn Harvest*?" is not answered by another film's budget), and a follow-up
naming nothing is about what its conversation named (any of it: its questions may each have named something else).
`says_enough` tells a question long enough to carry its subject without naming it, `names_its_subject` one naming
it (by a name or a capitalised word). It does not score windows (`rag/windows.py`, which weighs a question's words
and names as `Term`s) or choose what to quote.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass
from itertools import pairwise

from index.analyze import fold, is_stopword, word_forms, words
from rag.qtype import names
from rag.question_words import ELIDED_ARTICLE, ELISION, INTERROGATIVES
from rag.spans import sentence_forms_of
from rag.types import Passage

HALF_WIDTH_KANA = re.compile(r"[\uff66-\uff9f]")

# Words of its own (not stop words of the corpus's or the question's language, not question words) from which a
# question carries its subject: elliptical follow-ups are shorter ("In quale festival è stato selezionato?", "Auf
# welchem Festival wurde der Film ausgewählt?"). Calibrated on dev, answerable questions asked after an unrelated one
# (asked first: seeds .897, seeds in de/fr/es .779, manual pages .676): without it .824/.676/.559, at 5 words
# .897/.721/.647, at 4 .897/.765/.676; the follow-ups with their conjunction taken away answered alike at each.
SELF_CONTAINED = 4
NAME_RUN = re.compile(r"(?<![\w.!?])[A-ZÀ-ÖØ-ÞА-ЯЁ][\w’'-]*(?:\s+(?:[A-ZÀ-ÖØ-ÞА-ЯЁ][\w’'-]*|\d+))+")
# A word of letters, not part of a path or identifier ("/etc/SMTP", "SMTP.conf", "SO_PASSSEC"); a full stop may
# close the sentence after it ("Who founded DeepSeek.").
_WORD = re.compile(r"(?<![\w/.-])[^\W\d_]+(?![\w/-]|\.\w)")
# A word mixing letters and digits: an identifier ("m68k", "ia64", "R1"), however the index splits it.
_IDENTIFIER = re.compile(r"(?<![\w/.-])(?=[^\W_]*\d)(?=[^\W_]*[^\W\d_])[^\W_]+(?![\w/-]|\.\w)")
Name = tuple[str, list[set[str]]]  # the run as written, and the forms of each of its words the corpus holds


# A run of katakana is one word, a loanword or a name ("グランプリ", "オープンソース"), with its long-vowel mark
# ("ー"); a middle dot parts two ("ドナルド・トランプ"). Read as one term (`rag/windows.py`), met by its character
# pairs in Japanese text or by meaning as a whole, not as pairs no word in another language means ("グラ", "ラン").
# Dev zh/ja accuracy .647 -> .706.
KATAKANA_WORD = re.compile(r"[\u30a1-\u30fa][\u30a1-\u30fa\u30fc-\u30fe]{2,}")


def katakana_words(text: str) -> tuple[list[str], str]:
    """The distinct runs of katakana in `text` (half-width read as full-width), in order, and the text without
    them (a repeated run is one word; a short one inside a longer is no word of its own)."""
    text = unicodedata.normalize("NFKC", text) if HALF_WIDTH_KANA.search(text) else text
    runs = list(dict.fromkeys(KATAKANA_WORD.findall(text)))
    return runs, KATAKANA_WORD.sub(" ", text)


def held_share(parts: list[set[str]], forms: Set[str]) -> float:
    """Share of a term's words (one set of forms each) that `forms` holds; a name needs at least half of them."""
    share = sum(bool(part & forms) for part in parts) / len(parts)
    return share if share >= 0.5 else 0.0


def name_runs(
    text: str, languages: list[str], idf: Callable[[set[str]], float], question_words: bool = False
) -> list[Name]:
    """The names in `text` (see the module's docstring), each with the forms of its words the corpus holds (`idf`
    above 0); question words are kept only with `question_words` (window scoring keeps them, as it was tuned)."""
    out = []
    for run in NAME_RUN.finditer(text):
        parts = [word_forms(w, languages, cognates=True) for w in _name_words(run.group(), languages, question_words)]
        parts = [p for p in parts if idf(p) > 0]
        if len(parts) >= 2:
            out.append((run.group(), parts))
    return out


def shaped_names(text: str) -> list[str]:
    """The words that are names by their shape wherever they stand: a capital after a small letter ("DeepSeek",
    "YouTube", "iPhone") or three or more capitals ("NVIDIA", "BOZULMA", "SMTP"; "AI" is too short to tell)."""
    return [
        w
        for w in _WORD.findall(text)
        if (w.isupper() and len(w) >= 3) or any(a.islower() and b.isupper() for a, b in pairwise(w))
    ]


def elsewhere(
    question: str,
    passages: list[Passage],
    languages: list[str],
    idf: Callable[[set[str]], float],
    context: str = "",
) -> set[str]:
    """The chunk ids of those `passages` that never mention (in their text or title) a name the question asks
    about: a run of several words, or one word named by its shape (`shaped_names`), that the corpus holds. A
    follow-up naming nothing ("and how much did it cost?"), nor an identifier of letters and digits ("m68k"), is about
    what its conversation's earlier questions (`context`) named, when some of the passages mention it."""
    if names := _names(question, languages, idf):
        return _not_mentioning(names, passages, languages, all)
    if not context or _IDENTIFIER.search(question):  # "and which machines belong to *m68k*?"
        return set()
    # The earlier questions may each have named something else ("DeepSeek", then "OpenAI"): a passage mentioning any
    # of it may be what the follow-up asks about.
    earlier = _not_mentioning(_names(context, languages, idf), passages, languages, any)
    return earlier if len(earlier) < len(passages) else set()


def _not_mentioning(
    names: list[Name], passages: list[Passage], languages: list[str], every: Callable[[Iterable[bool]], bool]
) -> set[str]:
    """The chunk ids of `passages` whose title and text do not mention `every` (`all` or `any`) of `names`."""
    out: set[str] = set()
    for passage in passages if names else []:
        held = sentence_forms_of(f"{passage.title}\n{passage.text}", passage.language or "en")
        if not every(_mentioned(run, parts, held, languages) for run, parts in names):
            out.add(passage.chunk_id)
    return out


def _names(text: str, languages: list[str], idf: Callable[[set[str]], float]) -> list[Name]:
    """The name runs of `text` and its words named by their shape, held by the corpus."""
    names = name_runs(text, languages, idf)
    for word in shaped_names(text):
        forms = word_forms(fold(word), languages, cognates=True)
        if idf(forms) > 0 and not any(word in _WORD.findall(run) for run, _ in names):
            names.append((word, [forms]))
    return names


def _mentioned(run: str, parts: list[set[str]], held: Set[str], languages: list[str]) -> bool:
    """Half of the name's words, one of them not a number ("Veo 2" does not mention "Sora 2"), or two adjacent words
    written as one, stop words included ("Nezha" for "Ne Zha")."""
    lettered = [part for part in parts if not all(form[:1].isdigit() for form in part)]
    if held_share(parts, held) and any(part & held for part in lettered):
        return True
    name = [w for w in words(run) if w not in INTERROGATIVES]
    return any(word_forms(a + b, languages) & held for a, b in pairwise(name))


def _name_words(run: str, languages: list[str], question_words: bool = False) -> list[str]:
    kept = [w for w in words(run) if not is_stopword(w, languages)]
    return kept if question_words else [w for w in kept if w not in INTERROGATIVES]


def says_enough(question: str, languages: Iterable[str]) -> bool:
    """Whether the question has at least `SELF_CONTAINED` words of its own, stop words of `languages`, question
    words, numbers and elided articles or pronouns aside: a question that long carries its subject, and is no
    elliptical follow-up."""
    langs = list(languages)
    parts = (part for word in words(question) for part in ELISION.split(word))  # "qu'elle", "what's", "l'azienda"
    own = [w for w in parts if w and not w.isdigit() and w not in INTERROGATIVES and not is_stopword(w, langs)]
    return len(own) >= SELF_CONTAINED


@dataclass(frozen=True)
class Term:
    """A word or name of a question, weighted by its rarity, as `rag/windows.py` scores windows by it."""

    parts: list[set[str]]  # one set of forms per word; a plain word has one part, a run of katakana one per pair
    weight: float
    word: str = ""  # the lower-case word, met in other languages by meaning too; "" = by its forms only (names)
    name: bool = False  # a name the corpus holds (several capitalised words, or one not opening the question)
    unheld: bool = False  # a capitalised word no passage holds: met by meaning from `UNHELD_FLOOR`, in scoring only

    def matched(self, window: Set[str]) -> float:
        """Share of the term found in the window; a name needs at least half of its words."""
        return held_share(self.parts, window)


def names_its_subject(question: str, language: str, terms: list[Term]) -> bool:
    """Whether the question, in `language`, names something, held by the corpus or by no passage ("Australia",
    "Stefano Accorsi": `terms`, its `WindowScorer.terms`): several capitalised words ("Autumn Harvest"), a word
    shaped like a name ("DeepSeek", "BOZULMA"), or one capitalised word not opening it ("Alzheimer"), except in
    German, which capitalises every noun ("der *Film*")."""
    shaped, named = {fold(w) for w in shaped_names(question)}, names(question)
    return any(
        (t.name or t.unheld or ELIDED_ARTICLE.sub("", fold(t.word)) in named)  # a name elided into: "dell'Australia"
        and (len(t.parts) > 1 or fold(t.word) in shaped or language != "de")
        for t in terms
    )
