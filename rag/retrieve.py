"""Hybrid retrieval: dense search over Chroma plus multilingual BM25, fused by reciprocal rank.

Both sides are llama-index retrievers and the fusion is one too, so library components (query engines,
postprocessors, the baseline `VectorStoreIndex`) compose with it. Fusion is written here rather than with
`QueryFusionRetriever` because that one reads `Settings.llm`, fixes k=60 and ignores retriever weights.
It does not compose answers (see `rag/answer.py`).
"""

from __future__ import annotations

from typing import Any

from llama_index.core import VectorStoreIndex
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
from llama_index.core.vector_stores import ExactMatchFilter, MetadataFilters
from llama_index.vector_stores.chroma import ChromaVectorStore

from index.embedding import Embedder
from index.lexical import LexicalIndex


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


def dense_retriever(index: VectorStoreIndex, top_k: int, language: str | None = None) -> BaseRetriever:
    """llama-index's own vector retriever over that index, optionally filtered to one language."""
    filters = MetadataFilters(filters=[ExactMatchFilter(key="language", value=language)]) if language else None
    return index.as_retriever(similarity_top_k=top_k, filters=filters)


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
        fused: dict[str, float] = {}
        nodes: dict[str, NodeWithScore] = {}
        for weight, retriever in zip(self.weights, (self.dense, self.lexical), strict=True):
            for rank, hit in enumerate(retriever.retrieve(query_bundle)):
                key = hit.node.node_id
                fused[key] = fused.get(key, 0.0) + weight / (self.rrf_k + rank + 1)
                nodes.setdefault(key, hit)
        ranked = sorted(fused, key=fused.__getitem__, reverse=True)[: self.top_k]
        return [NodeWithScore(node=nodes[key].node, score=fused[key]) for key in ranked]
