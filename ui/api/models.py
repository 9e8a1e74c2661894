"""The JSON bodies of `/api`: what the routes accept (questions, turns, votes) and the small replies they give.

Free text is checked for lone surrogates (JSON allows `\ud800`; nothing downstream can store or encode it), so
such input is a 422, not a 500. The Answer contract itself is `rag.types.Answer`. It holds no route.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

from rag.types import Citation

MAX_HISTORY_TURNS = 50
MAX_TURN_CHARS = 20_000


def _encodable(text: str) -> str:
    """Refuse lone surrogates (JSON allows `\\ud800`; nothing downstream can store or encode it): 422, not 500."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text contains a lone surrogate (invalid Unicode)") from None
    return text


Text = Annotated[str, AfterValidator(_encodable)]


class TurnIn(BaseModel):
    role: Literal["user", "assistant"]
    content: Text = Field(max_length=MAX_TURN_CHARS)


class AskIn(BaseModel):
    question: str = Field(description="The question, in any language (at most RAG_MAX_QUESTION_CHARS characters).")
    top_k: int | None = Field(None, description="Passages to retrieve, 1-50 (default RAG_TOP_K).")
    lang: str | None = Field(None, description="Only search documents in this two-letter language, e.g. 'it'.")
    history: list[TurnIn] = Field(
        default_factory=list,
        max_length=MAX_HISTORY_TURNS,
        description="Earlier turns, oldest first; follow-up questions are retrieved with the previous questions.",
    )


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    documents: int
    chunks: int
    embedding_model: str


class FeedbackIn(BaseModel):
    vote: Literal["up", "down"]
    question: Text = Field(max_length=MAX_TURN_CHARS)
    answer: Text = Field(max_length=MAX_TURN_CHARS)
    citations: list[Citation] = Field(default_factory=list, max_length=50)


class Stored(BaseModel):
    stored: bool = True
    time: str
