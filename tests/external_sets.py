"""The checks both external answer-level eval sets must pass (`tests/test_manpages_eval.py`, `tests/test_faq_eval.py`):
how their rows are split, balanced across languages, cross-language, and grounded in the built corpus. Each set's
module calls them with its own dataset, corpus, document languages and bounds; the builders' own tests stay there."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from eval.dataset import SPLITS
from eval.metrics import contains_any, normalise
from eval.split import assign_splits, qa_stratum

NearMisses = Mapping[str, tuple[str, str, list[str]]]  # id -> (document prefix, entity, strings stating the fact)


def assert_split_per_stratum(items: list[Any], at_least: int) -> None:
    """At least `at_least` rows, each in a split, each stratum dealt alternately (at most one row more on a side)."""
    assert len(items) >= at_least
    assert {item.split for item in items} == set(SPLITS)
    for lang, answerable in {(item.lang, item.answerable) for item in items}:
        group = [item for item in items if (item.lang, item.answerable) == (lang, answerable)]
        dev = sum(item.split == "dev" for item in group)
        assert abs(dev - (len(group) - dev)) <= 1


def assert_splits_are_eval_splits(dataset: Path) -> None:
    """The file's splits are the ones `eval.split` deals to its rows."""
    rows = [json.loads(line) for line in dataset.read_text(encoding="utf-8").splitlines() if line.strip()]
    dealt = assign_splits([{k: v for k, v in row.items() if k != "split"} for row in rows], qa_stratum)
    assert [row["split"] for row in dealt] == [row["split"] for row in rows]


def assert_language_share(
    items: list[Any], lang: str, lang_of: Callable[[str], str], near_misses: int, same_language: int
) -> None:
    """`lang` asks about a third of the questions, with enough near misses and same-language questions."""
    mine = [item for item in items if item.lang == lang]
    assert abs(len(mine) - len(items) / 3) <= 3
    assert sum(not item.answerable for item in mine) >= near_misses
    same = [item for item in mine if item.answerable and any(lang_of(s) == lang for s in item.sources)]
    assert len(same) >= same_language, "same-language questions in every language"


def cross_language_share(items: list[Any], lang_of: Callable[[str], str]) -> float:
    """The share of all questions that are answerable only from documents in another language."""
    cross = [item for item in items if item.answerable and all(lang_of(s) != item.lang for s in item.sources)]
    return len(cross) / len(items)


def assert_golds_in_sources(items: list[Any], corpus: Mapping[str, str], prefixes: set[str]) -> None:
    """The corpus holds exactly `prefixes`, and each answerable row's gold is in each of its sources."""
    assert set(corpus) == prefixes
    missing = [
        (item.id, source)
        for item in items
        if item.answerable
        for source in item.sources
        if not contains_any(corpus[source], list(item.answers))
    ]
    assert not missing


def assert_near_misses(items: list[Any], corpus: Mapping[str, str], near_misses: NearMisses) -> None:
    """The unanswerable rows are exactly `near_misses`; each one's entity is in its document, its fact nowhere."""
    unanswerable = {item.id for item in items if not item.answerable}
    assert unanswerable == set(near_misses)
    everything = normalise("\n".join(corpus.values()))
    for key, (prefix, entity, statements) in near_misses.items():
        assert normalise(entity) in normalise(corpus[prefix]), key
        assert not [s for s in statements if normalise(s) in everything], key
