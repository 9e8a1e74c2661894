"""Extractive answering: pick the sentences of the retrieved passages that best answer the question.

Windows of one or two adjacent sentences are scored by the share of the question's IDF-weighted terms they
cover (multilingual stems, cognate prefixes, a multi-word name counted once; a question word also counts as
covered, in part or fully, by a word the encoder finds close in meaning, so "prize" meets "premio" and
"компания" meets "company"), by their similarity in meaning to the question under the multilingual encoder
(`rag/semantic.py`: "grand prize" meets "Gran Premio"), by whether they hold the kind of value the question
asks for (`rag/qtype.py`: a new number for "how many", a name for "who"), and by how well their passage
ranked. A question asking for a value gets it first, as the source writes it, then the quote, with the quote's
language named when it differs from the question's. The same fact stated in two articles is quoted once with
both sources; a follow-up does not simply repeat the previous answer. Thin or untyped evidence abstains with a
message in the question's language. `stream` is its side of the `Answerer` protocol (`rag/answerer.py`).
It does not retrieve, call an LLM or serialise.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from index.analyze import fold, is_stopword, sentence_forms, word_forms, words
from index.language import sentence_spans
from rag.answerer import pieces
from rag.idf import idf
from rag.qtype import INTERROGATIVES, anchors, asked_kinds, names, numbers, offers, value_of
from rag.semantic import SURFACE_WORD, SentenceSimilarity
from rag.types import Citation, Composed, Passage, Plan

ABSTAIN = {
    "en": "The documents do not contain the answer to this question.",
    "it": "I documenti non contengono la risposta a questa domanda.",
    "ru": "В документах нет ответа на этот вопрос.",
}

# The source's language, named in the reader's language where the quote is in another one.
LANGUAGE_NAMES = {
    "en": {"en": "English", "it": "Italian", "ru": "Russian"},
    "it": {"en": "inglese", "it": "italiano", "ru": "russo"},
    "ru": {"en": "английский", "it": "итальянский", "ru": "русский"},
}

CONTEXT_WEIGHT = 0.5  # weight of terms from earlier turns of the conversation
REPEAT_PENALTY = 0.3  # score taken from a window the previous answer of the conversation already quoted
PAIR_PENALTY = 0.08  # a two-sentence window must cover this much more than one sentence to win
SECOND_WINDOW = 0.85  # a further window is quoted when it scores at least this share of the best one
TYPE_BONUS, TYPE_PENALTY = 0.25, 0.15  # a window with / without the kind of value the question asks for
SEMANTIC_WEIGHT = 1.0  # weight of the encoder's question-sentence similarity next to lexical coverage
SEMANTIC_FLOOR, SEMANTIC_SPAN = 0.2, 0.4  # similarity mapped to [0, 1] evidence: FLOOR -> 0, FLOOR + SPAN -> 1
SOFT_WEIGHT = 1.0  # credit for a question word met by a word close in meaning (a translation), not by its form
SOFT_FLOOR, SOFT_SPAN = 0.5, 0.3  # word similarity mapped to [0, 1] credit: FLOOR -> 0, FLOOR + SPAN -> 1
UNSEEN_NAME = 1.0  # weight of a name in the question that no passage mentions, relative to the rarest word's


_BRACKETED_NUMBER = re.compile(r"\[(\d+)\]")
_NAME_RUN = re.compile(r"(?<![\w.!?])[A-ZÀ-ÖØ-ÞА-ЯЁ][\w’'-]*(?:\s+(?:[A-ZÀ-ÖØ-ÞА-ЯЁ][\w’'-]*|\d+))+")


@dataclass(frozen=True)
class Term:
    parts: list[set[str]]  # one set of forms per word; a plain word has one part
    weight: float
    word: str = ""  # the lower-case word, met in other languages by meaning too; "" = by its forms only (names)

    def matched(self, window: set[str]) -> float:
        """Share of the term found in the window; a name needs at least half of its words."""
        share = sum(bool(part & window) for part in self.parts) / len(self.parts)
        return share if share >= 0.5 else 0.0


@dataclass
class Candidate:
    passage: Passage
    text: str
    coverage: float
    score: float
    forms: set[str] = field(default_factory=set)
    typed: bool = True
    meaning: float = 0.0  # encoder similarity mapped to [0, 1]

    @property
    def evidence(self) -> float:
        """How well the window answers, by words shared or by meaning, whichever is stronger."""
        return max(self.coverage, self.meaning)


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
        self.df, self.n, self.languages = document_frequency, max(corpus_size, 1), languages
        self.threshold, self.max_sentences, self.similarity = threshold, max_sentences, similarity

    def idf(self, forms: set[str]) -> float:
        return idf(self.df, self.n, forms)

    def terms(self, text: str, scale: float = 1.0, unseen_words: bool = False) -> list[Term]:
        """Weighted question terms. A multi-word name counts once, with its rarest word's weight, so a long
        title ("Kling AI Nextgen Creative Contest") does not outweigh the word that says what is asked.
        `unseen_words`: words no passage holds count too, as rare words met only by meaning (for abstention)."""
        out: list[Term] = []
        for run in _NAME_RUN.finditer(text):
            run_words = [w for w in words(run.group()) if not is_stopword(w, self.languages)]
            parts = [word_forms(w, self.languages, cognates=True) for w in run_words]
            parts = [p for p in parts if self.idf(p) > 0]
            if len(parts) >= 2:
                out.append(Term(parts, scale * max(self.idf(p) for p in parts)))
                text = text.replace(run.group(), " ")
        # A name no passage mentions in any form still counts, as much as the rarest word (times UNSEEN_NAME), and
        # only by its form: "Giuseppe Verdi" in a question makes a corpus that never names him look unanswered.
        unseen = UNSEEN_NAME * idf({"": 1}, self.n, {""})  # a word found in one chunk
        for word, forms in _content_words(text, self.languages):
            if weight := self.idf(forms):
                out.append(Term([forms], scale * weight, word))
            elif fold(word) in names(text):
                out.append(Term([forms], scale * unseen))
            elif unseen_words:
                out.append(Term([forms], scale * unseen, word))
        return [t for t in out if t.weight > 0]

    def compose(
        self, question: str, language: str, passages: list[Passage], context: str = "", previous: str = ""
    ) -> Composed:
        """`context`: the earlier questions of a conversation; `previous`: the last answer, which a follow-up
        asking something else should not simply repeat."""
        terms = self.terms(question) + self.terms(context, CONTEXT_WEIGHT)
        total = sum(t.weight for t in terms)
        if not passages or total == 0:
            return self._abstain(language)
        candidates = self._candidates(question, terms, total, passages)
        for cand in candidates:  # a sentence already quoted answers a new question only if clearly the best
            if previous and _repeats(cand.text, previous):
                cand.score -= REPEAT_PENALTY
        if not candidates:
            return self._abstain(language)
        # A question asking for a kind of value ("how many", "when", "who") is answered only by a window offering one.
        typed = [c for c in candidates if c.typed]
        if not typed:
            return self._abstain(language)
        best = max(typed, key=lambda c: c.score)
        # Abstain when the evidence is thin.
        if self._evidence(question, context, best) < self.threshold:
            return self._abstain(language)
        return self._compose(candidates, best, question, language)

    def _evidence(self, question: str, context: str, best: Candidate) -> float:
        """How well the chosen window answers: its meaning, or its coverage of every word of the question, those
        no passage holds included (a near miss asks about a known entity with words the corpus never uses:
        "Who *composed the music* for Alzheimer?"); such a word is covered only by a close word in meaning."""
        if context:  # a follow-up is elliptical ("and the budget?"): its few words say too little on their own
            return best.evidence
        terms = self.terms(question, unseen_words=True)
        total = sum(t.weight for t in terms)
        near = self._soft_matches(terms, [best.text])[0]
        covered = sum(t.weight * max(t.matched(best.forms), s) for t, s in zip(terms, near, strict=True))
        return max(covered / total if total else 0.0, best.meaning)

    def rerank(self, question: str, passages: list[Passage], context: str = "") -> list[Passage]:
        """The passages ordered by their best window's answer score (the score `compose` picks by), each scored
        with it; a passage without a scorable window keeps its place after the others. Retrieval ranks whole
        chunks by a mix of words and meaning; this ranks them by the one sentence that would answer."""
        terms = self.terms(question) + self.terms(context, CONTEXT_WEIGHT)
        total = sum(t.weight for t in terms)
        if len(passages) < 2 or total == 0:
            return passages
        best: dict[str, float] = {}
        for cand in self._candidates(question, terms, total, passages):
            best[cand.passage.chunk_id] = max(best.get(cand.passage.chunk_id, -math.inf), cand.score)
        order = sorted(range(len(passages)), key=lambda i: (-best.get(passages[i].chunk_id, -math.inf), i))
        floor = min(best.values(), default=0.0)
        return [
            passages[i].model_copy(update={"score": best.get(passages[i].chunk_id, floor - 1 - n)})
            for n, i in enumerate(order)
        ]

    def _candidates(self, question: str, terms: list[Term], total: float, passages: list[Passage]) -> list[Candidate]:
        kinds = asked_kinds(question)
        split = [_sentences(p) for p in passages]
        flat = [t for texts in split for t in texts]
        meaning = self._meaning(question, flat)
        soft = self._soft_matches(terms, flat)
        out: list[Candidate] = []
        offset = 0
        for rank, (passage, texts) in enumerate(zip(passages, split, strict=True)):
            forms = [_sentence_forms(t, passage.language or "en") for t in texts]
            # Windows of one or two adjacent sentences: a fact and its subject are often split across two.
            for i in range(len(texts)):
                for width in (1, 2):
                    if i + width > len(texts) or not any(forms[i : i + width]):
                        continue
                    text = " ".join(texts[i : i + width])
                    window = set().union(*forms[i : i + width])
                    near = soft[offset + i : offset + i + width].max(axis=0)
                    coverage = sum(t.weight * max(t.matched(window), s) for t, s in zip(terms, near, strict=True))
                    coverage /= total
                    sense = meaning(offset + i, width)
                    typed = all(offers(text, question, kind) for kind in kinds)
                    kind = (TYPE_BONUS if typed else -TYPE_PENALTY) if kinds else 0.0
                    # Prefer short informative windows over headings and run-on paragraphs.
                    size = len(window)
                    shape = -0.1 if size < 4 else (-0.05 if size > 60 else 0.0)
                    shape -= PAIR_PENALTY * (width - 1)
                    score = coverage + SEMANTIC_WEIGHT * sense + kind + shape + 0.05 / (1 + rank)
                    out.append(Candidate(passage, text, coverage, score, window, typed, sense))
            offset += len(texts)
        return out

    def _soft_matches(self, terms: list[Term], sentences: list[str]) -> np.ndarray:
        """(sentences x terms): how nearly each sentence holds each term in meaning, in [0, 1], by the encoder's
        similarity of the term to the sentence's closest word (a translation scores high: "prize"/"premio")."""
        out = np.zeros((len(sentences), len(terms)), dtype=np.float32)
        asked = [i for i, t in enumerate(terms) if t.word and not t.word[0].isdigit()]
        if self.similarity is None or SOFT_WEIGHT == 0 or not asked or not sentences:
            return out
        closest = self.similarity.closest_words([terms[i].word for i in asked], sentences, self.languages)
        out[:, asked] = np.clip((closest - SOFT_FLOOR) / SOFT_SPAN, 0.0, 1.0) * SOFT_WEIGHT
        return out

    def _meaning(self, question: str, sentences: list[str]) -> Callable[[int, int], float]:
        """A function (first sentence index, width) -> the window's similarity to the question, in [0, 1]."""
        if self.similarity is None or not sentences:
            return lambda i, width: 0.0
        vectors = self.similarity.sentences(sentences)
        query = self.similarity.question(question)

        def window(i: int, width: int) -> float:
            vector = vectors[i : i + width].sum(axis=0)
            cosine = float(vector @ query) / max(float(np.linalg.norm(vector)), 1e-9)
            return min(max((cosine - SEMANTIC_FLOOR) / SEMANTIC_SPAN, 0.0), 1.0)

        return window

    def _compose(self, candidates: list[Candidate], best: Candidate, question: str, language: str) -> Composed:
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
                if all(c.passage.source != cand.passage.source for c in group) and _same_fact(group[0], cand):
                    group.append(cand)
        citations: list[Citation] = []
        by_chunk: dict[str, int] = {}
        parts = []
        for group in chosen:
            shown = group[0]
            markers = []
            for cand in group:
                cid = by_chunk.get(cand.passage.chunk_id)
                if cid is None:
                    cid = by_chunk[cand.passage.chunk_id] = len(citations) + 1
                    citations.append(
                        Citation(
                            id=cid,
                            source=cand.passage.source,
                            title=cand.passage.title,
                            language=cand.passage.language,
                            text=cand.passage.text,
                            score=round(cand.passage.score, 6),
                            quote=cand.text,
                        )
                    )
                markers.append(f"[{cid}]")
            # A bracketed number inside a quoted sentence would read as one of our markers.
            quoted = _BRACKETED_NUMBER.sub(r"(\1)", shown.text)
            tag = "" if shown.passage.language == language else f" ({language_name(shown.passage.language, language)})"
            parts.append(f"{quoted} {''.join(dict.fromkeys(markers))}{tag}")
        text = " ".join(parts)
        # A question that asks for a value gets it first, as the source writes it, when the quote holds just one.
        value = value_of(best.text, question, asked_kinds(question))
        if value is not None:
            lead = _BRACKETED_NUMBER.sub(r"(\1)", value)
            text = f"{lead} [{by_chunk[best.passage.chunk_id]}]\n\n{text}"
        return Composed(text, False, citations)

    def _abstain(self, language: str) -> Composed:
        return Composed(ABSTAIN.get(language, ABSTAIN["en"]), True, [])

    def stream(self, plan: Plan, passages: list[Passage]) -> Iterator[str | Composed]:
        """The `Answerer` protocol (`rag/answerer.py`): the composed text in small pieces, then the result."""
        composed = self.compose(plan.question, plan.language, passages, plan.conversation, plan.previous)
        yield from pieces(composed.text)
        yield composed


