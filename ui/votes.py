"""Votes on answers: the answers the chat page showed, remembered so that a later vote on one can store the citations
it was given, and each vote appended as one JSONL line to the feedback file (`<data_dir>/feedback.jsonl`).

`Votes` is thread-safe; `ui.service.Service` holds one and answers `remember`, `recall` and `record_vote` with it.
A vote is one `write(2)` of its whole line to the file opened with O_APPEND: on a local file system writes to a
regular file are atomic with respect to each other (POSIX XSH 2.9.7; the PIPE_BUF size limit is for pipes only) and
each lands at the end, so lines never interleave, neither between threads nor between `rag serve` replicas sharing
the data dir (which no lock of one process could serialise); the file needs no lock.
It does not decide who may vote (the rate limit is `Service.admit`), speak HTTP or render anything.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections import OrderedDict
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from rag.types import Answer, Citation
from ui.service_models import FeedbackRecord

RECENT_ANSWERS = 2000  # answers the chat page remembers, so a vote can store the citations it was given


class Votes:
    """The recently shown answers (at most `RECENT_ANSWERS`, oldest forgotten first) and the feedback file."""

    def __init__(self, feedback_path: Path) -> None:
        self.feedback_path = feedback_path
        self._answers_lock = threading.Lock()
        self._answers: OrderedDict[str, Answer] = OrderedDict()

    def remember(self, answer: Answer) -> str:
        """Keep a shown answer so a later vote on it can store its citations; returns its id."""
        key = uuid.uuid4().hex[:16]
        with self._answers_lock:
            self._answers[key] = answer
            while len(self._answers) > RECENT_ANSWERS:
                self._answers.popitem(last=False)
        return key

    def recall(self, key: str) -> Answer | None:
        with self._answers_lock:
            return self._answers.get(key)

    def record(
        self, vote: Literal["up", "down"], question: str, answer: str, citations: list[Citation], origin: str
    ) -> FeedbackRecord:
        """Append one vote to the feedback file (created with its folder when missing); returns what was stored."""
        record = FeedbackRecord(
            time=datetime.now(UTC).isoformat(timespec="seconds"),
            vote=vote,
            question=question,
            answer=answer,
            citations=citations,
            origin=origin,
        )
        line = (record.model_dump_json() + "\n").encode("utf-8")
        path = self.feedback_path
        path.parent.mkdir(parents=True, exist_ok=True)
        out = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o666)
        try:
            written = os.write(out, line)  # the whole line in one write: see the module's docstring
        finally:
            os.close(out)
        if written != len(line):  # only on a full disk or file size limit
            raise OSError(f"the vote was cut short in {path}: {written} of {len(line)} bytes written")
        return record
