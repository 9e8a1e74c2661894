"""The plain pipeline the `serve` benchmark compares our engine with: LlamaIndex's `VectorStoreIndex` over the same
Chroma collection and the same embedding model, dense retrieval only, top k, with a mock LLM (no generation cost).

`one_thread` runs a call with torch on one thread, as our engine embeds questions. It measures nothing itself
(see `bench/measure.py`).
"""

from __future__ import annotations

from typing import Any


def plain_pipeline(settings: Any) -> tuple[Any, Any]:
    """The plain pipeline: VectorStoreIndex over the same collection, the same model, dense only, top k.

    A Hugging Face model goes through LlamaIndex's `HuggingFaceEmbedding`; a bundled encoder that is not a
    transformer checkpoint (use-multilingual-v3, multilingual-e5-small-q4) through our embedder's adapter."""
    from llama_index.core import Settings as LlamaSettings
    from llama_index.core import VectorStoreIndex
    from llama_index.core.llms import MockLLM
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from index.embedding import load_embedder
    from index.embedding.base import resolve_model_path
    from index.embedding.bundled import MINILM, canonical, is_bundled
    from index.store import open_collection

    if is_bundled(settings.index.embed_model) and canonical(settings.index.embed_model) != MINILM:
        model = load_embedder(settings.index).as_llama_embedding()
    else:
        model = HuggingFaceEmbedding(model_name=resolve_model_path(settings.index.embed_model), device="cpu")
    index = VectorStoreIndex.from_vector_store(
        ChromaVectorStore(chroma_collection=open_collection(settings.index)), embed_model=model
    )
    llm = MockLLM(max_tokens=64)  # no generation cost: what remains is the pipeline around the LLM
    LlamaSettings.llm = llm
    return index.as_retriever(similarity_top_k=settings.rag.top_k), index.as_query_engine(
        llm=llm, similarity_top_k=settings.rag.top_k
    )


def one_thread(call: Any) -> Any:
    """The baseline with its query embedding on one torch thread, as ours does: the pipelines alone compared."""
    import torch

    def wrapped(question: str) -> Any:
        previous = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            return call(question)
        finally:
            torch.set_num_threads(previous)

    return wrapped
