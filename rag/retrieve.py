"""Hybrid retrieval: dense search over Chroma plus multilingual BM25, fused by reciprocal rank.

Both sides are llama-index retrievers and the fusion is one too, so library components (query engines,
postprocessors, the baseline `VectorStoreIndex`) compose with it. Fusion is written here rather than with
`QueryFusionRetriever` because that one reads `Settings.llm`, fixes k=60 and ignores retriever weights.
`reciprocal_rank_fusion` is the one fusion: of the dense and lexical rankings here, and of the rankings of a
question's translations (the engine's multi-query retrieval). `build_retriever` picks hybrid, dense or lexical.
It does not plan queries or compose answers (see `rag/plan.py`, `rag/answer.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Set
from typing import Any, TypeVar

from llama_index.core import VectorStoreIndex
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
from llama_index.core.vector_stores import ExactMatchFilter, MetadataFilters
from llama_index.vector_stores.chroma import ChromaVectorStore

from index.embedding import Embedder
from index.lexical import LexicalIndex
from rag.settings import RagSettings

T = TypeVar("T")


def reciprocal_rank_fusion(
    rankings: Iterable[tuple[float, Iterable[T]]], key: Callable[[T], str], rrf_k: int, top_k: int
) -> list[tuple[T, float]]:
    """The `top_k` items of (weight, ranking) pairs by weighted reciprocal rank, each with its fused score;
    an item ranked by several keeps its first occurrence, ties keep the order items were first seen in."""
    fused: dict[str, float] = {}
    first: dict[str, T] = {}
    for weight, ranking in rankings:
        for rank, item in enumerate(ranking):
            name = key(item)
            fused[name] = fused.get(name, 0.0) + weight / (rrf_k + rank + 1)
            first.setdefault(name, item)
    ranked = sorted(fused, key=fused.__getitem__, reverse=True)[:top_k]
    return [(first[name], fused[name]) for name in ranked]


class LexicalRetriever(BaseRetriever):
    """BM25 over the lexical index; returns only chunks sharing at least one term with the query."""

    def __init__(self, lexical: LexicalIndex, top_k: int, language: str | None = None) -> None:
        super().__init__()
        self.lexical, self.top_k, self.language = lexical, top_k, language

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        hits = self.lexical.search(query_bundle.query_str, self.top_k, self.language)
        return [
            NodeWithScore(node=TextNode(id_=h.chunk_id, text=h.text, metadata=h.metadata), score=h.score) for h in hits
        ]


def vector_index(collection: Any, embedder: Embedder) -> VectorStoreIndex:
    """llama-index's view of our Chroma collection; build it once per collection (the engine keeps it)."""
    return VectorStoreIndex.from_vector_store(
        ChromaVectorStore(chroma_collection=collection), embed_model=embedder.as_llama_embedding()
    )


FETCH_GROWTH = 4  # dense results asked for again, this many times as many, while too few are committed


def dense_retriever(
    index: VectorStoreIndex, top_k: int, language: str | None = None, committed: Set[str] | None = None
) -> BaseRetriever:
    """llama-index's own vector retriever over that index, optionally filtered to one language and to the chunks
    of one committed manifest (`committed`)."""
    filters = MetadataFilters(filters=[ExactMatchFilter(key="language", value=language)]) if language else None
    if committed is None:
        return index.as_retriever(similarity_top_k=top_k, filters=filters)
    return CommittedOnly(index, top_k, filters, committed)


class CommittedOnly(BaseRetriever):
    """The `top_k` nearest chunks that the engine's manifest lists. Chroma is shared and changes before an ingest
    commits (new chunks) and right after it (stale chunks go), so without this a serving process could mix index
    states. Chunks not (or no longer) committed can fill the nearest hits (an ingest writes all its new chunks
    before it commits), so when dropping them leaves fewer than `top_k` of a full page, Chroma is asked again for
    FETCH_GROWTH times as many, until `top_k` committed chunks are found or Chroma has no more (under the
    language filter). With no such chunks among the nearest (the steady state) it costs one query, as before."""

    def __init__(
        self, index: VectorStoreIndex, top_k: int, filters: MetadataFilters | None, committed: Set[str]
    ) -> None:
        super().__init__()
        self.index, self.top_k, self.filters, self.committed = index, top_k, filters, committed

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        fetch = self.top_k
        while True:
            hits = self.index.as_retriever(similarity_top_k=fetch, filters=self.filters).retrieve(query_bundle)
            kept = [hit for hit in hits if hit.node.node_id in self.committed]
            if len(kept) >= self.top_k or len(hits) < fetch:
                return kept[: self.top_k]
            fetch *= FETCH_GROWTH


class HybridRetriever(BaseRetriever):
    """Weighted reciprocal rank fusion of a dense and a lexical retriever."""

    def __init__(
        self,
        dense: BaseRetriever,
        lexical: BaseRetriever,
        top_k: int,
        rrf_k: int = 60,
        weights: tuple[float, float] = (1.0, 1.0),
    ) -> None:
        super().__init__()
        self.dense, self.lexical = dense, lexical
        self.top_k, self.rrf_k, self.weights = top_k, rrf_k, weights

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        rankings = (
            (weight, retriever.retrieve(query_bundle))
            for weight, retriever in zip(self.weights, (self.dense, self.lexical), strict=True)
        )
        fused = reciprocal_rank_fusion(rankings, lambda hit: hit.node.node_id, self.rrf_k, self.top_k)
        return [NodeWithScore(node=hit.node, score=score) for hit, score in fused]


def build_retriever(
    index: VectorStoreIndex,
    lexical: LexicalIndex,
    mode: str,
    top_k: int,
    language: str | None,
    settings: RagSettings,
    embed_model: str,
    committed: Set[str] | None = None,
) -> BaseRetriever:
    """The retriever of a mode: "hybrid" (fused, `settings.candidates` from each side), "dense" or "lexical";
    dense hits outside `committed` (the chunk ids of the engine's manifest) are dropped."""
    if mode == "hybrid":
        candidates = max(settings.candidates, top_k)
        return HybridRetriever(
            dense_retriever(index, candidates, language, committed),
            LexicalRetriever(lexical, candidates, language),
            top_k=top_k,
            rrf_k=settings.rrf_k,
            weights=settings.fusion_weights(embed_model),
        )
    if mode == "dense":
        return dense_retriever(index, top_k, language, committed)
    if mode == "lexical":
        return LexicalRetriever(lexical, top_k, language)
    raise ValueError(f"unknown retrieval mode {mode!r}; valid: dense, hybrid, lexical")
