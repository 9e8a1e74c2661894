"""Ask one eval question through the engine and turn the answer into an `Outcome` (see `eval/metrics.py`).

Shared by the question set, the follow-up conversations and the abstention sweep. It does not aggregate
metrics or load datasets.
"""

from __future__ import annotations

import time
from pathlib import PurePath

from eval.dataset import QAItem
from eval.metrics import Outcome, contains_any, leads_with, source_matches
from rag.engine import Engine
from rag.plan import follow_up_context
from rag.question_words import asked_kinds
from rag.types import Answer, Query, Turn

RANK_DEPTH = 10


def source_languages(engine: Engine) -> dict[str, str]:
    return {PurePath(d["source"]).name: d["language"] for d in engine.documents()}


def is_cross(item: QAItem, languages: dict[str, str]) -> bool:
    """Cross-language: none of the expected sources is in the question's language, as the index recorded it."""
    langs = {lang for name, lang in languages.items() if any(name.startswith(p) for p in item.sources)}
    return item.answerable and item.lang not in langs


def score(
    engine: Engine,
    item: QAItem,
    languages: dict[str, str],
    retrieval: str = "hybrid",
    history: list[Turn] | None = None,
) -> tuple[Outcome, Answer]:
    """The outcome of asking `item` (after `history`, if any) and the engine's `Answer`."""
    started = time.perf_counter()
    answer = engine.ask(Query(item.question, history=history or [], retrieval=retrieval))
    latency = (time.perf_counter() - started) * 1000
    context = follow_up_context(history or [])  # the engine's own: the ranking is the one the answer was given
    ranking = engine.retrieve(item.question, top_k=RANK_DEPTH, context=context, mode=retrieval)
    first_hit = next((i for i, p in enumerate(ranking, 1) if source_matches(p.source, item.sources)), None)
    cited = tuple(dict.fromkeys(c.source for c in answer.citations))
    outcome = Outcome(
        id=item.id,
        lang=item.lang,
        answerable=item.answerable,
        cross=is_cross(item, languages),
        first_hit=first_hit if item.answerable else None,
        abstained=answer.abstained,
        correct=item.answerable and not answer.abstained and contains_any(answer.answer, item.answers),
        cited=cited,
        cited_ok=sum(source_matches(s, item.sources) for s in cited),
        expected_cited=sum(any(PurePath(s).name.startswith(p) for s in cited) for p in item.sources),
        expected_total=len(item.sources),
        latency_ms=latency,
        value_asked=item.answerable and bool(asked_kinds(item.question)),
        value_first=item.answerable and not answer.abstained and leads_with(answer.answer, item.answers),
    )
    return outcome, answer
