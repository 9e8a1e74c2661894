"""Server mode against a real `chroma run` on 127.0.0.1: ingest, answer, restart, outages, two data dirs."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from rag.types import Query
from tests.conftest import ROOT, SEEDS, make_settings

CHROMA = Path(sys.executable).with_name("chroma")
QUESTIONS = {
    "en": "How many countries did the entries to the contest come from?",
    "it": "Da quanti paesi provenivano le opere del concorso?",
    "ru": "Из скольких стран пришли работы на конкурс?",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ChromaServer:
    """One `chroma run` process on a fixed path and port that a test may stop, hang and start again."""

    def __init__(self, path: Path) -> None:
        self.path, self.port = path, _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        args = [str(CHROMA), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)]
        log = open(self.path.with_suffix(".log"), "ab")  # noqa: SIM115 - the child keeps writing to it
        self.process = subprocess.Popen(args, stdout=log, stderr=log, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            assert self.process.poll() is None, f"chroma run exited: {self.path.with_suffix('.log').read_text()}"
            time.sleep(0.1)
        raise AssertionError("chroma run did not answer its heartbeat within 30 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        self.process = None

    def pause(self, paused: bool) -> None:
        """SIGSTOP: the port still accepts connections but nothing answers, like a hung server."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGSTOP if paused else signal.SIGCONT)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    chroma = ChromaServer(tmp_path_factory.mktemp("chroma-server") / "db")
    chroma.start()
    yield chroma
    chroma.stop()


@pytest.fixture(scope="module")
def server_settings(server: ChromaServer, tmp_path_factory: pytest.TempPathFactory, embedder):
    """The seeds ingested once into the server; the data dir holds the manifest and lexical index."""
    from index.ingest import Ingestor

    settings = make_settings(tmp_path_factory.mktemp("server-data") / "data", chroma_url=server.url, chroma_timeout=3)
    report = Ingestor(settings.index, embedder).run([SEEDS])
    assert report.added == 5 and report.chunks > 0
    return settings


@pytest.fixture(scope="module")
def server_engine(server_settings, embedder):
    from rag.engine import Engine

    return Engine(server_settings.index, server_settings.rag, embedder=embedder)


@pytest.mark.parametrize("lang", sorted(QUESTIONS))
def test_server_mode_answers_with_citations(server_engine, lang: str) -> None:
    answer = server_engine.ask(Query(QUESTIONS[lang]))
    assert not answer.abstained
    assert "122" in answer.answer
    assert answer.citations and all(c.source.endswith(".txt") for c in answer.citations)


def test_index_survives_a_server_restart(server: ChromaServer, server_settings, server_engine, embedder) -> None:
    from rag.engine import Engine

    before = server_engine.ask(Query(QUESTIONS["en"]))
    count = server_engine.snapshot().commit.collection.count()
    server.stop()
    server.start()
    after = server_engine.ask(Query(QUESTIONS["en"]))  # the same engine reconnects by itself
    assert [r.chunk_id for r in after.retrieved] == [r.chunk_id for r in before.retrieved]
    fresh = Engine(
        server_settings.index, server_settings.rag, embedder=embedder
    )  # and a new process sees the same data
    assert fresh.snapshot().commit.collection.count() == count
    assert fresh.ask(Query(QUESTIONS["en"])).answer == before.answer


def test_a_server_that_goes_away_gives_a_clean_error_and_the_engine_recovers(
    server: ChromaServer, server_engine
) -> None:
    from fastapi.testclient import TestClient

    from index.store import StoreUnavailableError
    from ui.server import create_app

    api = TestClient(
        create_app(make_settings(server_engine.index_settings.data_dir).serve, server_engine, with_ui=False)
    )
    expected = server_engine.ask(Query(QUESTIONS["it"])).answer
    server.stop()
    try:
        with pytest.raises(StoreUnavailableError, match=server.url):
            server_engine.ask(Query(QUESTIONS["it"]))
        refused = api.post("/api/ask", json={"question": QUESTIONS["it"]})
        assert refused.status_code == 503 and server.url in refused.json()["detail"]
        streamed = api.post("/api/chat", json={"question": QUESTIONS["it"]}).text
        assert "event: error" in streamed and server.url in streamed
    finally:
        server.start()
    assert server_engine.ask(Query(QUESTIONS["it"])).answer == expected
    assert api.post("/api/ask", json={"question": QUESTIONS["it"]}).json()["answer"] == expected


