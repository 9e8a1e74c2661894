"""The composing stage's contract: an `Answerer` turns a `Plan` and its passages into text pieces and a
`Composed` result; `build_answer` is the one place an `Answer` is made from it.

Two answerers implement the protocol: the extractive one (`rag/answer.py`), which composes at once and streams
its text in small pieces, and the LLM one (`rag/llm.py`), which streams the model's words and raises
`LLMFailure` when the model fails. It does not retrieve, validate questions or handle failures (the engine does).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

from rag.types import Answer, Composed, Passage, Plan, Retrieved, Timings

if TYPE_CHECKING:
    from rag.windows import ScoredWindows


class Answerer(Protocol):
    """Passages in; text pieces as they are ready, then the `Composed` answer (whose text is authoritative).
    `windows`: the passages' sentence windows as the re-ranking stage scored them, for an answerer that reads them
    (the extractive one); others ignore them."""

    def stream(
        self, plan: Plan, passages: list[Passage], windows: ScoredWindows | None = None
    ) -> Iterator[str | Composed]: ...


def pieces(text: str, size: int = 3) -> Iterator[str]:
    """A finished text in pieces of `size` words, so it streams like a generated one."""
    words = text.split(" ")
    for i in range(0, len(words), size):
        yield " ".join(words[i : i + size]) + (" " if i + size < len(words) else "")


def build_answer(
    plan: Plan,
    composed: Composed,
    mode: str,
    passages: list[Passage],
    started: float,
    retrieved_at: float,
    notice: str | None = None,
) -> Answer:
    """The `Answer` of a question: `started` when it was received, `retrieved_at` when its passages were found."""
    done = time.perf_counter()
    return Answer(
        question=plan.asked or plan.question,
        answer=composed.text,
        abstained=composed.abstained,
        mode=mode,
        language=plan.language,
        citations=composed.citations,
        retrieved=[Retrieved(source=p.source, chunk_id=p.chunk_id, score=round(p.score, 6)) for p in passages],
        timings_ms=Timings(
            retrieve=round((retrieved_at - started) * 1000, 2),
            answer=round((done - retrieved_at) * 1000, 2),
            total=round((done - started) * 1000, 2),
        ),
        unsupported=composed.unsupported,
        notice=notice,
    )
