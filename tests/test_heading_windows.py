"""A heading goes with what follows it: a line of its own without closing punctuation ("“Alzheimer” conquista il gran
premio") is never quoted as the tail of the paragraph before it, whose last sentence would otherwise be quoted for
the heading's words (with one of the question's own: "film"). Rows of a table and a list's first item stay paired
with their neighbours, in en/it/ru."""

from __future__ import annotations

import pytest

from rag.spans import window_spans
from rag.types import Passage
from tests.answering import extractive_answerer

# (the paragraph's last sentence, the heading, the sentence under it, the question)
SECTIONS = {
    "en": (
        "The screenings gave every film a real chance to meet producers and distributors.",
        "“Lanterns” takes the grand prize",
        "The main award went to “Lanterns”, a short by two young directors.",
        "Which film took the grand prize?",
    ),
    "it": (
        "Le proiezioni hanno dato a ogni film una vera occasione di incontrare produttori e distributori.",
        "“Lanterne” conquista il gran premio",
        "Il riconoscimento principale è andato a “Lanterne”, un corto di due giovani registi.",
        "Quale film ha conquistato il gran premio?",
    ),
    "ru": (
        "Показы дали каждому фильму настоящую возможность встретиться с продюсерами и прокатчиками.",
        "«Фонари» получают главный приз",
        "Высшая награда досталась ленте «Фонари» двух молодых режиссёров.",
        "Какой фильм получил главный приз?",
    ),
}


@pytest.mark.parametrize("language", ["en", "it", "ru"])
def test_the_sentence_before_a_heading_is_not_quoted_for_the_headings_words(language: str) -> None:
    before, heading, under, question = SECTIONS[language]
    text = f"{before}\n{heading}\n{under}"
    passages = [Passage(chunk_id="s:0", source="news.txt", title="news", language=language, text=text, score=1.0)]
    composed = extractive_answerer(passages).compose(question, language, passages)
    assert not composed.abstained
    assert before not in composed.text
    assert heading in composed.text or under in composed.text


@pytest.mark.parametrize(
    ("sentences", "pairs"),
    [
        (("Done.", "A heading", "Its text."), [(1, 2)]),  # the sentence before the heading stays alone
        (("Готово!", "Заголовок", "Текст."), [(1, 2)]),
        (("Fatto.", "“Titolo” tra virgolette", "Testo."), [(1, 2)]),
        (("Rows:", "dB Delay", "dC Delay", "dF Delay"), [(0, 1), (1, 2), (2, 3), (0, 2), (0, 3)]),  # a table's rows
        (("Done.", "a line cut off by the chunk's end"), [(0, 1)]),  # the last line may be a cut sentence
        (("Done.", "Its text."), [(0, 1)]),
        (("No list here.", "a /a", "b /b"), [(1, 2)]),  # short lines after a finished sentence head what follows
        (("Born in 1950.", "He won the prize.[1]", "Later he moved."), [(0, 1), (1, 2)]),  # a footnote mark
        (("Big news!", "We won the prize! 🎉", "Later."), [(0, 1), (1, 2)]),  # an emoji after the mark
        (("🎬.", "🍿", "🎞️."), [(1, 2)]),
        ((), []),
    ],
    ids=[
        "en",
        "ru",
        "it-quoted",
        "table-rows",
        "last-line",
        "no-heading",
        "lines-after-a-sentence",
        "footnote",
        "emoji-after-mark",
        "emoji",
        "empty",
    ],
)
def test_a_window_of_two_sentences_never_ends_with_a_heading(
    sentences: tuple[str, ...], pairs: list[tuple[int, ...]]
) -> None:
    singles = [(i,) for i in range(len(sentences))]
    assert sorted(window_spans(sentences)) == sorted(singles + pairs)
