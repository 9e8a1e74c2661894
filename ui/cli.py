"""The `rag` command line: a thin Typer layer over `index.ingest`, `rag.engine`, `eval` and the server.

The commands live in `ui/commands/` (index, answer, evaluate); this module registers them, in the order
`rag --help` lists them, and maps every error of the product's tree (`index.errors.RagError`) in one place:
`error: <message>` on stderr and the error's exit code. Settings are read once, in each command. Heavy imports
(torch, chromadb, gradio) happen inside the commands, so `rag --help` and usage errors stay fast. It holds no
retrieval or answering logic.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperGroup

from index.errors import RagError
from ui.commands import answer, evaluate, index
from ui.commands.common import fail


class Commands(TyperGroup):
    """The `rag` group: any `RagError` a command raises becomes `error: <message>` and its exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except RagError as exc:
            fail(str(exc), code=exc.exit_code)


app = typer.Typer(
    cls=Commands,
    add_completion=False,
    no_args_is_help=True,
    help="Multilingual question answering over your documents, with numbered source citations.",
)
app.command()(index.ingest)
app.command()(answer.ask)
app.command()(index.info)
app.command()(index.doctor)
app.command()(index.remove)
app.command()(answer.chat)
app.command("eval")(evaluate.eval_command)
app.command()(answer.serve)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
