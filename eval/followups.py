"""Score two-turn conversations: the last turn asked with the earlier turns as history, and alone.

A last answer that is the previous answer again, although the two turns ask for different facts, counts as
wrong and is reported as a repeat (`eval.metrics.repeats_previous`). Only the last turn is scored. It does not
load the Q&A set or write reports.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from eval.dataset import SPLITS, Conversation, QAItem, load_conversations, select_split
from eval.metrics import Outcome, group_metrics, repeats_previous
from eval.scoring import score
from rag.engine import Engine
from rag.types import Query, Turn


def _summary(outcomes: list[Outcome], repeated: list[bool]) -> dict[str, Any]:
    metrics = group_metrics(outcomes)
    rate = round(sum(repeated) / len(repeated), 4) if repeated else None
    return {
        "n": len(outcomes),
        "retrieval": metrics["retrieval"],
        "answer": metrics["answer"],
        "citations": metrics["citations"],
        "follow_up": {"repeats": sum(repeated), "repeat_rate": rate},
    }


def _ask(engine: Engine, conv: Conversation, languages: dict[str, str]) -> tuple[Outcome, Outcome, bool, Any]:
    """(last turn with history, last turn alone, repeated the previous answer?, failure or None)."""
    history: list[Turn] = []
    previous = None
    for question in conv.questions[:-1]:
        previous = engine.ask(Query(question, history=list(history)))
        history += [Turn("user", question), Turn("assistant", previous.answer)]
    item = QAItem(conv.id, conv.questions[-1], conv.lang, conv.answers, conv.sources, True, conv.split)
    outcome, answer = score(engine, item, languages, history=history)
    repeated = (
        previous is not None
        and not answer.abstained
        and repeats_previous(previous.answer, answer.answer, conv.previous_answers, conv.answers)
    )
    if repeated:
        outcome = replace(outcome, correct=False)
    failure = None
    if not outcome.correct:
        kind = "repeated_previous_answer" if repeated else "false_abstention" if answer.abstained else "wrong_answer"
        failure = {
            "id": conv.id,
            "kind": kind,
            "question": item.question,
            "previous_answer": previous.answer if previous else "",
            "answer": answer.answer,
            "expected": list(conv.answers),
            "sources": list(conv.sources),
        }
    alone = score(engine, item, languages)[0]
    return outcome, alone, repeated, failure


def score_conversations(
    engine: Engine, path: Path, languages: dict[str, str], progress: Any, split: str | None = None
) -> dict[str, Any]:
    convs = select_split(load_conversations(path, engine.index_settings.languages), split, path)
    with_history: list[Outcome] = []
    alone: list[Outcome] = []
    repeated: list[bool] = []
    failures: list[dict[str, Any]] = []
    for n, conv in enumerate(convs, 1):
        outcome, single, repeat, failure = _ask(engine, conv, languages)
        with_history.append(outcome)
        alone.append(single)
        repeated.append(repeat)
        failures += [failure] if failure else []
        progress("conversations", n, len(convs))
    result: dict[str, Any] = {
        "dataset": str(path),
        "n": len(convs),
        "split": split or "all",
        "with_history": _summary(with_history, repeated),
        "without_history": _summary(alone, [False] * len(alone)),
    }
    if split is None and all(c.split for c in convs):
        result["splits"] = {
            name: _summary(
                [o for o, c in zip(with_history, convs, strict=True) if c.split == name],
                [r for r, c in zip(repeated, convs, strict=True) if c.split == name],
            )
            for name in SPLITS
        }
    result["failures"] = failures
    return result
