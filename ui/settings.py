"""The product's settings, read once at an entry point: the serving section, and the loader that splits every
`RAG_*` variable into the sections the layers own.

`Settings.load()` reads the environment (and `.env`) once and returns `Settings` with three sections:
`index` (`IndexSettings`: storage, embedding, chunking), `rag` (`RagSettings`: retrieval, answers, LLM) and
`serve` (`ServeSettings`, defined here: listening, uploads, feedback, limits). Each constructor takes only its
section. Variable names are `RAG_` + field name; an invalid value is one `SettingsError` naming each variable.
It does not load models or open stores.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, NoDecode

from index.errors import SettingsError
from index.settings import SECTION_CONFIG, IndexSettings
from rag.settings import RagSettings


class ServeSettings(BaseSettings):
    """How the CLI server, web chat and API are exposed. Env var = `RAG_` + field name in upper case."""

    model_config = SECTION_CONFIG

    data_dir: Path = Field(IndexSettings.model_fields["data_dir"].default, description="Same as the index's.")
    # Serving
    host: str = Field("127.0.0.1", description="Address `rag serve` listens on.")
    port: int = Field(7860, ge=1, le=65535, description="Port `rag serve` listens on.")
    admin_token: str | None = Field(
        None, description="Token required to upload documents; unset = uploads only while listening on loopback."
    )
    # Serving: web chat and JSON/SSE API (ui/server.py, ui/page.py)
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

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def feedback_path(self) -> Path:
        return self.feedback_file or self.data_dir / "feedback.jsonl"

    @property
    def latest_report_dir(self) -> Path:
        return self.data_dir / "reports" / "latest"


SECTIONS: dict[str, type[BaseSettings]] = {"index": IndexSettings, "rag": RagSettings, "serve": ServeSettings}


@dataclass(frozen=True)
class Settings:
    """Every setting, split by the layer that owns it."""

    index: IndexSettings
    rag: RagSettings
    serve: ServeSettings

    @classmethod
    def load(cls, env_file: str | None = ".env", **overrides: Any) -> Settings:
        """Read `RAG_*` variables (and `env_file`); `overrides` (field names) win over both."""
        _check_names(overrides)
        sections: dict[str, BaseModel] = {}
        errors: list[str] = []
        for name, section in SECTIONS.items():
            given = {k: v for k, v in overrides.items() if k in section.model_fields}
            try:
                sections[name] = section(_env_file=env_file, **given)
            except ValidationError as exc:
                errors += [f"RAG_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()]
        if errors:
            raise SettingsError(f"invalid settings: {'; '.join(dict.fromkeys(errors))}")
        return cls(**sections)  # type: ignore[arg-type]

    def replace(self, **overrides: Any) -> Settings:
        """A copy with some fields (by name, in whichever section owns them) changed and validated again."""
        _check_names(overrides)
        changed: dict[str, Any] = {}
        for name, section in SECTIONS.items():
            given = {k: v for k, v in overrides.items() if k in section.model_fields}
            if given:
                current: BaseModel = getattr(self, name)
                changed[name] = section.model_validate({**current.model_dump(), **given})
        return replace(self, **changed)

    @property
    def data_dir(self) -> Path:
        """The one directory every section keeps its runtime data in."""
        return self.index.data_dir

    @staticmethod
    def fields() -> dict[str, FieldInfo]:
        """Every field of every section (`data_dir` once): the README's settings table."""
        found: dict[str, FieldInfo] = {}
        for section in SECTIONS.values():
            for name, info in section.model_fields.items():
                found.setdefault(name, info)
        return found


def _check_names(overrides: dict[str, Any]) -> None:
    unknown = sorted(set(overrides) - set(Settings.fields()))
    if unknown:
        raise TypeError(f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(Settings.fields()))}")
