"""The abstention trade-off: the same questions answered at every `abstain_threshold` of a grid.

Retrieval and re-ranking run once per question (`Engine.rank`, memoised); each grid point re-runs only the
answering step, with the answerer of an engine (`Engine.with_settings`) whose settings differ in the threshold.
The engine passed in is left as it was. Each point reports abstention accuracy (unanswerable questions that abstained),
false abstention (answerable ones that abstained) and answer accuracy.
It does not pick a threshold or change any setting.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from eval.dataset import QAItem
from eval.metrics import contains_any
from rag.engine import Engine
from rag.rerank import Ranking
from rag.settings import RagSettings
from rag.snapshot import Snapshot
from rag.types import Query

DEFAULT_GRID = tuple(round(i * 0.05, 2) for i in range(21))  # 0.0, 0.05, ... 1.0


def parse_grid(spec: str) -> tuple[float, ...]:
    """ "0,0.1,0.2" -> (0.0, 0.1, 0.2); anything that is not a number in [0, 1] raises ValueError."""
    values = []
    for part in spec.split(","):
        try:
            value = float(part)
        except ValueError:
            raise ValueError(f"--sweep-grid: {part.strip()!r} is not a number") from None
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"--sweep-grid: {value} is outside 0..1 (the range of abstain_threshold)")
        values.append(value)
    return tuple(sorted(set(values)))


Rank = Callable[..., Ranking]  # the signature of `Engine.rank`: (snapshot, question, top_k, lang, context, mode)


def _memoised(rank: Rank) -> Rank:
    """`rank`, run once per commit and question: the snapshots of the sweep's engines differ in their answerers
    (the threshold), so the key is the snapshot's commit, which they share."""
    cache: dict[tuple[object, ...], Ranking] = {}

    def cached(snap: Snapshot, *args: object, **kwargs: object) -> Ranking:
        key = (snap.commit, args, tuple(sorted(kwargs.items())))
        if key not in cache:
            cache[key] = rank(snap, *args, **kwargs)
        return cache[key]

    return cached


def engine_at(engine: Engine, threshold: float, rank: Rank | None = None) -> Engine:
    """An engine like `engine` answering with `threshold` (and ranking passages with `rank`, if given); it
    follows the same commits of the index; `engine` is unchanged."""
    settings = RagSettings.model_validate({**engine.settings.model_dump(), "abstain_threshold": threshold})
    view = engine.with_settings(settings)
    if rank is not None:
        view.rank = rank  # type: ignore[method-assign]  # the memoised ranking of the whole sweep
    return view


def _mean(values: list[bool]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def abstention_sweep(
    engine: Engine,
    items: Sequence[QAItem],
    grid: Sequence[float] = DEFAULT_GRID,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, Any]:
    progress = progress or (lambda stage, done, total: None)
    rank = _memoised(engine.rank)
    points = []
    for n, threshold in enumerate(grid, 1):
        view = engine_at(engine, threshold, rank)
        answers = [(item, view.ask(Query(item.question))) for item in items]
        answerable = [a for item, a in answers if item.answerable]
        points.append(
            {
                "threshold": threshold,
                "abstention_accuracy": _mean([a.abstained for item, a in answers if not item.answerable]),
                "false_abstention": _mean([a.abstained for a in answerable]),
                "answer_accuracy": _mean(
                    [not a.abstained and contains_any(a.answer, item.answers) for item, a in answers if item.answerable]
                ),
            }
        )
        progress("abstention sweep", n, len(grid))
    return {
        "questions": len(items),
        "answerable": sum(item.answerable for item in items),
        "current": engine.settings.abstain_threshold,
        "points": points,
    }
