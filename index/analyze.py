"""Language-aware text analysis for lexical search: word tokens, stop words, Snowball stems, numbers.

Documents are analysed in their own language. Queries are analysed with every stemmer of the corpus's
languages, because a question often targets a passage written in another language and cognates
("creators"/"creatori") then meet at a common stem. Numbers are normalised so "4.600", "4,600" and "4600"
match, and Cyrillic words also yield a Latin transliteration, so names written in either script meet. Chinese and
Japanese write no spaces between words: a run of their characters is read as its overlapping character pairs
("国家参加" -> "国家", "家参", "参加"), as Lucene's CJKAnalyzer reads it (no segmenter ships with the default install).
Thai is read as its words, a Korean word as written and without its particles and endings, and a word keeps the
combining marks written on it (`index/scripts.py`); `ANALYSIS` versions all this, for the lexical index's terms.
It does not score or store anything (see `index/lexical.py`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING

from index.scripts import HANGUL, KOREAN_STOPWORDS, MARKS, THAI_RUN, is_hangul_syllable, korean_forms, thai_words

if TYPE_CHECKING:
    from Stemmer import Stemmer as SnowballStemmer

# Snowball stemmer and nltk stop-word list names, by ISO 639-1 code.
LANGUAGE_NAMES = {
    "ar": "arabic", "ca": "catalan", "da": "danish", "nl": "dutch", "en": "english", "fi": "finnish",
    "fr": "french", "de": "german", "el": "greek", "hu": "hungarian", "id": "indonesian", "it": "italian",
    "no": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian", "es": "spanish",
    "sv": "swedish", "tr": "turkish", "uk": "russian", "be": "russian",
}  # fmt: skip

# The version of this analysis that the lexical index's terms are made with (`index/lexical.py` `analysed_before`):
# 3 reads combining marks as part of their word, Thai as its words with their vowels and tones, a Korean word as
# written and without its particles and endings, and a Korean syllable alone as a word (2 was a first version of it).
ANALYSIS = 3

_NUMBER = r"\d{1,3}(?:[.,\u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
# Han (with the iteration mark 々 and the zero 〇; the extension planes too), kana (hiragana, katakana without the
# name separator ・, half-width katakana) and CJK compatibility ideographs.
CJK_CHARS = (
    "\u3005\u3007\u3040-\u30fa\u30fc-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f"
)
CJK_RUN = re.compile(rf"[{CJK_CHARS}]+")  # a run of them: one unspaced stretch of Chinese or Japanese
_LETTER = rf"[^\W\d_{CJK_CHARS}\u0e00-\u0e7f]"  # a letter of a spaced script (a Thai run is read apart)
_ALNUM = rf"[^\W{CJK_CHARS}\u0e00-\u0e7f]"
# A word's letters with the combining marks written on them (`index/scripts.py`: "حقّق" is one word, not "حق" + "ق").
LETTERS = rf"(?:{_LETTER}[{MARKS}]*)+"
_RUNS = rf"(?P<num>{_NUMBER})|(?P<cjk>[{CJK_CHARS}]+)|(?P<thai>{THAI_RUN})"
_TOKEN = re.compile(rf"{_RUNS}|(?P<word>{_LETTER}+(?:['’]{_LETTER}+)?|{_ALNUM}+)")
# The same where a combining mark occurs: slower, so plain text (any NFC text in Latin or Cyrillic) does without it.
_MARKED_TOKEN = re.compile(rf"{_RUNS}|(?P<word>{LETTERS}(?:['’]{LETTERS})?|(?:{_ALNUM}[{MARKS}]*)+)")
_MARK = re.compile(rf"[{MARKS}]")
_THOUSANDS = re.compile(r"[.,\u00a0\u202f\u2009](?=\d{3}(?:\D|$))")

# fmt: off
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}
# fmt: on


def normalise_number(token: str) -> str:
    """Thousands separators go; a decimal comma becomes a point ("2,2" -> "2.2", "4.600" -> "4600"); full-width
    digits are digits ("５２００" -> "5200")."""
    token = _THOUSANDS.sub("", unicodedata.normalize("NFKC", token))
    return token.replace(",", ".")


def transliterate(word: str) -> str:
    return "".join(_CYRILLIC.get(ch, ch) for ch in word)


def fold(text: str) -> str:
    """Casefold and strip accents and other optional marks, so "città" meets "citta", "Ёж" meets "еж" and "مُحَمَّد"
    (or "محـمد", drawn out with a tatweel) meets "محمد"; Thai vowels and tones are no optional marks ("ข้าว" is not
    "ขาว") and stay; Korean syllables stay whole (decomposed to strip marks, they are composed again)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("\u0640", ""))
    kept = (ch for ch in decomposed if not unicodedata.combining(ch) or "\u0e00" <= ch <= "\u0e7f")
    return unicodedata.normalize("NFC", "".join(kept))


