"""Pure scoring functions: answer-string matching, per-question outcomes, and metric groups.

A question's outcome is computed once (`Outcome`), then aggregated into the same metric groups for the
whole set, each language, and same- vs cross-language questions. It does not run the engine or write files.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import numpy as np

METRIC_NAMES = [
    "retrieval.hit@1", "retrieval.hit@3", "retrieval.hit@5", "retrieval.mrr@10", "answer.accuracy",
    "answer.value_first", "citations.precision", "citations.recall", "abstention.accuracy", "abstention.false_rate",
    "latency_ms.p50", "latency_ms.p95", "follow_ups.accuracy", "new_questions.accuracy_after",
]  # fmt: skip
# Gate names of metrics nested deeper in a result than flatten's two levels: the last turn of the conversations,
# asked with its history (a report of `--conversations` only).
NESTED_METRICS = {"follow_ups.accuracy": ("conversations", "with_history", "answer", "accuracy")}
# Gate metrics that only an option of `rag eval` measures, with what it measures.
NEEDS = {
    "follow_ups.accuracy": ("--conversations", "the follow-ups it measures"),
    "new_questions.accuracy_after": ("--new-questions", "the questions it asks after an unrelated one"),
}

_SPACE_IN_NUMBER = re.compile(r"(?<=\d)[\u00a0\u202f\u2009](?=\d)")
_SEPARATOR_IN_NUMBER = re.compile(r"(?<=\d)[,.](?=\d)")


def normalise(text: str) -> str:
    """Casefold, collapse whitespace, `,`/`.` between digits alike, no thin/no-break spaces inside numbers."""
    text = unicodedata.normalize("NFKC", _SPACE_IN_NUMBER.sub("", text))
    text = _SEPARATOR_IN_NUMBER.sub(".", text)
    return " ".join(text.casefold().split())


def contains_any(answer: str, expected: tuple[str, ...]) -> bool:
    """An expected string appears in the answer (both `normalise`d), a number in it whole (`_whole`): "12" is not
    found in "2012", nor "4.600" in "14.600"; "2.22" is in "v2.22", and a word may stand inside a longer one."""
    haystack = normalise(answer)
    return any(_whole(normalise(e), word=False).search(haystack) for e in expected if normalise(e))


LEAD_WORDS = 8  # an answer's opening up to its first citation marker, at most this long, is a lead


def leads_with(answer: str, expected: tuple[str, ...]) -> bool:
    """The answer opens with an expected value: the words before its first citation marker are at most
    `LEAD_WORDS` and hold one whole ("122 [1]", "Cao Yizhe, Wei Zheng [1]"; not "300 [1]" for "30", nor "2012 [1]"
    for "12"), not a whole sentence that mentions it."""
    opening = normalise(answer.split("[", 1)[0])
    return len(opening.split()) <= LEAD_WORDS and any(_whole(normalise(e)).search(opening) for e in expected if e)


def _whole(value: str, word: bool = True) -> re.Pattern[str]:
    """`value` standing whole: not inside a longer number ("30" in "300", "12" in "2012" or "4.12") nor, with
    `word`, starting inside a longer word; a word may end inflected ("Торвальдс" in "Линусом Торвальдсом")."""
    end = r"(?![\d])(?!\.\d)" if value[-1:].isdigit() else ""
    start = r"(?<!\w)" if word else (r"(?<!\d)" if value[:1].isdigit() else "")
    return re.compile(rf"{start}(?<!\d\.){re.escape(value)}{end}")


def repeats_previous(previous: str, answer: str, previous_expected: tuple[str, ...], expected: tuple[str, ...]) -> bool:
    """A follow-up answered with the previous answer again although the two turns ask for different facts.

    The turns ask the same thing when their gold answers share a string; then repeating is fine.
    """
    if {normalise(e) for e in previous_expected} & {normalise(e) for e in expected}:
        return False
    return bool(normalise(answer)) and normalise(answer) == normalise(previous)


def source_matches(source: str, prefixes: tuple[str, ...]) -> bool:
    name = PurePath(source).name
    return any(name.startswith(p) for p in prefixes)


@dataclass(frozen=True)
class Outcome:
    """Everything the metrics need about one answered question."""

    id: str
    lang: str
    answerable: bool
    cross: bool
    first_hit: int | None  # 1-based rank of the first retrieved chunk from an expected source
    abstained: bool
    correct: bool
    cited: tuple[str, ...]
    cited_ok: int
    expected_cited: int
    expected_total: int
    latency_ms: float
    value_asked: bool = False  # the question asks for a value: a number, a date, a name, an amount
    value_first: bool = False  # ...and the answer leads with the expected one (`leads_with`)


def retrieval_metrics(outcomes: list[Outcome]) -> dict[str, float | None]:
    scored = [o for o in outcomes if o.answerable]
    if not scored:
        return {"hit@1": None, "hit@3": None, "hit@5": None, "mrr@10": None}

    def hit(k: int) -> float:
        return _mean([o.first_hit is not None and o.first_hit <= k for o in scored])

    mrr = _mean([1 / o.first_hit if o.first_hit and o.first_hit <= 10 else 0.0 for o in scored])
    return {"hit@1": hit(1), "hit@3": hit(3), "hit@5": hit(5), "mrr@10": mrr}


def group_metrics(outcomes: list[Outcome]) -> dict[str, dict[str, float | int | None]]:
    """The metric groups of the report, over any subset of questions."""
    answerable = [o for o in outcomes if o.answerable]
    unanswerable = [o for o in outcomes if not o.answerable]
    with_citations = [o for o in answerable if o.cited]
    valued = [o for o in answerable if o.value_asked]
    latencies = [o.latency_ms for o in outcomes]
    return {
        "n": {"questions": len(outcomes), "answerable": len(answerable), "unanswerable": len(unanswerable)},
        "retrieval": retrieval_metrics(outcomes),
        "answer": {
            "accuracy": _mean([o.correct for o in answerable]) if answerable else None,
            "value_first": _mean([o.value_first for o in valued]) if valued else None,
        },
        "citations": {
            "precision": _mean([o.cited_ok / len(o.cited) for o in with_citations]) if with_citations else None,
            "recall": _mean([o.expected_cited / o.expected_total for o in answerable]) if answerable else None,
        },
        "abstention": {
            "accuracy": _mean([o.abstained for o in unanswerable]) if unanswerable else None,
            "false_rate": _mean([o.abstained for o in answerable]) if answerable else None,
        },
        "latency_ms": {
            "p50": round(float(np.percentile(latencies, 50)), 2) if latencies else None,
            "p95": round(float(np.percentile(latencies, 95)), 2) if latencies else None,
        },
    }


def _mean(values: list[bool] | list[float]) -> float:
    return round(float(np.mean(values)), 4) if values else 0.0


def flatten(metrics: dict[str, Any]) -> dict[str, float]:
    """{"retrieval": {"hit@3": x}} -> {"retrieval.hit@3": x}, numbers only; and each `NESTED_METRICS` the result
    holds under its gate name."""
    flat: dict[str, float] = {}
    for group, values in metrics.items():
        if isinstance(values, dict):
            for name, value in values.items():
                if _number(value):
                    flat[f"{group}.{name}"] = float(value)
    for name, path in NESTED_METRICS.items():
        found: Any = metrics
        for key in path:
            found = found.get(key) if isinstance(found, dict) else None
        if _number(found):
            flat[name] = float(found)
    return flat


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def resolve_metric(name: str, available: dict[str, float]) -> str:
    """Full name for `hit@3`, `answer.accuracy`, `abstention.accuracy`...; ambiguous or unknown names fail."""
    if name in available:
        return name
    matches = [full for full in available if full.split(".", 1)[1] == name]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ValueError(f"metric {name!r} is ambiguous; use one of: {', '.join(sorted(matches))}")
    raise ValueError(f"unknown metric {name!r}; valid: {', '.join(sorted(available))}")
