"""The `rag` command line: a thin Typer layer over `index.ingest`, `rag.engine`, `eval` and the server.

The commands live in `ui/commands/` (index, answer, evaluate); this module registers them, in the order `rag --help`
lists them, and maps every error of the product's tree (`index.errors.RagError`) in one place: `error: <message>` on
stderr and the error's exit code. A reader that leaves before the output ends (`rag ask … | head -1`) is not an
error of the user: the command stops quietly with 141 (128 + SIGPIPE), in `main`, once for every command and help
page. Settings are read once, in each command. Heavy imports (torch, chromadb, gradio) happen inside the commands,
so `rag --help` and usage errors stay fast. It holds no retrieval or answering logic.
"""

from __future__ import annotations

import os
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


# The status a shell shows for a standard tool that SIGPIPE ended (`seq 100000 | head -1`). Python's note on SIGPIPE
# (docs.python.org/3/library/signal.html#note-on-sigpipe) catches BrokenPipeError and exits non-zero rather than
# restoring SIG_DFL, which would also kill `rag serve` and the Chroma/LLM clients on a dropped socket; non-zero keeps
# cut-off output from passing for a whole run under `set -o pipefail` (a failed `rag eval --fail-under` included).
READER_LEFT = 128 + 13


def _release_closed_pipes() -> bool:
    """Writes out what stdout and stderr still hold; a stream whose reader left is pointed at /dev/null, so that
    Python's flush at exit does not fail again (status 120 and "Exception ignored"). True if one had left."""
    left = False
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # started with the descriptor closed (`rag info 2>&-`): nothing to write out
            continue
        try:
            stream.flush()
        except BrokenPipeError:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())
            os.close(devnull)
            left = True
    return left


def main() -> None:
    """Runs `rag`. Every run ends in SystemExit here (Typer's standalone mode), whatever wrote: a command, a help
    page, a usage error; Typer (exit 1) and rich (`Console.on_broken_pipe`, exit 1) turn a closed pipe into a
    SystemExit raised while handling the BrokenPipeError, which is how it is told apart from a real failure."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except SystemExit as end:
        closed = _release_closed_pipes()
        if isinstance(end.__context__, BrokenPipeError) or (closed and not end.code):
            sys.exit(READER_LEFT)
        raise  # a real failure keeps its code (its message went to stderr, or `fail` found nobody reading it)
