"""`rag eval`: score the engine on a Q&A set and print (or write) the report; `--fail-under` gates on metrics.

Every input (datasets, thresholds, the sweep grid) is checked before any model loads. A thin Typer command over
`eval/` (harness, report, sweep); it scores nothing itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from ui.commands.common import build_engine, fail, load_settings, offline_defaults


def _check_inputs(settings: Any, dataset: Path, conversations: Path | None, split: str | None) -> None:
    """Loads the datasets once to validate them (a bad one is a `DatasetError`, exit 2)."""
    from eval.dataset import load_conversations, load_qa, select_split

    languages = settings.index.languages
    select_split(load_qa(dataset, languages), split, dataset)
    if conversations is not None:
        select_split(load_conversations(conversations, languages), split, conversations)


def _grid(
    fail_under: list[str], sweep_grid: str | None, sweep_abstention: bool, conversations: bool, new_questions: bool
) -> Any:
    """The abstain thresholds to sweep; bad thresholds or grids fail with exit 2."""
    from eval.harness import parse_thresholds
    from eval.sweep import DEFAULT_GRID, parse_grid

    try:
        parse_thresholds(fail_under, conversations, new_questions)
        grid = parse_grid(sweep_grid) if sweep_grid is not None else DEFAULT_GRID
    except ValueError as exc:
        fail(str(exc), code=2)
    if sweep_grid is not None and not sweep_abstention:
        fail("--sweep-grid needs --sweep-abstention", code=2)
    return grid


def _run(engine: Any, dataset: Path, **options: Any) -> dict[str, Any]:
    """The eval with a progress bar on stderr, one row per stage."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from eval.harness import run_eval

    with Progress(
        TextColumn("{task.description:<18}"), BarColumn(), MofNCompleteColumn(), console=Console(stderr=True)
    ) as bar:
        tasks: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done)

        result: dict[str, Any] = run_eval(engine, dataset, progress=progress, **options)
    return result


def print_eval(result: dict[str, Any]) -> None:
    from eval.report import metrics_table, new_questions_line, sweep_table

    columns = {"all": result, **result["by_language"], **result["cross_language"]}
    typer.echo(f"{result['n']} questions from {result['dataset']} (split: {result['split']})")
    typer.echo("\n".join(metrics_table(columns)))
    if "splits" in result:
        typer.echo("\n".join(metrics_table({"all": result, **result["splits"]})))
    if "baselines" in result:
        typer.echo("\n".join(metrics_table(result["baselines"])))
    if "new_questions" in result:
        typer.echo(new_questions_line(result["new_questions"]))
    if "conversations" in result:
        conv = result["conversations"]
        typer.echo(f"{conv['n']} conversations (split: {conv['split']}), last turn scored")
        typer.echo("\n".join(metrics_table({"with history": conv["with_history"], **conv.get("splits", {})})))
        typer.echo(f"repeated the previous answer: {conv['with_history']['follow_up']['repeats']}")
    if "abstention_sweep" in result:
        typer.echo("\n".join(sweep_table(result["abstention_sweep"])))
    typer.echo(f"{len(result['failures'])} failures (see --json or --report for details)")


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
    new_questions: Annotated[
        bool,
        typer.Option("--new-questions", help="Also ask each answerable question after an unrelated one and score it."),
    ] = False,
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
    offline_defaults()
    settings = load_settings()
    _check_inputs(settings, dataset, conversations, split)  # everything is validated before any model loads
    grid = _grid(fail_under or [], sweep_grid, sweep_abstention, conversations is not None, new_questions)
    result = _run(
        build_engine(settings),
        dataset,
        baselines=baselines or report is not None,
        conversations_path=conversations,
        split=split,
        sweep=grid if sweep_abstention else None,
        new_questions=new_questions,
    )
    from eval.harness import check_thresholds, write_report

    if report is not None:
        write_report(result, report)
        write_report(result, settings.serve.latest_report_dir)  # what the web chat's Eval tab shows
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
    else:
        print_eval(result)
    try:
        failed = check_thresholds(result, fail_under or [])
    except ValueError as exc:
        fail(str(exc), code=2)
    for line in failed:
        typer.secho(f"FAIL: {line}", fg=typer.colors.RED, err=True)
    if failed:
        raise typer.Exit(1)
