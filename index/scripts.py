"""Words of the scripts that spaces and letters alone do not split: Thai, Korean, and any script with combining marks.

- Combining marks (Arabic and Hebrew vowel signs and shadda, Thai vowels and tones, Indic vowel signs, an accent
  written apart from its letter) belong to the word they are written on. Python's `\\w` does not match them, so a
  word split at each one: "حقّق" read as "حق" and "ق", "مُحَمَّد" as four single letters, "สร้าง" as "สร" and
  "าง". `MARKS` is every combining mark of the Basic Multilingual Plane, for the tokenizers' word patterns.
- Thai writes no spaces between words: `thai_words` splits a run of Thai script into its words with pythainlp's
  dictionary tokenizer (newmm), Thai stop words left out.
- Korean writes its particles and endings onto the word ("영화는", "그랑프리를", "받았습니까"): `korean_stem`
  takes them off, so a word meets itself with another particle ("패키지를" / "패키지는") and its translation;
  `korean_forms` is what the lexical index holds of a word (as written, and without one or two endings: a word that
  merely ends like a particle, "디스플레이", still meets itself). A Korean syllable alone is a word ("웹"), unless one
  of `KOREAN_STOPWORDS`.

`index/analyze.py` reads every text through these (documents for the lexical index, questions for it and for the
answer's word matching), and `rag/semantic.py` its content words. It does not fold, stem other languages or
drop other stop words (`index/analyze.py` does).
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import cache


def _mark_ranges() -> str:
    """The combining marks written on letters (Unicode categories Mn and Mc) of the Basic Multilingual Plane, as the
    body of a regular expression's character class (ranges of consecutive marks). Not the enclosing marks (Me, the
    keycap of "1️⃣"), those for symbols (U+20D0-20FF) or the variation selectors (U+FE00-FE0F, "❤️"): emoji parts."""
    out: list[str] = []
    start = -1
    for code in range(0x0300, 0x10001):
        symbol = 0x20D0 <= code <= 0x20FF or 0xFE00 <= code <= 0xFE0F
        if code < 0x10000 and unicodedata.category(chr(code)) in ("Mn", "Mc") and not symbol:
            start = code if start < 0 else start
        elif start >= 0:
            last = code - 1
            out.append(re.escape(chr(start)) + ("" if start == last else "-" + re.escape(chr(last))))
            start = -1
    return "".join(out)


MARKS = _mark_ranges()
THAI_RUN = r"[\u0e00-\u0e7f]+"  # Thai letters, vowels, tone marks and digits: one unspaced stretch of Thai

# Korean particles and endings. A one-syllable one is taken off only a word of three syllables or more ("아이" is a
# word, "영화는" a word and "는"; "제한" a word, "사용한" "사용" and "한"), a longer one off any longer word. Some
# words end like a particle ("디스플레이", "고양이"): `korean_forms` keeps the word as written beside its stems.
KOREAN_PARTICLES = (
    "이었습니까", "였습니까", "었습니까", "았습니까", "했습니까", "습니까", "입니까",
    "인가요", "였나요", "었나요", "았나요", "했나요", "나요", "에서는", "에게서",
    "으로는", "에서도", "에서", "에게", "한테", "으로", "까지", "부터", "처럼",
    "보다", "에는", "은", "는", "이", "가", "을", "를", "의", "에", "로",
    "와", "과", "도", "만",
)  # fmt: skip
# The forms of 하다 and 되다 written onto a verbal noun: "업로드합니다", "업로드되는" and "업로드" are one word.
_VERBAL = (
    "하였습니다", "되었습니다", "되었으며", "하십니까", "했습니다", "됐습니다", "했으며", "했지만", "하지만",
    "했는데", "하나요", "되나요", "입니다", "하거나", "되거나", "이며", "이고",
    "하는데", "합니다", "합니까", "됩니다", "됩니까", "하십시오", "하세요", "하려면", "하려고", "하는지",
    "되는지", "되었고", "하여", "해서", "해야", "해도", "하면", "하고", "했고", "하며", "되며", "하지", "하기",
    "하게", "하는", "하던", "한다", "했다", "했던", "했을", "되어", "되면", "되고", "되지", "되는", "된다",
    "되던", "되었", "한", "할", "함", "된", "될", "됨",
)  # fmt: skip
KOREAN_ENDINGS = tuple(sorted({*KOREAN_PARTICLES, *_VERBAL}, key=len, reverse=True))
# One-syllable words that say nothing alone: pronouns, adverbs, "있"/"없" left by an ending, nouns used as
# postpositions ("중", "위", "후", "안"), counters ("몇 개", "12개"). A unit of time says what is asked ("몇 시"), and
# other one-syllable words ("웹", "키", "값") are words like any other.
_PRONOUNS_ADVERBS = (
    "수", "것", "때", "더", "및", "그", "이", "저", "등", "또", "좀", "잘", "몇", "다", "한", "두", "세", "제", "뭐",
)  # fmt: skip
_LEFT_BY_ENDINGS = ("있", "없", "않", "못", "하", "되", "할", "된", "될", "함", "됨")
_POSTPOSITIONS = ("중", "위", "후", "전", "안", "내", "외", "간")
_COUNTERS = ("개", "명", "번", "장", "권", "편", "곳", "쪽")
KOREAN_STOPWORDS = frozenset({*_PRONOUNS_ADVERBS, *_LEFT_BY_ENDINGS, *_POSTPOSITIONS, *_COUNTERS})
HANGUL = "\uac00-\ud7a3"  # Korean syllables, as a character-class body
_HANGUL_WORD = re.compile(rf"[{HANGUL}]+$")
_FOREIGN_WITH_PARTICLE = re.compile(rf"(.*[^{HANGUL}])([{HANGUL}]+)$")
_CASE_PARTICLES = frozenset("을를은는에의")  # one syllable, never the end of a two-syllable noun


def korean_stem(word: str) -> str:
    """`word` without its Korean particle or ending (`KOREAN_ENDINGS`), also when written onto a word in another
    script ("AI의", "Contest에는"); any other word as it is."""
    if not _HANGUL_WORD.match(word):
        foreign = _FOREIGN_WITH_PARTICLE.match(word)
        return foreign.group(1) if foreign and foreign.group(2) in KOREAN_ENDINGS else word
    for ending in KOREAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= (2 if len(ending) == 1 else 1):
            return word[: -len(ending)]
    return word


def korean_forms(word: str) -> set[str]:
    """The forms a Korean word can match: as written, without its particle or ending, and without a second one
    stacked before it ("데비안에만" -> "데비안에" -> "데비안"; "실행하기를" -> "실행하기" -> "실행"); a word of two
    syllables also without a case particle ("키를", "웹을" -> "키", "웹"). A stop syllable left by the stripping
    ("중에서" -> "중") is no form."""
    first = korean_stem(word)
    forms = {word, first, korean_stem(first)}
    if len(word) == 2 and word[1] in _CASE_PARTICLES and _HANGUL_WORD.match(word):
        forms.add(word[0])
    return {form for form in forms if form == word or form not in KOREAN_STOPWORDS}


def is_hangul_syllable(word: str) -> bool:
    """Whether `word` is one Korean syllable: a word of its own, unlike one letter of a spaced script."""
    return len(word) == 1 and bool(_HANGUL_WORD.match(word))


def thai_words(run: str) -> list[str]:
    """The words of a run of Thai script, as written (NFC), Thai stop words left out (pythainlp, imported on the
    first Thai text: its dictionary loads in about a second). Read-only: its import would otherwise create
    `~/pythainlp-data`, a write outside the data dir that fails where the home directory is not writable; its
    bundled data is all it reads."""
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")  # before the import, which reads it
    from pythainlp.tokenize import word_tokenize

    run = unicodedata.normalize("NFC", run)
    stop = _thai_stopwords()
    found = word_tokenize(run, engine="newmm", keep_whitespace=False)
    return [w for w in found if w not in stop and any(ch.isalnum() for ch in w)]  # not a mark or a space alone


@cache
def _thai_stopwords() -> frozenset[str]:
    from pythainlp.corpus import thai_stopwords

    return frozenset(thai_stopwords())
