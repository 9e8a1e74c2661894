"""Ingest, ask and serve work with outbound network blocked, and none of them even tries to reach out.

Each command runs as a real process with tests/no_network/ on PYTHONPATH: its sitecustomize.py refuses and
records every connection and name lookup that is not loopback. The offline switches the test session sets
for itself (HF_HUB_OFFLINE, GRADIO_ANALYTICS_ENABLED, ...) are removed from the children's environment, so
the product's own defaults are what is tested.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.browser import stop, wait_until_healthy
from tests.conftest import SEEDS

GUARD = Path(__file__).with_name("no_network")
RAG = str(Path(sys.executable).with_name("rag"))
SESSION_SWITCHES = [
    "HF_HUB_OFFLINE",
    "TRANSFORMERS_OFFLINE",
    "GRADIO_ANALYTICS_ENABLED",
    "ANONYMIZED_TELEMETRY",
    "HF_HUB_DISABLE_PROGRESS_BARS",
    "TRANSFORMERS_VERBOSITY",
    "TOKENIZERS_PARALLELISM",
]


@pytest.fixture
def offline(tmp_path: Path) -> tuple[dict[str, str], Path]:
    log = tmp_path / "attempts.jsonl"
    env = {key: value for key, value in os.environ.items() if key not in SESSION_SWITCHES}
    env |= {
        "PYTHONPATH": os.pathsep.join([str(GUARD), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        "NO_NETWORK_LOG": str(log),
        "RAG_DATA_DIR": str(tmp_path / "data"),
        "NO_PROXY": "127.0.0.1,localhost",
    }
    return env, log


def _attempts(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []


def test_the_guard_blocks_and_records_outbound_connections(offline) -> None:
    # Without this, a guard that silently failed to load would make the real test pass vacuously.
    env, log = offline
    probe = """
import socket, urllib.request
try:
    socket.create_connection(("192.0.2.1", 443), timeout=1)
except OSError as error:
    print("blocked", error.errno)
try:
    urllib.request.urlopen("https://huggingface.co", timeout=1)
except OSError:
    print("lookup blocked")
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen()
socket.create_connection(server.getsockname())
print("loopback ok")
"""
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.split("\n")[1:3] == ["lookup blocked", "loopback ok"], result.stdout + result.stderr
    assert result.stdout.startswith("blocked")
    assert [a["kind"] for a in _attempts(log)] == ["connect", "lookup"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_ingest_ask_and_serve_run_without_any_outbound_attempt(offline, tmp_path: Path) -> None:
    env, log = offline
    corpus = tmp_path / "seeds"
    shutil.copytree(SEEDS, corpus)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([RAG, *args], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=600)

    ingest = run("ingest", str(corpus), "--json")
    assert ingest.returncode == 0, ingest.stderr[-3000:]
    assert json.loads(ingest.stdout)["added"] == 5

    ask = run("ask", "Сколько стран участвовало в конкурсе?", "--json")
    assert ask.returncode == 0, ask.stderr[-3000:]
    answer = json.loads(ask.stdout)
    assert not answer["abstained"] and "122" in answer["answer"]

    port = _free_port()
    server = subprocess.Popen(
        [RAG, "serve", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_healthy(base, server, server.stdout.read)
        asked = httpx.post(
            f"{base}/api/ask", json={"question": "Quanto valeva il montepremi del concorso di Kling AI?"}, timeout=60
        )
        assert asked.status_code == 200 and "42.000" in asked.json()["answer"]
        page = httpx.get(f"{base}/", timeout=60)
        assert page.status_code == 200
        chat = httpx.post(f"{base}/api/chat", json={"question": "Who won the jury prize?"}, timeout=60)
        assert chat.status_code == 200 and "event: done" in chat.text
    finally:
        stop(server)
        server.stdout.close()

    attempts = _attempts(log)
    assert attempts == [], "\n\n".join(f"{a['kind']} {a['target']} (pid {a['pid']})\n{a['stack']}" for a in attempts)
