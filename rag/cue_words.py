"""The words of a question that say what kind of answer is wanted, or where, not what it is about (`cue_words`).

A date's cue ("in what *year*", "в какие *даты*") is answered by a window's date, a name's ("What is the *title*
of…", "Как *называется*…") by a window's name, and no sentence of an article calls itself one ("*mentioned in the
article*", "*в статье*"): none of these words is one the answering sentence must hold. Chinese and Japanese
question words give their character pairs. The window scorer leaves them out of the question's terms
(`rag/windows.py`). It does not decide what kind of value is asked (`rag/question_words.py` does).
"""

from __future__ import annotations

import re

from index.analyze import CJK_RUN, cjk_pairs, fold
from rag.question_words import CUE_PATTERNS, LATE_WHICH, WORD, Kind

# A question asking for what something is called: "What is the *title* of…", "Come si *chiama*…", "Как
# *называется*…", "Wie *heißt*…", "Comment s'*appelle*…", "¿Cómo se *llama*…", "Wie lautet der *Titel*…". Its answer
# is a name, which no window writes beside such a word. The noun counts only after a question word and before "of"
# (in Italian, French and Spanish after at most one adjective: "il titolo inglese del…") or the question's end:
# "What is the *name* field of /etc/services?", "qual è il prezzo del *titolo* Tesla?" ask about the word itself.
_OF = r"(?=\s+of\b|\s*[?.,;:!]|\s*$)"
_DI = (
    r"(?=\s+(?:\w+\s+)?(?:di|del|dello|della|dei|degli|delle|d['’]|de|du|des|von|der|do|da|dos|das|van|het)\b|"
    r"\s*[?.,;:!]|\s*$)"
)
_GAP = r"(?:(?!(?:of|di|da|de|du|des|del\w*|dell\w*)\b)\w+\s+){0,2}"  # adjectives, not "la durée *du* titre"
_NAMED = re.compile(
    rf"(?<!\w)(?:(?:what|which)(?:['’]s|\s+(?:is|was|are|were))\s+(?:the|its|their|his|her)\s+{_GAP}"
    rf"(names?|titles?){_OF}|"
    r"(?:what|how)\s+(?:is|was|are|were)\s+\w+\s+(called|named)|"
    rf"come\s+si\s+(chiama(?:va|no)?)|(?:qual(?:e|['’])?\s*(?:è|e|era)\s+il|quali\s+sono\s+i)\s+{_GAP}"
    rf"(nom[ei]|titol[oi]){_DI}|"
    r"как\s+(?:\w+\s+)?(называ\w+|зовут)|каково\s+(название)|"
    r"wie\s+(heißt|heisst|hieß|hiess|heißen|heissen)|wie\s+(?:lautet|lauteten|lautete)\s+(?:der|die|das|sein|ihr)\s+"
    rf"{_GAP}(namen?|titel)|"
    rf"comment\s+s['’](appel\w+)|comment\s+(?:se\s+)?(nomm\w+)|quel(?:le)?s?\s+(?:est|était|sont)\s+(?:le|la|les|son|sa|"
    rf"ses)\s+{_GAP}(noms?|titres?){_DI}|"
    rf"c[oó]mo\s+se\s+(llama\w*)|cu[aá]l(?:es)?\s+(?:es|era|fue|son)\s+(?:el|los|su|sus)\s+{_GAP}"
    rf"(nombres?|t[ií]tulos?){_DI}|"
    rf"como\s+se\s+(chama\w*)|qual\s+(?:(?:é|era|foi)\s+)?o\s+{_GAP}(nomes?|t[ií]tulos?){_DI}|"
    rf"hoe\s+(heet|heette|heten)|wat\s+(?:is|was)\s+de\s+{_GAP}(naam|titel){_DI}|"
    rf"jak\s+(?:\w+\s+)?(nazyw\w*)|jaki\s+(?:jest|był)\s+{_GAP}(tytuł\w*){_DI}|"
    r"як\s+(?:\w+\s+)?(назива\w*|зва\w*)|яка\s+(назва)|(adı|ismi)\s+(?:ne|nedir))(?!\w)",
    re.IGNORECASE,
)


