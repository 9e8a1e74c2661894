"""`rag chat`: the interactive terminal chat, with line editing and history (GNU readline) and slash commands.

Commands: /help, /new (forget the conversation), /sources (the last answer's sources in full), /quit.
The input history is kept in `<data_dir>/chat_history`. It answers through the `Engine` it is given and holds
no retrieval logic.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rag.engine import Engine
    from rag.types import Answer
    from ui.settings import ServeSettings

HELP = """Commands:
  /help     this list
  /new      start a new conversation (follow-ups forget the earlier questions)
  /sources  the sources of the last answer, each passage in full
  /quit     leave (or Ctrl-D)
Up/Down recall earlier questions; Ctrl-R searches them."""


def _reader(history_path: Path) -> Callable[[str], str]:
    """input() with readline's editing and a history kept across sessions (when stdin is a terminal)."""
    import atexit
    import sys

    if not sys.stdin.isatty():
        return input
    try:
        import readline  # input() edits with it once imported
    except ImportError:  # e.g. a Python built without it: plain input still works
        return input
    history_path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        readline.read_history_file(history_path)
    readline.set_history_length(1000)
    atexit.register(readline.write_history_file, history_path)
    return input


def print_sources(answer: Answer | None, echo: Callable[[str], None]) -> None:
    if answer is None:
        echo("No answer yet.")
        return
    if not answer.citations:
        echo("The last answer has no sources.")
        return
    for c in answer.citations:
        echo(f"[{c.id}] {c.title} — {c.source} ({c.language})")
        echo(f"    {c.text}")


def run_chat(
    engine: Engine, serve: ServeSettings, show: Callable[[Answer], None], echo: Callable[[str], None] = print
) -> None:
    """The chat loop until /quit or Ctrl-D; a refused question or a lost store is one line, then the next prompt."""
    from index.errors import RagError
    from rag.types import Query, Turn

    read = _reader(serve.data_dir / "chat_history")
    history: list[Turn] = []
    last: Answer | None = None
    echo("Ask a question in any language. /help lists the commands; Ctrl-D or /quit leaves.")
    while True:
        try:
            line = read("\n> ")
        except (EOFError, KeyboardInterrupt):
            echo("")
            return
        command = line.strip()
        if command in ("/quit", "/exit"):
            return
        if command == "/help":
            echo(HELP)
            continue
        if command == "/new":
            history, last = [], None
            echo("New conversation.")
            continue
        if command == "/sources":
            print_sources(last, echo)
            continue
        if command.startswith("/") and " " not in command:
            echo(f"Unknown command {command}; /help lists the commands.")
            continue
        if not command:
            continue
        try:
            last = engine.ask(Query(line, history=history))
        except RagError as exc:  # e.g. a lost Chroma server: ask again once it is back
            echo(f"error: {exc}")
            continue
        show(last)
        history += [Turn("user", last.question), Turn("assistant", last.answer)]
