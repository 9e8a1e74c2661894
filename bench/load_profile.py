"""Where a loaded `rag serve` spends its time, by pipeline stage, from py-spy samples (bench/load.py).

`record` attaches py-spy (`pip install py-spy`; not a product dependency, the section says so when it is missing)
to the server process twice at once for the same load: once sampling every busy thread (running or waiting for
the GIL: wall time of the threads doing a request) and once only the thread holding the GIL (the Python work that
the two cores cannot share). `stages` files each sample under the innermost stage its stack is in, from the
frames' function and file names (`STAGES`, first match from the innermost frame out), and turns the shares into
milliseconds per request using the server's measured CPU time per request. It does not drive the load.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

RATE = 50  # samples per second per py-spy; above about 100 it falls behind on a loaded machine

# (stage, substrings of a frame "function (file:line)"), matched from the innermost frame outwards.
STAGES: list[tuple[str, tuple[str, ...]]] = [
    ("query embedding", ("SentenceSimilarity.question", "embed_query")),
    ("language detection", ("LanguageDetector.detect",)),
    ("lexical search (BM25)", ("LexicalRetriever._retrieve", "LexicalIndex.search", "index/lexical.py")),
    ("dense search (Chroma)", ("CommittedDense", "CommittedOnly", "VectorIndexRetriever", "chroma/", "chromadb/")),
    ("retriever glue (llama-index events, fusion)", ("BaseRetriever.retrieve", "HybridRetriever", "Dispatcher.")),
    ("re-rank (sentence windows)", ("rag/rerank.py", "rag/windows.py")),
    ("compose + cite", ("rag/answer.py", "rag/answerer.py", "rag/grounding.py", "ui/marks.py")),
    ("engine: snapshot, plan, validate", ("rag/engine.py", "rag/plan.py", "rag/snapshot.py", "rag/validate.py")),
    ("JSON/HTTP (FastAPI, pydantic, uvicorn)", ("fastapi/", "starlette/", "uvicorn/", "pydantic", "ui/", "h11")),
    ("threadpool (anyio hand-off, queue)", ("anyio/", "queue.py", "threading.py")),
    ("event loop (asyncio)", ("asyncio/",)),
]
WAITING = ("Condition.wait", "Queue.get")  # a worker thread waiting for work: not a request's cost


def py_spy() -> str | None:
    """py-spy next to this interpreter (a venv's bin), else on PATH."""
    beside = Path(sys.executable).with_name("py-spy")
    return str(beside) if beside.is_file() else shutil.which("py-spy")


def start(pid: int, seconds: float, out: Path) -> list[subprocess.Popen[bytes]]:
    """Two py-spy recorders on `pid` for `seconds`: all busy threads (`out`.all.txt) and the GIL holder
    (`out`.gil.txt), raw collapsed stacks."""
    out.parent.mkdir(parents=True, exist_ok=True)
    spies = []
    for kind, extra in (("all", []), ("gil", ["--gil"])):
        command = [py_spy() or "py-spy", "record", "--pid", str(pid), "--duration", str(int(seconds))]
        command += ["--rate", str(RATE), "--nonblocking", "--format", "raw", *extra]
        command += ["-o", str(out.with_suffix(f".{kind}.txt"))]
        spies.append(subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    return spies


def finish(spies: list[subprocess.Popen[bytes]], out: Path, cpu_ms_per_request: float) -> dict[str, Any]:
    for spy in spies:
        spy.wait(timeout=120)
    return {kind: stages(out.with_suffix(f".{kind}.txt"), cpu_ms_per_request) for kind in ("all", "gil")}


def stage_of(frames: list[str]) -> str:
    for frame in reversed(frames):
        for name, marks in STAGES:
            if any(mark in frame for mark in marks):
                return name
    return "other"


def stages(path: Path, cpu_ms_per_request: float) -> dict[str, Any]:
    """{samples, waiting, stages: {stage: {share, ms_per_request}}} from a raw py-spy file; `share` of the
    samples that are not an idle worker waiting for work; ms = share x the server's CPU ms per request."""
    counts: Counter[str] = Counter()
    waiting = 0
    if not path.is_file():
        return {"samples": 0, "waiting": 0, "stages": {}}
    for line in path.read_text(encoding="utf-8").splitlines():
        stack, _, number = line.rpartition(" ")
        frames, n = stack.split(";"), int(number)
        if frames[-1].split(" (")[0] in WAITING or any(w in frames[-1] for w in WAITING):
            waiting += n
            continue
        counts[stage_of(frames)] += n
    busy = sum(counts.values()) or 1
    table = {
        name: {"share": round(n / busy, 3), "ms_per_request": round(n / busy * cpu_ms_per_request, 2)}
        for name, n in counts.most_common()
    }
    return {"samples": busy, "waiting": waiting, "stages": table}


def top_frames(path: Path, limit: int = 15) -> list[tuple[str, float]]:
    """The innermost frames with the largest share of the samples (self time), for the report's detail."""
    counts: Counter[str] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines() if path.is_file() else []:
        stack, _, number = line.rpartition(" ")
        counts[stack.split(";")[-1]] += int(number)
    total = sum(counts.values()) or 1
    return [(frame, round(n / total, 3)) for frame, n in counts.most_common(limit)]
