"""Whether a question goes on from the conversation: it opens with a conjunction ("And from how many countries?", "E a
quale festival…?", "А сколько стран?", "那么…", "そして…") or holds a pronoun pointing back ("How much did *it*
cost?", "Кто *его* снял?", "その監督は…"), in the languages of the question words (`rag/question_words.py`).

The engine reads a question with its conversation's earlier questions when it does (`rag/engine.py`). It does not
decide what the question asks for or rewrite it.
"""

from __future__ import annotations

import re

from rag.question_words import ELISION, WORD, opens_name

# Conjunctions that, opening a question, go on from the conversation ("And from how many countries?", "E a quale
# festival…?", "А сколько стран?"), as written (not folded: Italian "È…?" asks anew), "ещё" also as "еще".
_CONTINUING_WORDS = (
    "and but also plus e ed ma anche и а но также ещё еще und aber auch et mais aussi y pero también tambien "
    "também tambem maar ook ale także też oraz і й але також peki ama fakat 그리고 그럼 그러면 그런데 또"
)  # not Dutch "en", Polish "a" and "i" (French "En quelle année…", Italian "I film…", "A quale festival…"), nor
# Portuguese "mas" (Spanish "más" typed without its accent: "Mas o menos, ¿cuántos…?")
_CONTINUING = frozenset(_CONTINUING_WORDS.split(" "))
# Pronouns pointing back, in the languages of the question words, leaving out those that are also articles ("la",
# "le", "lo", "il" in Italian, French and Spanish).
_BACK_WORDS = (
    "it its he him his she her they them their this these those "
    "esso essa essi esse suo sua suoi sue questo questa questi queste quello quella quelli quelle "
    "он она оно они его её ее их ему ей им этот эта это эти этого этой этом этих "
    "er ihn ihm sein seine seinen seinem seiner dieser diese dieses diesen diesem "
    "elle ils elles lui son sa ses leur leurs "
    "él ella ellos ellas su sus este esta estos estas ese esa "
    "ele ela eles elas dele dela deles delas seu seus suas isso isto esse essa "
    "hij hem hun hen ona ono oni jego jej jemu niego niej nią onu onun ona bunu bunun onlar "
    "він вона воно вони його її їх йому їй їм цей ця це ці цього цієї"
)
_BACK = frozenset(_BACK_WORDS.split(" "))
# Chinese, Japanese and Thai, unspaced, and Arabic, which writes its "و" ("and") onto the next word: a follow-up
# opening with "那/那么/还有/另外/而/そして/では/じゃあ/それで/あと/และ/แล้ว" ("and then…", "and the jury prize?") or
# "وكم/ومتى/ومن…" ("and how many/when/who…"), and pronouns pointing back ("它", "该片", "その", "それ", "彼女"; not
# "他", which is inside "其他", "other"), Korean "그것/그녀/그들" and Arabic "ذلك/تلك/هؤلاء" (not "هو", which is
# "is" in "ما هو…").
_CJK_CONTINUING = re.compile(
    r"^\W*(?:那么|那|还有|另外|而|并且|以及|そして|では|じゃあ|それで|あと|また|และ|แล้ว|ส่วน|"
    r"و(?:كم|متى|من|ما|ماذا|[أا]ين|[أا]ي|هل|لماذا|كيف)(?!\w))"
)
_CJK_BACK = re.compile(r"它们?|该[片公部届]|此[片前]|その|それ|彼女|彼ら|그것|그녀|그들|(?<!\w)(?:ذلك|تلك|هؤلاء)(?!\w)")


def refers_back(question: str) -> bool:
    """Whether the question holds a third-person or demonstrative pronoun (`_BACK`, `_CJK_BACK`), which points back
    into the conversation ("How much did *it* cost to make?", "Кто *его* снял?", "Qu'est-ce *qu'elle* a tourné ?")."""
    return bool(_CJK_BACK.search(question)) or any(
        part in _BACK for match in WORD.finditer(question) for part in ELISION.split(match.group().casefold())
    )  # "qu'elle", "l'ha" hold one


def continues(question: str) -> bool:
    """Whether the question opens with a conjunction going on from the conversation (`_CONTINUING`), one that does
    not begin a name ("Ma Yun", "Y Combinator", "Ed Sheeran"): no capitalised word follows it."""
    if _CJK_CONTINUING.match(question):
        return True
    first = WORD.search(question)
    if first is None or first.group().casefold() not in _CONTINUING:
        return False
    return not opens_name(question, first)
