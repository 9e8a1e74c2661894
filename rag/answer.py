"""Extractive answering: pick the sentences of the retrieved passages that best answer the question.

Each sentence is scored by how much of the question's (IDF-weighted, multilingual-stemmed) terms it and its
neighbours cover, whether it has the kind of value the question asks for (a number for "how many", a name for
"who"), and how well its passage ranked. The same fact stated in two articles is quoted once with both
sources. Weak evidence abstains with a message in the question's language. It does not retrieve, call an LLM
or serialise anything.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from index.analyze import query_terms, sentence_forms
from index.language import sentence_spans
from rag.types import Citation, Passage

ABSTAIN = {
    "en": "The documents do not contain the answer to this question.",
    "it": "I documenti non contengono la risposta a questa domanda.",
    "ru": "В документах нет ответа на этот вопрос.",
}

# Question words that ask for a quantity or a date, and for a person or work, per language.
_ASKS_NUMBER = re.compile(
    r"\b(how (many|much|long|old)|when|what year|what date|quant[aeio]|quando|in che anno|"
    r"сколько|когда|в каком году|какого числа)\b|\bкакой бюджет\b",
    re.IGNORECASE,
)
_ASKS_NAME = re.compile(r"\b(who|whom|whose|chi|кто|кого|кому|чей|чья|чьё|чьи)\b", re.IGNORECASE)
_HAS_NUMBER = re.compile(r"\d")
_HAS_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-ZÀ-ÖØ-ÞА-ЯЁ][\w’'-]+|[«“\"'‘][^«“\"'‘»”’]{2,60}[»”\"'’]")

CONTEXT_WEIGHT = 0.5  # weight of terms from earlier turns of the conversation
PAIR_PENALTY = 0.08  # a two-sentence window must cover this much more than one sentence to win


@dataclass
class Candidate:
    passage_rank: int
    passage: Passage
    text: str
    coverage: float
    score: float
    forms: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Composed:
    text: str
    abstained: bool
    citations: list[Citation]
    evidence: float


class ExtractiveAnswerer:
    """Composes a short cited answer from passages, or abstains when the evidence is weak."""

    def __init__(
        self,
        document_frequency: dict[str, int],
        corpus_size: int,
        languages: list[str],
        threshold: float,
        max_sentences: int = 2,
    ) -> None:
        self.df, self.n, self.languages = document_frequency, max(corpus_size, 1), languages
        self.threshold, self.max_sentences = threshold, max_sentences

    def idf(self, forms: set[str]) -> float:
        df = max((self.df.get(form, 0) for form in forms), default=0)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5)) if df else 0.0

    def compose(self, question: str, language: str, passages: list[Passage], context: str = "") -> Composed:
        terms = [(forms, self.idf(forms)) for forms in query_terms(question, self.languages)]
        terms += [(forms, CONTEXT_WEIGHT * self.idf(forms)) for forms in query_terms(context, self.languages)]
        terms = [(forms, weight) for forms, weight in terms if weight > 0]
        total = sum(weight for _, weight in terms)
        if not passages or total == 0:
            return self._abstain(language)
        candidates = self._candidates(question, terms, total, passages)
        if not candidates:
            return self._abstain(language)
        best = max(candidates, key=lambda c: c.score)
        if best.coverage < self.threshold:
            return self._abstain(language, best.coverage)
        return self._compose(candidates, best, language)

    def _candidates(
        self, question: str, terms: list[tuple[set[str], float]], total: float, passages: list[Passage]
    ) -> list[Candidate]:
        wants_number = bool(_ASKS_NUMBER.search(question))
        wants_name = bool(_ASKS_NAME.search(question))
        out: list[Candidate] = []
        for rank, passage in enumerate(passages):
            spans = sentence_spans(passage.text, passage.language or "en")
            texts = [passage.text[a:b].strip() for a, b in spans]
            forms = [sentence_forms(t, passage.language or "en") for t in texts]
            # Windows of one or two adjacent sentences: a fact and its subject are often split across two.
            for i in range(len(texts)):
                for width in (1, 2):
                    if i + width > len(texts) or not any(forms[i : i + width]):
                        continue
                    text = " ".join(texts[i : i + width])
                    window = set().union(*forms[i : i + width])
                    coverage = sum(w for term, w in terms if term & window) / total
                    kind = 0.0
                    if wants_number:
                        kind += 0.15 if _HAS_NUMBER.search(text) else -0.1
                    if wants_name:
                        kind += 0.1 if _HAS_NAME.search(text) else -0.05
                    # Prefer short informative windows over headings and run-on paragraphs.
                    size = len(window)
                    shape = -0.1 if size < 4 else (-0.05 if size > 60 else 0.0)
                    shape -= PAIR_PENALTY * (width - 1)
                    score = coverage + kind + shape + 0.05 / (1 + rank)
                    out.append(Candidate(rank, passage, text, coverage, score, window))
        return out

    def _compose(self, candidates: list[Candidate], best: Candidate, language: str) -> Composed:
        ranked = sorted(candidates, key=lambda c: c.score, reverse=True)
        chosen: list[list[Candidate]] = [[best]]
        for cand in ranked[1:]:
            if cand.score < 0.85 * best.score:
                break
            if any(_overlaps(c, cand) for g in chosen for c in g):
                continue
            group = next((g for g in chosen if _same_fact(g[0], cand)), None)
            if group is not None:
                if all(c.passage.source != cand.passage.source for c in group):
                    group.append(cand)
            elif len(chosen) < self.max_sentences and not any(_overlaps(g[0], cand) for g in chosen):
                chosen.append([cand])
        citations: list[Citation] = []
        by_chunk: dict[str, int] = {}
        parts = []
        for group in chosen:
            # Show the version in the reader's language when the fact exists in several.
            shown = next((c for c in group if c.passage.language == language), group[0])
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
            parts.append(f"{shown.text} {''.join(dict.fromkeys(markers))}")
        return Composed(" ".join(parts), False, citations, best.coverage)

    def _abstain(self, language: str, evidence: float = 0.0) -> Composed:
        return Composed(ABSTAIN.get(language, ABSTAIN["en"]), True, [], evidence)


def _anchors(forms: set[str]) -> set[str]:
    """Numbers and long forms: what two translations of one sentence still share."""
    return {f for f in forms if f[0].isdigit() or len(f) >= 6}


def _same_fact(a: Candidate, b: Candidate) -> bool:
    if a.passage.source == b.passage.source:
        return False
    x, y = _anchors(a.forms), _anchors(b.forms)
    if len(x) < 2 or len(y) < 2:
        return False
    return len(x & y) / min(len(x), len(y)) >= 0.5


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.passage.chunk_id == b.passage.chunk_id and (a.text in b.text or b.text in a.text)
