"""Replicas: two `rag serve` processes on one `chroma run` server and one shared data dir keep answering while a
third process ingests, and every answer comes from one committed index, the old or the new, never a mix.

The ingest removes one document (a festival that counted 917 lanterns) and adds another (the next year's, 1204
lanterns, long enough that its chunks are written to Chroma over several batches before the commit). The
question matches both. A mix would be an answer retrieving chunks of both documents, or chunks that no single
manifest lists. After the ingest process exits, the next request each server receives is answered from the
new index (the engine compares the manifest's stamp on every request).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from index.store import Manifest, open_collection
from tests.browser import wait_until_healthy
from tests.conftest import ROOT, SEEDS, make_settings
from tests.test_chroma_server import ChromaServer, _free_port

QUESTION = "How many paper lanterns did the Zanzibar Lantern Festival count?"
OLD = "The Zanzibar Lantern Festival of 2031 counted 917 paper lanterns over the old harbour.\n"
NEW_PARAGRAPH = (
    "In quarter {i} of Stone Town the Zanzibar Lantern Festival of 2032 hung paper lanterns along street {i}; "
    "volunteers of the quarter folded them by hand over {weeks} weeks, and the festival counted 1204 paper "
    "lanterns over the harbour in all, its organisers said.\n\n"
)


def _new_document() -> str:
    return "".join(NEW_PARAGRAPH.format(i=i, weeks=3 + i % 5) for i in range(40))


class Asker(threading.Thread):
    """Asks QUESTION over and over, alternating between servers; records when each request started and ended.
    A failed request is recorded in `errors` (an assertion here would only end this thread) and the asking
    goes on; the test asserts in its own thread that there were none."""

    def __init__(self, bases: list[str]) -> None:
        super().__init__(daemon=True)
        self.bases, self.stop, self.answers = bases, threading.Event(), []
        self.errors: list[str] = []

    def run(self) -> None:
        with httpx.Client(timeout=60) as client:
            while not self.stop.is_set():
                for base in self.bases:
                    started = time.monotonic()
                    try:
                        reply = client.post(f"{base}/api/ask", json={"question": QUESTION})
                        if reply.status_code != 200:
                            self.errors.append(f"{base}: HTTP {reply.status_code}: {reply.text[:500]}")
                            self.stop.wait(0.2)  # no busy loop against a failing server
                            continue
                        body = reply.json()
                        ids = {r["chunk_id"] for r in body["retrieved"]}
                    except Exception as exc:  # any failure: reported by the main thread
                        self.errors.append(f"{base}: {exc!r}")
                        self.stop.wait(0.2)
                        continue
                    self.answers.append((base, started, time.monotonic(), ids, body["answer"]))


def _serve(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    rag = shutil.which("rag", path=str(Path(sys.executable).parent))
    assert rag is not None
    handle = open(log, "wb")  # noqa: SIM115 - the child writes to it
    return subprocess.Popen([rag, "serve", "--port", str(port)], env=env, cwd=ROOT, stdout=handle, stderr=handle)


@pytest.mark.slow
def test_two_replicas_answer_from_the_old_or_the_new_index_never_a_mix(tmp_path: Path, embedder) -> None:
    from index.ingest import Ingestor

    chroma = ChromaServer(tmp_path / "chroma")
    chroma.start()
    servers: list[subprocess.Popen] = []
    try:
        corpus = tmp_path / "corpus"
        corpus.mkdir()
        for name in ("000_43edf65cfdb5b0df.txt", "004_0ee959afcab6d387.txt"):
            shutil.copy(SEEDS / name, corpus / name)
        (corpus / "festival-2031.txt").write_text(OLD, encoding="utf-8")
        settings = make_settings(tmp_path / "data", chroma_url=chroma.url)
        Ingestor(settings.index, embedder).run([corpus])
        old = Manifest.load(settings.index.manifest_path)
        old_ids = old.chunk_ids()
        gone = set(old.documents[str((corpus / "festival-2031.txt").resolve())].chunk_ids)

        env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
        env |= {"RAG_DATA_DIR": str(settings.data_dir), "RAG_CHROMA_URL": chroma.url, "RAG_RATE_LIMIT": "0/minute"}
        ports = [_free_port(), _free_port()]
        servers = [_serve(port, env, tmp_path / f"serve-{port}.log") for port in ports]
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base, process, port in zip(bases, servers, ports, strict=True):
            wait_until_healthy(base, process, lambda p=port: (tmp_path / f"serve-{p}.log").read_text(errors="replace"))

        asker = Asker(bases)
        asker.start()
        time.sleep(2)
        (corpus / "festival-2031.txt").unlink()
        (corpus / "festival-2032.txt").write_text(_new_document(), encoding="utf-8")
        count = open_collection(settings.index).count()
        written_at = []  # when Chroma first held the new document's chunks (before the commit)

        def watch() -> None:
            while not written_at and asker.is_alive():
                if open_collection(settings.index).count() > count:
                    written_at.append(time.monotonic())
                time.sleep(0.05)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        ingest = subprocess.run(
            [str(Path(sys.executable).with_name("rag")), "ingest", str(corpus), "--json"],
            env=env | {"RAG_EMBED_BATCH_SIZE": "2"}, cwd=ROOT, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        committed_at = time.monotonic()
        assert ingest.returncode == 0, ingest.stderr[-3000:]
        time.sleep(3)
        asker.stop.set()
        asker.join(timeout=120)
        watcher.join(timeout=5)
    finally:
        for process in servers:
            process.terminate()
        for process in servers:
            process.wait(timeout=30)
        chroma.stop()

    assert not asker.is_alive(), "the asker did not stop"
    assert asker.errors == [], asker.errors[:5]
    new = Manifest.load(settings.index.manifest_path)
    new_ids = new.chunk_ids()
    added = new_ids - old_ids
    assert added and gone and not gone & new_ids
    assert asker.answers and written_at, "no answers, or the new chunks never reached Chroma"
    during = [a for a in asker.answers if written_at[0] <= a[1] and a[2] <= committed_at]
    assert during, "no request ran while Chroma held uncommitted chunks: the test did not exercise that window"
    for base, started, _, ids, text in asker.answers:
        assert ids <= old_ids or ids <= new_ids, f"{base}: chunks of no single index: {sorted(ids)}"
        assert not (ids & gone and ids & added), f"{base}: a mix of the old and the new document: {text}"
        if started > committed_at:  # the next request after the commit is answered from the new index
            assert ids <= new_ids and "1204" in text and "917" not in text, (base, text)
    for base in bases:
        after = [a for a in asker.answers if a[0] == base and a[1] > committed_at]
        before = [a for a in asker.answers if a[0] == base and a[2] < written_at[0]]
        assert after and before, f"{base} answered on only one side of the ingest"
        assert all("917" in a[4] for a in before)
