"""What the `rag` commands share: the offline defaults, the settings (read once, here), the engine, and the
one-line failure (`error: <message>` on stderr and an exit code). Heavy imports happen inside the functions,
so `rag --help` stays fast. Errors of the `RagError` tree are not caught here: `ui/cli.py` maps them.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from rag.engine import Engine
    from ui.settings import Settings


def offline_defaults() -> None:
    # The process entry point is the one place that sets these; a user may still override each one.
    from index.settings import OFFLINE_ENV

    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)


def load_settings() -> Settings:
    """Every setting, from the environment and `.env` (a bad value is a `SettingsError`, exit 2)."""
    from ui.settings import Settings

    return Settings.load()


def fail(message: str, code: int = 1) -> NoReturn:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def require_index(settings: Settings, nothing: str = "build it with `rag ingest` first") -> None:
    """Fails (exit 1) when there is no index to use: no manifest and no Chroma server configured."""
    if not settings.index.manifest_path.is_file() and not settings.index.chroma_url:
        fail(f"no index in {settings.index.data_dir}; {nothing}")


def build_engine(settings: Settings) -> Engine:
    """The engine; a missing index, a settings mismatch or a store that is down is a one-line error."""
    from index.store import open_client
    from rag.engine import Engine

    require_index(settings)
    client = open_client(settings.index)  # before the model loads, so a bad RAG_CHROMA_URL fails fast
    return Engine(settings.index, settings.rag, client=client)
