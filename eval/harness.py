"""Run an eval dataset through the engine (the same `Engine.ask` as `rag ask`) and score it.

`run_eval` returns one JSON-ready dict: overall metric groups, the same groups per question language and for
same- vs cross-language questions, optional dense-only and BM25-only baselines, two-turn conversation
results, the configuration, and the failures. `write_report` renders it (see `eval/report.py`).
It does not parse command lines.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any

from eval.dataset import Conversation, QAItem, load_conversations, load_qa
from eval.metrics import (
    METRIC_NAMES,
    Outcome,
    contains_any,
    flatten,
    group_metrics,
    resolve_metric,
    source_matches,
)
from eval.report import write_report
from rag.engine import Engine, Turn

RANK_DEPTH = 10
Progress = Callable[[str, int, int], None]

__all__ = ["check_thresholds", "parse_thresholds", "run_eval", "write_report"]


def _source_languages(engine: Engine) -> dict[str, str]:
    return {PurePath(d["source"]).name: d["language"] for d in engine.documents()}


def _is_cross(item: QAItem, languages: dict[str, str]) -> bool:
    """Cross-language: none of the expected sources is in the question's language, as the index recorded it."""
    langs = {lang for name, lang in languages.items() if any(name.startswith(p) for p in item.sources)}
    return item.answerable and item.lang not in langs


def _score(
    engine: Engine,
    item: QAItem,
    languages: dict[str, str],
    retrieval: str = "hybrid",
    history: list[Turn] | None = None,
) -> tuple[Outcome, Any]:
    started = time.perf_counter()
    answer = engine.ask(item.question, history=history, retrieval=retrieval)
    latency = (time.perf_counter() - started) * 1000
    context = " ".join(t.content for t in history or [] if t.role == "user")
    ranking = engine.retrieve(item.question, top_k=RANK_DEPTH, context=context, mode=retrieval)
    first_hit = next((i for i, p in enumerate(ranking, 1) if source_matches(p.source, item.sources)), None)
    cited = tuple(dict.fromkeys(c.source for c in answer.citations))
    outcome = Outcome(
        id=item.id,
        lang=item.lang,
        answerable=item.answerable,
        cross=_is_cross(item, languages),
        first_hit=first_hit if item.answerable else None,
        abstained=answer.abstained,
        correct=item.answerable and not answer.abstained and contains_any(answer.answer, item.answers),
        cited=cited,
        cited_ok=sum(source_matches(s, item.sources) for s in cited),
        expected_cited=sum(any(PurePath(s).name.startswith(p) for s in cited) for p in item.sources),
        expected_total=len(item.sources),
        latency_ms=latency,
    )
    return outcome, answer


def _failure(item: QAItem, outcome: Outcome, answer: Any) -> dict[str, Any] | None:
    if not item.answerable:
        kind = None if outcome.abstained else "missed_abstention"
    elif outcome.abstained:
        kind = "false_abstention"
    elif not outcome.correct:
        kind = "wrong_answer"
    elif outcome.first_hit is None or outcome.first_hit > 5:
        kind = "retrieval_miss"
    else:
        kind = None
    if kind is None:
        return None
    return {
        "id": item.id,
        "kind": kind,
        "question": item.question,
        "answer": answer.answer,
        "expected": list(item.answers),
        "sources": list(item.sources),
        "citations": [{"id": c.id, "source": c.source, "quote": c.quote} for c in answer.citations],
        "first_hit": outcome.first_hit,
    }


def _breakdowns(outcomes: list[Outcome]) -> dict[str, Any]:
    by_language = {
        lang: group_metrics([o for o in outcomes if o.lang == lang]) for lang in sorted({o.lang for o in outcomes})
    }
    answerable = [o for o in outcomes if o.answerable]
    cross = {
        "same": group_metrics([o for o in answerable if not o.cross]),
        "cross": group_metrics([o for o in answerable if o.cross]),
    }
    return {"by_language": by_language, "cross_language": cross}


