"""The "llm" answer mode: grounded, streamed answers from any OpenAI-compatible server.

Given the plan and the retrieved passages, it prompts the model with the numbered passages (`rag/prompts.py`),
streams the reply through `CitationStream` (markers renumbered as they arrive), then verifies citations and
sentence support (`rag/grounding.py`). No passages: the abstain text, without asking the model. The model is
reached through the injected `LLMClient` (`rag/llm_client.py`); any failure of the server (unreachable, timeout,
HTTP error, stream cut off, empty reply) is raised as `LLMFailure`, and the engine then composes the extractive
answer from the same passages. It does not retrieve, plan, validate questions or fall back itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from rag.grounding import CitationStream, SupportScorer, verify
from rag.llm_client import LLMClient, LLMFailure, without_thinking
from rag.prompts import answer_messages
from rag.settings import RagSettings
from rag.types import Composed, Passage, Plan
from rag.wording import abstention

if TYPE_CHECKING:
    from rag.windows import ScoredWindows


class LLMAnswerer:
    """Streams grounded answers from the model; built by the "llm" answer mode (`rag/modes.py`)."""

    def __init__(self, settings: RagSettings, client: LLMClient, scorer: SupportScorer) -> None:
        self.settings, self.client, self.scorer = settings, client, scorer

    def stream(
        self, plan: Plan, passages: list[Passage], windows: ScoredWindows | None = None
    ) -> Iterator[str | Composed]:
        """Text pieces as the model writes them, then the verified `Composed` answer; `LLMFailure` on failure.
        The model reads whole passages: the scored `windows` are not used."""
        language = plan.language
        if not passages:
            text = abstention(language)
            yield text
            yield Composed(text, True, [])
            return
        pairs = answer_messages(plan.standalone, language, passages, self.settings.llm_max_sentences)
        citations = CitationStream(len(passages))
        for delta in without_thinking(self.client.deltas(pairs)):
            if piece := citations.feed(delta):
                yield piece
        if tail := citations.close():
            yield tail
        text = citations.text.strip()
        if not text:
            raise LLMFailure("the model returned an empty answer")
        threshold = self.settings.llm_support_threshold
        checked = verify(text, language, passages, citations.order, self.scorer, threshold, abstention(language))
        yield Composed(text, checked.abstained, checked.citations, checked.unsupported)
