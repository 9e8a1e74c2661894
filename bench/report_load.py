"""The load section of `docs/benchmarks.md` (issue 16, item 4) and its targets, from `bench/results.json`.

It renders what `bench/load.py` measured: per scale, every side's throughput, latencies, errors, mixed-up answers,
server CPU per request and the load average around its run, with this code's ratio to each older side; then the
profile (py-spy) of the profiled sides by stage. It measures nothing.
"""

from __future__ import annotations

from typing import Any

SCALES = [("seed", "seed scale: the five seed documents"), ("large", "the large synthetic index")]


def _pair(stat: dict[str, Any] | None) -> str:
    return "n/a" if not stat else f"{stat['p50_ms']:.0f} / {stat['p95_ms']:.0f}"


def _sides(load: dict[str, Any], scale: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in (load.get(scale) or {}).items() if isinstance(v, dict) and "throughput_rps" in v}


def targets(results: dict[str, Any]) -> list[tuple[str, Any, str, float]]:
    load = results.get("load") or {}
    rows: list[tuple[str, Any, str, float]] = []
    for scale, _ in SCALES:
        for side, row in _sides(load, scale).items():
            if side == "after":
                rows.append((f"errors under load, {scale} scale", row["errors"], "<=", 0))
                rows.append((f"mixed-up answers under load, {scale} scale", row["mismatches"], "<=", 0))
    return rows


def _side_rows(load: dict[str, Any], scale: str) -> list[list[Any]]:
    sides = _sides(load, scale)
    after = sides.get("after", {})
    rows = []
    for side, row in sides.items():
        ratio = round(after["throughput_rps"] / row["throughput_rps"], 2) if after and row["throughput_rps"] else None
        cpu_ratio = None
        if after.get("server_cpu_ms_per_request") and row.get("server_cpu_ms_per_request"):
            cpu_ratio = round(after["server_cpu_ms_per_request"] / row["server_cpu_ms_per_request"], 2)
        rows.append(
            [side, row.get("model"), row.get("chunks"), row["requests"], row["errors"], row["mismatches"],
             row["throughput_rps"], ratio, row.get("server_cpu_ms_per_request"), cpu_ratio, _pair(row.get("ask")),
             _pair(row.get("chat")), _pair(row.get("chat_first_event")),
             f"{row['load_average_start'][0]} → {row['load_average_end'][0]}"]
        )  # fmt: skip
    return rows


def _profile_rows(load: dict[str, Any], scale: str, kind: str) -> tuple[list[str], list[list[Any]]]:
    profiled = {s: r["profile"][kind] for s, r in _sides(load, scale).items() if r.get("profile")}
    if not profiled:
        return [], []
    stages: list[str] = []
    for table in profiled.values():
        stages += [name for name in table["stages"] if name not in stages]
    header = ["stage", *(f"{side}: ms/request (share)" for side in profiled)]
    rows = []
    for name in stages:
        cells = []
        for table in profiled.values():
            cell = table["stages"].get(name)
            cells.append(f"{cell['ms_per_request']:.2f} ({cell['share']:.0%})" if cell else "–")
        rows.append([name, *cells])
    rows.append(["samples (busy / waiting for work)", *(f"{t['samples']} / {t['waiting']}" for t in profiled.values())])
    return header, rows


def render(results: dict[str, Any], table: Any) -> list[str]:
    """Markdown lines; `table(header, rows)` is report.py's table renderer."""
    load = results.get("load") or {}
    if not _sides(load, "seed"):
        return []
    when = results.get("measured", {}).get("load", {})
    sides = "; ".join(f"*{name}*: {what}" for name, what in load.get("sides", {}).items())
    lines = [
        "## Load: `/api/ask` and `/api/chat` under 50 concurrent clients (issue 16)",
        "",
        f"Measured {when.get('at', 'n/a')} in {when.get('duration_s', 'n/a')} s (`bench/load.py`). Each side is a"
        f" real `rag serve` (rate limit off, loopback) driven by `bench/load_client.py`: {load['clients']} clients"
        f" for {load['seconds']:.0f} s, alternating `/api/ask` and `/api/chat` (read to the end) over 24 eval"
        " questions (en, it, ru); every reply is compared with the idle server's answer to the same question"
        " (a difference is a mixed-up answer). Sides run one after another in the same run; before each, the run"
        f" waits (at most 5 min) for the 1-minute load average to fall below {load['calm_below']}, and records it"
        " at the start and end of the measured run. The load client runs on the same two cores. Server CPU is the"
        " server process's user + system time over the run divided by the requests served, less sensitive to the"
        f" shared machine's load than req/s. Sides: {sides}.",
        "",
    ]
    header = [
        "side", "model", "chunks", "requests", "errors", "mixed-up", "req/s", "after/side req/s",
        "server CPU ms/request", "after/side CPU", "ask p50 / p95 ms", "chat p50 / p95 ms",
        "chat first event p50 / p95 ms", "load average start → end",
    ]  # fmt: skip
    for scale, title in SCALES:
        if not _sides(load, scale):
            continue
        source = f" (copied from `{load[scale]['from']}`)" if scale == "large" and load[scale].get("from") else ""
        lines += [f"### {title}{source}", "", *table(header, _side_rows(load, scale)), ""]
        for kind, what in (
            ("all", "every busy thread (running or waiting for the GIL)"),
            ("gil", "the thread holding the GIL only (Python work the two cores cannot share)"),
        ):
            head, rows = _profile_rows(load, scale, kind)
            if rows:
                lines += [f"Where the time goes, {scale} scale, py-spy samples of {what}:", "", *table(head, rows), ""]
    lines += [
        "Profile: py-spy (50 samples/s, two recorders at once) during a further 20 s of the same load; each sample"
        " is filed under the innermost pipeline stage on its stack (`bench/load_profile.py`); ms/request = the"
        " stage's share of the samples x the server CPU per request of the measured run, so it is approximate:"
        " a thread waiting for the GIL is counted where it waits. The client's 24 questions repeat, so the query"
        " embedding is cached after each question's first ask (the engine keeps recent questions' vectors): a new"
        " question also pays one encoder run, not in these tables.",
        "",
    ]
    return lines
