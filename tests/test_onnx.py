"""The ONNX Runtime backends: exported once from the bundled weights, cached, and faithful to torch."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import ROOT, make_settings

BACKENDS = ["onnx", "onnx-int8"]
TEXTS = {
    "en": "How many countries did the entries to the NEXTGEN Creative Contest come from?",
    "it": "Il concorso ha ricevuto più di 4.600 opere da 122 paesi, e la giuria ha premiato un regista turco.",
    "ru": "Конкурс получил более 4600 работ из 122 стран; приз жюри достался турецкому режиссёру.",
    "emoji": "🎬🏆✨",
    "empty": "",
}


@pytest.fixture(scope="session")
def onnx_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onnx") / "data"


@pytest.fixture(scope="session")
def onnx_embedders(onnx_data: Path) -> dict:
    from index.embed import load_embedder

    # Batches of 4, so a handful of texts already spans several batches.
    return {name: load_embedder(make_settings(onnx_data, embed_backend=name, embed_batch_size=4)) for name in BACKENDS}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_onnx_vectors_match_torch(embedder, onnx_embedders, backend: str, lang: str) -> None:
    onnx = onnx_embedders[backend]
    expected = np.concatenate([embedder.embed_passages([TEXTS[lang]]), embedder.embed_queries([TEXTS[lang]])])
    got = np.concatenate([onnx.embed_passages([TEXTS[lang]]), onnx.embed_queries([TEXTS[lang]])])
    assert got.shape == expected.shape and got.dtype == np.float32
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-4)
    assert (got * expected).sum(axis=1).min() >= 0.98


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_mixed_batch_keeps_its_order(embedder, onnx_embedders, backend: str) -> None:
    texts = list(TEXTS.values()) * 2  # three batches, lengths unsorted
    got = onnx_embedders[backend].embed_passages(texts)
    expected = embedder.embed_passages(texts)
    assert (got * expected).sum(axis=1).min() >= 0.98


@pytest.mark.parametrize("backend", BACKENDS)
def test_token_counts_and_limits_match_torch(embedder, onnx_embedders, backend: str) -> None:
    onnx = onnx_embedders[backend]
    assert onnx.max_passage_tokens == embedder.max_passage_tokens
    assert [onnx.count_tokens(t) for t in TEXTS.values()] == [embedder.count_tokens(t) for t in TEXTS.values()]


def test_the_export_is_cached_in_the_data_dir_and_reused(onnx_embedders, onnx_data: Path) -> None:
    from index.embed import load_embedder
    from index.embed_onnx import FP32_FILE, INT8_FILE, META_FILE

    exports = [p for p in (onnx_data / "models").iterdir() if p.is_dir()]
    assert len(exports) == 1
    files = {name: (exports[0] / name).stat().st_mtime_ns for name in (FP32_FILE, INT8_FILE, META_FILE)}
    again = load_embedder(make_settings(onnx_data, embed_backend="onnx-int8"))
    assert again.path == exports[0] / INT8_FILE
    assert {name: (exports[0] / name).stat().st_mtime_ns for name in files} == files


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_index_built_with_torch_answers_the_same_with_onnx(engine, seed_settings, onnx_embedders, backend) -> None:
    from rag.engine import Engine

    onnx_engine = Engine(seed_settings, embedder=onnx_embedders[backend])
    for question in (TEXTS["en"], "Chi ha vinto il premio della giuria?", "Сколько работ получил конкурс?"):
        expected = engine.retrieve(question, mode="dense")
        got = onnx_engine.retrieve(question, mode="dense")
        assert got[0].chunk_id == expected[0].chunk_id


def test_a_bad_backend_lists_the_valid_ones(tmp_path: Path) -> None:
    from index.embed import load_embedder
    from index.registry import UnknownKeyError

    with pytest.raises(UnknownKeyError, match="valid: onnx, onnx-int8, torch"):
        load_embedder(make_settings(tmp_path, embed_backend="tensorflow"))

    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env |= {"RAG_EMBED_BACKEND": "tensorflow", "RAG_DATA_DIR": str(tmp_path / "data")}
    rag = Path(sys.executable).with_name("rag")
    result = subprocess.run([str(rag), "ingest", "seeds"], env=env, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert "unknown embedding backend 'tensorflow'; valid: onnx, onnx-int8, torch" in result.stderr
    assert "Traceback" not in result.stderr