def words(text: str) -> list[str]:
    """Folded word and number tokens, numbers normalised; a Chinese or Japanese run as its character pairs
    (`cjk_pairs`), a Thai run as its words (`thai_words`), each folded; a word with the marks written on it."""
    out = []
    for match in (_MARKED_TOKEN if _MARK.search(text) else _TOKEN).finditer(text):
        if match.group("num"):
            out.append(normalise_number(match.group("num")))
        elif match.group("cjk"):
            out.extend(cjk_pairs(match.group("cjk")))
        elif match.group("thai"):
            out.extend(word for word in map(fold, thai_words(match.group("thai"))) if word)
        elif word := fold(match.group("word")).replace("’", "'"):
            out.append(word)
    return out


def cjk_pairs(run: str) -> list[str]:
    """The overlapping character pairs of a run of Chinese or Japanese characters, normalised (NFKC: half-width
    katakana become full-width) but not folded (folding would drop the kana's voicing marks: "で" is not "て"); a
    single character is itself."""
    run = unicodedata.normalize("NFKC", run)
    return [run] if len(run) < 2 else [run[i : i + 2] for i in range(len(run) - 1)]


@cache
def _stemmer(lang: str) -> SnowballStemmer | None:
    import Stemmer

    name = LANGUAGE_NAMES.get(lang)
    return Stemmer.Stemmer(name) if name else None


@cache
def stopwords(lang: str) -> frozenset[str]:
    name = LANGUAGE_NAMES.get(lang)
    from index.language import bundled_nltk_data

    path = bundled_nltk_data() / "corpora/stopwords" / (name or "")
    if not name or not path.is_file():
        return frozenset()
    return frozenset(fold(w) for w in path.read_text(encoding="utf-8").split())


def _is_cyrillic(word: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in word)


_HANGUL = re.compile(f"[{HANGUL}]")
COGNATE_PREFIX = 5  # letters cognates share; used to match answer sentences, never for BM25 (it adds noise)
_CYRILLIC_LANGS = frozenset({"ru", "uk", "be", "bg", "sr"})


def _forms(word: str, langs: tuple[str, ...], cognates: bool = False) -> set[str]:
    if word[0].isdigit():
        return {word}
    cyrillic = _is_cyrillic(word)
    if _HANGUL.search(word):  # as written and without its particles; a form left in another script as that script
        forms = set()
        for form in korean_forms(word):
            forms |= {form} if _HANGUL.search(form) else _forms(form, langs)  # "packages를" -> "packag"
        if cognates and len(word) > COGNATE_PREFIX and word.isalpha():
            forms.add("~" + word[:COGNATE_PREFIX])
        return forms
    forms = set()
    for lang in (lang for lang in langs if (lang in _CYRILLIC_LANGS) == cyrillic):
        stemmer = _stemmer(lang)
        forms.add(stemmer.stemWord(word) if stemmer else word)
    latin = transliterate(word) if cyrillic else word
    if cyrillic:
        forms.add(latin)
    if cognates and len(latin) > COGNATE_PREFIX and latin.isalpha():
        # Cognates across languages share their first letters: production/produzione, creators/creatori.
        forms.add("~" + latin[:COGNATE_PREFIX])
    return forms or {word}


def analyze(text: str, lang: str, cognates: bool = False) -> list[str]:
    """Index-side analysis: one language's stop words and stemmer."""
    stop = stopwords(lang)
    out: list[str] = []
    for word in words(text):
        if word in stop or _too_short(word):
            continue
        out.extend(sorted(_forms(word, (lang,), cognates)))
    return out


def word_forms(word: str, langs: list[str], cognates: bool = False) -> set[str]:
    """The forms one folded word can match: its stem in each language, and a transliteration."""
    return _forms(word, tuple(dict.fromkeys(langs)) or ("en",), cognates)


def is_stopword(word: str, langs: list[str]) -> bool:
    return any(word in stopwords(lang) for lang in langs) or _too_short(word)


def _too_short(word: str) -> bool:
    """A lone letter of a spaced script says nothing; a number does, and so does a Korean syllable ("웹", "키")
    that is not one of `KOREAN_STOPWORDS`."""
    return len(word) < 2 and not word.isdigit() and (not is_hangul_syllable(word) or word in KOREAN_STOPWORDS)


def query_terms(text: str, langs: list[str], cognates: bool = False) -> list[set[str]]:
    """One set of forms per distinct content word: stop words of any of `langs` dropped, every stem kept."""
    langs_t = tuple(dict.fromkeys(langs)) or ("en",)
    stop = frozenset().union(*(stopwords(lang) for lang in langs_t))
    terms: list[set[str]] = []
    for word in words(text):
        if word in stop or _too_short(word):
            continue
        forms = _forms(word, langs_t, cognates)
        if forms not in terms:
            terms.append(forms)
    return terms


def analyze_query(text: str, langs: list[str]) -> list[str]:
    """Query-side analysis for BM25: the forms of every query term, each once."""
    return list(dict.fromkeys(form for forms in query_terms(text, langs) for form in sorted(forms)))


def cognate_keys(tokens: list[str]) -> set[str]:
    """The cognate prefixes an analysed chunk can match (its Latin-script tokens' first letters)."""
    return {"~" + t[:COGNATE_PREFIX] for t in tokens if len(t) > COGNATE_PREFIX and t.isalpha() and t.isascii()}


def sentence_forms(text: str, lang: str) -> set[str]:
    """Forms of a sentence for answer scoring, cognate prefixes included."""
    return set(analyze(text, lang, cognates=True))
