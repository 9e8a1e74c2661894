"""What `ui.service.Service` answers with and refuses with: the typed results the API returns as JSON (a document,
an upload, a removal, a stored vote) and `Refused`, the refusal with its HTTP status. It holds no logic.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from index.errors import RagError
from rag.types import Citation


class Refused(RagError):
    """A request the server will not carry out; `status` is the HTTP status, the message says why (in English, as
    the API sends it). `key` and `params` let the page word the same reason in its own language
    (`ui.page_strings.refusal_words`)."""

    def __init__(self, status: int, message: str, key: str = "", **params: object) -> None:
        super().__init__(message, key, **params)
        self.status = self.http_status = status


class DocumentInfo(BaseModel):
    source: str = Field(description="Document path as ingested.")
    title: str
    language: str = Field(description="Detected ISO 639-1 language code.")
    chunks: int


class UploadResult(BaseModel):
    status: Literal["added", "updated", "unchanged"]
    document: DocumentInfo
    documents: int = Field(description="Documents in the index after the upload.")
    chunks: int = Field(description="Chunks in the index after the upload.")


class Removal(BaseModel):
    removed: str = Field(description="Source of the removed document.")
    chunks: int = Field(description="Chunks removed with it.")
    documents: int = Field(description="Documents left in the index.")


class DocumentText(BaseModel):
    """One indexed document's whole text, as stored in the index (see `index/fulltext.py`)."""

    source: str = Field(description="Document path as ingested.")
    title: str
    language: str = Field(description="Detected ISO 639-1 language code.")
    text: str = Field(description="The whole text, reassembled from the stored chunks.")
    highlight: tuple[int, int] | None = Field(
        None, description="[start, end) character offsets of `quote` in `text`; null without a quote or if absent."
    )


class FeedbackRecord(BaseModel):
    """One line of `<data_dir>/feedback.jsonl`: raw material for new eval cases."""

    time: str = Field(description="UTC time of the vote, ISO 8601.")
    vote: Literal["up", "down"]
    question: str
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    origin: Literal["chat", "api"] = "api"
