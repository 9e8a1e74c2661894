"""`rag serve` start-up: take the port before anything loads, then serve on it and say when the page is usable.

`bind` returns a bound socket or None when the port is taken, so the CLI can refuse in one line before the
model loads (and before anything prints a URL). `serve_on` runs uvicorn on that socket and prints
"ready at URL" once it accepts connections. It builds no app and loads no model.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from typing import Any


def bind(host: str, port: int) -> socket.socket | None:
    """A socket bound to (host, port) — not yet listening — or None if another process holds the port."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: TIME_WAIT is not "taken"
    try:
        sock.bind((host.strip("[]"), port))
    except OSError:
        sock.close()
        return None
    sock.set_inheritable(True)
    return sock


def shown_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host.strip("[]")
    shown = f"[{shown}]" if ":" in shown else shown
    return f"http://{shown}:{port}/"


def serve_on(app: Any, sock: socket.socket, host: str, port: int) -> None:
    """Serve until Ctrl-C; prints the URLs as soon as the server accepts connections."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    url = shown_url(host, port)

    def announce() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        if server.started:
            print(f"ready: web chat at {url}   API docs at {url}docs", file=sys.stderr, flush=True)

    threading.Thread(target=announce, name="rag-announce", daemon=True).start()
    server.run(sockets=[sock])
