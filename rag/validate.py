"""Validation, the first stage of a question: a clean question text and sane options, or a `QuestionError`.

Characters are composed (NFC), control characters become spaces and runs of spaces one; an empty or over-long
question, a `top_k` outside 1..50 and a `lang` that is not a two-letter code are refused with a message saying why
(the CLI, the API and the chat page show it as is). It does not detect languages or retrieve.
"""

from __future__ import annotations

import unicodedata

from index.errors import UsageError
from rag.types import Query


class QuestionError(UsageError, ValueError):
    """The question (or its options) cannot be answered as given; the message says why."""


def clean_question(question: str, limit: int) -> str:
    """Control characters become spaces; empty or over-long questions are refused with a reason."""
    if not isinstance(question, str):
        raise QuestionError("the question must be a string")
    # Composed (NFC): a question pasted in decomposed form ("e" + U+0300) reads as typed ("è", "й").
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in unicodedata.normalize("NFC", question))
    text = " ".join(text.split())
    if not text:
        raise QuestionError("the question is empty")
    if len(text) > limit:
        raise QuestionError(f"the question is too long ({len(text)} characters; the limit is {limit})")
    return text


def checked(query: Query, limit: int) -> tuple[str, str | None]:
    """The cleaned question and the language filter (lower case), or `QuestionError`."""
    question = clean_question(query.question, limit)
    top_k, lang = query.top_k, query.lang
    if top_k is not None and not 1 <= top_k <= 50:
        raise QuestionError("top_k must be between 1 and 50")
    if lang is not None and (len(lang) != 2 or not lang.isalpha()):
        raise QuestionError(f"lang must be a two-letter language code, not {lang!r}")
    return question, lang.lower() if lang else None