def language_name(code: str, reader: str) -> str:
    return LANGUAGE_NAMES.get(reader, LANGUAGE_NAMES["en"]).get(code, code)


def _sentences(passage: Passage) -> list[str]:
    return [passage.text[a:b].strip() for a, b in sentence_spans(passage.text, passage.language or "en")]


@lru_cache(maxsize=50_000)
def _sentence_forms(text: str, language: str) -> frozenset[str]:
    """`sentence_forms`, cached: the same passages come back for many questions."""
    return frozenset(sentence_forms(text, language))


def _content_words(text: str, languages: list[str]) -> list[tuple[str, set[str]]]:
    """(lower-case word, its forms) per distinct content word, as `query_terms` finds them; the word keeps its
    accents and letters such as "й" (`words` folds them away), which the encoder reads."""
    out: list[tuple[str, set[str]]] = []
    seen: list[set[str]] = []
    for surface in SURFACE_WORD.findall(text):
        word = words(surface)[0] if words(surface) else ""
        if not word or word in INTERROGATIVES or is_stopword(word, languages):
            continue
        forms = word_forms(word, languages, cognates=True)
        if forms not in seen:
            seen.append(forms)
            out.append((surface.casefold(), forms))
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
    if len(numbers(a.text)) >= 2:
        return True
    shared = x & y
    return len(shared) >= 3 and len(shared) / min(len(x), len(y)) >= 0.6


def _overlaps(a: Candidate, b: Candidate) -> bool:
    """The same words quoted twice: one window inside the other, in one chunk or in two overlapping chunks."""
    return a.text in b.text or b.text in a.text
