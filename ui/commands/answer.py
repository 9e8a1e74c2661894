"""`rag ask`, `rag chat` and `rag serve`: answer one question, chat in the terminal, serve the page and the API.

Thin Typer commands over `rag.engine`, `ui/terminal.py` and `ui/server.py`. A question is checked before any
model loads; errors of the `RagError` tree reach `ui/cli.py`, which prints them and exits with their code.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from ui.commands.common import build_engine, fail, load_settings, offline_defaults


def print_answer(answer: Any) -> None:
    """The answer, its notice and unsupported sentences (LLM mode), then the numbered sources with quotes."""
    from rich.console import Console

    console = Console()
    console.print(answer.answer, highlight=False)
    if answer.notice:  # a configured LLM was not used for this answer
        console.print(f"  ({answer.notice})", highlight=False, markup=False, style="dim")
    if answer.unsupported:  # LLM mode: sentences their cited passages do not back up
        from rag.grounding import answer_sentences

        sentences = answer_sentences(answer.answer, answer.language)
        for i in answer.unsupported:
            shown = sentences[i][0].strip() if i < len(sentences) else f"sentence {i + 1}"
            console.print(f"  ⚠ not supported by its sources: “{shown}”", highlight=False, markup=False, style="yellow")
    if answer.citations:
        console.print("\n[bold]Sources[/]")
        for c in answer.citations:
            console.print(f"  [{c.id}] {c.source} ({c.language}) {c.title}", highlight=False, markup=False)
            console.print(f"      “{c.quote}”", highlight=False, markup=False, style="dim")


def ask(
    question: Annotated[str, typer.Argument(help="The question, in any language.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the Answer contract as one JSON object.")] = False,
    top_k: Annotated[int | None, typer.Option("--top-k", min=1, max=50, help="Passages to retrieve.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Only search documents in this language.")] = None,
) -> None:
    """Answer one question with numbered source citations."""
    offline_defaults()
    from rag.types import Query
    from rag.validate import clean_question

    settings = load_settings()
    clean_question(question, settings.rag.max_question_chars)  # fail before loading any model
    from rich.console import Console

    with Console(stderr=True).status("loading the embedding model and the index…"):  # drawn only on a terminal
        engine = build_engine(settings)
    answer = engine.ask(Query(question, top_k=top_k, lang=lang))
    if as_json:
        typer.echo(json.dumps(answer.to_dict(), ensure_ascii=False))
    else:
        print_answer(answer)


def chat() -> None:
    """An interactive terminal chat with line editing and history; /help lists the commands, Ctrl-D ends it."""
    offline_defaults()
    settings = load_settings()
    typer.echo("loading the embedding model and the index…", err=True)
    engine = build_engine(settings, long_running=True)
    from ui.terminal import run_chat

    run_chat(engine, settings.serve, print_answer)


def serve(
    host: Annotated[
        str | None, typer.Option("--host", help="Address to listen on (default RAG_HOST, 127.0.0.1).")
    ] = None,
    port: Annotated[
        int | None, typer.Option("--port", min=1, max=65535, help="Port to listen on (default RAG_PORT, 7860).")
    ] = None,
) -> None:
    """Serve the web chat at / and the JSON/SSE API at /api (OpenAPI docs at /docs)."""
    offline_defaults()
    settings = load_settings()
    settings = settings.replace(**{k: v for k, v in {"host": host, "port": port}.items() if v is not None})
    listen = settings.serve
    from ui.startup import bind, serve_on

    sock = bind(listen.host, listen.port)  # before anything loads: a taken port is one line and exit 1
    if sock is None:
        fail(
            f"port {listen.port} on {listen.host} is already in use (another `rag serve`?); "
            "stop it or choose another with --port or RAG_PORT"
        )
    typer.echo("loading the embedding model and the index…", err=True)
    engine = build_engine(settings, long_running=True)
    typer.echo("building the web page…", err=True)
    from ui.server import create_app, warm_up

    app = create_app(listen, engine)
    warm_up(engine)
    serve_on(app, sock, listen.host, listen.port)
