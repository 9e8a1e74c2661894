"""Plain-language terminal output: `rag info` as a table and the `rag ingest` summary, with correct plurals.

Pure formatting of dicts the index layer already produced; it reads no index and loads no model.
"""

from __future__ import annotations

from typing import Any


def plural(n: int, word: str, many: str | None = None) -> str:
    """`1 chunk`, `2 chunks`, `0 files`."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def ingest_summary(data: dict[str, Any]) -> list[str]:
    """The lines `rag ingest` prints after its progress bars (the `--json` report has the same facts)."""
    lines = [
        f"{plural(data['files'], 'file')} read: {data['added']} added, {data['updated']} updated,"
        f" {data['removed']} removed, {data['unchanged']} unchanged; {plural(data['chunks'], 'chunk')} in the index"
        f" (peak memory {data['peak_rss_mb']:.0f} MB)"
    ]
    skipped, warnings = data["skipped"], data["warnings"]
    if skipped:
        lines.append(f"{plural(len(skipped), 'file')} not indexed:")
        lines += [f"  {item['path']}: {item['reason']}" for item in skipped]
    if warnings:
        lines.append(f"{plural(len(warnings), 'file')} indexed with a caveat:")
        lines += [f"  {item['path']}: {item['reason']}" for item in warnings]
    return lines


def info_rows(data: dict[str, Any]) -> list[tuple[str, str]]:
    """`rag info`'s summary as (label, value) rows."""
    languages = ", ".join(f"{code} {n}" for code, n in sorted(data["languages"].items(), key=lambda kv: -kv[1]))
    rows = [
        ("Documents", str(data["documents"])),
        ("Chunks", str(data["chunks"])),
        ("Languages", languages or "none"),
        ("Embedding model", f"{data['embedding_model']} ({data['embedding_backend']})"),
        ("Answer mode", data["answer_mode"]),
    ]
    if "llm" in data:
        rows.append(("LLM", f"{data['llm'].get('model')} at {data['llm'].get('base_url')}"))
    rows += [("Data dir", data["data_dir"]), ("Vector store", data["vector_store"])]
    return rows


def print_info(data: dict[str, Any], documents: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    summary = Table(show_header=False, box=None, pad_edge=False)
    summary.add_column(style="bold")
    summary.add_column(overflow="fold")
    for label, value in info_rows(data):
        summary.add_row(label, value)
    console.print(summary)
    if not documents:
        return
    table = Table(title=None, show_lines=False, header_style="bold")
    table.add_column("Document", no_wrap=True)
    table.add_column("Lang", no_wrap=True)
    table.add_column("Chunks", justify="right", no_wrap=True)
    table.add_column("Title", no_wrap=True, overflow="ellipsis", ratio=1)
    for doc in documents:
        table.add_row(doc["source"], doc["language"], str(doc["chunks"]), doc["title"])
    console.print(table)
