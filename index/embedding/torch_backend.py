"""The `torch` embedding backend: sentence-transformers models on PyTorch, and the bundled encoders.

Hugging Face models (the bundled MiniLM, any hub name or local path) run on PyTorch; the bundled multilingual
encoders (`index/embedding/bundled.py`) run through their own sentence-transformers modules. A few short queries
run single-threaded, straight through the model. It does not chunk, cache or store vectors.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from index.embedding.base import Embedder, EmbedderError, Tokenizer
from index.embedding.bundled import ModelUnavailable, is_bundled, load_sentence_transformer
from index.settings import IndexSettings


class TorchEmbedder(Embedder):
    """sentence-transformers: Hugging Face models on PyTorch, bundled encoders through their custom modules."""

    backend = "torch"

    def __init__(self, settings: IndexSettings) -> None:
        super().__init__(settings)
        try:
            self._model = load_sentence_transformer(settings.embed_model, threads=settings.embed_threads)
        except ModelUnavailable as exc:
            raise EmbedderError(str(exc)) from None
        self._custom = is_bundled(settings.embed_model) and not _is_transformer(self._model)
        self._tokenizer: Tokenizer = self._model.tokenizer

    @property
    def tokenizer(self) -> Tokenizer:
        return self._tokenizer

    @property
    def max_seq_length(self) -> int:
        return int(self._model.max_seq_length)

    def _encode(self, texts: list[str], query: bool = False) -> np.ndarray:
        encode = self._model.encode_query if query else self._model.encode_document
        vectors: np.ndarray = encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return vectors.astype(np.float32)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        if self._custom:  # numpy or C engines: roles go through `encode_query`, no torch threads involved
            return (
                self._encode([self.prefixes.query + t for t in texts], query=True)
                if texts
                else super().embed_queries(texts)
            )
        # A few short queries gain little from a second thread, and on a busy machine OpenMP's barrier waits made
        # them 10-30x slower (p50 200-850 ms against 27 ms single-threaded, 2 shared cores). Batches keep 2.
        # They also skip `encode()`'s per-call bookkeeping (device lookup, eval(), sorting): 1-2 ms of ~11,
        # same vectors bit for bit.
        if not texts or len(texts) > 4:
            return super().embed_queries(texts)
        import torch

        previous = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            if self._model.training:
                self._model.eval()
            features = self._model.preprocess([self.prefixes.query + t for t in texts])
            with torch.inference_mode():
                vectors = self._model(features)["sentence_embedding"]
            return torch.nn.functional.normalize(vectors, p=2, dim=1).numpy().astype(np.float32)
        finally:
            torch.set_num_threads(previous)


def _is_transformer(model: Any) -> bool:
    from sentence_transformers.base.modules.transformer import Transformer

    return isinstance(model[0], Transformer)
