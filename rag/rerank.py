"""Re-ranking: the stage between retrieval and composing that orders passages by the sentence that would answer.

Retrieval ranks whole chunks by a mix of words and meaning; `rerank` re-orders them by their best sentence
window's answer score (the windows of `rag/windows.py`, scored as the extractive answerer scores them), keeping
retrieval's order among equals and putting passages without a scorable window last, and those that never mention a
name the question asks about ("Autumn Harvest", "DeepSeek": `rag/subject.py`) after those that do. Passages keep
their retrieval `score`: re-ranking changes their order, not what retrieval said of them. The scored windows travel
on in the `Ranking`, so the extractive answerer composes from them instead of scoring the same windows again. It
does not retrieve, fuse rankings or choose what to quote.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rag.subject import elsewhere
from rag.types import Passage
from rag.windows import ScoredWindows, WindowScorer


@dataclass(frozen=True)
class Ranking:
    """Passages in the order an answerer reads them, and (when re-ranked) their windows scored for the question."""

    passages: list[Passage]
    windows: ScoredWindows | None = None

    def top(self, k: int) -> Ranking:
        return Ranking(self.passages[:k], self.windows)


def rerank(scorer: WindowScorer, question: str, context: str, passages: list[Passage]) -> Ranking:
    """`passages` ordered by their best window's answer score for `question` (with the conversation's earlier
    questions, `context`), those that never mention a name the question asks about last; fewer than two passages, or
    a question without terms, keep retrieval's order."""
    terms = scorer.question_terms(question, context)
    total = sum(t.weight for t in terms)
    if len(passages) < 2 or total == 0:
        return Ranking(passages)
    windows = scorer.scored(question, context, terms, total, passages)
    placed = windows.placed(question, context, passages)
    assert placed is not None  # scored for exactly these passages
    best: dict[str, float] = {}
    for cand in placed:
        best[cand.passage.chunk_id] = max(best.get(cand.passage.chunk_id, -math.inf), cand.score)
    # Passages that never mention a name the question asks about go after those that do (`rag/subject.py`).
    away = elsewhere(question, passages, scorer.languages, scorer.idf)
    order = sorted(
        range(len(passages)),
        key=lambda i: (passages[i].chunk_id in away, -best.get(passages[i].chunk_id, -math.inf), i),
    )
    return Ranking([passages[i] for i in order], windows)
