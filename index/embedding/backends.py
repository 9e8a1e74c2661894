"""The one registry of embedding backends, chosen by `RAG_EMBED_BACKEND`: `torch`, `onnx` and `onnx-int8`.

Each factory imports its backend only when it is chosen, so `rag --help` never pays for torch or ONNX Runtime,
and no backend module imports this one. It does not embed anything itself.
"""

from __future__ import annotations

from index.embedding.base import Embedder
from index.registry import Registry
from index.settings import IndexSettings

BACKENDS: Registry[Embedder] = Registry("embedding backend")


@BACKENDS.register("torch")
def _torch(settings: IndexSettings) -> Embedder:
    from index.embedding.torch_backend import TorchEmbedder

    return TorchEmbedder(settings)


@BACKENDS.register("onnx")
def _onnx(settings: IndexSettings) -> Embedder:
    from index.embedding.onnx_backend import OnnxEmbedder

    return OnnxEmbedder(settings)


@BACKENDS.register("onnx-int8")
def _onnx_int8(settings: IndexSettings) -> Embedder:
    from index.embedding.onnx_backend import OnnxInt8Embedder

    return OnnxInt8Embedder(settings)


def load_embedder(settings: IndexSettings) -> Embedder:
    return BACKENDS.create(settings.embed_backend, settings)
