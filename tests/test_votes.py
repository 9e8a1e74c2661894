"""Votes on answers (`ui/votes.py`): a shown answer is recalled by its id until `RECENT_ANSWERS` newer ones push it
out, also when two are shown at once, and every vote is one whole JSONL line in the feedback file, with its
citations, also when votes arrive from several threads and several processes (replicas sharing the data dir) at
once. The chat page and the API reach it through `Service` (tests/test_api.py, tests/test_browser_chat.py).
"""

from __future__ import annotations

import json
import multiprocessing
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest


def shown_answer(question: str, text_chars: int = 0):
    from rag.types import Answer, Citation

    text = ("Pico è un airone. " * (1 + text_chars // 18))[: text_chars or 17]
    cited = Citation(id=1, source="seeds/a.txt", title="A", language="it", text=text, score=0.9)
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


def test_an_answer_shown_while_another_pushes_one_out_forgets_only_the_oldest(tmp_path):
    """Two answers shown at once on a full memory push out exactly the two oldest. The interleaving is forced, not
    hoped for: thread A stops between its overflow check and its eviction (a profile hook on its `popitem` call) until
    B has shown its answer, or 1 s has passed. Without the lock B sees A's answer as overflow too, evicts two, and A
    then evicts a third that should still be recalled."""
    from ui.votes import RECENT_ANSWERS, Votes

    votes, answer = Votes(tmp_path / "feedback.jsonl"), shown_answer("Chi è Pico?")
    full = [votes.remember(answer) for _ in range(RECENT_ANSWERS)]
    a_evicting, b_shown = threading.Event(), threading.Event()

    def pause_at_eviction(frame: Any, event: str, arg: Any) -> None:
        if event == "c_call" and getattr(arg, "__name__", "") == "popitem" and not a_evicting.is_set():
            a_evicting.set()
            b_shown.wait(timeout=1)  # with the lock, B waits for A instead: A goes on after the timeout

    def show_a() -> str:
        sys.setprofile(pause_at_eviction)
        try:
            return votes.remember(answer)
        finally:
            sys.setprofile(None)

    def show_b() -> str:
        a_evicting.wait(timeout=10)
        try:
            return votes.remember(answer)
        finally:
            b_shown.set()

    with ThreadPoolExecutor(2) as pool:
        a, b = pool.submit(show_a), pool.submit(show_b)
        shown = [a.result(), b.result()]
    assert a_evicting.is_set()  # the pause happened where it should
    assert [key for key in full + shown if votes.recall(key) is not None] == full[2:] + shown


WRITERS, THREADS, VOTES = 3, 4, 25  # processes, threads in each (sharing one Votes), votes per thread
LONG = 20_000  # characters of citation text: a line of ~21 KB, past PIPE_BUF and Python's 8 KiB write buffer


def vote_from_a_replica(path: Path, question: str, start: Any, replica: int) -> None:
    """One `rag serve` replica's votes: its own `Votes` on the shared feedback file, from several threads at once."""
    from ui.votes import Votes

    votes, answer = Votes(path), shown_answer(question, text_chars=LONG)
    start.wait()  # every replica's threads start voting together

    def vote(n: int) -> None:
        said = f"{answer.answer} (replica {replica}, vote {n})"
        votes.record("up" if n % 2 else "down", question, said, answer.citations, "api" if n % 2 else "chat")

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(vote, range(THREADS * VOTES)))


@pytest.mark.parametrize("question", ["Chi è Pico?", "Кто такой Пико?", "", "🦩 who?"])
def test_each_vote_is_one_whole_json_line_with_its_citations(tmp_path, question):
    """Replicas sharing the data dir (separate processes: no lock of one could serialise them) and threads within each
    append long votes at once: every line is whole. What guarantees it is one O_APPEND write per vote; a vote
    written in pieces (e.g. `json.dump` through a text file, in 8 KiB flushes) interleaves and this test fails."""
    context = multiprocessing.get_context("spawn")  # a clean child: the session's torch threads are not forked
    path = tmp_path / "missing folder" / "feedback.jsonl"
    start = context.Barrier(WRITERS)
    replicas = [context.Process(target=vote_from_a_replica, args=(path, question, start, r)) for r in range(WRITERS)]
    for replica in replicas:
        replica.start()
    for replica in replicas:
        replica.join(timeout=120)
    assert [replica.exitcode for replica in replicas] == [0] * WRITERS
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    per_replica = THREADS * VOTES
    assert len(lines) == WRITERS * per_replica
    assert sorted(line["answer"] for line in lines) == sorted(
        f"Pico è un airone [1]. (replica {r}, vote {n})" for r in range(WRITERS) for n in range(per_replica)
    )
    assert all((line["vote"], line["origin"]) in {("up", "api"), ("down", "chat")} for line in lines)
    assert all(line["question"] == question for line in lines)
    assert all(len(line["citations"][0]["text"]) == LONG and line["citations"][0]["source"] == "seeds/a.txt"
               for line in lines)  # fmt: skip


def test_a_vote_returns_what_it_stored(tmp_path):
    from ui.votes import Votes

    votes, answer = Votes(tmp_path / "feedback.jsonl"), shown_answer("Chi è Pico?")
    stored = votes.record("up", "Chi è Pico?", answer.answer, answer.citations, "api")
    (line,) = [json.loads(line) for line in (tmp_path / "feedback.jsonl").read_text(encoding="utf-8").splitlines()]
    assert line == json.loads(stored.model_dump_json())


@pytest.mark.parametrize(
    ("history", "question"),
    [
        ([{"role": "user", "content": "Chi è Pico?"}, {"role": "assistant", "content": "Un airone."}], "Chi è Pico?"),
        (
            [{"role": "user", "content": "Кто такой Пико?"}, {"role": "assistant", "content": "Цапля."}],
            "Кто такой Пико?",
        ),
        (
            [
                {"role": "user", "content": "Who is Pico? 🦩"},
                {"role": "assistant", "content": "A heron."},
                {"role": "assistant", "content": "There is no question to answer yet."},
            ],
            "",
        ),
        ([{"role": "assistant", "content": "There is no question to answer yet."}], ""),
    ],
    ids=["it", "ru", "reply-to-an-empty-question-after-an-answer", "only-a-reply"],
)
def test_a_vote_on_a_message_the_page_shows_names_the_question_right_before_it(
    tmp_path, history: list[dict[str, str]], question: str
) -> None:
    """Without the remembered Answer (e.g. after a restart), the voted message's question is the user message right
    before it: the reply to an empty question, which has no user message, was stored with the previous question."""
    from tests.conftest import make_settings
    from ui.chat import voted_answer
    from ui.service import Service

    service = Service(make_settings(tmp_path).serve, engine=None)  # a vote on a shown message reads no engine
    assert voted_answer(service, history, len(history) - 1) == (question, history[-1]["content"], [])
