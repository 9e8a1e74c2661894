"""Shared fixtures: the real bundled model, real Chroma in tmp dirs, the real seeds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

for _key, _value in {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
}.items():
    os.environ.setdefault(_key, _value)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's RAG_* variables must not leak into tests."""
    for key in list(os.environ):
        if key.startswith("RAG_"):
            monkeypatch.delenv(key)


def make_settings(data_dir: Path, **overrides: object):
    from index.settings import Settings

    return Settings(_env_file=None, data_dir=data_dir, **overrides)


@pytest.fixture(scope="session")
def embedder():
    from index.embed import load_embedder

    return load_embedder(make_settings(Path("unused")))


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
        Ingestor(settings, embedder).run([Path("seeds")])
    finally:
        os.chdir(cwd)
    return settings


@pytest.fixture(scope="session")
def engine(seed_settings, embedder):
    from rag.engine import Engine

    return Engine(seed_settings, embedder=embedder)
