"""Load benchmark (issue 16, item 4): `/api/ask` and `/api/chat` throughput of a real `rag serve` under 50
concurrent clients, at seed scale and on the 50k synthetic index, this code ("after") against older commits in the
same run, and where the server's time goes (py-spy, `bench/load_profile.py`).

Each side is the source tree of a commit exported with `git archive` (`bench/growth.py`'s `CLI` runs it), or this
tree. Seed scale: each side ingests the five seeds into its own data dir with its own code and default model
(every side reports the model it serves; all three commits default to use-multilingual-v3). 50k: each side serves
its own copy of the size index (559a3d4 only with WARM_BASELINE: see LARGE_SIDES). The server runs with the rate
limit off on a free loopback port; the load is `bench/load_client.py` (every reply compared with the idle
server's answer to the same question). Before each measured run it waits (at most `CALM_WAIT` s) for the
1-minute load average to fall below `CALM` and records the load average at start and end. The server's CPU time
over the run (/proc, all its threads) divided by the requests served is its CPU cost per request. It writes no
report (see `bench/report_load.py`).
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from bench import load_profile
from bench.growth import CLI, exported_tree
from bench.load_client import expected_answers, questions, run_load
from bench.synth import ROOT
from tests.browser import stop

CLIENTS, SECONDS, PROFILE_SECONDS = 50, 30.0, 20.0
CALM, CALM_WAIT = 2.5, 300.0
FILED, SEGMENTED_BEFORE, SESSION_START = "57ac3f0", "559a3d4", "37169a7"
SIDES = {  # commit -> what it is; "after" is this tree
    FILED: "the product when issue 16 was filed",
    SEGMENTED_BEFORE: "before the segmented lexical index (use-multilingual-v3, one-file BM25 index)",
    SESSION_START: "main just before the throughput change (segmented index, snapshot engine)",
    "after": "this code",
}
SEED_SIDES = [FILED, SEGMENTED_BEFORE, SESSION_START, "after"]
# 559a3d4 is not measured on the large index: its warm-up ingest of a copy (to build its one-file lexical index)
# re-embedded every chunk with the real model (the copy caches no vectors): over 10 minutes at 50k chunks, and its
# vectors would no longer be the copy's. Set WARM_BASELINE to measure it anyway.
WARM_BASELINE = False
LARGE_SIDES = [SEGMENTED_BEFORE, SESSION_START, "after"] if WARM_BASELINE else [SESSION_START, "after"]
PROFILED = {SESSION_START, "after"}


def source_tree(cache: Path, side: str) -> Path:
    return ROOT if side == "after" else exported_tree(cache, side)


def _env(source: Path, data: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(source),
        "GROWTH_SOURCE": str(source),
        "RAG_DATA_DIR": str(data),
        "RAG_HOST": "127.0.0.1",
        "RAG_RATE_LIMIT": "0/minute",  # 50 clients share one address: measure capacity, not the limiter
    }


def rag(source: Path, data: Path, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CLI, *args], env=_env(source, data), cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"rag {' '.join(args[:2])} ({source.name}) failed: {done.stderr[-2000:]}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(source: Path, data: Path, log_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-c", CLI, "serve", "--port", str(port)],
            env=_env(source, data), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while True:
        if process.poll() is not None:
            raise SystemExit(f"rag serve ({source.name}) exited: {log_path.read_text()[-2000:]}")
        try:
            if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                return process, base
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise SystemExit(f"rag serve ({source.name}) did not come up: {log_path.read_text()[-2000:]}")
        time.sleep(0.5)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, all its threads (/proc/PID/stat fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_calm(log: Callable[[str], None]) -> float:
    """Wait until the 1-minute load average is below CALM (at most CALM_WAIT s); the seconds waited."""
    started = time.monotonic()
    while os.getloadavg()[0] >= CALM and time.monotonic() - started < CALM_WAIT:
        time.sleep(5)
    waited = time.monotonic() - started
    if waited > 1:
        log(f"load: waited {waited:.0f} s for load average {os.getloadavg()[0]:.2f} (< {CALM} wanted)")
    return round(waited, 1)


def _loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def measure_side(source: Path, data: Path, profile: bool, seconds: float, log: Callable[[str], None]) -> dict[str, Any]:
    """One server on `data`: the idle answers, then `SECONDS` of load (measured), then (if `profile`) another
    `PROFILE_SECONDS` of load under py-spy."""
    process, base = serve(source, data, data / "bench-server.log")
    try:
        health = httpx.get(f"{base}/api/health", timeout=30).json()
        reference = asyncio.run(expected_answers(base, questions()))
        row: dict[str, Any] = {"chunks": health.get("chunks"), "model": health.get("embedding_model")}
        row["waited_for_calm_s"] = wait_calm(log)
        row["load_average_start"] = _loadavg()
        cpu, client_cpu = cpu_seconds(process.pid), time.process_time()
        result = asyncio.run(run_load(base, CLIENTS, seconds, reference))
        cpu, client_cpu = cpu_seconds(process.pid) - cpu, time.process_time() - client_cpu
        row["load_average_end"] = _loadavg()
        summary = result.summary()
        served = summary["ask"]["count"] + summary["chat"]["count"]
        row |= summary | {
            "server_cpu_s": round(cpu, 2),
            "server_cpu_ms_per_request": round(1000 * cpu / served, 2) if served else None,
            "client_cpu_s": round(client_cpu, 2),
            "problems": (result.errors + result.mismatches)[:5],
        }
        if profile and load_profile.py_spy():
            profiled = min(PROFILE_SECONDS, seconds)
            spies = load_profile.start(process.pid, profiled + 4, data / "bench-profile")
            time.sleep(2)  # py-spy attached before the load starts; it records 2 s beyond its end
            asyncio.run(run_load(base, CLIENTS, profiled, reference))
            row["profile"] = load_profile.finish(spies, data / "bench-profile", row["server_cpu_ms_per_request"] or 0.0)
        elif profile:
            row["profile"] = None  # py-spy is not installed: `pip install py-spy`
        return row
    finally:
        stop(process)


def large_index(cache: Path, sizes: dict[str, int], given: Path | None) -> Path | None:
    """The large index to copy from: `given` (`--load-index`, e.g. one built elsewhere), else the largest size
    index built in `cache`, else None (seed scale only)."""
    if given is not None:
        return given
    for name in reversed(list(sizes)):
        if (cache / f"size-{name}" / "manifest.json").is_file():
            return cache / f"size-{name}"
    return None


def _source_folders(data: Path) -> list[str]:
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    return sorted({str(Path(source).parent) for source in manifest["documents"]})


def _keep(cache: Path, out: dict[str, Any]) -> None:
    """What is measured so far, in `cache`/load-partial.json (a run that fails later keeps it)."""
    (cache / "load-partial.json").write_text(json.dumps(out, indent=1), encoding="utf-8")


def run_load_section(
    cache: Path, large: Path | None, log: Callable[[str], None], seconds: float = SECONDS
) -> dict[str, Any]:
    """Every side at seed scale, then every large side on its own copy of `large` (when given)."""
    import shutil

    from bench.build import copy_index

    out: dict[str, Any] = {"clients": CLIENTS, "seconds": seconds, "sides": SIDES, "calm_below": CALM}
    seeds = str(ROOT / "seeds")
    out["seed"] = {}
    for side in SEED_SIDES:
        source, data = source_tree(cache, side), cache / f"load-seed-{side}"
        shutil.rmtree(data, ignore_errors=True)
        data.mkdir(parents=True)
        rag(source, data, "ingest", seeds, "--json")
        out["seed"][side] = measure_side(source, data, side in PROFILED, seconds, log)
        _keep(cache, out)
        log(f"load seed {side}: {out['seed'][side]['throughput_rps']} req/s")
    if large is None:
        return out
    out["large"] = {"from": str(large)}
    for side in LARGE_SIDES:
        source, data = source_tree(cache, side), cache / f"load-large-{side}"
        copy_index(large, data)
        if side == SEGMENTED_BEFORE:  # its own one-file lexical index, built from the copy (untimed)
            rag(source, data, "ingest", *_source_folders(data), "--json")
        out["large"][side] = measure_side(source, data, side in PROFILED, seconds, log)
        _keep(cache, out)
        log(f"load large {side}: {out['large'][side]['throughput_rps']} req/s")
    return out
