"""The embedding cache: identical text is embedded once, across re-ingests, resets and duplicate files."""

from __future__ import annotations

import shutil
from typing import Any

import numpy as np
import pytest

from tests.conftest import make_settings

TEXTS = {
    "en": "The jury prize went to a Turkish director.",
    "it": "Il premio della giuria è andato a un regista turco.",
    "ru": "Приз жюри получил турецкий режиссёр.",
    "emoji": "🎬🏆 short films ✨",
    "empty": "",
}


class CountingEmbedder:
    """The real embedder, counting every passage it is asked to embed."""

    def __init__(self, inner: Any, backend: str | None = None) -> None:
        self._inner, self.embedded = inner, []
        self.backend = backend or inner.backend

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.embedded += texts
        return self._inner.embed_passages(texts)


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_a_cached_vector_is_returned_bit_for_bit(embedder, tmp_path, lang: str) -> None:
    from index.embedding.cache import EmbeddingCache

    counting = CountingEmbedder(embedder)
    cache = EmbeddingCache(tmp_path / "cache.sqlite3", counting)
    first = cache.embed_passages([TEXTS[lang]])
    again = EmbeddingCache(tmp_path / "cache.sqlite3", counting).embed_passages([TEXTS[lang]])  # a new process
    assert counting.embedded == [TEXTS[lang]]
    assert again.dtype == np.float32 and np.array_equal(first, again)
    assert np.allclose(first, embedder.embed_passages([TEXTS[lang]]), atol=1e-5)


def test_a_batch_mixes_hits_and_misses_in_order_and_embeds_duplicates_once(embedder, tmp_path) -> None:
    from index.embedding.cache import EmbeddingCache

    counting = CountingEmbedder(embedder)
    cache = EmbeddingCache(tmp_path / "cache.sqlite3", counting)
    cache.embed_passages([TEXTS["en"]])
    batch = [TEXTS["it"], TEXTS["en"], TEXTS["it"], TEXTS["ru"]]
    vectors = cache.embed_passages(batch)
    assert counting.embedded == [TEXTS["en"], TEXTS["it"], TEXTS["ru"]]
    assert np.allclose(vectors, embedder.embed_passages(batch), atol=1e-5)
    assert cache.embed_passages([]).shape == (0, vectors.shape[1])


def test_the_key_includes_the_backend_and_the_passage_prefix(embedder, tmp_path) -> None:
    from index.embedding import Prefixes
    from index.embedding.cache import EmbeddingCache

    path = tmp_path / "cache.sqlite3"
    EmbeddingCache(path, CountingEmbedder(embedder)).embed_passages([TEXTS["en"]])
    other_backend = CountingEmbedder(embedder, backend="onnx-int8")
    EmbeddingCache(path, other_backend).embed_passages([TEXTS["en"]])
    assert other_backend.embedded == [TEXTS["en"]]
    prefixed = CountingEmbedder(embedder)
    prefixed.prefixes = Prefixes(passage="passage: ")
    EmbeddingCache(path, prefixed).embed_passages([TEXTS["en"]])
    assert prefixed.embedded == [TEXTS["en"]]


def test_reingesting_identical_text_never_reembeds(embedder, corpus, tmp_path) -> None:
    from index.ingest import Ingestor
    from index.store import open_collection

    settings = make_settings(tmp_path / "data")
    counting = CountingEmbedder(embedder)
    first = Ingestor(settings.index, counting).run([corpus])
    embedded = len(counting.embedded)
    assert embedded >= first.chunks > 0
    stored = open_collection(settings.index).get(include=["embeddings"])

    again = Ingestor(settings.index, counting).run([corpus], reset=True)  # a full rebuild
    shutil.copy(next(corpus.glob("*.txt")), corpus / "copy-of-the-first-seed.txt")
    copied = Ingestor(settings.index, counting).run([corpus])  # the same text under another name
    assert len(counting.embedded) == embedded
    assert again.chunks == first.chunks and copied.added == 1
    rebuilt = open_collection(settings.index).get(ids=stored["ids"], include=["embeddings"])
    before = dict(zip(stored["ids"], stored["embeddings"], strict=True))
    assert all(np.array_equal(before[i], v) for i, v in zip(rebuilt["ids"], rebuilt["embeddings"], strict=True))


def test_the_cache_can_be_switched_off(embedder, corpus, tmp_path) -> None:
    from index.ingest import Ingestor

    settings = make_settings(tmp_path / "data", embed_cache=False)
    counting = CountingEmbedder(embedder)
    one = min(corpus.glob("*.txt"))
    Ingestor(settings.index, counting).run([one])
    embedded = len(counting.embedded)
    Ingestor(settings.index, counting).run([one], reset=True)
    assert len(counting.embedded) == 2 * embedded
    assert not settings.index.embed_cache_path.exists()
