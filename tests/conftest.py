"""Shared fixtures: the real bundled model, real Chroma in tmp dirs, the real seeds; and the two test tiers.

Tiers: `make test` runs everything; `make test-fast` deselects `slow`. Tests are sorted into the full tier here,
centrally, so new test files land in a tier without marking each test: anything that uses the `browser` fixture
(real Chromium) or the `llama_server` fixture (a real llama.cpp server), anything marked `browser`, load/soak/stress
test modules and the heavy tests in FULL_TIER_TESTS are `slow`; so is anything marked `slow` by hand (e.g. the
second, 6x slower encoder's run of tests/test_bundled_models.py). The fast tier lists its tests that took longer
than FAST_BUDGET seconds at the end of the run, so a test that belongs in the full tier shows up.

What is slow, and goes to the full tier: a real browser or LLM server; a `rag` subprocess that imports the model
stack (torch and the encoder: ~10 s each on 2 cores; `rag` commands that load no model stay fast); re-ingesting
whole corpora or megabyte documents; the same contract run again on a slower model. Before moving a test, make it
cheaper: share an expensive fixture (a session model, a module index, a module server of the default policy as in
tests/test_security.py), or run a CLI command in-process with Typer's runner where the process boundary is not what
the test pins. Every module keeps tests of its contract in the fast tier.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from index.settings import OFFLINE_ENV

for _key, _value in OFFLINE_ENV.items():
    os.environ.setdefault(_key, _value)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


FULL_TIER_FIXTURES = {"browser", "llama_server"}  # real Chromium; a real llama.cpp server generating
FULL_TIER_MODULES = re.compile(r"test_(load|soak|stress)")
# Tests that re-ingest whole corpora, chunk a 1 MB document, or start `rag` processes that import the model stack
# (torch and the encoder, ~10 s each on 2 cores): 10-150 s each in `pytest --durations` on 2 shared cores. Their
# modules keep cheaper tests of the same contract in the fast tier (in-process calls, or `rag` commands that load
# no model).
FULL_TIER_TESTS = {
    "test_bad_files.py::test_a_line_of_a_million_words_is_chunked_within_limits",
    "test_bad_files.py::test_every_bad_file_gets_one_line_and_the_rest_is_indexed",
    "test_bad_files.py::test_exit_code_is_non_zero_only_when_nothing_could_be_read",
    "test_chroma_server.py::test_an_unreachable_chroma_url_fails_fast_with_the_url",
    "test_cli.py::test_ask_json_prints_exactly_the_answer_contract",
    "test_cli.py::test_an_answer_whose_reader_left_ends_quietly_with_141",
    "test_cli_startup.py::test_a_one_shot_ask_embeds_through_sentence_transformers_without_the_serving_stack",
    "test_crash_safety.py::test_doctor_cli_repairs_and_reingests_then_exits_zero",
    "test_embed_cache.py::test_reingesting_identical_text_never_reembeds",
    "test_eval_gate.py::test_eval_cli_fails_under_threshold_and_rejects_bad_datasets",
    "test_eval.py::test_eval_cli_scores_the_chosen_split_with_a_sweep",
    "test_honest_answers.py::test_llm_down_since_startup_gives_the_same_fallback_and_notice_everywhere",
    "test_hostile_input.py::test_a_real_cli_process_survives_undecodable_argv_bytes",
    "test_ingest.py::test_ingest_json_report_has_the_documented_keys",
    "test_ingest.py::test_changed_file_has_its_chunks_replaced_and_removed_file_is_dropped",
    "test_ingest.py::test_reset_rebuilds_the_index_from_scratch",
}
FAST_BUDGET = 15.0  # seconds, setup + call, on 2 shared cores
_setup_seconds: dict[str, float] = {}
_over_budget: list[tuple[float, str]] = []


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        drives_chromium = item.get_closest_marker("browser") or FULL_TIER_FIXTURES & set(item.fixturenames)
        if drives_chromium:
            item.add_marker(pytest.mark.browser)
        named = f"{item.path.name}::{getattr(item, 'originalname', item.name)}" in FULL_TIER_TESTS
        if drives_chromium or named or FULL_TIER_MODULES.match(item.path.name):
            item.add_marker(pytest.mark.slow)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if "slow" in report.keywords:
        return
    if report.when == "setup":
        _setup_seconds[report.nodeid] = report.duration
    elif report.when == "call":
        took = _setup_seconds.pop(report.nodeid, 0.0) + report.duration
        if took > FAST_BUDGET:
            _over_budget.append((took, report.nodeid))


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    if _over_budget:
        terminalreporter.section("fast-tier tests over budget")
        terminalreporter.write_line(
            f"{len(_over_budget)} test(s) not marked slow took over {FAST_BUDGET:.0f} s (setup + call, a session "
            "fixture's first user included): share a fixture or mark it slow"
        )
        for took, nodeid in sorted(_over_budget, reverse=True)[:10]:
            terminalreporter.write_line(f"  {took:6.1f} s  {nodeid}")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's RAG_* variables must not leak into tests."""
    for key in list(os.environ):
        if key.startswith("RAG_"):
            monkeypatch.delenv(key)


