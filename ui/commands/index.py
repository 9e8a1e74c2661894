"""`rag ingest`, `rag info`, `rag doctor` and `rag remove`: build, describe, check and prune the index.

Thin Typer commands over `index/` (ingest, catalog, doctor); the report wording is `ui/wording.py`'s. Errors of
the `RagError` tree reach `ui/cli.py`, which prints them and exits with their code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ui.commands.common import fail, load_settings, offline_defaults, require_index

if TYPE_CHECKING:
    from index.doctor import DoctorReport
    from ui.settings import Settings


def _progress_bar(console: Any, transient: bool) -> tuple[Any, Any]:
    """A rich progress bar with one row per ingest stage, and the callback that feeds it."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    bar = Progress(*columns, console=console, transient=transient)
    tasks: dict[str, Any] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=max(total, 1))
        bar.update(tasks[stage], completed=done, total=max(total, 1))

    return bar, progress


def ingest(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders to ingest (default: seeds/).", exists=True, show_default=False),
    ] = None,
    reset: Annotated[bool, typer.Option("--reset", help="Delete the index and rebuild it from scratch.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as one JSON object.")] = False,
) -> None:
    """Index documents (.txt, .md and more): incremental, idempotent, with a progress bar."""
    offline_defaults()
    settings = load_settings()
    from rich.console import Console

    from index.embedding import load_embedder
    from index.ingest import Ingestor
    from index.store import open_client

    targets = paths or [Path("seeds")]
    if not paths and not targets[0].exists():
        fail("no path given and ./seeds does not exist", code=2)
    console = Console(stderr=True)
    # A server is reached first, so a bad RAG_CHROMA_URL fails fast; a local store opens only if something changed.
    client = open_client(settings.index) if settings.index.chroma_url else None

    def load_model() -> Any:  # only once some file needs embedding: unchanged files cost a hash
        if not as_json:
            console.print(f"loading the embedding model {settings.index.embed_model}…", highlight=False)
        return load_embedder(settings.index)

    ingestor = Ingestor(settings.index, load_model, client=client)
    if not as_json:
        console.print(f"indexing {', '.join(str(t) for t in targets)}…", highlight=False)
    bar, progress = _progress_bar(console, transient=as_json)
    with bar:
        report = ingestor.run(targets, reset=reset, progress=progress)
    data = report.to_dict()
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
    else:
        from rich.markup import escape

        from ui.wording import ingest_summary

        for line in ingest_summary(data):
            console.print(escape(line), highlight=False, soft_wrap=True)
    if report.nothing_read:
        raise typer.Exit(1)  # nothing at all could be read


def info(as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False) -> None:
    """Documents, chunks, languages, embedding model and data dir of the index."""
    settings = load_settings()
    from index import catalog

    require_index(settings)
    if settings.index.chroma_url:  # a configured server that is down is worth saying; a heartbeat, no model
        from index.store import open_client

        open_client(settings.index)
    from rag.llm_config import answering

    data = catalog.summary(settings.index, answering(settings.rag))  # the manifest alone: no model
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    from ui.wording import print_info

    print_info(data, catalog.documents(settings.index))


def _checked(settings: Settings, repair: bool) -> DoctorReport:
    """The doctor's report, after a repair when asked; documents the repair dropped come back from their files."""
    from index import doctor as checkup

    report = checkup.repair(settings.index) if repair else checkup.check(settings.index)
    if report.reingest:
        from index.embedding import load_embedder
        from index.ingest import Ingestor

        ingested = Ingestor(settings.index, load_embedder(settings.index)).run([Path(key) for key in report.reingest])
        fixed = checkup.check(settings.index)
        fixed.repaired = [*report.repaired, f"re-ingested {ingested.added} document(s) from their source files"]
        report = fixed
    return report


def _print_doctor(report: DoctorReport, repair: bool) -> None:
    typer.echo(
        f"chroma {report.chroma}, lexical {report.lexical}, manifest {report.manifest} chunks"
        f" in {report.documents} documents"
    )
    for action in report.repaired:
        typer.echo(f"repaired: {action}")
    for problem in report.problems:
        typer.secho(f"problem {problem.kind}: {problem.count} {problem.detail}", fg=typer.colors.RED)
        typer.echo(f"  e.g. {', '.join(problem.ids)}")
    for path in report.leftovers:
        typer.echo(f"leftover from an interrupted write (harmless; --repair removes it): {path}")
    if report.ok:
        typer.secho("ok: Chroma, the lexical index and the manifest agree", fg=typer.colors.GREEN)
    else:
        typer.echo("run `rag doctor --repair` to fix" if not repair else "the repair did not fix everything")


def doctor(
    repair: Annotated[
        bool, typer.Option("--repair", help="Make Chroma, the lexical index and the manifest agree again.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as one JSON object.")] = False,
) -> None:
    """Check that Chroma, the lexical index and the manifest hold the same chunks; exits 1 while they do not."""
    offline_defaults()
    report = _checked(load_settings(), repair)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        _print_doctor(report, repair)
    if not report.ok:
        raise typer.Exit(1)


def remove(
    documents: Annotated[
        list[str],
        typer.Argument(
            help="Documents to remove: the source `rag info` lists, a path, or a path tail only one document's path "
            "ends with (a name several documents match is refused, listing them)."
        ),
    ],
) -> None:
    """Remove documents from the index (the files themselves are not touched)."""
    settings = load_settings()
    from index import catalog
    from ui.wording import plural

    if not settings.index.manifest_path.is_file():
        fail(f"no index in {settings.index.data_dir}; nothing to remove", code=1)
    for name in documents:
        removed = catalog.remove(settings.index, name)
        typer.echo(
            f"removed {removed.source} ({plural(removed.chunks, 'chunk')}); {plural(removed.documents, 'document')}"
            f" and {plural(removed.total_chunks, 'chunk')} left in the index"
        )
