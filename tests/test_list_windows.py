"""A list's item is read with the line that introduces it: in a table of "database file" rows under "with the files
source the following files are read:", the row far down the list answers with its introduction, in en/it/ru."""

from __future__ import annotations

import pytest

from rag.spans import LIST_ITEM_WORDS, LIST_ITEMS, window_spans
from rag.types import Passage
from tests.answering import extractive_answerer

ROWS = ["aliases /etc/aliases", "ethers /etc/ethers", "group /etc/group", "hosts /etc/hosts", "initgroups /etc/group"]
LISTS = {
    "en": (
        "With the files source, glibc reads the following files:",
        "Which file does glibc read for the initgroups database with the files source?",
    ),
    "it": (
        "Con la sorgente files, glibc legge i seguenti file:",
        "Quale file legge glibc per il database initgroups con la sorgente files?",
    ),
    "ru": (
        "При источнике files glibc читает следующие файлы:",
        "Какой файл читает glibc для базы initgroups при источнике files?",
    ),
}


@pytest.mark.parametrize("language", ["en", "it", "ru"])
def test_a_row_far_down_a_list_is_quoted_with_its_introduction(language: str) -> None:
    intro, question = LISTS[language]
    text = "\n".join([intro, *ROWS, "Other sources read their own configuration, described in their manual pages."])
    passages = [Passage(chunk_id="ns:0", source="nss.txt", title="nss", language=language, text=text, score=1.0)]
    composed = extractive_answerer(passages).compose(question, language, passages)
    assert not composed.abstained
    assert composed.citations[0].quote == f"{intro} initgroups /etc/group"


@pytest.mark.parametrize(
    ("sentences", "lists"),
    [
        (("Files read:", "a /a", "b /b", "c /c"), [(0, 2), (0, 3)]),  # the first item is the introduction's neighbour
        (("Файлы:", "a /a", "b /b", "Другие файлы:", "c /c"), [(0, 2)]),  # another introduction ends the list
        (("File letti:", "a /a", "b /b", " ".join(["parola"] * (LIST_ITEM_WORDS + 1)), "c /c"), [(0, 2)]),  # prose
        (("Files read:", " ".join(["word"] * (LIST_ITEM_WORDS + 1)), "a /a", "b /b"), [(0, 2), (0, 3)]),  # long first
        (("Файлы:", "Для passwd:", "c /c", "d /d"), [(0, 2), (0, 3), (1, 3)]),  # a nested introduction first
        (("No list here", "a /a", "b /b"), []),
        ((), []),
        (("🎬:", "🍿", "🎞️"), [(0, 2)]),
    ],
    ids=[
        "en",
        "ru-next-introduction",
        "it-long-line",
        "en-long-first",
        "ru-nested-first",
        "no-colon",
        "empty",
        "emoji",
    ],
)
def test_a_colon_line_is_paired_with_each_later_item_of_its_list(
    sentences: tuple[str, ...], lists: list[tuple[int, ...]]
) -> None:
    spans = window_spans(sentences)
    neighbours = [(i,) for i in range(len(sentences))] + [(i, i + 1) for i in range(len(sentences) - 1)]
    assert sorted(spans) == sorted(neighbours + lists)


def test_a_long_list_is_read_with_its_introduction_up_to_its_limit() -> None:
    sentences = ("Files:", *(f"row{i} /etc/row{i}" for i in range(LIST_ITEMS + 10)))
    paired = [s for s in window_spans(sentences) if s[0] == 0 and len(s) == 2]
    assert [j for _, j in paired] == list(range(1, LIST_ITEMS + 1))
