"""The query layer's settings section: retrieval, answering and the optional LLM server.

`RagSettings` is read once by the entry point (`ui/settings.py`) and passed to the `Engine`, which hands each
part what it needs. It does not read `os.environ` itself, load models or reach the LLM.
"""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

from index.settings import SECTION_CONFIG, is_multilingual


class RagSettings(BaseSettings):
    """How questions are answered. Env var = `RAG_` + field name in upper case."""

    model_config = SECTION_CONFIG

    # Retrieval and answering
    top_k: int = Field(5, ge=1, le=50, description="Chunks returned by retrieval and passed to the answerer.")
    candidates: int = Field(30, ge=1, description="Candidates each retriever (dense, lexical) contributes to fusion.")
    rrf_k: int = Field(3, ge=1, description="Reciprocal rank fusion constant (small = top ranks count more).")
    dense_weight: float | None = Field(
        None,
        ge=0.0,
        description="Weight of the dense ranking in fusion; unset = 1.0 for multilingual embedding models and "
        "0.2 for English-centric ones, whose cross-language similarities are unreliable (see `rag eval --baselines`).",
    )
    lexical_weight: float = Field(1.0, ge=0.0, description="Weight of the lexical (BM25) ranking in fusion.")
    rerank_depth: int = Field(
        10,
        ge=0,
        le=50,
        description="Hybrid retrieval re-orders its first max(top_k, this many) chunks (three times as many for a "
        "follow-up) by their best sentence's answer score (the extractive answerer's) before keeping top_k; "
        "0 = no re-ranking.",
    )
    answer_mode: str = Field("extractive", description="Answer mode when no LLM is configured.")
    max_sentences: int = Field(2, ge=1, le=6, description="Most evidence sentences an extractive answer quotes.")
    abstain_threshold: float = Field(
        0.35, ge=0.0, le=1.0, description="Minimum evidence score below which the answer abstains (calibrated on dev)."
    )
    max_question_chars: int = Field(2000, ge=10, description="Longest accepted question, in characters.")

    # Generative answers through an OpenAI-compatible LLM server (rag/llm.py)
    llm_base_url: str | None = Field(
        None,
        description="OpenAI-compatible base URL (Ollama: http://127.0.0.1:11434/v1); set = answers are generated "
        "by the LLM, with extractive answers as the fallback.",
    )
    llm_model: str | None = Field(None, description="Model name the LLM server serves (e.g. llama3.2, gpt-4o-mini).")
    llm_api_key: SecretStr | None = Field(None, description="API key for the LLM server; local servers need none.")
    llm_timeout: float = Field(
        60.0,
        gt=0,
        description="Seconds to wait for the LLM server to connect, to start answering and between streamed "
        "tokens; then the answer falls back to extractive.",
    )
    llm_temperature: float = Field(0.1, ge=0.0, le=2.0, description="Sampling temperature of generated answers.")
    llm_max_tokens: int = Field(512, ge=16, description="Most tokens the LLM may generate for one answer.")
    llm_max_sentences: int = Field(4, ge=1, le=20, description="Most sentences the LLM is asked to answer in.")
    llm_support_threshold: float = Field(
        0.25,
        ge=0.0,
        le=1.0,
        description="Support score (weighted share of a sentence's terms found in the passages it cites) below "
        "which an answer sentence is flagged as unsupported.",
    )
    llm_condense_followups: bool = Field(
        True, description="Let the LLM rewrite a follow-up question into a standalone one before retrieval."
    )
    llm_translate_queries: bool = Field(
        False,
        description="Let the LLM translate the question into the corpus's other languages and fuse the retrievals.",
    )

    def fusion_weights(self, embed_model: str) -> tuple[float, float]:
        """(dense, lexical) weights for rank fusion; the dense default depends on the embedding model."""
        if self.dense_weight is not None:
            return self.dense_weight, self.lexical_weight
        return (1.0 if is_multilingual(embed_model) else 0.2), self.lexical_weight
