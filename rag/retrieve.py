"""Hybrid retrieval: dense search over Chroma plus multilingual BM25, fused by reciprocal rank.

Both sides are llama-index retrievers and the fusion is one too, so library components (query engines,
postprocessors) compose with it. The dense side asks the Chroma collection for ids and distances itself and reads
the hits' text from the commit's lexical store (`CommittedDense`): llama-index's `ChromaVectorStore` would fetch
documents and metadatas from Chroma on every query, the largest avoidable cost of a request measured under load.
Fusion is written here rather than with `QueryFusionRetriever` because that one reads `Settings.llm`, fixes k=60
and ignores retriever weights.
`reciprocal_rank_fusion` is the one fusion: of the dense and lexical rankings here, and of the rankings of a
question's translations (the engine's multi-query retrieval). `build_retriever` picks hybrid, dense or lexical.
It does not plan queries or compose answers (see `rag/plan.py`, `rag/answer.py`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Set
from typing import Any, TypeVar

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

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


FETCH_GROWTH = 4  # dense results asked for again, this many times as many, while too few are committed


class CommittedDense(BaseRetriever):
    """The `top_k` chunks of one commit nearest the query: Chroma is asked for ids and distances only, and each
    hit's text and metadata come from the commit's lexical store (`LexicalIndex.stored`), which holds the same
    rows the ingest wrote to Chroma. Asking Chroma for documents and metadatas too (what llama-index's
    `VectorIndexRetriever` over `ChromaVectorStore` does) cost about as much as the rest of the dense search on
    the seeds, for text the commit already holds (`bench/load.py`, docs/benchmarks-load.md). Scores are
    llama-index's for Chroma, exp(-distance).

    Chroma is shared and changes before an ingest commits (new chunks) and right after it (stale chunks go), so
    hits outside `committed` (the manifest's chunk ids) are dropped, and when that leaves fewer than `top_k` of a
    full page Chroma is asked again for FETCH_GROWTH times as many, until `top_k` committed chunks are found or
    Chroma has no more (under the language filter). In the steady state it costs one query."""

    def __init__(
        self,
        collection: Any,
        lexical: LexicalIndex,
        embed: Callable[[str], list[float]],
        top_k: int,
        language: str | None,
        committed: Set[str],
    ) -> None:
        super().__init__()
        self.collection, self.lexical, self.embed = collection, lexical, embed
        self.top_k, self.committed = top_k, committed
        self.where = {"language": {"$eq": language}} if language else None

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        embedding = query_bundle.embedding or self.embed(query_bundle.query_str)
        fetch = self.top_k
        while True:
            found = self.collection.query(
                query_embeddings=[embedding], n_results=fetch, where=self.where, include=["distances"]
            )
            ids, distances = found["ids"][0], found["distances"][0]
            kept = [(i, d) for i, d in zip(ids, distances, strict=True) if i in self.committed]
            if len(kept) >= self.top_k or len(ids) < fetch:
                break
            fetch *= FETCH_GROWTH
        kept = kept[: self.top_k]
        stored = self.lexical.stored([i for i, _ in kept])
        return [
            NodeWithScore(node=TextNode(id_=i, text=stored[i].text, metadata=stored[i].metadata), score=math.exp(-d))
            for i, d in kept
            if i in stored  # a committed chunk is always stored; a damaged index is `rag doctor`'s to report
        ]


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
    collection: Any,
    lexical: LexicalIndex,
    embed: Callable[[str], list[float]],
    mode: str,
    top_k: int,
    language: str | None,
    settings: RagSettings,
    embed_model: str,
    committed: Set[str],
) -> BaseRetriever:
    """The retriever of a mode over one commit: "hybrid" (fused, `settings.candidates` from each side), "dense"
    or "lexical"; dense hits outside `committed` (the chunk ids of the commit's manifest) are dropped."""
    if mode == "hybrid":
        candidates = max(settings.candidates, top_k)
        return HybridRetriever(
            CommittedDense(collection, lexical, embed, candidates, language, committed),
            LexicalRetriever(lexical, candidates, language),
            top_k=top_k,
            rrf_k=settings.rrf_k,
            weights=settings.fusion_weights(embed_model),
        )
    if mode == "dense":
        return CommittedDense(collection, lexical, embed, top_k, language, committed)
    if mode == "lexical":
        return LexicalRetriever(lexical, top_k, language)
    raise ValueError(f"unknown retrieval mode {mode!r}; valid: dense, hybrid, lexical")
