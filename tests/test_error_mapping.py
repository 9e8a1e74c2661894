"""Every `RagError` is answered in one place per surface: the API's exception handler (status from the error,
`Retry-After` on 503, the OpenAI error shape under `/v1/`) and the CLI's command group (`error: <message>` on
stderr, the error's exit code). Routes are mounted one by one on a bare app, as a new router would be."""

from __future__ import annotations

import pytest
import typer
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from index.errors import NotFoundError, RagError, SettingsError, UnavailableError, UsageError
from ui.api import errors
from ui.cli import Commands

ERRORS = [
    (UsageError("the question is empty"), 422, 2),
    (SettingsError("invalid settings: RAG_TOP_K: too big"), 422, 2),
    (NotFoundError("no document named 'otter.txt'"), 404, 1),
    (UnavailableError("the vector store at http://127.0.0.1:9 is unreachable"), 503, 1),
    (RagError("the index was built with another embedding model"), 500, 1),
    (UsageError("вопрос пуст 🦦"), 422, 2),
    (UsageError("la domanda è vuota"), 422, 2),
]


def app_raising(exc: Exception) -> FastAPI:
    router = APIRouter()

    @router.get("/api/thing")
    @router.get("/v1/thing")
    def thing() -> None:
        raise exc

    app = FastAPI()
    errors.install(app)
    app.include_router(router)
    return app


@pytest.mark.parametrize(
    ("exc", "status", "code"), ERRORS, ids=lambda v: type(v).__name__ if isinstance(v, Exception) else str(v)
)
def test_api_answers_a_rag_error_with_its_status_and_message(exc, status, code):
    client = TestClient(app_raising(exc), raise_server_exceptions=False)
    reply = client.get("/api/thing")
    assert reply.status_code == status
    assert reply.json() == {"detail": str(exc)}
    assert reply.headers.get("retry-after") == ("5" if status == 503 else None)


@pytest.mark.parametrize(
    ("exc", "status", "code"), ERRORS, ids=lambda v: type(v).__name__ if isinstance(v, Exception) else str(v)
)
def test_v1_answers_a_rag_error_in_the_openai_shape(exc, status, code):
    client = TestClient(app_raising(exc), raise_server_exceptions=False)
    reply = client.get("/v1/thing")
    expected = 400 if status == 422 else status  # OpenAI's status for a request it cannot use
    assert reply.status_code == expected
    error = reply.json()["error"]
    assert error["message"] == str(exc)
    assert error["type"] == ("server_error" if expected >= 500 else "invalid_request_error")
    assert error["param"] == ("messages" if expected == 400 else None)
    assert reply.headers.get("retry-after") == ("5" if expected == 503 else None)


def test_an_error_outside_the_tree_is_not_dressed_as_a_refusal():
    client = TestClient(app_raising(ZeroDivisionError("boom")), raise_server_exceptions=False)
    reply = client.get("/api/thing")
    assert reply.status_code == 500
    assert "boom" not in reply.text


@pytest.mark.parametrize(
    ("exc", "status", "code"), ERRORS, ids=lambda v: type(v).__name__ if isinstance(v, Exception) else str(v)
)
def test_cli_prints_a_rag_error_as_one_line_and_exits_with_its_code(exc, status, code):
    app = typer.Typer(cls=Commands)

    @app.command()
    def go() -> None:
        raise exc

    @app.command()
    def other() -> None:  # two commands, so `go` is a subcommand as in `rag`
        pass

    result = CliRunner().invoke(app, ["go"])
    assert result.exit_code == code
    assert result.stderr == f"error: {exc}\n"
    assert result.stdout == ""


@pytest.mark.parametrize("question", ["Who won?", "Chi ha vinto?", "Кто победил?", "🦦?"])
def test_a_router_runs_on_its_own_from_app_state(tmp_path, question):
    """The feedback router alone on a bare app, with only what it reads from `app.state`: the vote is stored."""
    import json

    from tests.conftest import make_settings
    from ui.api import feedback
    from ui.service import Service

    serve = make_settings(tmp_path).serve
    app = FastAPI()
    errors.install(app)
    app.include_router(feedback.router)
    app.state.service = Service(serve, engine=None)  # votes never reach the engine
    client = TestClient(app)
    stored = client.post("/api/feedback", json={"vote": "down", "question": question, "answer": "No idea."})
    assert stored.status_code == 201 and stored.json()["stored"] is True
    record = json.loads(serve.feedback_path.read_text(encoding="utf-8"))
    assert (record["vote"], record["question"], record["origin"]) == ("down", question, "api")
    body = '{"vote": "down", "question": "\\ud800", "answer": "x"}'  # a lone surrogate, as JSON allows
    refused = client.post("/api/feedback", content=body, headers={"Content-Type": "application/json"})
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "question"]
    assert len(serve.feedback_path.read_text(encoding="utf-8").splitlines()) == 1
