"""The start-up section of `docs/benchmarks.md` and its target, from what `bench/startup.py` measured.

It measures nothing.
"""

from __future__ import annotations

from typing import Any

ASK_TARGET_S = 3.0  # a one-shot `rag ask` from a script: a couple of seconds


def targets(results: dict[str, Any]) -> list[tuple[str, Any, str, float]]:
    startup = results.get("startup") or {}
    best = (startup.get("ask") or {}).get("best_s")
    return [("cold `rag ask` wall, best round (s)", best, "<=", ASK_TARGET_S)] if best is not None else []


def render(results: dict[str, Any], table: Any) -> list[str]:
    """Markdown lines; `table(header, rows)` is report.py's table renderer."""
    startup = results.get("startup")
    if not startup:
        return []
    when = results.get("measured", {}).get("startup", {})
    rows = [
        [f"`rag {name}`" if name == "ask" else "`rag --help`", startup[name]["best_s"], startup[name]["median_s"],
         startup[name].get("cpu_median_s", "n/a"),
         ", ".join(f"{r['wall_s']} ({r['load_1min']})" for r in startup[name]["rounds"])]
        for name in ("ask", "help")
    ]  # fmt: skip
    run = startup["importtime_run"]
    imports = [[name, ms] for name, ms in run["import_ms"].items()]
    lines = [
        "## Start-up: a one-shot `rag ask`",
        "",
        f"Measured {when.get('at', 'n/a')}, load average {when.get('load_average_start', 'n/a')} at the start."
        f' Each of {startup["rounds"]} rounds runs `python -m ui ask "{startup["question"]}" --json` over the seed'
        " index, then `python -m ui --help`, each as a fresh process; the 1-minute load average before each run is"
        " in brackets. CPU is the process's user + system time (wall time on a shared machine depends on"
        " what else runs; CPU time much less). Almost all of a cold ask is start-up: the answer itself takes about"
        " 20 ms warm.",
        "",
        *table(["command", "best s", "median s", "median CPU s", "rounds: wall s (load)"], rows),
        "",
        *_phase_lines(startup, table),
        f"One more `rag ask` under `python -X importtime` ({run['wall_s']} s with the tracing, {run['modules']}"
        " modules): the cumulative import time of the heavy packages, in ms. Imported though a one-shot ask does not"
        f" need them: {', '.join(run['imported_not_needed']) or 'none'}.",
        "",
        *table(["package", "import ms"], imports),
        "",
    ]
    return lines


def _phase_lines(startup: dict[str, Any], table: Any) -> list[str]:
    phases = startup.get("phases")
    if not phases:
        return []
    rows = [[name, ms] for name, ms in phases["ms"].items()]
    return [
        f"Where a cold ask's time goes: its stages one by one in one more fresh process (1-minute load average"
        f" {phases['load_1min']} before it), in ms:",
        "",
        *table(["stage", "ms"], rows),
        "",
    ]
