"""A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions protocol, scripted per request.

Tests queue `Reply` objects; each POST to `/v1/chat/completions` takes the next one (or the default) and answers
it streaming (Server-Sent Events: `data: {chunk}` lines, then `data: [DONE]`, over chunked transfer encoding) or
as one JSON body, exactly as the request's `"stream"` flag asks. Replies can be slow, fail with an HTTP status,
break off mid-stream, stall, or be empty or invalid. Every request is recorded (path, headers, JSON body) so
tests can assert on what the product sent. `GET /v1/models` lists the served model names. It implements no
model: the answer text is scripted, or computed from the request by a function.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted response; `text` may be a function of the request body (to cite the right passage)."""

    text: str | Callable[[dict[str, Any]], str] = "OK"
    status: int = 200
    delay: float = 0.0  # seconds before the response starts
    cut_after: int | None = None  # streaming: drop the connection mid-chunk after this many content chunks
    stall_after: int | None = None  # streaming: stop sending (connection open) after this many content chunks
    end_early: bool = False  # streaming: close cleanly after the content, without finish_reason or [DONE]
    raw: str | None = None  # body sent as is, instead of a well-formed completion
    error_event: bool = False  # streaming: send the content, then an in-stream {"error": ...} event
    words_per_chunk: int = 1


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict[str, Any] = field(default_factory=dict)

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))


class OpenAIServer:
    """Start with `start()`, script with `script(...)`, read `requests`; `stop()` closes it."""

    def __init__(self, models: tuple[str, ...] = ("test-model",), port: int = 0) -> None:
        self.models = list(models)
        self.default = Reply()
        self.requests: list[Recorded] = []
        self._queue: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = _QuietServer(("127.0.0.1", port), _handler_for(self))
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="openai-test-server", daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> OpenAIServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def script(self, *replies: Reply) -> None:
        with self._lock:
            self._queue.extend(replies)

    def reset(self) -> None:
        with self._lock:
            self._queue.clear()
            self.requests.clear()
        self.default = Reply()

    @property
    def chat_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def _next(self, recorded: Recorded) -> Reply:
        with self._lock:
            self.requests.append(recorded)
            return self._queue.popleft() if self._queue else self.default

    def _wait(self, seconds: float) -> None:
        # Interruptible, so stopping the server never waits for a scripted delay to run out.
        self._stopping.wait(seconds)


_PASSAGE = re.compile(r'<passage id="(\d+)"[^>]*>(.*?)</passage>', re.DOTALL)


def cite(needle: str, template: str) -> Callable[[dict[str, Any]], str]:
    """A scripted reply that cites, as [N], the passage of the prompt containing `needle`."""

    def reply(body: dict[str, Any]) -> str:
        user = body["messages"][-1]["content"]
        for match in _PASSAGE.finditer(user):
            if needle.casefold() in match.group(2).casefold():
                return template.replace("[N]", f"[{match.group(1)}]")
        return template.replace("[N]", "[1]")

    return reply


def prompt_passages(request: Recorded) -> dict[int, str]:
    """The passages of an answer prompt the server received, by id."""
    found = _PASSAGE.finditer(request.messages[-1]["content"])
    return {int(m.group(1)): m.group(2) for m in found}


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hung up (after its timeout, or on a dropped keep-alive connection) is expected here.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _chunk(model: str, delta: dict[str, Any], finish: str | None = None) -> bytes:
    payload = {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n".encode()


def _completion(model: str, text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _pieces(text: str, words: int) -> list[str]:
    tokens = text.split(" ")
    return [
        " ".join(tokens[i : i + words]) + (" " if i + words < len(tokens) else "") for i in range(0, len(tokens), words)
    ]


def _handler_for(server: OpenAIServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # chunked transfer encoding needs 1.1

        def log_message(self, *args: Any) -> None:  # keep pytest output clean
            pass

        def do_GET(self) -> None:
            server.requests.append(Recorded(self.path, dict(self.headers)))
            if self.path.rstrip("/") == "/v1/models":
                data = [{"id": m, "object": "model", "created": 0, "owned_by": "test"} for m in server.models]
                self._json(200, {"object": "list", "data": data})
            else:
                self._json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                body = {"_invalid": raw.decode("utf-8", "replace")}
            reply = server._next(Recorded(self.path, dict(self.headers), body))
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
                return
            if reply.delay:
                server._wait(reply.delay)
            with contextlib.suppress(OSError):  # the client gave up (timeout): nothing left to tell it
                self._answer(reply, body)

        def _answer(self, reply: Reply, body: dict[str, Any]) -> None:
            if reply.status != 200:
                error = {"message": f"scripted failure {reply.status}", "type": "server_error", "code": None}
                self._json(reply.status, {"error": error})
                return
            model = str(body.get("model", ""))
            text = reply.text(body) if callable(reply.text) else reply.text
            if not body.get("stream"):
                if reply.raw is not None:
                    self._send(200, reply.raw.encode(), "application/json")
                else:
                    self._json(200, _completion(model, text))
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            if reply.raw is not None:
                self._write(reply.raw.encode())
                self._end()
                return
            self._write(_chunk(model, {"role": "assistant", "content": ""}))
            for n, piece in enumerate(_pieces(text, reply.words_per_chunk) if text else []):
                if reply.cut_after is not None and n >= reply.cut_after:
                    data = _chunk(model, {"content": piece})
                    self.wfile.write(f"{len(data):X}\r\n".encode() + data[: len(data) // 2])
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if reply.stall_after is not None and n >= reply.stall_after:
                    server._wait(30)
                    return
                self._write(_chunk(model, {"content": piece}))
            if reply.error_event:
                self._write(f"data: {json.dumps({'error': {'message': 'model crashed'}})}\n\n".encode())
            elif not reply.end_early:
                self._write(_chunk(model, {}, finish="stop"))
                self._write(b"data: [DONE]\n\n")
            self._end()

        def _write(self, data: bytes) -> None:
            self.wfile.write(f"{len(data):X}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

        def _end(self) -> None:
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

        def _json(self, status: int, payload: dict[str, Any]) -> None:
            self._send(status, json.dumps(payload, ensure_ascii=False).encode(), "application/json")

        def _send(self, status: int, data: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()

    return Handler
