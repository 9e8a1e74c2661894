"""Extractive answering: pick the sentences of the retrieved passages that best answer the question.

Windows of one or two adjacent sentences are scored by `rag/windows.py` (terms covered, by form or by meaning in any
language the encoder covers, meaning of the whole window, the kind of value asked for, rank); the best typed window
is quoted. A question asking for a value gets it first, as the source writes it, then the quote, with the quote's
language named when it differs from the question's; a "which <thing>" question answered by a definition gets it with
the few words heading it that name what it defines ("sigqueue(3)" above "Sends a real-time signal…"), which the
definition alone, though closer in meaning, lacks. The same fact stated in two articles (the same names or numbers,
close in meaning) is quoted once with both sources; a follow-up does not simply repeat the previous answer: a window
it already quoted answers only with the part of it, or the value, that answers the new question (`rag/followup.py`),
helped then by the conversation's meaning, or else when clearly best. A passage that never mentions a name the
question asks about does not answer it, nor is it quoted beside the answer. Thin or untyped evidence abstains with a
message in the question's language. `stream` is its side of the `Answerer` protocol (`rag/answerer.py`); the windows
come already scored when the re-ranking stage (`rag/rerank.py`) scored them for the same question. It does not
retrieve, re-rank, call an LLM or serialise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace

from index.analyze import sentence_forms
from rag.answerer import pieces
from rag.followup import new_part, new_value
from rag.identifiers import offers_code
from rag.lead import lead_value
from rag.qtype import anchors, numbers, years
from rag.question_words import Kind, asked_kinds, asks_identifier
from rag.semantic import SentenceSimilarity
from rag.spans import sentences_of
from rag.subject import elsewhere
from rag.types import Citation, Composed, Passage, Plan
from rag.windows import Candidate, ScoredWindows, WindowScorer
from rag.wording import abstention, language_name

# Score taken from a window the previous answer already quoted, when no part or value of it answers the follow-up.
REPEAT_PENALTY = 0.3
SECOND_WINDOW = 0.85  # a further window is quoted when it scores at least this share of the best one
HEADING_WORDS = 4  # at most this many words before a definition name what it defines ("sigqueue(3)", "SO_PASSSEC")
SAME_MEANING = 0.65  # encoder similarity from which two windows sharing names or numbers state one fact


_BRACKETED_NUMBER = re.compile(r"\[(\d+)\]")


class ExtractiveAnswerer:
    """Composes a short cited answer from passages, or abstains when the evidence is weak."""

    def __init__(
        self,
        document_frequency: Mapping[str, int],
        corpus_size: int,
        languages: list[str],
        threshold: float,
        max_sentences: int = 2,
        similarity: SentenceSimilarity | None = None,
    ) -> None:
        self.windows = WindowScorer(document_frequency, corpus_size, languages, similarity)
        self.threshold, self.max_sentences = threshold, max_sentences

    def compose(
        self,
        question: str,
        language: str,
        passages: list[Passage],
        context: str = "",
        previous: str = "",
        windows: ScoredWindows | None = None,
    ) -> Composed:
        """`context`: the earlier questions of a conversation; `previous`: the last answer, which a follow-up
        asking something else should not simply repeat; `windows`: the passages' windows as the re-ranking stage
        scored them (reused when scored for this question and context, else scored here)."""
        terms = self.windows.question_terms(question, context)
        total = sum(t.weight for t in terms)
        if not passages or total == 0:
            return self._abstain(language)
        placed = windows.placed(question, context, passages) if windows is not None else None
        candidates = (
            placed if placed is not None else self.windows.candidates(question, terms, total, passages, context)
        )
        leads: dict[int, str] = {}  # id of a window -> the value its answer leads with, chosen here
        for cand in candidates:
            # A window already quoted answers with the part of it or the value that answers the follow-up, lifted by
            # the conversation's meaning (it is what the conversation is about); else only when clearly best. Nor
            # is a window lifted that is closer to the earlier questions alone than read with the new one.
            if previous and _repeats(cand.text, previous):
                if part := new_part(self.windows, cand, question, context, previous):
                    cand.text, cand.forms = part, set(sentence_forms(part, cand.passage.language or "en"))
                if value := new_value(self.windows, cand, question, context, previous):
                    leads[id(cand)] = value
                elif not part:
                    cand.score -= REPEAT_PENALTY + cand.lift
            elif cand.earlier:
                cand.score -= cand.lift
        if not candidates:
            return self._abstain(language)
        # A question asking for a kind of value ("how many", "when") is answered only by a window offering one; "who"
        # also by a role ("the release manager"), when its window, scored lower for holding no name, still wins.
        kinds = asked_kinds(question)
        typed = [c for c in candidates if c.typed or kinds == {Kind.NAME}]
        # Nor by a passage that never mentions what the question (or a follow-up's conversation) names.
        typed_passages = list({c.passage.chunk_id: c.passage for c in typed}.values())
        away = elsewhere(question, typed_passages, self.windows.languages, self.windows.idf, context)
        typed = [c for c in typed if c.passage.chunk_id not in away]
        candidates = [c for c in candidates if c.passage.chunk_id not in away]  # nor is quoted beside the answer
        if not typed:
            return self._abstain(language)
        best = max(typed, key=lambda c: c.score)
        # Abstain when the evidence is thin.
        evidence = self.windows.evidence(question, context, best)
        if evidence < self.threshold:
            return self._abstain(language)
        headed = _headed(best, typed, question) if asks_identifier(question, kinds) else []
        if headed:  # the name a definition's heading gives answers; the definition is not quoted again
            definition, best = best.text, max(headed, key=lambda c: c.score)
            candidates = [c for c in candidates if c is best or definition not in c.text]
        composed = self._compose(candidates, best, question, language, leads.get(id(best)), context)
        return replace(composed, evidence=evidence)

    def _compose(
        self,
        candidates: list[Candidate],
        best: Candidate,
        question: str,
        language: str,
        lead: str | None = None,
        context: str = "",
    ) -> Composed:
        ranked = sorted(candidates, key=lambda c: c.score, reverse=True)
        chosen: list[list[Candidate]] = [[best]]
        for cand in ranked[1:]:
            if cand.score < SECOND_WINDOW * best.score or len(chosen) >= self.max_sentences:
                break
            if cand.typed and not any(_overlaps(c, cand) or _same_fact(c, cand) for g in chosen for c in g):
                chosen.append([cand])
        # The same fact in other articles (often other languages, so lower lexical scores) is cited, not repeated.
        for group in chosen:
            for cand in ranked:
                if all(c.passage.source != cand.passage.source for c in group) and self._restates(group[0], cand):
                    group.append(cand)
        citations: list[Citation] = []
        by_chunk: dict[str, int] = {}
        parts, said = [], set[str]()
        for group in chosen:
            shown = group[0]
            text_shown, sentences = _unsaid(shown, said)
            if not text_shown:
                continue
            said |= sentences
            markers = "".join(dict.fromkeys(_cite(cand, citations, by_chunk) for cand in group))
            # A bracketed number inside a quoted sentence would read as one of our markers.
            quoted = _BRACKETED_NUMBER.sub(r"(\1)", text_shown)
            tag = "" if shown.passage.language == language else f" ({language_name(shown.passage.language, language)})"
            parts.append(f"{quoted} {markers}{tag}")
        text = " ".join(parts)
        # A question that asks for a value gets it first, as the source writes it: the quote's one value, or of
        # several the one the question names (`rag/lead.py`). A value the conversation already named ("Kling AI")
        # is no answer to its follow-up.
        asked = f"{context} {question}".strip()
        value = lead or lead_value(
            self.windows, best.text, best.passage.language or "en", question, asked, asked_kinds(question)
        )
        if value is not None:
            shown_value = _BRACKETED_NUMBER.sub(r"(\1)", value)
            text = f"{shown_value} [{by_chunk[best.passage.chunk_id]}]\n\n{text}"
        return Composed(text, False, citations)

    def _restates(self, quoted: Candidate, other: Candidate) -> bool:
        """Whether `other`, from another article, states the fact `quoted` states: the same names or numbers
        (`_same_fact`) and, under the encoder, close in meaning. Sentences naming the same people can say different
        things ("won the grand prize" / "shot it in three weeks"); a translation or paraphrase stays close."""
        if not _same_fact(quoted, other):
            return False
        similarity = self.windows.similarity
        if similarity is None:
            return True
        a, b = (similarity.joint(list(sentences_of(c.text, c.passage.language or "en"))) for c in (quoted, other))
        return float(a @ b) >= SAME_MEANING

    def _abstain(self, language: str) -> Composed:
        return Composed(abstention(language), True, [])

    def stream(
        self, plan: Plan, passages: list[Passage], windows: ScoredWindows | None = None
    ) -> Iterator[str | Composed]:
        """The `Answerer` protocol (`rag/answerer.py`): the composed text in small pieces, then the result."""
        composed = self.compose(plan.question, plan.language, passages, plan.conversation, plan.previous, windows)
        yield from pieces(composed.text)
        yield composed


def _headed(best: Candidate, candidates: list[Candidate], question: str) -> list[Candidate]:
    """The windows that are `best` with its heading: a few words before it naming what it defines, as a reference
    page's entry does ("sigqueue(3)" + "Sends a real-time signal…"). "Which function…?" is answered by the name,
    which the definition alone lacks."""
    out = []
    for cand in candidates:
        head, found, _ = cand.text.partition(best.text)
        heading = 0 < len(head.split()) <= HEADING_WORDS and not head.rstrip().endswith((".", "!", "?", ";", ":"))
        same_page = cand.passage.source == best.passage.source  # one chunk, or the overlapping next one
        if found and same_page and heading and offers_code(head, question):
            out.append(cand)
    return out


def _repeats(window: str, previous: str) -> bool:
    """Whether the previous answer already quoted (a sentence of) this window."""
    quoted = _BRACKETED_NUMBER.sub(r"(\1)", window)
    return quoted in previous or any(len(part) > 20 and part in previous for part in quoted.split(". "))


def _same_fact(a: Candidate, b: Candidate) -> bool:
    """Two sentences from different articles stating one fact: the same numbers, and mostly the same names or at
    least two numbers (names are often translated: "122 Paesi" / "122 countries")."""
    if a.passage.source == b.passage.source:
        return False
    x, y = anchors(a.text), anchors(b.text)
    if numbers(a.text) != numbers(b.text):
        return False
    if len(numbers(a.text) - years(a.text)) >= 2:  # dates alone are shared by many facts of one period
        return True
    shared = x & y
    return len(shared) >= 3 and len(shared) / min(len(x), len(y)) >= 0.6


def _cite(cand: Candidate, citations: list[Citation], by_chunk: dict[str, int]) -> str:
    """The [n] marker of the window's passage, its citation added to `citations` when it is the first cited."""
    cid = by_chunk.get(cand.passage.chunk_id)
    if cid is None:
        cid = by_chunk[cand.passage.chunk_id] = len(citations) + 1
        citations.append(Citation.of(cid, cand.passage, cand.text))
    return f"[{cid}]"


def _overlaps(a: Candidate, b: Candidate) -> bool:
    """The same words quoted twice: one window inside the other, in one chunk or in two overlapping chunks."""
    return a.text in b.text or b.text in a.text


def _unsaid(window: Candidate, said: set[str]) -> tuple[str, set[str]]:
    """The window's text without the sentences quoted before it (`said`), and its sentences, spaces normalised:
    overlapping windows (in one chunk, or in two overlapping chunks) quote a shared sentence once."""
    sentences = sentences_of(window.text, window.passage.language or "en")
    keys = [" ".join(s.split()) for s in sentences]
    if not said:
        return window.text, set(keys)
    return " ".join(s for s, key in zip(sentences, keys, strict=True) if key not in said), set(keys)
