"""Connecting to the LLM server: check the settings, build the llama-index client, probe the server at startup.

Every message names the `RAG_LLM_*` setting to fix. The client is llama-index's `OpenAILike`, which speaks to any
OpenAI-compatible server (Ollama, llama.cpp server, vLLM, LM Studio, OpenAI); the probe uses the official
`openai` client's model list. It does not prompt or answer (see `rag/llm_client.py`, `rag/llm.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

if TYPE_CHECKING:
    from llama_index.core.llms import LLM

    from rag.settings import RagSettings

PROBE_TIMEOUT = 3.0  # seconds; a startup check must not hold the product up for long


def config_problem(settings: RagSettings) -> str | None:
    """Why these settings cannot run LLM mode (naming the setting), or None."""
    url = settings.llm_base_url or ""
    if not url:
        return "RAG_ANSWER_MODE=llm needs RAG_LLM_BASE_URL (an OpenAI-compatible base URL)"
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        return f"RAG_LLM_BASE_URL={url!r} is not an http(s) URL (e.g. http://127.0.0.1:11434/v1)"
    if not (settings.llm_model or "").strip():
        return "RAG_LLM_MODEL is not set (the model name the server serves, e.g. llama3.2)"
    return None


def answer_mode(settings: RagSettings) -> tuple[str, str | None]:
    """The mode answers will use and, when a configured LLM cannot be used, why (a settings check: no request)."""
    wanted = settings.answer_mode
    if not settings.llm_base_url and wanted != "llm":
        return wanted, None
    problem = config_problem(settings)
    if problem is None:
        return "llm", None
    return ("extractive" if wanted == "llm" else wanted), problem


def answering(settings: RagSettings) -> dict[str, Any]:
    """The query layer's part of `rag info` without an engine: the answer mode, and the LLM it would use."""
    mode, _ = answer_mode(settings)
    if mode != "llm":
        return {"answer_mode": mode}
    return {"answer_mode": mode, "llm": {"base_url": settings.llm_base_url, "model": settings.llm_model}}


def _api_key(settings: RagSettings) -> str:
    # Local servers ignore the key, but the OpenAI client refuses to start without one.
    return settings.llm_api_key.get_secret_value() if settings.llm_api_key else "no-key"


def build_llm(settings: RagSettings) -> LLM:
    from llama_index.llms.openai_like import OpenAILike

    return OpenAILike(
        model=settings.llm_model or "",
        api_base=(settings.llm_base_url or "").rstrip("/"),
        api_key=_api_key(settings),
        is_chat_model=True,
        timeout=settings.llm_timeout,
        max_retries=0,  # a failed request falls back at once; the next request tries again
        temperature=settings.llm_temperature,
        max_tokens=settings.llm_max_tokens,
    )


def describe(exc: BaseException) -> str:
    first = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first[:200]}" if first else type(exc).__name__


def probe(settings: RagSettings) -> tuple[bool, list[str]]:
    """(reachable, warnings naming the setting to fix), from the server's model list."""
    import openai

    url = settings.llm_base_url
    client = openai.OpenAI(
        base_url=url, api_key=_api_key(settings), max_retries=0, timeout=min(settings.llm_timeout, PROBE_TIMEOUT)
    )
    try:
        models = [m.id for m in client.models.list()]
    except openai.APIStatusError as exc:
        if exc.status_code in (401, 403):
            return True, [f"the LLM server rejected the key (HTTP {exc.status_code}); check RAG_LLM_API_KEY"]
        hint = " (OpenAI-compatible URLs usually end in /v1)" if exc.status_code == 404 else ""
        return True, [f"RAG_LLM_BASE_URL={url} answered HTTP {exc.status_code} for /models{hint}"]
    except Exception as exc:  # any transport error means the same thing here: nobody answers at that URL
        return False, [f"RAG_LLM_BASE_URL={url} is not reachable ({describe(exc)}); answering extractively until it is"]
    finally:
        client.close()
    # Ollama lists "llama3.2:latest" and serves it as "llama3.2" too.
    if models and settings.llm_model not in models and f"{settings.llm_model}:latest" not in models:
        shown = ", ".join(models[:10])
        return True, [f"RAG_LLM_MODEL={settings.llm_model!r} is not among the models the server lists ({shown})"]
    return True, []
