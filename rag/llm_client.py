"""The connection to the LLM server: chat requests (whole or streamed), failures as `LLMFailure`, reachability.

One `LLMClient` per engine wraps llama-index's `OpenAILike` (built by `rag/llm_config.py`) and is injected into
the planner (`rag/plan.py`: condensing, translation) and the LLM answerer (`rag/llm.py`). Every transport, HTTP
and parse error, a stream cut off and an empty reply become `LLMFailure`, which the engine answers by composing
extractively. A server unreachable at startup is not tried again until a probe (at most every `REPROBE_SECONDS`)
finds it. It does not build prompts, retrieve or compose answers.
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from index.errors import UnavailableError
from rag.llm_config import build_llm, describe, probe
from rag.settings import RagSettings

if TYPE_CHECKING:
    from llama_index.core.llms import LLM, ChatMessage

log = logging.getLogger("rag.llm")

REPROBE_SECONDS = 30.0  # how often an unreachable-at-startup server is looked for again
_THINK_OPEN, _THINK_CLOSE = "<think>", "</think>"


class LLMFailure(UnavailableError):
    """The model could not give a usable answer; the message says why (for the log, never for the user)."""


def without_thinking(deltas: Iterable[str]) -> Iterator[str]:
    """Drop a leading <think>...</think> block (reasoning models such as DeepSeek-R1 and Qwen3 stream one first)."""
    stream = iter(deltas)
    head = ""
    for delta in stream:
        head += delta
        lead = head.lstrip()
        if len(lead) < len(_THINK_OPEN) and _THINK_OPEN.startswith(lead):
            continue  # cannot tell yet
        if lead.startswith(_THINK_OPEN):
            for more in stream:
                head += more
                if _THINK_CLOSE in head:
                    break
            head = head.partition(_THINK_CLOSE)[2]
        break
    started = False
    for delta in itertools.chain([head], stream):
        if not started:  # leading whitespace would only shift the answer
            delta = delta.lstrip()
            started = bool(delta)
        if delta:
            yield delta


def _messages(pairs: list[tuple[str, str]]) -> list[ChatMessage]:
    from llama_index.core.llms import ChatMessage

    return [ChatMessage(role=role, content=content) for role, content in pairs]


class LLMClient:
    """Chat with the configured model; probed at construction, so `rag info` can say whether it answers."""

    def __init__(self, settings: RagSettings, llm: LLM | None = None) -> None:
        self.settings = settings
        self.llm = llm or build_llm(settings)
        self._probe_lock = threading.Lock()
        self.available, self.warnings = probe(settings)
        self._probed_at = time.monotonic()
        for warning in self.warnings:
            log.warning(warning)

    def describe(self) -> dict[str, Any]:
        return {
            "base_url": self.settings.llm_base_url,
            "model": self.settings.llm_model,
            "reachable": self.available,
            "warnings": list(self.warnings),
        }

    def unavailable(self) -> str | None:
        """Why the server is not to be tried now (unreachable at startup and still not found), or None."""
        if self._reachable():
            return None
        found = [w for w in self.warnings if "not reachable" in w]
        return found[0] if found else f"the LLM server at {self.settings.llm_base_url} is not reachable"

    def _reachable(self) -> bool:
        if self.available:
            return True
        with self._probe_lock:
            if not self.available and time.monotonic() - self._probed_at >= REPROBE_SECONDS:
                self.available, self.warnings = probe(self.settings)
                self._probed_at = time.monotonic()
                if self.available:
                    log.warning("the LLM server at %s answers again; generating answers", self.settings.llm_base_url)
        return self.available

    def deltas(self, pairs: list[tuple[str, str]]) -> Iterator[str]:
        """The reply's text as it streams; `LLMFailure` if the stream breaks or ends before the model finished."""
        finished = False
        try:
            for chunk in self.llm.stream_chat(_messages(pairs)):
                choices = getattr(chunk.raw, "choices", None) or []
                finished = finished or bool(choices and choices[0].finish_reason)
                if chunk.delta:
                    yield chunk.delta
        except Exception as exc:  # every transport, HTTP and parse error of any server means: fall back
            raise LLMFailure(describe(exc)) from None
        if not finished:
            raise LLMFailure("the stream ended before the model finished its answer")

    def complete(self, pairs: list[tuple[str, str]]) -> str:
        """The whole reply without a leading thinking block; `LLMFailure` if it fails or is empty."""
        try:
            reply = self.llm.chat(_messages(pairs))
        except Exception as exc:  # as in `deltas`
            raise LLMFailure(describe(exc)) from None
        text = re.sub(rf"^\s*{_THINK_OPEN}.*?{_THINK_CLOSE}", "", reply.message.content or "", flags=re.DOTALL)
        if not text.strip():
            raise LLMFailure("the model returned an empty reply")
        return text.strip()
