"""`/api/health`, `/api/ask` (one Answer as JSON) and `/api/chat` (the same answer as Server-Sent Events).

Blocking engine calls run in FastAPI's threadpool; the one `Engine` comes from `app.state`. A bad question is a
`QuestionError`: 422 on `/api/ask` (`ui/api/errors.py`), an `error` event on `/api/chat`, whose status line is
already sent, with the reason worded as a chat reply in the Accept-Language's language when the request names one
(`ui/refusals.py`: what the widget shows). The Accept-Language also words the answer to a question too short to
tell its own language (`Query.reader`). It holds no retrieval or answering logic (see `rag.engine`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.sse import EventSourceResponse, ServerSentEvent

from rag.types import Answer, Query, Turn
from rag.validate import QuestionError
from ui.api.deps import EngineDep
from ui.api.errors import stream_error
from ui.api.models import AskIn, Health
from ui.marks import unsupported_sentences
from ui.refusals import browser_language, refusal_text

router = APIRouter(tags=["api"])


AcceptLanguage = Annotated[
    str | None,
    Header(
        description="The asker's languages: the answer is worded in the most preferred (en/it/ru/de/fr/es) where the "
        'question is too short to tell its own language ("🙂", "Kling AI?").'
    ),
]


def query_of(body: AskIn, accept_language: str | None = None) -> Query:
    history = [Turn(t.role, t.content) for t in body.history]
    reader = browser_language(accept_language)
    return Query(body.question, top_k=body.top_k, lang=body.lang or None, history=history, reader=reader)


@router.get("/api/health")
def health(engine: EngineDep) -> Health:
    info = engine.info()
    return Health(documents=info["documents"], chunks=info["chunks"], embedding_model=info["embedding_model"])


@router.post("/api/ask", responses={422: {"description": "Bad question"}})
def ask(body: AskIn, engine: EngineDep, accept_language: AcceptLanguage = None) -> Answer:
    """Answer one question (the Answer contract of `rag ask --json`)."""
    answer: Answer = engine.ask(query_of(body, accept_language))
    return answer


def events(pieces: Iterator[str | Answer], refused: Callable[[QuestionError], str] = str) -> Iterator[ServerSentEvent]:
    """`delta` {text} per piece, one `citations` with the final Answer, then `done`; or `error` {message}, for a
    question that cannot be used the reason as `refused` words it."""
    try:
        for piece in pieces:
            if isinstance(piece, Answer):
                data = piece.model_dump(mode="json", include={"citations", "abstained", "mode", "notice"})
                data["unsupported"] = unsupported_sentences(piece)  # the widget marks these sentences
                yield ServerSentEvent(event="citations", data=data)
            else:
                yield ServerSentEvent(event="delta", data={"text": piece})
    except QuestionError as exc:  # the status line is sent: the error travels as an event (`ui/api/errors.py`)
        yield ServerSentEvent(event="error", data={"message": refused(exc)})
        return
    except Exception as exc:
        yield ServerSentEvent(event="error", data=stream_error(exc))
        return
    yield ServerSentEvent(event="done", data={})


@router.post("/api/chat", response_class=EventSourceResponse)
def chat(body: AskIn, engine: EngineDep, accept_language: AcceptLanguage = None) -> Iterator[ServerSentEvent]:
    """The same answer as Server-Sent Events: `delta` {text}, one `citations`, then `done`; or `error` {message}
    (a refused question's reason in the Accept-Language's language, as a chat reply: what the widget shows)."""
    query = query_of(body, accept_language)
    limit = engine.settings.max_question_chars

    def refused(exc: QuestionError) -> str:
        return refusal_text(query.question, str(exc), limit, query.reader) if query.reader else str(exc)

    yield from events(engine.stream(query), refused)
