"""New questions in a conversation: each answerable question asked first, and asked again after an unrelated one.

A chat user asks many questions in one conversation, most of them not follow-ups: a question on another subject
should get the answer it gets when asked first, not one read with the earlier question. The earlier question is
the next answerable one of the set (in file order, wrapping round) that shares no source with it, so the pairing
is fixed. Reports answer accuracy asked first and asked after, and the questions answered right first but not
after. It does not score follow-ups (`eval/followups.py`) or retrieval.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from eval.dataset import QAItem
from eval.metrics import contains_any
from rag.engine import Engine
from rag.types import Answer, Query, Turn


def score_new_questions(
    engine: Engine, items: list[QAItem], progress: Callable[[str, int, int], None]
) -> dict[str, Any]:
    """`items`' answerable questions, each asked first and after an unrelated earlier question."""
    answerable = [item for item in items if item.answerable]
    asked = first_right = after_right = 0
    lost: list[dict[str, Any]] = []
    for n, item in enumerate(answerable):
        others = answerable[n + 1 :] + answerable[:n]
        earlier = next((o for o in others if not set(o.sources) & set(item.sources)), None)
        if earlier is not None:
            asked += 1
            first = engine.ask(Query(item.question))
            earlier_answer = engine.ask(Query(earlier.question)).answer
            history = [Turn("user", earlier.question), Turn("assistant", earlier_answer)]
            after = engine.ask(Query(item.question, history=history))
            right = _right(first, item), _right(after, item)
            first_right, after_right = first_right + right[0], after_right + right[1]
            if right == (True, False):
                lost.append({"id": item.id, "earlier": earlier.question, "question": item.question,
                             "answer": after.answer})  # fmt: skip
        progress("new questions", n + 1, len(answerable))
    return {
        "n": asked,
        "accuracy_first": first_right / asked if asked else None,
        "accuracy_after": after_right / asked if asked else None,
        "lost": lost,
    }


def _right(answer: Answer, item: QAItem) -> bool:
    return not answer.abstained and contains_any(answer.answer, item.answers)
