"""Saved conversations: renaming the open one (names kept in the browser beside Gradio's saved conversations).

`rename` is the name box's event and `titled_list` re-titles the list; both take and return what lives in the
browser's localStorage, so these tests call them with the shapes Gradio 6.31 stores.
"""

from __future__ import annotations

import pytest

from ui.history import NAME_CHARS, conversation_key, rename, titled_list
from ui.page_strings import STRINGS


def chat(question: str, answer: str, answer_id: str | None = None) -> list[dict]:
    meta = {"id": answer_id} if answer_id else None
    return [
        {"role": "user", "metadata": None, "content": [{"type": "text", "text": question}]},
        {"role": "assistant", "metadata": meta, "content": [{"type": "text", "text": answer}]},
    ]


SAVED = [
    chat("Qual era il montepremi del concorso?", "42.000 dollari [1]", "a1"),
    chat("Какой фильм получил Гран-при?", "«Alzheimer» [1]", "b2"),
]


def key_of(note) -> str:
    return note.key  # an I18nData: Gradio translates it in the browser


def titles(saved, names) -> list[str]:
    return [row[0] for row in titled_list(saved, names).raw_samples]


@pytest.mark.parametrize("name", ["Premio 🎬", "Гран-при фестиваля", "Montepremi del concorso", "<img src=x> 🙂"])
def test_the_open_conversation_gets_its_new_name_and_the_others_keep_theirs(name):
    names, box, note = rename(1, SAVED, {}, f"  {name}  ")
    assert key_of(note) == "renamed" and box == ""
    assert titles(SAVED, names) == ["Qual era il montepremi del concorso?", name]


def test_a_name_follows_its_conversation_when_a_new_one_is_saved_above_it():
    names, _, _ = rename(0, SAVED, {}, "Premio")
    grown = [chat("How many countries?", "122 [1]", "c3"), [*SAVED[0], *chat("E i paesi?", "122 [1]", "d4")], SAVED[1]]
    assert titles(grown, names) == ["How many countries?", "Premio", "Какой фильм получил Гран-при?"]


@pytest.mark.parametrize(
    ("index", "name", "refusal"),
    [(0, "", "rename_empty"), (0, " \u200b\t ", "rename_empty"), (0, "x" * (NAME_CHARS + 1), "rename_long"),
     (None, "Premio", "rename_none"), (5, "Premio", "rename_none")],
)  # fmt: skip
def test_a_bad_name_is_one_message_and_changes_nothing(index, name, refusal):
    before = {conversation_key(SAVED[1]): "Film"}
    names, box, note = rename(index, SAVED, dict(before), name)
    assert names == before and key_of(note) == refusal
    assert box == name, "what was typed stays in the box to fix"
    assert all(STRINGS[lang][refusal] for lang in ("en", "it", "ru"))


def test_names_of_deleted_conversations_are_dropped_at_the_next_rename():
    names = {conversation_key(SAVED[0]): "Premio", "gone\x00x": "Deleted one"}
    names, _, _ = rename(1, SAVED, names, "Film")
    assert set(names) == {conversation_key(SAVED[0]), conversation_key(SAVED[1])}


def test_conversations_with_the_same_first_question_keep_separate_names():
    twins = [chat("Qual era il montepremi?", "42.000 [1]", "a1"), chat("Qual era il montepremi?", "42.000 [1]", "z9")]
    names, _, _ = rename(1, twins, {}, "Second")
    assert titles(twins, names) == ["Qual era il montepremi?", "Second"]