def make_settings(data_dir: Path, **overrides: object):
    from ui.settings import Settings

    # Tests fire many questions from one client; tests/test_widget.py checks the rate limit with its own value.
    overrides.setdefault("rate_limit", "0/minute")
    # TestClient sends `Host: testserver`; tests of the host rule (tests/test_security.py) pass their own list.
    overrides.setdefault("allowed_hosts", ["localhost", "127.0.0.1", "::1", "testserver"])
    return Settings.load(None, data_dir=data_dir, **overrides)


class CountingEngine:
    """The real engine; counts the questions that reach it."""

    def __init__(self, engine: Any) -> None:
        self._engine, self.calls, self._lock = engine, 0, threading.Lock()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)

    def _count(self) -> None:
        with self._lock:
            self.calls += 1

    def ask(self, *args: Any, **kwargs: Any) -> Any:
        self._count()
        return self._engine.ask(*args, **kwargs)

    def stream(self, *args: Any, **kwargs: Any) -> Any:
        self._count()
        return self._engine.stream(*args, **kwargs)


def build_small_index(root: Path, embedder, extra: dict[str, str] | None = None):
    """A fresh index of two seeds (it, en) plus `extra` files under `root`, for tests that change it."""
    from index.ingest import Ingestor

    corpus = root / "seeds"
    corpus.mkdir()
    for name in ("000_43edf65cfdb5b0df.txt", "004_0ee959afcab6d387.txt"):
        shutil.copy(SEEDS / name, corpus / name)
    for name, text in (extra or {}).items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = make_settings(root / "data")
    Ingestor(settings.index, embedder).run([corpus])
    return settings


@pytest.fixture(scope="session")
def embedder():
    from index.embedding import load_embedder

    return load_embedder(make_settings(Path("unused")).index)


@pytest.fixture
def settings(tmp_path: Path):
    return make_settings(tmp_path / "data")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A private copy of the seeds that a test may change."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory: pytest.TempPathFactory, embedder):
    """One index of the real seeds, built once per test session; tests must not modify it."""
    from index.ingest import Ingestor

    settings = make_settings(tmp_path_factory.mktemp("seed-index") / "data")
    cwd = os.getcwd()
    os.chdir(ROOT)  # sources are recorded relative to the working directory: seeds/NNN_....txt
    try:
        Ingestor(settings.index, embedder).run([Path("seeds")])
    finally:
        os.chdir(cwd)
    return settings


@pytest.fixture(scope="session")
def engine(seed_settings, embedder):
    from rag.engine import Engine

    return Engine(seed_settings.index, seed_settings.rag, embedder=embedder)


# LLM mode (tests/openai_server.py): one loopback server per session, reset and scripted by each test.
LLM_MODEL = "test-model"
LLM_TIMEOUT = 3.0  # seconds; scripted slow replies wait longer; 1.5 s left too little for a busy 2-core machine


@pytest.fixture(scope="session")
def openai_server():
    from tests.openai_server import OpenAIServer

    server = OpenAIServer(models=(LLM_MODEL,)).start()
    yield server
    server.stop()


@pytest.fixture
def llm_server(openai_server):
    """The loopback OpenAI-compatible server with no script and no recorded requests."""
    openai_server.reset()
    return openai_server


@pytest.fixture(scope="session")
def llm_engine(openai_server, seed_settings, embedder):
    """An LLM-mode Engine over the seed index (read-only), talking to the loopback server."""
    from rag.engine import Engine

    settings = make_settings(
        seed_settings.data_dir, llm_base_url=openai_server.base_url, llm_model=LLM_MODEL, llm_timeout=LLM_TIMEOUT
    )
    return Engine(settings.index, settings.rag, embedder=embedder)


# Registered here, once: a second Playwright instance in the same session would fail inside the first one's loop.
from tests.browser import browser  # noqa: E402, F401


# A real llama.cpp server (tests/llama_server.py): xllamacpp + SmolLM2-135M, one per session, one thread.
@pytest.fixture(scope="session")
def llama_server():
    from tests.llama_server import LlamaServer, unavailable_reason

    reason = unavailable_reason()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    server = LlamaServer(n_ctx=2048).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory, embedder):
    """A fresh index of two seeds (it, en) per test module, with its engine: tests there may change it."""
    from rag.engine import Engine

    settings = build_small_index(tmp_path_factory.mktemp("small-index"), embedder)
    return settings, Engine(settings.index, settings.rag, embedder=embedder)
