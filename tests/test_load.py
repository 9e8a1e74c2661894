"""50 concurrent clients for 30 s against a real `rag serve` on loopback: 0 errors, no lost or mixed-up answers.

The server is the real command, on the session's seed index and a free 127.0.0.1 port. Every reply must equal
the answer the idle server gave to the same question (bench/load_client.py). Latencies and throughput are
printed (`pytest -s`) and recorded in docs/benchmarks.md by hand; they are not asserted (no timing asserts).
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench.load_client import run_load
from tests.browser import stop, wait_until_healthy

RAG = str(Path(sys.executable).with_name("rag"))
CLIENTS, SECONDS = 50, 30.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(seed_settings, tmp_path: Path):
    port = _free_port()
    # All 50 clients share 127.0.0.1, so the per-client rate limit (default 30/minute) would answer most with
    # 429; this measures the server's capacity, so the limit is off.
    env = {
        **os.environ,
        "RAG_DATA_DIR": str(seed_settings.data_dir),
        "RAG_HOST": "127.0.0.1",
        "RAG_RATE_LIMIT": "0/minute",
    }
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen([RAG, "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, process, lambda: (tmp_path / "server.log").read_text())
        yield base
    finally:
        stop(process)
        log.close()


@pytest.mark.slow
def test_fifty_clients_for_thirty_seconds_get_their_own_answers(server: str) -> None:
    # A thread of its own: the session's Playwright browser may already run an event loop in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        result = pool.submit(asyncio.run, run_load(server, clients=CLIENTS, seconds=SECONDS)).result()
    summary = result.summary()
    print("\nload:", json.dumps(summary))
    assert result.errors == []
    assert result.mismatches == []
    assert summary["ask"]["count"] > 0 and summary["chat"]["count"] > 0