def _conversations(engine: Engine, path: Path, languages: dict[str, str], progress: Progress) -> dict[str, Any]:
    convs: list[Conversation] = load_conversations(path, engine.settings.languages)
    with_history: list[Outcome] = []
    alone: list[Outcome] = []
    for n, conv in enumerate(convs, 1):
        history: list[Turn] = []
        for question in conv.questions[:-1]:
            earlier = engine.ask(question, history=history)
            history += [Turn("user", question), Turn("assistant", earlier.answer)]
        item = QAItem(conv.id, conv.questions[-1], conv.lang, conv.answers, conv.sources, True)
        with_history.append(_score(engine, item, languages, history=history)[0])
        alone.append(_score(engine, item, languages)[0])
        progress("conversations", n, len(convs))

    def summary(outcomes: list[Outcome]) -> dict[str, Any]:
        metrics = group_metrics(outcomes)
        return {"retrieval": metrics["retrieval"], "answer": metrics["answer"], "citations": metrics["citations"]}

    return {
        "dataset": str(path),
        "n": len(convs),
        "with_history": summary(with_history),
        "without_history": summary(alone),
    }


def run_eval(
    engine: Engine,
    dataset_path: Path | str,
    baselines: bool = False,
    progress: Progress | None = None,
    conversations_path: Path | str | None = None,
) -> dict[str, Any]:
    """Score every question of the dataset; the dataset is fully validated before anything runs."""
    progress = progress or (lambda stage, done, total: None)
    dataset_path = Path(dataset_path)
    items = load_qa(dataset_path, engine.settings.languages)
    if conversations_path is not None:
        load_conversations(Path(conversations_path), engine.settings.languages)  # validate up front too
    languages = _source_languages(engine)
    outcomes, failures = [], []
    for n, item in enumerate(items, 1):
        outcome, answer = _score(engine, item, languages)
        outcomes.append(outcome)
        if (failure := _failure(item, outcome, answer)) is not None:
            failures.append(failure)
        progress("questions", n, len(items))
    overall = group_metrics(outcomes)
    result: dict[str, Any] = {
        "n": len(items),
        "dataset": str(dataset_path),
        **{key: overall[key] for key in ("retrieval", "answer", "citations", "abstention", "latency_ms")},
        "counts": overall["n"] | {"cross_language": sum(o.cross for o in outcomes)},
        **_breakdowns(outcomes),
        "config": _config(engine),
        "failures": failures,
    }
    if baselines:
        result["baselines"] = {"hybrid": _headline(overall)}
        for mode in ("dense", "lexical"):
            scored = []
            for n, item in enumerate(items, 1):
                scored.append(_score(engine, item, languages, retrieval=mode)[0])
                progress(f"baseline {mode}", n, len(items))
            result["baselines"][mode] = _headline(group_metrics(scored))
    if conversations_path is not None:
        result["conversations"] = _conversations(engine, Path(conversations_path), languages, progress)
    return result


def _headline(metrics: dict[str, Any]) -> dict[str, Any]:
    return {key: metrics[key] for key in ("retrieval", "answer", "abstention", "latency_ms")}


def _config(engine: Engine) -> dict[str, Any]:
    s = engine.settings
    return {
        "embedding_model": s.embed_model,
        "embedding_backend": engine.embedder.backend,
        "chunk_tokens": engine.manifest.fingerprint.get("chunk_tokens") if engine.manifest.fingerprint else None,
        "chunk_overlap_tokens": s.chunk_overlap_tokens,
        "retriever": f"hybrid: dense (Chroma) + BM25 (bm25s, Snowball), RRF k={s.rrf_k}, weights {s.fusion_weights}",
        "top_k": s.top_k,
        "answer_mode": getattr(engine, "answer_mode", s.answer_mode),
        "abstain_threshold": s.abstain_threshold,
        "documents": len(engine.manifest.documents),
    }


def parse_thresholds(specs: list[str]) -> list[tuple[str, float]]:
    """`METRIC=VALUE` pairs with full metric names; bad specs raise ValueError before anything runs."""
    known = {name: 0.0 for name in METRIC_NAMES}
    parsed = []
    for spec in specs:
        name, sep, value = spec.partition("=")
        if not sep:
            raise ValueError(f"--fail-under expects METRIC=VALUE, got {spec!r}")
        try:
            limit = float(value)
        except ValueError:
            raise ValueError(f"--fail-under {spec!r}: {value!r} is not a number") from None
        parsed.append((resolve_metric(name.strip(), known), limit))
    return parsed


def check_thresholds(result: dict[str, Any], specs: list[str]) -> list[str]:
    """One line per metric below its required value."""
    available = flatten(result)
    failures = []
    for name, limit in parse_thresholds(specs):
        value = available.get(name)
        if value is None or value < limit:
            shown = "missing" if value is None else f"{value:.4f}"
            failures.append(f"{name} = {shown} is below the required {limit:.4f}")
    return failures
