"""Run an eval dataset through the engine (the same `Engine.ask` as `rag ask`) and score it.

`run_eval` returns one JSON-ready dict: overall metric groups, the same groups per question language, for
same- vs cross-language questions and per dev/test split, optional dense-only and BM25-only baselines, two-turn
conversation results (`eval/followups.py`), optionally the questions asked again after unrelated ones
(`eval/new_questions.py`) and an abstention trade-off sweep (`eval/sweep.py`), the configuration, and the
failures. `split` scores one split only. `write_report` renders it (see `eval/report.py`). It does not parse
command lines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from eval.dataset import SPLITS, QAItem, load_conversations, load_qa, select_split
from eval.followups import score_conversations
from eval.metrics import METRIC_NAMES, NEEDS, Outcome, flatten, group_metrics, resolve_metric
from eval.new_questions import score_new_questions
from eval.report import write_report
from eval.scoring import score, source_languages
from eval.sweep import abstention_sweep
from rag.engine import Engine

Progress = Callable[[str, int, int], None]

__all__ = ["check_thresholds", "parse_thresholds", "run_eval", "write_report"]


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


def run_eval(
    engine: Engine,
    dataset_path: Path | str,
    baselines: bool = False,
    progress: Progress | None = None,
    conversations_path: Path | str | None = None,
    split: str | None = None,
    sweep: Sequence[float] | None = None,
    new_questions: bool = False,
) -> dict[str, Any]:
    """Score every question of the dataset (or of one split); datasets are fully validated before anything runs.

    `sweep`: abstain thresholds to re-answer the same questions at (see `eval/sweep.py`); None = no sweep.
    `new_questions`: also ask each answerable question after an unrelated one (see `eval/new_questions.py`).
    """
    progress = progress or (lambda stage, done, total: None)
    dataset_path = Path(dataset_path)
    items = select_split(load_qa(dataset_path, engine.index_settings.languages), split, dataset_path)
    if conversations_path is not None:  # validate up front too
        select_split(
            load_conversations(Path(conversations_path), engine.index_settings.languages), split, conversations_path
        )
    languages = source_languages(engine)
    outcomes, failures = [], []
    for n, item in enumerate(items, 1):
        outcome, answer = score(engine, item, languages)
        outcomes.append(outcome)
        if (failure := _failure(item, outcome, answer)) is not None:
            failures.append(failure)
        progress("questions", n, len(items))
    overall = group_metrics(outcomes)
    result: dict[str, Any] = {
        "n": len(items),
        "dataset": str(dataset_path),
        "split": split or "all",
        **{key: overall[key] for key in ("retrieval", "answer", "citations", "abstention", "latency_ms")},
        "counts": overall["n"] | {"cross_language": sum(o.cross for o in outcomes)},
        **_breakdowns(outcomes),
        "config": _config(engine),
        "failures": failures,
    }
    if split is None and all(item.split for item in items):
        result["splits"] = _by_split(items, outcomes)
    if baselines:
        result["baselines"] = {"hybrid": _headline(overall)}
        for mode in ("dense", "lexical"):
            scored = []
            for n, item in enumerate(items, 1):
                scored.append(score(engine, item, languages, retrieval=mode)[0])
                progress(f"baseline {mode}", n, len(items))
            result["baselines"][mode] = _headline(group_metrics(scored))
    if conversations_path is not None:
        result["conversations"] = score_conversations(engine, Path(conversations_path), languages, progress, split)
    if new_questions:
        result["new_questions"] = score_new_questions(engine, items, progress)
    if sweep is not None:
        result["abstention_sweep"] = {"split": split or "all", **abstention_sweep(engine, items, sweep, progress)}
    return result


def _by_split(items: list[QAItem], outcomes: list[Outcome]) -> dict[str, Any]:
    """The overall metric groups and the cross-language share for each split."""
    out = {}
    for name in SPLITS:
        chosen = [o for o, item in zip(outcomes, items, strict=True) if item.split == name]
        out[name] = group_metrics(chosen) | {"cross_language": sum(o.cross for o in chosen)}
    return out


def _headline(metrics: dict[str, Any]) -> dict[str, Any]:
    return {key: metrics[key] for key in ("retrieval", "answer", "abstention", "latency_ms")}


def _config(engine: Engine) -> dict[str, Any]:
    s, index = engine.settings, engine.index_settings
    manifest = engine.snapshot().commit.manifest
    weights = s.fusion_weights(index.embed_model)
    return {
        "embedding_model": index.embed_model,
        "embedding_backend": engine.embedder.backend,
        "chunk_tokens": manifest.fingerprint.get("chunk_tokens") if manifest.fingerprint else None,
        "chunk_overlap_tokens": index.chunk_overlap_tokens,
        "retriever": f"hybrid: dense (Chroma) + BM25 (bm25s, Snowball), RRF k={s.rrf_k}, weights {weights}",
        "top_k": s.top_k,
        "answer_mode": engine.answer_mode,
        "abstain_threshold": s.abstain_threshold,
        "documents": len(manifest.documents),
    }


def parse_thresholds(
    specs: list[str], conversations: bool = True, new_questions: bool = True
) -> list[tuple[str, float]]:
    """`METRIC=VALUE` pairs with full metric names; bad specs raise ValueError before anything runs, and so does a
    metric that an option measures when it is off (`NEEDS`: follow-ups without `conversations`, new questions
    without `new_questions`)."""
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
        metric = resolve_metric(name.strip(), known)
        measured = {"--conversations": conversations, "--new-questions": new_questions}
        if metric in NEEDS and not measured[NEEDS[metric][0]]:
            option, what = NEEDS[metric]
            raise ValueError(f"--fail-under {metric} needs {option} ({what})")
        parsed.append((metric, limit))
    return parsed


def check_thresholds(result: dict[str, Any], specs: list[str]) -> list[str]:
    """One line per metric below its required value."""
    available = flatten(result)
    failures = []
    for name, limit in parse_thresholds(specs):
        value = available.get(name)
        if value is None:
            needs = f" (it needs {NEEDS[name][0]})" if name in NEEDS else ""
            failures.append(f"{name} is missing from the report{needs}, so it cannot reach {limit:.4f}")
        elif value < limit:
            failures.append(f"{name} = {value:.4f} is below the required {limit:.4f}")
    return failures
