"""The typed values that cross every boundary: a `Query` (with its history of `Turn`s) in, the `Plan` of what to
retrieve, `Passage`s between retrieval and answering, a `Composed` answer text, an `Answer` with its `Citation`s out.

llama-index nodes become `Passage`s in exactly one place (`Passage.from_node`); the CLI, the API, Gradio and
the widget all build the one `Query` and serialise the one `Answer` model. It holds no logic beyond conversion;
a `Query` is validated by the engine (`rag/engine.py`), not here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from llama_index.core.schema import NodeWithScore


@dataclass(frozen=True)
class Turn:
    """One message of a conversation: `role` is "user" or "assistant"."""

    role: str
    content: str


@dataclass(frozen=True)
class Query:
    """One question as asked: `top_k` None = the configured one, `lang` restricts retrieval to one language,
    `history` the earlier turns (oldest first), `retrieval` "hybrid" or one side alone ("dense", "lexical"),
    `reader` the language the asker reads (a page's), which the answer is worded in where the question is too short
    to tell its own ("🙂", "Kling AI?": `rag/question_language.py`)."""

    question: str
    top_k: int | None = None
    lang: str | None = None
    history: list[Turn] = field(default_factory=list)
    retrieval: str = "hybrid"
    reader: str | None = None


@dataclass(frozen=True)
class Plan:
    """What a question becomes before retrieval (`rag/plan.py`).

    `queries`: what retrieval searches for, the question (or the standalone question the LLM rewrote it into)
    first, then its translations; `context`: earlier user questions retrieved together with each query ("" once
    the question was rewritten); `conversation`: the earlier user questions (the follow-up context, for
    answering); `previous`: the last answer, which a follow-up asking something else should not repeat; `asked`:
    the question as the user wrote it, where `question` differs from it (a Turkish name's case ending left out).
    """

    question: str
    language: str
    queries: list[str]
    context: str = ""
    conversation: str = ""
    previous: str = ""
    asked: str = ""

    @property
    def standalone(self) -> str:
        return self.queries[0]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Passage(_Frozen):
    """One retrieved chunk with its provenance and fused retrieval score."""

    chunk_id: str
    source: str
    title: str
    language: str
    text: str
    score: float
    start: int = 0
    end: int = 0

    @classmethod
    def from_node(cls, hit: NodeWithScore) -> Passage:
        meta = hit.node.metadata
        return cls(
            chunk_id=hit.node.node_id,
            source=str(meta.get("source", "")),
            title=str(meta.get("title", "")),
            language=str(meta.get("language", "")),
            text=hit.node.get_content(),
            score=float(hit.score or 0.0),
            start=int(meta.get("start", 0)),
            end=int(meta.get("end", 0)),
        )


class Citation(_Frozen):
    id: int = Field(description="The [n] marker used in the answer.")
    source: str = Field(description="Document path as ingested, e.g. seeds/002_01ab38280315dc06.txt.")
    title: str
    language: str
    text: str = Field(description="The cited passage.")
    score: float
    quote: str = Field("", description="The sentence of the passage that supports the answer.")

    @classmethod
    def of(cls, cid: int, passage: Passage, quote: str) -> Citation:
        """Citation [cid] of a retrieved passage, with the sentence of it that supports the answer."""
        return cls(
            id=cid,
            source=passage.source,
            title=passage.title,
            language=passage.language,
            text=passage.text,
            score=round(passage.score, 6),
            quote=quote,
        )


class Retrieved(_Frozen):
    source: str
    chunk_id: str
    score: float


class Timings(_Frozen):
    retrieve: float
    answer: float
    total: float


@dataclass(frozen=True)
class Composed:
    """An answerer's result: the text, whether it abstains, its citations, (LLM mode) unsupported sentences and
    (extractive mode) the evidence of the window it answers from (`WindowScorer.evidence`, 0 when it abstains)."""

    text: str
    abstained: bool
    citations: list[Citation]
    unsupported: list[int] = field(default_factory=list)
    evidence: float = 0.0


class Answer(_Frozen):
    """The product's Answer contract (`rag ask --json`, `POST /api/ask`)."""

    question: str
    answer: str
    abstained: bool
    mode: str
    language: str
    citations: list[Citation]
    retrieved: list[Retrieved]
    timings_ms: Timings
    unsupported: list[int] = Field(
        default_factory=list,
        description="Indexes of answer sentences (as split by rag.grounding.answer_sentences) that the passages "
        "they cite do not support; LLM mode only.",
    )
    notice: str | None = Field(
        None,
        description="Why a configured LLM was not used for this answer (one line); set exactly when mode is "
        '"extractive-fallback".',
    )

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump()
