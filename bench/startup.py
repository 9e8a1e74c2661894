"""The start-up section of `make bench`: what a one-shot `rag` command costs from a cold process.

Users run `rag ask` from scripts, one process per question, so its wall time is mostly start-up (imports, the
embedding model, the language models, the index), not the answer (about 20 ms warm). Over the seed index (built
once in `bench/cache/startup`), each round runs `python -m ui ask QUESTION --json` and `python -m ui --help` as
fresh processes, one after the other, and records each wall time and CPU time (user + system) with the 1-minute
load average before it; the best round counts (the machine is shared). One more process times the stages of a cold
ask one by one as `rag ask` runs them (imports and the embedding model with the garbage collector paused, the
language models, the first answer), and one more `rag ask` under `python -X importtime` says what the process
imported and what the heavy packages cost to import. It measures; `bench/report_startup.py` renders and checks the
target.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.synth import ROOT

QUESTION = "How many countries took part?"
# Packages whose import cost the breakdown reports (sentence-transformers, with torch and transformers, is the
# embedding interface of every model, the bundled numpy encoder included), and which a one-shot ask should not
# need at all (the serving stack).
BREAKDOWN = (
    "torch", "transformers", "sentence_transformers", "chromadb", "llama_index.core", "nltk", "numpy", "pydantic",
    "typer", "rich",
)  # fmt: skip
NOT_NEEDED = ("gradio", "fastapi", "uvicorn")


# `rag ARGS` in-process, then which of NOT_NEEDED it left imported (a failed import attempt, which `-X importtime`
# also prints, does not count).
PROBE = f"""
import sys
from ui.cli import app
try:
    app(sys.argv[1:], standalone_mode=False)
finally:
    print("LOADED=" + ",".join(m for m in {NOT_NEEDED!r} if m in sys.modules))
"""


# The stages of a cold `rag ask`, in the order the command runs them (ui/commands/answer.py), in one fresh process.
PHASES = f"""
import json, time
marks, last = {{}}, time.perf_counter()
def mark(name):
    global last
    now = time.perf_counter()
    marks[name] = round(1000 * (now - last))
    last = now
from ui.commands.common import load_settings, long_lived, offline_defaults
offline_defaults()
settings = load_settings()
mark("command line and settings (typer, pydantic)")
with long_lived():
    from index.store import open_client
    client = open_client(settings.index)
    mark("chromadb: import and open the client (collector paused)")
    from rag.engine import Engine
    from rag.types import Query
    mark("query layer import: rag.engine, llama-index (collector paused)")
    from index.embedding import load_embedder
    embedder = load_embedder(settings.index)
    mark("embedding model: sentence-transformers, torch, the model (collector paused)")
    engine = Engine(settings.index, settings.rag, embedder=embedder, client=client)
    mark("engine: commit, lexical index, answerers (collector paused)")
engine.detect_language({QUESTION!r})
mark("first language detection (lingua loads its n-gram models)")
engine.ask(Query({QUESTION!r}))
mark("first answer (nltk and punkt load, the query)")
engine.ask(Query({QUESTION!r}))
mark("the same answer again, warm")
print(json.dumps(marks))
"""


def _env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    return env | {"RAG_DATA_DIR": str(data), "PYTHONPATH": str(ROOT)}


def _timed(args: list[str], env: dict[str, str], python: list[str] | None = None) -> tuple[float, str, str]:
    took, _, out, err = _timed_cpu(args, env, python)
    return took, out, err


def _timed_cpu(args: list[str], env: dict[str, str], python: list[str] | None = None) -> tuple[float, float, str, str]:
    """Wall and CPU seconds (user + system), stdout, stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [*(python or [sys.executable, "-m", "ui"]), *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"rag {' '.join(args)} failed (exit {done.returncode}): {done.stderr[-2000:]}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return took, cpu, done.stdout, done.stderr


def _import_times(stderr: str) -> dict[str, float]:
    """Cumulative import time (ms) of each module `-X importtime` printed, by module name (first import only)."""
    times: dict[str, float] = {}
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = (part.strip() for part in line.removeprefix("import time:").split("|"))
        if cumulative.isdigit():
            times.setdefault(name, int(cumulative) / 1000)
    return times


def run_startup(cache: Path, log: Callable[[str], None], rounds: int = 5) -> dict[str, Any]:
    data = cache / "startup"
    env = _env(data)
    if not (data / "manifest.json").is_file():
        log("startup: ingesting the seeds")
        _timed(["ingest", str(ROOT / "seeds"), "--json"], env)
    samples: dict[str, list[dict[str, Any]]] = {"ask": [], "help": []}
    answer: dict[str, Any] = {}
    for _ in range(rounds):
        for name, args in (("ask", ["ask", QUESTION, "--json"]), ("help", ["--help"])):
            load = round(os.getloadavg()[0], 2)
            took, cpu, out, _ = _timed_cpu(args, env)
            samples[name].append({"wall_s": round(took, 2), "cpu_s": round(cpu, 2), "load_1min": load})
            if name == "ask":
                answer = json.loads(out)
    took, out, err = _timed(["ask", QUESTION, "--json"], env, [sys.executable, "-X", "importtime", "-c", PROBE])
    imports = _import_times(err)
    loaded = out.strip().splitlines()[-1].removeprefix("LOADED=")
    load = round(os.getloadavg()[0], 2)
    _, out, _ = _timed([], env, [sys.executable, "-c", PHASES])
    phases = {"load_1min": load, "ms": json.loads(out.strip().splitlines()[-1])}
    result: dict[str, Any] = {"question": QUESTION, "rounds": rounds, "answer_mode": answer.get("mode")}
    result["phases"] = phases
    for name, rows in samples.items():
        walls, cpus = [row["wall_s"] for row in rows], [row["cpu_s"] for row in rows]
        result[name] = {
            "best_s": min(walls),
            "median_s": round(statistics.median(walls), 2),
            "cpu_median_s": round(statistics.median(cpus), 2),
            "rounds": rows,
        }
    result["importtime_run"] = {
        "wall_s": round(took, 2),
        "import_ms": {name: round(imports[name]) for name in BREAKDOWN if name in imports},
        "imported_not_needed": [name for name in loaded.split(",") if name],
        "modules": len(imports),
    }
    log(f"startup: rag ask best {result['ask']['best_s']} s, median {result['ask']['median_s']} s")
    return result
