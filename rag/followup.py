"""Follow-ups: which part of a window the previous answer already quoted answers the new question.

A follow-up ("and at which festival was it selected?") often finds its answer in the very window the previous
answer quoted. Quoting it again repeats the previous answer; pushing it down the ranking drops the right evidence.
`new_part` instead finds the part of such a window that answers: the sentence the previous answer did not quote
(when it holds more of the follow-up's own words than the quoted one beside it), or a clause of a quoted sentence
(when it holds much of those words, as many as the whole window, and is closer in meaning to the follow-up than to
the earlier questions). `new_value` finds, among several values of the asked kind, the one the follow-up asks for,
for the answer to lead with. It does not score windows, decide what is a repeat or compose answers
(`rag/answer.py` does).
"""

from __future__ import annotations

import re

import numpy as np

from index.language import sentence_spans
from rag.qtype import offers, value_spans
from rag.question_words import asked_kinds
from rag.semantic import content_words
from rag.spans import sentences_of
from rag.windows import SEMANTIC_FLOOR, Candidate, WindowScorer, sense

_CLAUSE_BREAK = re.compile(r"(?<=[,;:])\s+|\s+[–—]\s+")  # "…, …", "…; …", "… – …" (not "2,2" or "29-12")
MIN_PART_WORDS = 3  # content words a part needs to stand as an answer on its own
PART_SHARE = 0.5  # share of the follow-up's own words (by weight, met by form or meaning) a part must hold


def parts(window: str, language: str, quoted: str = "") -> list[str]:
    """The sentences of a window (when it has several) that `quoted` (an earlier answer) does not hold, and the
    clauses of each sentence (when it has several)."""
    sentences = sentences_of(window, language)
    out = [s for s in sentences if s not in quoted] if len(sentences) > 1 else []
    for sentence in sentences:
        clauses = [c.strip(" ,;:") for c in _CLAUSE_BREAK.split(sentence)]
        if len(clauses) > 1:
            out += [c for c in clauses if c]
    return out


def new_part(scorer: WindowScorer, window: Candidate, question: str, context: str, previous: str) -> str | None:
    """The part of `window` (see the module's docstring) that answers `question` by its own words (not the
    conversation's), holding the kind of value asked; None when no part does, or the previous answer already
    quoted that very part on its own."""
    language = language_of(window)
    terms = scorer.terms(question, unseen_words=1.0)
    kinds = asked_kinds(question)
    found = [
        p
        for p in parts(window.text, language, previous)
        if len(content_words(p, tuple(scorer.languages))) >= MIN_PART_WORDS
        and all(offers(p, question, kind) for kind in kinds)
        and not quoted_alone(p, previous)
    ]
    if not terms or not found:
        return None
    whole, *covered = scorer.covers(terms, [window.text, *found], language)
    best = max(range(len(found)), key=lambda i: (covered[i], -len(found[i])))
    # A sentence the previous answer did not quote, beside one it did (which gave its subject), answers when it holds
    # more of the follow-up's own words than the quoted one; a clause of a quoted sentence, when it holds as much as
    # the whole window and much of what the follow-up asks.
    sentences = sentences_of(window.text, language)
    quoted = [s for s in sentences if s in previous]
    if found[best] in sentences and quoted:
        if covered[best] <= max(scorer.covers(terms, quoted, language)):
            return None
    elif covered[best] < PART_SHARE or covered[best] < whole - 1e-6:
        return None
    if context and closer_to_context(scorer, found[best], language, question, context):
        return None  # the part answers what was asked before rather than the new question
    return found[best]


def new_value(scorer: WindowScorer, window: Candidate, question: str, context: str, previous: str) -> str | None:
    """The value of the asked kind in `window` that the follow-up asks for: of the values the previous answer did
    not lead with, whose own words (their clause, cut at the values beside them) are about the follow-up (hold
    `PART_SHARE` of its words, or come within `SEMANTIC_FLOOR` in meaning) and, when the earlier questions asked for
    the same kind, closer to it than to them (else they answered those), the one holding most of the follow-up's
    words and meaning. None without an encoder, an asked kind, or such a value."""
    kinds = asked_kinds(question)
    if scorer.similarity is None or not kinds:
        return None
    text, lead = window.text, previous.split("\n\n", 1)[0] if "\n\n" in previous else ""
    found = value_spans(text, f"{context} {question}", kinds)  # a value the conversation named is not new
    cuts = [m.end() for m in _CLAUSE_BREAK.finditer(text)] + [b for _, b in sentence_spans(text, language_of(window))]
    spans = []
    for i, (value, at, end) in enumerate(found):
        before = max([c for c in cuts if c <= at] + [found[i - 1][2] if i else 0])
        after = min([c for c in cuts if c >= end] + [found[i + 1][1] if i + 1 < len(found) else len(text)])
        if value not in lead:
            spans.append((value, text[before:after]))
    if not spans:
        return None
    vectors = scorer.similarity.sentences([own for _, own in spans])
    near = vectors @ scorer.similarity.question(question)
    earlier = vectors @ scorer.similarity.question(context) if context.strip() else np.full(len(spans), -1.0)
    # As a window is scored: the follow-up's own words the clause holds, and its meaning.
    words = scorer.covers(scorer.terms(question, unseen_words=1.0), [own for _, own in spans], language_of(window))
    # A value whose clause is about the follow-up (holds much of its words, or is as close in meaning as a window's
    # meaning starts to count) and, when the earlier questions asked for the same kind, is closer to the follow-up
    # than to them (else it answered them).
    same_kind = bool(asked_kinds(context) & kinds)
    newer = [
        i
        for i in range(len(spans))
        if (words[i] >= PART_SHARE or near[i] >= SEMANTIC_FLOOR) and (near[i] > earlier[i] or not same_kind)
    ]
    score = [words[i] + sense(float(near[i])) for i in range(len(spans))]
    return spans[max(newer, key=lambda i: score[i])][0] if newer else None


def closer_to_context(scorer: WindowScorer, text: str, language: str, question: str, context: str) -> bool:
    """Whether `text` is at least as close in meaning to the conversation's earlier questions as to `question`
    (by their words when there is no encoder)."""
    if scorer.similarity is None:
        earlier, asked = (scorer.covers(scorer.terms(q), [text], language)[0] for q in (context, question))
        return earlier >= asked
    vector = scorer.similarity.sentences([text])[0]
    return float(vector @ scorer.similarity.question(context)) >= float(vector @ scorer.similarity.question(question))


def quoted_alone(part: str, previous: str) -> bool:
    """Whether the previous answer quoted `part` on its own (as a whole quote, not inside a longer one)."""
    return re.search(rf"(?:^|\n\n|\] ){re.escape(part)} \[", previous) is not None


def language_of(window: Candidate) -> str:
    return window.passage.language or "en"