def test_a_hung_server_times_out_with_a_clean_error_and_the_engine_recovers(
    server: ChromaServer, server_engine
) -> None:
    from index.store import StoreUnavailableError

    expected = server_engine.ask(Query(QUESTIONS["ru"])).answer
    server.pause(True)
    try:
        with pytest.raises(StoreUnavailableError, match=server.url):
            server_engine.ask(Query(QUESTIONS["ru"]))  # chroma_timeout=3: the request is cut off, not left hanging
    finally:
        server.pause(False)
    assert server_engine.ask(Query(QUESTIONS["ru"])).answer == expected


def test_an_engine_sees_an_ingest_made_by_another_process(server_settings, server_engine, embedder, tmp_path) -> None:
    """Two app processes share one data dir: the engine reloads when the other commits a new manifest."""
    from index.ingest import Ingestor
    from index.store import open_client

    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "zanzibar.txt").write_text(
        "The Zanzibar Lantern Festival of 2031 counted 917 paper lanterns over the harbour.", encoding="utf-8"
    )
    documents = len(server_engine.documents())
    other = Ingestor(
        server_settings.index, embedder, client=open_client(server_settings.index)
    )  # its own client, as in a process
    try:
        other.run([extra])
        answer = server_engine.ask(Query("How many paper lanterns did the Zanzibar Lantern Festival count?"))
        assert "917" in answer.answer
        assert len(server_engine.documents()) == documents + 1
    finally:
        (extra / "zanzibar.txt").unlink()
        other.run([extra])  # the folder is now empty: its document is removed again
    assert len(server_engine.documents()) == documents


def test_a_second_data_dir_cannot_take_over_a_server_collection(server_settings, embedder, corpus, tmp_path) -> None:
    from index.ingest import Ingestor
    from index.store import IndexOwnershipError, open_collection

    count = open_collection(server_settings.index).count()
    stranger = make_settings(tmp_path / "other-data", chroma_url=server_settings.index.chroma_url)
    with pytest.raises(IndexOwnershipError, match="belongs to another data dir"):
        Ingestor(stranger.index, embedder).run([corpus])
    assert open_collection(server_settings.index).count() == count  # nothing of the first index was pruned


def _rag(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    rag = shutil.which("rag", path=str(Path(sys.executable).parent))
    assert rag is not None
    return subprocess.run([rag, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("command", [["ask", "How many countries took part?"], ["ingest", "seeds"], ["info"]])
def test_an_unreachable_chroma_url_fails_fast_with_the_url(command: list[str], tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}"  # nothing listens there
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env |= {"RAG_CHROMA_URL": url, "RAG_DATA_DIR": str(tmp_path / "data")}
    result = _rag(*command, env=env)
    assert result.returncode == 1
    assert url in result.stderr and "cannot reach the Chroma server" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize("url", ["localhost:8000", "ftp://127.0.0.1:8000", "http://"])
def test_a_malformed_chroma_url_is_named_in_the_error(url: str, tmp_path: Path) -> None:
    from index.store import StoreUnavailableError, open_client

    with pytest.raises(StoreUnavailableError, match="is not an http"):
        open_client(make_settings(tmp_path / "data", chroma_url=url).index)


def test_two_ingests_of_one_data_dir_never_interleave(embedder, corpus: Path, tmp_path: Path) -> None:
    import threading

    from index.ingest import Ingestor
    from index.store import ingest_lock

    settings = make_settings(tmp_path / "data")
    ingestor = Ingestor(settings.index, embedder)
    with ingest_lock(settings.index):  # another process's ingest is running
        worker = threading.Thread(target=ingestor.run, args=([min(corpus.glob("*.txt"))],))
        worker.start()
        worker.join(timeout=1.0)
        assert worker.is_alive() and not settings.index.manifest_path.exists()  # it waits for the lock
    worker.join(timeout=120)
    assert not worker.is_alive() and settings.index.manifest_path.is_file()
