"""What the `rag` commands share: the offline defaults, the settings (read once, here), the engine (built with the
cyclic garbage collector paused, see `long_lived`), and the one-line failure (`error: <message>` on stderr and an
exit code). Heavy imports happen inside the functions, so `rag --help` stays fast. Errors of the `RagError` tree are
not caught here: `ui/cli.py` maps them.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
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
    with contextlib.suppress(BrokenPipeError):  # nobody reads stderr any more: the exit code still tells
        typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def require_index(settings: Settings, nothing: str = "build it with `rag ingest` first") -> None:
    """Fails (exit 1) when there is no index to use: no manifest and no Chroma server configured."""
    if not settings.index.manifest_path.is_file() and not settings.index.chroma_url:
        fail(f"no index in {settings.index.data_dir}; {nothing}")


@contextmanager
def long_lived(collect: bool = False) -> Iterator[None]:
    """Runs a block that builds what lives as long as the process, with the cyclic garbage collector paused.

    Building the engine imports torch, transformers, sentence-transformers, llama-index and chromadb and loads the
    models: about a million objects the collector tracks, nearly all kept until exit. While they pile up it walks them
    again and again (about 1,600 young and 8 full collections in a cold `rag ask`, which found some 13,000 garbage
    objects); pausing it took that command's CPU time from about 12 s to 9 s on 2 cores. What the block leaves is then
    frozen out of later collections (`gc.freeze`), so neither the answer that follows nor a server's requests walk it
    again. The little garbage the block left (about 16 MB) stays for a one-shot command; `collect` frees it first
    (about half a second), for a process that runs for long (`rag serve`, `rag chat`). Changes no result. A block
    that fails freezes nothing (what it built, its traceback included, is garbage to collect); either way the
    collector is left on or off as it was.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        if collect:
            gc.collect()
        gc.freeze()
    finally:
        if enabled:
            gc.enable()


def build_engine(settings: Settings, long_running: bool = False) -> Engine:
    """The engine; a missing index, a settings mismatch or a store that is down is a one-line error.
    `long_running`: for a process that serves for long, the start-up garbage is collected (see `long_lived`)."""
    require_index(settings)
    with long_lived(collect=long_running):
        from index.store import open_client
        from rag.engine import Engine

        client = open_client(settings.index)  # before the model loads, so a bad RAG_CHROMA_URL fails fast
        return Engine(settings.index, settings.rag, client=client)
