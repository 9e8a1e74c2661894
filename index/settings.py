"""The product's one settings tree, read from `RAG_*` environment variables (and `.env`).

It is built once at an entry point (CLI, server, tests) and passed into constructors; nothing deeper reads
`os.environ`. It lives in `index/` because that package is the root of the import graph (index -> rag -> ui/eval).
It does not load models or open stores.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

BUNDLED_MODEL = "all-MiniLM-L6-v2"


class Settings(BaseSettings):
    """Every knob of the product. Env var = `RAG_` + field name in upper case."""

    model_config = SettingsConfigDict(env_prefix="RAG_", env_file=".env", extra="ignore")

    # Storage
    data_dir: Path = Field(
        Path("data"),
        description="Directory for all runtime data (Chroma, lexical index, manifest, feedback). Git-ignored.",
    )
    collection: str = Field("rag_chunks", description="Chroma collection name (3-512 characters).")
    chroma_url: str | None = Field(
        None, description="URL of a `chroma run` server (http://HOST:PORT); unset = embedded PersistentClient."
    )
    chroma_token: str | None = Field(None, description="Auth token sent to the Chroma server, if it needs one.")

    # Embedding
    embed_model: str = Field(
        BUNDLED_MODEL,
        description="sentence-transformers model name or local path; the default is the bundled all-MiniLM-L6-v2.",
    )
    embed_backend: str = Field("torch", description="Embedding backend (see `rag info` for the registry).")
    query_prefix: str | None = Field(
        None, description="Text prepended to queries; unset = chosen per model (e5 models: 'query: ')."
    )
    passage_prefix: str | None = Field(
        None, description="Text prepended to passages; unset = chosen per model (e5 models: 'passage: ')."
    )
    embed_batch_size: int = Field(32, ge=1, description="Texts per embedding batch during ingestion.")

    # Chunking
    chunk_tokens: int = Field(
        160, ge=16, description="Target chunk size in the embedding model's own tokens (capped at its limit)."
    )
    chunk_overlap_tokens: int = Field(32, ge=0, description="Overlap between neighbouring chunks, in model tokens.")
    languages: Annotated[list[str], NoDecode] = Field(
        ["en", "it", "ru", "de", "fr", "es", "pt", "nl", "pl", "uk", "tr", "zh", "ja"],
        description="ISO 639-1 codes the language detector chooses among (comma-separated in the env var).",
    )

    # Retrieval and answering
    top_k: int = Field(5, ge=1, le=50, description="Chunks returned by retrieval and passed to the answerer.")
    candidates: int = Field(30, ge=1, description="Candidates each retriever (dense, lexical) contributes to fusion.")
    rrf_k: int = Field(60, ge=1, description="Reciprocal rank fusion constant.")
    answer_mode: str = Field("extractive", description="Answer mode when no LLM is configured.")
    max_sentences: int = Field(2, ge=1, le=6, description="Most evidence sentences an extractive answer quotes.")
    abstain_threshold: float = Field(
        0.35, ge=0.0, le=1.0, description="Minimum evidence score below which the answer abstains."
    )
    max_question_chars: int = Field(2000, ge=10, description="Longest accepted question, in characters.")

    # Serving
    host: str = Field("127.0.0.1", description="Address `rag serve` listens on.")
    port: int = Field(7860, ge=1, le=65535, description="Port `rag serve` listens on.")
    admin_token: str | None = Field(
        None, description="Token required to upload documents; unset = uploads only while listening on loopback."
    )

    @field_validator("languages", mode="before")
    @classmethod
    def _split_languages(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip().lower() for part in value.split(",") if part.strip()]
        return value

    @field_validator("collection")
    @classmethod
    def _collection_name(cls, value: str) -> str:
        if not 3 <= len(value) <= 512:
            raise ValueError("collection name must have 3-512 characters")
        return value

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def lexical_dir(self) -> Path:
        return self.data_dir / "lexical"

    @property
    def manifest_path(self) -> Path:
        return self.data_dir / "manifest.json"
