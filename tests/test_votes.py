"""Votes on answers (`ui/votes.py`): a shown answer is recalled by its id until `RECENT_ANSWERS` newer ones push it
out, and every vote is one whole JSONL line in the feedback file, with its citations, also when votes arrive from
several threads at once. The chat page and the API reach it through `Service` (tests/test_api.py,
tests/test_browser_chat.py).
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest


def shown_answer(question: str):
    from rag.types import Answer, Citation

    cited = Citation(id=1, source="seeds/a.txt", title="A", language="it", text="Pico è un airone.", score=0.9)
    return Answer.model_validate({
        "question": question, "answer": "Pico è un airone [1].", "abstained": False, "mode": "extractive",
        "language": "it", "citations": [cited], "retrieved": [], "timings_ms": {"retrieve": 1, "answer": 1, "total": 2},
    })  # fmt: skip


def test_a_shown_answer_is_recalled_until_newer_ones_push_it_out(tmp_path):
    from ui.votes import RECENT_ANSWERS, Votes

    votes = Votes(tmp_path / "feedback.jsonl")
    first = votes.remember(shown_answer("Chi è Pico?"))
    assert votes.recall(first).question == "Chi è Pico?"  # type: ignore[union-attr]
    assert votes.recall("no such id") is None
    kept = [votes.remember(shown_answer(f"question {n}")) for n in range(RECENT_ANSWERS)]
    assert votes.recall(first) is None and votes.recall(kept[0]).question == "question 0"  # type: ignore[union-attr]


@pytest.mark.parametrize("question", ["Chi è Pico?", "Кто такой Пико?", "", "🦩 who?"])
def test_each_vote_is_one_whole_json_line_with_its_citations(tmp_path, question):
    from ui.votes import Votes

    path = tmp_path / "missing folder" / "feedback.jsonl"
    votes, answer = Votes(path), shown_answer(question)
    with ThreadPoolExecutor(8) as pool:
        stored = list(pool.map(lambda n: votes.record("up" if n % 2 else "down", question, answer.answer,
                                                      answer.citations, "chat"), range(40)))  # fmt: skip
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 40 and sorted(line["vote"] for line in lines) == ["down"] * 20 + ["up"] * 20
    assert all(line["question"] == question and line["origin"] == "chat" for line in lines)
    assert all(line["citations"][0]["source"] == "seeds/a.txt" for line in lines)
    assert {record.time for record in stored} == {line["time"] for line in lines}
