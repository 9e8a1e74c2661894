"""`/api/health`, `/api/ask` (one Answer as JSON) and `/api/chat` (the same answer as Server-Sent Events).

Blocking engine calls run in FastAPI's threadpool; the one `Engine` comes from `app.state`. A bad question is a
`QuestionError`: 422 on `/api/ask` (`ui/api/errors.py`), an `error` event on `/api/chat`, whose status line is
already sent. It holds no retrieval or answering logic (see `rag.engine`).
"""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter
from fastapi.sse import EventSourceResponse, ServerSentEvent

from rag.types import Answer, Query, Turn
from ui.api.deps import EngineDep
from ui.api.errors import stream_error
from ui.api.models import AskIn, Health
from ui.marks import unsupported_sentences

router = APIRouter(tags=["api"])


def query_of(body: AskIn) -> Query:
    history = [Turn(t.role, t.content) for t in body.history]
    return Query(body.question, top_k=body.top_k, lang=body.lang or None, history=history)


@router.get("/api/health")
def health(engine: EngineDep) -> Health:
    info = engine.info()
    return Health(documents=info["documents"], chunks=info["chunks"], embedding_model=info["embedding_model"])


@router.post("/api/ask", responses={422: {"description": "Bad question"}})
def ask(body: AskIn, engine: EngineDep) -> Answer:
    """Answer one question (the Answer contract of `rag ask --json`)."""
    answer: Answer = engine.ask(query_of(body))
    return answer


def events(pieces: Iterator[str | Answer]) -> Iterator[ServerSentEvent]:
    """`delta` {text} per piece, one `citations` with the final Answer, then `done`; or `error` {message}."""
    try:
        for piece in pieces:
            if isinstance(piece, Answer):
                data = piece.model_dump(mode="json", include={"citations", "abstained", "mode", "notice"})
                data["unsupported"] = unsupported_sentences(piece)  # the widget marks these sentences
                yield ServerSentEvent(event="citations", data=data)
            else:
                yield ServerSentEvent(event="delta", data={"text": piece})
    except Exception as exc:  # the status line is sent: the error travels as an event (`ui/api/errors.py`)
        yield ServerSentEvent(event="error", data=stream_error(exc))
        return
    yield ServerSentEvent(event="done", data={})


@router.post("/api/chat", response_class=EventSourceResponse)
def chat(body: AskIn, engine: EngineDep) -> Iterator[ServerSentEvent]:
    """The same answer as Server-Sent Events: `delta` {text}, one `citations`, then `done`; or `error` {message}."""
    yield from events(engine.stream(query_of(body)))
