"""The `rag` command line: a thin Typer layer over `index.ingest`, `rag.engine`, `eval` and the server.

Settings are built here, once, and passed down. Heavy imports (torch, chromadb, gradio) happen inside the
commands, so `rag --help` and usage errors stay fast. It holds no retrieval or answering logic.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from index.errors import SettingsError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Multilingual question answering over your documents, with numbered source citations.",
)


def _offline_defaults() -> None:
    # The process entry point is the one place that sets these; a user may still override each one.
    from index.settings import OFFLINE_ENV

    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)


def load_settings() -> Any:
    from ui.settings import Settings

    try:
        return Settings.load()
    except SettingsError as exc:
        _fail(str(exc), code=exc.exit_code)


def _fail(message: str, code: int = 1) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def build_engine(settings: Any) -> Any:
    """The engine, or a one-line error naming the fix (no index yet, settings mismatch, store down)."""
    from index.embedding import EmbedderError
    from index.registry import UnknownKeyError
    from index.store import IndexMismatchError, StoreUnavailableError, open_client
    from rag.engine import Engine

    if not settings.manifest_path.is_file() and not settings.chroma_url:
        _fail(f"no index in {settings.data_dir}; build it with `rag ingest` first")
    try:
        client = open_client(settings)  # before the model loads, so a bad RAG_CHROMA_URL fails fast
        return Engine(settings, client=client)
    except (EmbedderError, IndexMismatchError, StoreUnavailableError, UnknownKeyError) as exc:
        _fail(str(exc))


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders to ingest (default: seeds/).", exists=True, show_default=False),
    ] = None,
    reset: Annotated[bool, typer.Option("--reset", help="Delete the index and rebuild it from scratch.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as one JSON object.")] = False,
) -> None:
    """Index documents (.txt, .md and more): incremental, idempotent, with a progress bar."""
    _offline_defaults()
    settings = load_settings()
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from index.embedding import EmbedderError, load_embedder
    from index.ingest import Ingestor
    from index.registry import UnknownKeyError
    from index.store import IndexMismatchError, StoreUnavailableError, open_client

    targets = paths or [Path("seeds")]
    if not paths and not targets[0].exists():
        _fail("no path given and ./seeds does not exist", code=2)
    console = Console(stderr=True)
    try:
        client = open_client(settings)  # before the model loads, so a bad RAG_CHROMA_URL fails fast
        if not as_json:
            console.print(f"loading the embedding model {settings.embed_model}…", highlight=False)
        ingestor = Ingestor(settings, load_embedder(settings), client=client)
        if not as_json:
            console.print(f"indexing {', '.join(str(t) for t in targets)}…", highlight=False)
        columns = (TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=as_json) as bar:
            tasks: dict[str, Any] = {}

            def progress(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(stage, total=max(total, 1))
                bar.update(tasks[stage], completed=done, total=max(total, 1))

            report = ingestor.run(targets, reset=reset, progress=progress)
    except (EmbedderError, IndexMismatchError, StoreUnavailableError, UnknownKeyError) as exc:
        _fail(str(exc))
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


def _print_answer(answer: Any) -> None:
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


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in any language.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the Answer contract as one JSON object.")] = False,
    top_k: Annotated[int | None, typer.Option("--top-k", min=1, max=50, help="Passages to retrieve.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Only search documents in this language.")] = None,
) -> None:
    """Answer one question with numbered source citations."""
    _offline_defaults()
    from rag.engine import QuestionError, clean_question
    from rag.types import Query

    settings = load_settings()
    try:
        clean_question(question, settings.max_question_chars)  # fail before loading any model
    except QuestionError as exc:
        _fail(str(exc), code=2)
    from rich.console import Console

    with Console(stderr=True).status("loading the embedding model and the index…"):  # drawn only on a terminal
        engine = build_engine(settings)
    from index.store import StoreUnavailableError

    try:
        answer = engine.ask(Query(question, top_k=top_k, lang=lang))
    except QuestionError as exc:
        _fail(str(exc), code=2)
    except StoreUnavailableError as exc:  # the Chroma server went away mid-request
        _fail(str(exc))
    if as_json:
        typer.echo(json.dumps(answer.to_dict(), ensure_ascii=False))
    else:
        _print_answer(answer)


@app.command()
def info(as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False) -> None:
    """Documents, chunks, languages, embedding model and data dir of the index."""
    settings = load_settings()
    from index import catalog

    if not settings.manifest_path.is_file() and not settings.chroma_url:
        _fail(f"no index in {settings.data_dir}; build it with `rag ingest` first")
    if settings.chroma_url:  # a configured server that is down is worth saying; a heartbeat, no model
        from index.store import StoreUnavailableError, open_client

        try:
            open_client(settings)
        except StoreUnavailableError as exc:
            _fail(str(exc))
    from rag.llm_config import answering

    data = catalog.summary(settings.index, answering(settings.rag))  # the manifest alone: no model
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    from ui.wording import print_info

    print_info(data, catalog.documents(settings))


@app.command()
def doctor(
    repair: Annotated[
        bool, typer.Option("--repair", help="Make Chroma, the lexical index and the manifest agree again.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as one JSON object.")] = False,
) -> None:
    """Check that Chroma, the lexical index and the manifest hold the same chunks; exits 1 while they do not."""
    _offline_defaults()
    settings = load_settings()
    from index import doctor as checkup
    from index.store import IndexMismatchError, StoreUnavailableError

    try:
        report = checkup.repair(settings) if repair else checkup.check(settings)
        if report.reingest:  # documents the repair dropped come back from their source files
            from index.embedding import load_embedder
            from index.ingest import Ingestor

            ingested = Ingestor(settings, load_embedder(settings)).run([Path(key) for key in report.reingest])
            fixed = checkup.check(settings)
            fixed.repaired = [*report.repaired, f"re-ingested {ingested.added} document(s) from their source files"]
            report = fixed
    except (checkup.DoctorError, IndexMismatchError, StoreUnavailableError) as exc:
        _fail(str(exc))
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
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
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def remove(
    documents: Annotated[
        list[str], typer.Argument(help="Documents to remove: the source `rag info` lists, or a path.")
    ],
) -> None:
    """Remove documents from the index (the files themselves are not touched)."""
    settings = load_settings()
    from index import catalog
    from index.store import StoreUnavailableError

    if not settings.manifest_path.is_file():
        _fail(f"no index in {settings.data_dir}; nothing to remove", code=1)
    for name in documents:
        try:
            removed = catalog.remove(settings, name)
        except catalog.UnknownDocumentError as exc:
            _fail(str(exc))
        except StoreUnavailableError as exc:
            _fail(str(exc))
        from ui.wording import plural

        typer.echo(
            f"removed {removed.source} ({plural(removed.chunks, 'chunk')}); {plural(removed.documents, 'document')}"
            f" and {plural(removed.total_chunks, 'chunk')} left in the index"
        )


@app.command()
def chat() -> None:
    """An interactive terminal chat with line editing and history; /help lists the commands, Ctrl-D ends it."""
    _offline_defaults()
    settings = load_settings()
    typer.echo("loading the embedding model and the index…", err=True)
    engine = build_engine(settings)
    from ui.terminal import run_chat

    run_chat(engine, settings, _print_answer)


@app.command("eval")
def eval_command(
    dataset: Annotated[Path, typer.Option("--dataset", help="Q&A dataset (JSONL).")] = Path("eval/qa.jsonl"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as one JSON object.")] = False,
    report: Annotated[
        Path | None, typer.Option("--report", help="Write report.json, report.md and report.png here.")
    ] = None,
    fail_under: Annotated[
        list[str] | None,
        typer.Option("--fail-under", help="METRIC=VALUE; exit 1 when the metric is below it. Repeatable."),
    ] = None,
    baselines: Annotated[
        bool, typer.Option("--baselines", help="Also score dense-only and BM25-only retrieval.")
    ] = False,
    conversations: Annotated[
        Path | None, typer.Option("--conversations", help="Two-turn conversations (JSONL) to score follow-ups.")
    ] = None,
    split: Annotated[
        str | None, typer.Option("--split", help="Score only this split of the datasets: dev or test.")
    ] = None,
    sweep_abstention: Annotated[
        bool,
        typer.Option("--sweep-abstention", help="Also re-answer at each abstain threshold of --sweep-grid."),
    ] = False,
    sweep_grid: Annotated[
        str | None,
        typer.Option("--sweep-grid", help="Comma-separated abstain thresholds in 0..1 (default 0, 0.05, ... 1)."),
    ] = None,
) -> None:
    """Score the engine on a Q&A set: retrieval, answers, citations, abstention, latency, per language and split."""
    _offline_defaults()
    settings = load_settings()
    from eval.dataset import DatasetError, load_conversations, load_qa, select_split

    try:  # validate everything before loading any model
        select_split(load_qa(dataset, settings.languages), split, dataset)
        if conversations is not None:
            select_split(load_conversations(conversations, settings.languages), split, conversations)
    except DatasetError as exc:
        _fail(str(exc), code=2)
    from eval.harness import check_thresholds, parse_thresholds, run_eval, write_report
    from eval.sweep import DEFAULT_GRID, parse_grid

    try:
        parse_thresholds(fail_under or [])
        grid = parse_grid(sweep_grid) if sweep_grid is not None else DEFAULT_GRID
    except ValueError as exc:
        _fail(str(exc), code=2)
    if sweep_grid is not None and not sweep_abstention:
        _fail("--sweep-grid needs --sweep-abstention", code=2)
    engine = build_engine(settings)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description:<18}"), BarColumn(), MofNCompleteColumn(), console=Console(stderr=True)
    ) as bar:
        tasks: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done)

        result = run_eval(
            engine,
            dataset,
            baselines=baselines or report is not None,
            progress=progress,
            conversations_path=conversations,
            split=split,
            sweep=grid if sweep_abstention else None,
        )
    if report is not None:
        write_report(result, report)
        write_report(result, settings.data_dir / "reports" / "latest")  # what the web chat's Eval tab shows
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
    else:
        _print_eval(result)
    try:
        failed = check_thresholds(result, fail_under or [])
    except ValueError as exc:
        _fail(str(exc), code=2)
    for line in failed:
        typer.secho(f"FAIL: {line}", fg=typer.colors.RED, err=True)
    if failed:
        raise typer.Exit(1)


def _print_eval(result: dict[str, Any]) -> None:
    from eval.report import metrics_table, sweep_table

    columns = {"all": result, **result["by_language"], **result["cross_language"]}
    typer.echo(f"{result['n']} questions from {result['dataset']} (split: {result['split']})")
    typer.echo("\n".join(metrics_table(columns)))
    if "splits" in result:
        typer.echo("\n".join(metrics_table({"all": result, **result["splits"]})))
    if "baselines" in result:
        typer.echo("\n".join(metrics_table(result["baselines"])))
    if "conversations" in result:
        conv = result["conversations"]
        typer.echo(f"{conv['n']} conversations (split: {conv['split']}), last turn scored")
        typer.echo("\n".join(metrics_table({"with history": conv["with_history"], **conv.get("splits", {})})))
        typer.echo(f"repeated the previous answer: {conv['with_history']['follow_up']['repeats']}")
    if "abstention_sweep" in result:
        typer.echo("\n".join(sweep_table(result["abstention_sweep"])))
    typer.echo(f"{len(result['failures'])} failures (see --json or --report for details)")


@app.command()
def serve(
    host: Annotated[
        str | None, typer.Option("--host", help="Address to listen on (default RAG_HOST, 127.0.0.1).")
    ] = None,
    port: Annotated[
        int | None, typer.Option("--port", min=1, max=65535, help="Port to listen on (default RAG_PORT, 7860).")
    ] = None,
) -> None:
    """Serve the web chat at / and the JSON/SSE API at /api (OpenAPI docs at /docs)."""
    _offline_defaults()
    settings = load_settings()
    settings = settings.replace(**{k: v for k, v in {"host": host, "port": port}.items() if v is not None})
    from ui.startup import bind, serve_on

    sock = bind(settings.host, settings.port)  # before anything loads: a taken port is one line and exit 1
    if sock is None:
        _fail(
            f"port {settings.port} on {settings.host} is already in use (another `rag serve`?); "
            "stop it or choose another with --port or RAG_PORT"
        )
    typer.echo("loading the embedding model and the index…", err=True)
    engine = build_engine(settings)
    typer.echo("building the web page…", err=True)
    from ui.server import create_app, warm_up

    app_ = create_app(settings, engine)
    warm_up(engine)
    serve_on(app_, sock, settings.host, settings.port)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
