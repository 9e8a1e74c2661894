"""The growth section of `docs/benchmarks.md` (issue 16) and its targets, from `bench/results.json`.

It renders what `bench/growth.py` measured, before (the baseline commit) and after (this code) side by side
with their ratio, and checks the issue's targets at the largest size measured. It measures nothing.
"""

from __future__ import annotations

from typing import Any

ROWS = [
    ("re-ingest, nothing changed (s)", ("unchanged_s",)),
    ("  its peak RSS (MB)", ("unchanged_peak_rss_mb",)),
    ("ingest one new file (s)", ("add_one_s",)),
    ("  its peak RSS (MB)", ("add_one_peak_rss_mb",)),
    ("remove that file (s)", ("remove_one_s",)),
    ("lexical index on disk (MB)", ("lexical_disk_mb",)),
    ("lexical index load (s)", ("serve", "load_s")),
    ("serving RSS growth, private (MB)", ("serve", "growth_anon_mb")),
    ("serving RSS growth, shared file pages (MB)", ("serve", "growth_file_mb")),
    ("lexical search p50 (ms)", ("serve", "search_ms", "p50")),
    ("lexical search p95 (ms)", ("serve", "search_ms", "p95")),
    ("answerer word weights p95 (ms)", ("serve", "df_lookup_ms", "p95")),
]


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _sizes(growth: dict[str, Any]) -> list[str]:
    return [name for name, row in growth.items() if isinstance(row, dict) and "before" in row]


def targets(results: dict[str, Any]) -> list[tuple[str, Any, str, float]]:
    growth = results.get("growth") or {}
    sizes = _sizes(growth)
    if not sizes:
        return []
    name = max(sizes, key=lambda n: growth[n]["chunks"])
    after, before = growth[name]["after"], growth[name]["before"]
    p95 = _get(after, ("serve", "search_ms", "p95")), _get(before, ("serve", "search_ms", "p95"))
    return [
        (f"re-ingest of unchanged files at {name} (s)", after["unchanged_s"], "<=", 3.0),
        (f"lexical index on disk at {name} (MB)", after["lexical_disk_mb"], "<=", 300.0),
        (f"serving RSS growth from the lexical index at {name} (MB)", _growth(after), "<=", 300.0),
        (f"lexical search p95 after/before at {name} (ratio)", _ratio(*p95), "<=", 1.0),
    ]


def _growth(side: dict[str, Any]) -> float | None:
    anon, mapped = _get(side, ("serve", "growth_anon_mb")), _get(side, ("serve", "growth_file_mb"))
    return None if anon is None or mapped is None else round(anon + mapped, 1)


def _skipped_lines(growth: dict[str, Any], sizes: list[str]) -> list[str]:
    """What was not measured (the baseline's slowest runs at the largest sizes), and the load during each side."""
    lines = []
    for name in sizes:
        for side in ("before", "after"):
            data = growth[name][side]
            if data.get("skipped"):
                lines.append(
                    f"Not measured at {name} {side}: {', '.join(data['skipped'])} (the baseline rebuilds its whole"
                    " index in memory at every ingest, minutes each; `bench/growth.py` LIGHT_BEFORE_CHUNKS). Its"
                    f" untimed warm-up ingest (a full rebuild) took {_fmt_s(data.get('warm_up_s'))} at"
                    f" {data.get('warm_up_peak_rss_mb', 'n/a')} MB peak RSS."
                )
    loads = [
        f"{name} {side} {growth[name][side]['load_average_1m']}"
        for name in sizes
        for side in ("before", "after")
        if growth[name][side].get("load_average_1m")
    ]
    if loads:
        lines.append(
            "The machine was loaded (shared with other jobs) throughout; 1-minute load average on 2 cores at the start"
            " of each side, after its ingests and at its end: " + "; ".join(loads) + "."
        )
    return [*lines, ""] if lines else []


def _fmt_s(value: Any) -> str:
    return "n/a" if value is None else f"{value:.0f} s"


def _ratio(after: Any, before: Any) -> float | None:
    return round(after / before, 3) if after is not None and before else None


def render(results: dict[str, Any], table: Any) -> list[str]:
    """Markdown lines; `table(header, rows)` is report.py's table renderer."""
    growth = results.get("growth") or {}
    sizes = _sizes(growth)
    if not sizes:
        return []
    when = results.get("measured", {}).get("growth", {})
    lines = [
        "## Growing corpora: ingest cost, lexical index size, serving memory (issue 16)",
        "",
        f"Measured {when.get('at', 'n/a')} in {when.get('duration_s', 'n/a')} s, load average"
        f" {when.get('load_average_start', 'n/a')} at the start and {when.get('load_average_end', 'n/a')} at the end."
        f" *Before* is the code at commit {growth['baseline']} (the lexical index as one JSON document, rebuilt from"
        " every chunk by each ingest, the model loaded by each ingest); *after* is this code (memory-mapped segments,"
        " changed only by what changed). Both run on their own copy of the same synthetic index (the sizes above;"
        " `bench/synth.py`, so the corpus is synthetic), each figure from a separate process (`bench/growth.py`):"
        " `rag ingest` of the unchanged folders (wall time including interpreter start, best of"
        f" {growth['rounds']}), `rag ingest` of one new synthetic document, `rag remove` of it, and"
        " `bench/growth_probe.py` (the lexical index loaded as the engine loads it, then every `eval/qa.jsonl`"
        " question 3 times: BM25 for 30 candidates and the answerer's word weights for the top 5 passages).",
        "Serving memory is split: *private* is anonymous memory of that one process; *shared file pages* are the"
        " memory-mapped segment files, one copy in the OS page cache for every process serving the data dir.",
        "",
    ]
    for name in sizes:
        row = growth[name]
        rows = []
        for label, path in ROWS:
            before, after = _get(row["before"], path), _get(row["after"], path)
            rows.append([label, before, after, _ratio(after, before)])
        lines += [
            f"### {name}: {row['chunks']} chunks, {row['documents']} documents",
            "",
            *table(["", "before", "after", "after/before"], rows),
            "",
        ]
    lines += _skipped_lines(growth, sizes)
    largest = growth[max(sizes, key=lambda n: growth[n]["chunks"])]
    per_chunk = {side: largest[side]["lexical_disk_mb"] * 1024 / largest["chunks"] for side in ("before", "after")}
    lines += [
        "Size names are the benchmark's; each size's part count (`bench/run.py` SIZES) is set so that the default"
        " model's chunker (use-multilingual-v3) makes about that many chunks; the tables give the exact counts. Per"
        f" chunk the lexical index takes {per_chunk['before']:.2f} KB on disk before and {per_chunk['after']:.2f} KB"
        f" after at {largest['chunks']} chunks. Most of it is the chunks' own text and metadata (`store.jsonl`),"
        " which the segment keeps so that a search answers from one commit without asking Chroma.",
        "",
    ]
    return lines
