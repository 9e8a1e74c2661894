"""Replay issue 13's red-team attacks against a real `rag serve` on loopback and print one line per attack.

Run it with the code under test first on PYTHONPATH (the script only speaks HTTP and uses `rag` itself):
    PYTHONPATH=<tree> python bench/attacks.py [--json OUT]
It builds a small index (two seeds) in a temp dir, plants a "private" server file outside it, starts two
servers (open loopback defaults; token + rate limit + a public host name) and reports what each attack got.
It is a measurement, not a test: the pass/fail checks are in tests/test_security.py.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from tests.browser import wait_until_healthy

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ["000_43edf65cfdb5b0df.txt", "004_0ee959afcab6d387.txt"]
SECRET = "The staging database password is Tangerine-Walrus-4471."
RAG = [sys.executable, "-c", "from ui.cli import main; main()"]
EVIL = "http://localhost:9999"
HTTP = httpx.Client(timeout=120)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, work: Path, data: Path, **env: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        full = {**os.environ, "RAG_DATA_DIR": str(data), "GRADIO_TEMP_DIR": str(work / "gradio-tmp"), **env}
        self.log = open(work / f"serve-{self.port}.log", "w")  # noqa: SIM115
        command = [*RAG, "serve", "--port", str(self.port)]
        self.process = subprocess.Popen(command, cwd=work / "cwd", env=full, stdout=self.log, stderr=subprocess.STDOUT)
        log = work / f"serve-{self.port}.log"
        wait_until_healthy(self.base, self.process, lambda: log.read_text()[-2000:])
        self.config = HTTP.get(f"{self.base}/config").json()

    def fn_index(self, api_name: str) -> tuple[int, int]:
        for dep in self.config["dependencies"]:
            if dep.get("api_name") == api_name:
                return dep["id"], dep["targets"][0][0]
        raise KeyError(api_name)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def queue_event(server: Server, api_name: str, data: list, headers: dict | None = None, wait: float = 60) -> str:
    """Join Gradio's queue like the page does; returns the join status and the event's outcome."""
    fn, trigger = server.fn_index(api_name)
    session = f"s{time.monotonic_ns()}"
    body = {"fn_index": fn, "trigger_id": trigger, "session_hash": session, "data": data, "event_data": None}
    joined = HTTP.post(f"{server.base}/gradio_api/queue/join", json=body, headers=headers or {}, timeout=30)
    if joined.status_code != 200:
        return f"join {joined.status_code}"
    outcome = "no result"
    with HTTP.stream(
        "GET", f"{server.base}/gradio_api/queue/data", params={"session_hash": session}, timeout=wait
    ) as stream:
        for line in stream.iter_lines():
            if not line.startswith("data:"):
                continue
            message = json.loads(line[5:])
            if message.get("msg") == "process_completed":
                out = message.get("output") or {}
                outcome = "success" if message.get("success") else f"error: {str(out.get('error'))[:90]}"
                if message.get("success"):
                    outcome += f": {str(out.get('data'))[:90]}"
                break
    return f"join 200, {outcome}"


def cors(response: httpx.Response) -> str:
    h = response.headers
    origin, creds = h.get("access-control-allow-origin"), h.get("access-control-allow-credentials")
    return f"{response.status_code}, ACAO={origin or '-'}, ACAC={creds or '-'}"


def attacks_open(server: Server, secret: Path, data: Path, rows: dict[str, str]) -> None:
    file_data = {"path": str(secret), "orig_name": secret.name, "meta": {"_type": "gradio.FileData"}}
    rows["1 server path via queue/join (add_documents)"] = queue_event(server, "add_documents", [[file_data], None])
    rows["1 ...same from a cross-origin localhost page"] = queue_event(
        server, "add_documents", [[file_data], None], headers={"Origin": EVIL}
    )
    docs = HTTP.get(f"{server.base}/api/documents").json()
    rows["1 secret file in /api/documents"] = str(any("creds" in d["source"] for d in docs))
    answer = HTTP.post(f"{server.base}/api/ask", json={"question": "What is the staging database password?"})
    rows["1 /api/ask quotes the secret"] = str("Tangerine" in answer.text)
    # 2: cross-origin and Host
    rows["2 preflight /api/ask from evil origin"] = cors(
        HTTP.options(f"{server.base}/api/ask", headers={"Origin": EVIL, "Access-Control-Request-Method": "POST"})
    )
    lines_before = _lines(data / "feedback.jsonl")
    vote = {"vote": "up", "question": "q", "answer": "a"}
    feedback = HTTP.post(f"{server.base}/api/feedback", json=vote, headers={"Origin": EVIL})
    rows["2 cross-origin POST /api/feedback"] = f"{feedback.status_code}, lines written: " + str(
        _lines(data / "feedback.jsonl") - lines_before
    )
    rows["2 Host: evil.example (DNS rebinding)"] = str(
        HTTP.get(f"{server.base}/api/health", headers={"Host": "evil.example"}).status_code
    )
    rows["6 Host reflected in /embed-demo"] = str(
        "evil.example" in HTTP.get(f"{server.base}/embed-demo", headers={"Host": "evil.example"}).text
    )
    # 6: bodies that gave 500
    nan = post_status(f"{server.base}/api/ask", b'{"question": "premio", "top_k": NaN}')
    inf = post_status(f"{server.base}/api/ask", b'{"question": "premio", "top_k": -Infinity}')
    rows["6 top_k NaN / -Infinity"] = f"{nan} / {inf}"
    history = b'{"question": "premio", "history": [{"role": "user", "content": "x\\ud800"}]}'
    feedback = b'{"vote": "up", "question": "x\\ud800", "answer": "a"}'
    rows["6 lone surrogate in history / feedback"] = (
        f"{post_status(f'{server.base}/api/ask', history)} / {post_status(f'{server.base}/api/feedback', feedback)}"
    )
    ask = HTTP.post(f"{server.base}/api/ask", json={"question": "Qual era il montepremi del concorso?"}).json()
    sources = [c["source"] for c in ask.get("citations", [])] + [d["source"] for d in docs]
    rows["6 absolute server paths in /api/ask, /api/documents"] = str(any(s.startswith("/") for s in sources))
    flood(server, rows)
    page = HTTP.get(f"{server.base}/")
    h = page.headers
    rows["6 headers on / (CSP, nosniff, frame options)"] = ", ".join(
        f"{k}={'yes' if k in h else 'no'}"
        for k in ("content-security-policy", "x-content-type-options", "x-frame-options")
    )


_json = {"Content-Type": "application/json"}


def post_status(url: str, body: bytes) -> str:
    try:
        return str(HTTP.post(url, content=body, headers=_json).status_code)
    except httpx.HTTPError as exc:
        return f"no response ({type(exc).__name__}: server error)"


def _lines(path: Path) -> int:
    return len(path.read_text().splitlines()) if path.exists() else 0


def flood(server: Server, rows: dict[str, str]) -> None:
    accepted = 0
    fn, trigger = server.fn_index("chat")
    for n in range(300):
        body = {"fn_index": fn, "trigger_id": trigger, "session_hash": f"flood{n}", "data": ["premio", [], 5, "", ""]}
        response = HTTP.post(f"{server.base}/gradio_api/queue/join", json=body)
        accepted += response.status_code == 200 and "event_id" in response.text
    rows["3 queued chats accepted out of 300 (one client)"] = str(accepted)


def attacks_guarded(server: Server, rows: dict[str, str]) -> None:
    public = {"Host": "rag.example.org", "Origin": "https://evil.example"}
    rows["2 Gradio route, public Host, evil Origin"] = cors(HTTP.get(f"{server.base}/gradio_api/info", headers=public))
    wrong = [
        HTTP.post(
            f"{server.base}/api/documents",
            files={"file": ("t.txt", b"text", "text/plain")},
            headers={"Authorization": f"Bearer guess{i}"},
        ).status_code
        for i in range(7)
    ]
    rows["6 wrong token guesses x7"] = str(wrong)
    files = [("files", (f"f{i}.txt", bytes([97 + i]) * (9 * 2**20), "text/plain")) for i in range(5)]
    start = time.perf_counter()
    upload = HTTP.post(f"{server.base}/gradio_api/upload", files=files, timeout=120)
    rows["3 /gradio_api/upload 5 x 9 MiB without the token"] = (
        f"{upload.status_code} in {time.perf_counter() - start:.1f} s"
    )
    big = "x" * (20 * 2**20)
    try:
        call = HTTP.post(f"{server.base}/gradio_api/call/chat", json={"data": [big, 5, "", ""]}, timeout=60)
        rows["3 20 MB message to /gradio_api/call/chat"] = str(call.status_code)
    except httpx.HTTPError as exc:
        rows["3 20 MB message to /gradio_api/call/chat"] = f"connection closed ({type(exc).__name__})"
    statuses = []
    while len(statuses) < 20 and 429 not in statuses:
        statuses.append(HTTP.post(f"{server.base}/api/ask", json={"question": "Qual era il montepremi?"}).status_code)
    rows["3 /api/ask until 429 (RAG_RATE_LIMIT=12/minute)"] = f"{len(statuses)} requests, last {statuses[-1]}"
    chat = ["Qual era il montepremi?", [], 5, "", ""]
    rows["3 then the chat through Gradio's queue"] = queue_event(server, "chat", chat)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="rag-attacks-"))
    try:
        docs, data = work / "docs", work / "data"
        docs.mkdir()
        for name in SEEDS:
            shutil.copy(ROOT / "seeds" / name, docs / name)
        secret = work / "srv" / "private" / "creds.txt"
        secret.parent.mkdir(parents=True)
        secret.write_text(f"Staging credentials\n{SECRET}\n")
        env = {**os.environ, "RAG_DATA_DIR": str(data)}
        (work / "cwd").mkdir()  # the server runs elsewhere than its data, as a deployed one does
        subprocess.run([*RAG, "ingest", str(docs)], cwd=work / "cwd", env=env, check=True, capture_output=True)
        rows = {}
        server = Server(work, data, RAG_RATE_LIMIT="1000/minute")
        try:
            attacks_open(server, secret, data, rows)
        except Exception as exc:  # keep the rows measured so far
            rows["script error (open server)"] = repr(exc)[:200]
        finally:
            server.stop()
        server = Server(
            work,
            data,
            RAG_RATE_LIMIT="12/minute",
            RAG_ADMIN_TOKEN="s3cret",
            RAG_ALLOWED_HOSTS="rag.example.org,127.0.0.1",
        )
        try:
            attacks_guarded(server, rows)
        except Exception as exc:
            rows["script error (guarded server)"] = repr(exc)[:200]
        finally:
            server.stop()
        width = max(map(len, rows))
        for name, value in rows.items():
            print(f"{name:<{width}}  {value}")
        if "--json" in sys.argv:
            Path(sys.argv[sys.argv.index("--json") + 1]).write_text(json.dumps(rows, indent=1))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