# Words about the source rather than its subject: "Which technology *is mentioned in the article*?", "Что *в статье*
# понимают под…", "*laut dem Artikel*", "se *menciona en el artículo*". No sentence of an article calls itself one. A
# text counts only at the end of a clause: "in the *text* file", "ein Wort im *Text* ersetzen" are about a text.
_END = r"(?=\s*[?.,;:!]|\s*$)"
_SOURCE = re.compile(
    r"(?<!\w)(?:(mentioned)|(menzionat[aoie])|(упомина\w*|упомянут\w*)|(erwähnt\w*)|(mentionn[ée]e?s?)|"
    r"(menciona(?:n|do|da|dos|das)?)|"
    rf"(?:in|according\s+to|from)\s+(?:the|this)\s+(?:(article|report|story)|(text){_END})|"
    rf"(?:nell['’]|secondo\s+l['’]|dall['’])(articolo)|(?:nel|secondo\s+il)\s+(?:(resoconto)|(testo){_END})|"
    r"(?:в|по\s+словам|согласно)\s+(стать(?:я|и|е|ю|ей|ях|ям|ями))|"
    rf"(?:im|laut\s+dem|laut)\s+(?:(Artikel|Bericht)|(Text){_END})|(?:dans|selon)\s+l['’](article)|"
    rf"(?:dans|selon)\s+le\s+(texte){_END}|(?:en|según)\s+el\s+(?:(art[ií]culo)|(texto){_END})|"
    rf"(mencionad[oa]s?)|(?:no|segundo\s+o)\s+(?:(artigo)|(texto){_END})|"
    rf"(genoemd\w*|vermeld\w*)|(?:in|volgens)\s+het\s+(?:(artikel)|(tekst){_END})|"
    r"(wspomnian\w*|wymienion\w*)|(?:w|według)\s+(artyku[lł]\w*)|"
    r"(згада\w*|згадуєт\w*)|(?:у|в|за)\s+(статт[іею]\w*)|(makalede|metinde|haberde|bahsedil\w*))(?!\w)",
    re.IGNORECASE,
)


# Chinese and Japanese cues of a name or the source: "叫什么", "名字", "片名", "名前", "タイトル", "文章中", "記事で".
_CJK_NAMED = re.compile(r"叫什么|名字|名称|标题|片名|名前|タイトル|題名|文章中|文中|提到|提及|記事|言及")


def cue_words(question: str) -> frozenset[str]:
    """The folded words of the question's cues for the kind of value asked: dates ("in what *year*", "в какие
    *даты*"), which a window's date answers, and names ("What is the *title* of…", "Как *называется*…"), which a
    window's name answers; and its words about the source ("*mentioned in the article*", "*в статье*"). They say
    what kind of answer is wanted, or where, not what the question is about. Chinese and Japanese question words
    ("多少", "谁", "哪家", "いつ") give their character pairs."""
    dates = (w for m in CUE_PATTERNS[Kind.DATE].finditer(question) for w in WORD.findall(m.group()))
    named = (w for m in (*_NAMED.finditer(question), *_SOURCE.finditer(question)) for w in m.groups() if w)
    # Chinese and Japanese question words are no words of their own to leave out: their character pairs are.
    asking = (CUE_PATTERNS[Kind.QUANTITY], CUE_PATTERNS[Kind.DATE], CUE_PATTERNS[Kind.NAME], LATE_WHICH)
    spans = [m.span("cjk") for p in asking for m in p.finditer(question) if m["cjk"]]  # not money: "票房" is asked
    spans += [m.span() for m in _CJK_NAMED.finditer(question)]
    latin = (fold(w) for w in (*dates, *named) if not CJK_RUN.match(w))
    return frozenset((*latin, *_pairs_over(question, spans)))


def _pairs_over(question: str, spans: list[tuple[int, int]]) -> list[str]:
    """The character pairs of the question's Chinese or Japanese runs that overlap one of `spans` (a cue's place): a
    pair straddling a cue ("谁获" in "谁获得了") is no word of what is asked either."""
    out = []
    for run in CJK_RUN.finditer(question):
        pairs = cjk_pairs(run.group())
        for i, pair in enumerate(pairs):
            start = run.start() + i
            if any(start < b and a < start + len(pair) for a, b in spans):
                out.append(pair)
    return out
