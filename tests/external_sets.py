"""The checks both external answer-level eval sets must pass (`tests/test_manpages_eval.py`, `tests/test_faq_eval.py`):
how their rows are split, balanced across languages, cross-language, and grounded in the built corpus; the same for
their two-turn conversation sets (`*-conversations.jsonl`), whose follow-ups must also ask another fact than their
first turn. Each set's module calls them with its own dataset, corpus, document languages and bounds (the
conversation checks come as one class, `ConversationSetChecks`, that each module subclasses with its set; the
question checks also come as one, `QuestionSetChecks`, used by `tests/test_manpages_de_fr_es_eval.py`); the
builders' own tests stay there."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from eval.dataset import SPLITS, Conversation
from eval.metrics import contains_any, normalise
from eval.split import Row, assign_splits, conversation_stratum, qa_stratum

NearMisses = Mapping[str, tuple[str, str, list[str]]]  # id -> (document prefix, entity, strings stating the fact)


def assert_split_per_stratum(items: list[Any], at_least: int) -> None:
    """At least `at_least` rows, each in a split, each stratum dealt alternately (at most one row more on a side)."""
    assert len(items) >= at_least
    assert {item.split for item in items} == set(SPLITS)
    for lang, answerable in {(item.lang, item.answerable) for item in items}:
        group = [item for item in items if (item.lang, item.answerable) == (lang, answerable)]
        dev = sum(item.split == "dev" for item in group)
        assert abs(dev - (len(group) - dev)) <= 1


def _rows(dataset: Path) -> list[Row]:
    return [json.loads(line) for line in dataset.read_text(encoding="utf-8").splitlines() if line.strip()]


def assert_splits_are_eval_splits(dataset: Path, stratum: Callable[[Row], str] = qa_stratum) -> None:
    """The file's splits are the ones `eval.split` deals to its rows (questions or, with its stratum, conversations)."""
    rows = _rows(dataset)
    dealt = assign_splits([{k: v for k, v in row.items() if k != "split"} for row in rows], stratum)
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


def assert_two_turns_a_third_per_language(convs: list[Conversation], dataset: Path, at_least: int) -> None:
    """At least `at_least` conversations of exactly two turns each, about a third per language, split evenly in each."""
    assert len(convs) >= at_least
    assert [len(row["turns"]) for row in _rows(dataset)] == [2] * len(convs)
    for lang in {conv.lang for conv in convs}:
        mine = [conv for conv in convs if conv.lang == lang]
        assert abs(len(mine) - len(convs) / 3) <= 2, lang
        dev = sum(conv.split == "dev" for conv in mine)
        assert abs(dev - (len(mine) - dev)) <= 1, lang


def assert_turn_golds_in_sources(dataset: Path, corpus: Mapping[str, str]) -> None:
    """Both turns of every conversation have sources, and a gold answer in each of them (the loader keeps only the
    last turn's sources, so the file is read again here)."""
    missing = [
        (row["id"], number, source)
        for row in _rows(dataset)
        for number, turn in enumerate(row["turns"], 1)
        for source in turn["sources"] or ["<none>"]
        if source not in corpus or not contains_any(corpus[source], list(turn["answers"]))
    ]
    assert not missing


def assert_follow_ups_ask_another_fact(convs: list[Conversation]) -> None:
    """No gold string of the follow-up is, after normalisation, a gold of the first turn or part of one (or the
    reverse), so the eval's repeated-answer check applies to every conversation."""
    same = [
        conv.id
        for conv in convs
        for last in map(normalise, conv.answers)
        for first in map(normalise, conv.previous_answers)
        if last in first or first in last
    ]
    assert not same and all(conv.previous_answers for conv in convs)


def follow_up_cross_language_share(convs: list[Conversation], lang_of: Callable[[str], str]) -> float:
    """The share of conversations whose scored (last) turn is stated only in documents of another language."""
    return sum(all(lang_of(s) != conv.lang for s in conv.sources) for conv in convs) / len(convs)


class ConversationSetChecks:
    """The tests every external conversation set passes. A set's module subclasses it (as `TestConversations`) with
    its file (`dataset`) and the language of a document prefix (`language_of`); the module's `conversations`
    (the loaded set) and `corpus` (prefix -> built text) fixtures feed them."""

    dataset: Path
    at_least = 27  # conversations in the set

    @staticmethod
    def language_of(prefix: str) -> str:
        raise NotImplementedError

    def test_the_conversations_load_with_the_eval_loader_two_turns_each_a_third_per_language_split_evenly(
        self, conversations: list[Conversation]
    ) -> None:
        assert_two_turns_a_third_per_language(conversations, self.dataset, self.at_least)

    def test_the_conversation_splits_are_the_ones_eval_split_deals(self) -> None:
        assert_splits_are_eval_splits(self.dataset, conversation_stratum)

    def test_both_turns_of_every_conversation_have_a_gold_answer_in_each_of_their_sources(
        self, corpus: Mapping[str, str]
    ) -> None:
        assert_turn_golds_in_sources(self.dataset, corpus)

    def test_every_follow_up_asks_another_fact_than_its_first_turn(self, conversations: list[Conversation]) -> None:
        assert_follow_ups_ask_another_fact(conversations)

    def test_at_least_60_percent_of_the_scored_follow_ups_are_cross_language(
        self, conversations: list[Conversation]
    ) -> None:
        assert follow_up_cross_language_share(conversations, self.language_of) >= 0.6


class QuestionSetChecks:
    """The tests every external question set passes, as one class. A set's module subclasses it (as `TestQuestions`)
    with its file (`dataset`), question languages, bounds, near misses and the language of a document prefix
    (`language_of`); the module's `items` (the loaded set) and `corpus` (prefix -> built text) fixtures feed them."""

    dataset: Path
    languages: list[str]
    at_least = 45  # questions in the set
    per_language = 15  # questions in each language, at least
    near_misses_per_language = 3
    same_language_per_language = 2
    cross_language = 0.6  # share of all questions, at least
    near_misses: NearMisses  # id -> (document prefix, entity, strings stating the fact)

    @staticmethod
    def language_of(prefix: str) -> str:
        raise NotImplementedError

    def test_the_dataset_loads_with_the_eval_loader_every_row_has_a_split_and_a_unique_id(
        self, items: list[Any]
    ) -> None:
        assert_split_per_stratum(items, self.at_least)
        assert len({item.id for item in items}) == len(items)

    def test_the_splits_are_the_ones_eval_split_deals(self) -> None:
        assert_splits_are_eval_splits(self.dataset)

    def test_each_language_has_a_third_of_the_questions_and_its_near_misses(self, items: list[Any]) -> None:
        for lang in self.languages:
            assert sum(item.lang == lang for item in items) >= self.per_language, lang
            assert_language_share(
                items, lang, self.language_of, self.near_misses_per_language, self.same_language_per_language
            )

    def test_enough_questions_are_cross_language(self, items: list[Any]) -> None:
        assert cross_language_share(items, self.language_of) >= self.cross_language

    def test_every_answerable_row_has_a_gold_answer_in_each_of_its_sources(
        self, items: list[Any], corpus: Mapping[str, str]
    ) -> None:
        assert_golds_in_sources(items, corpus, set(corpus))

    def test_every_near_miss_is_about_a_document_of_the_corpus_that_does_not_state_the_fact(
        self, items: list[Any], corpus: Mapping[str, str]
    ) -> None:
        assert_near_misses(items, corpus, self.near_misses)
        assert all(not item.answers and not item.sources for item in items if not item.answerable)
