"""Load and validate eval datasets: Q&A pairs (`qa.jsonl`) and two-turn conversations (`conversations.jsonl`).

Every problem names the file, the line number and what is wrong, and nothing runs until the whole file is
valid. A row may carry a `split` ("dev" or "test"); then every row of its file must, and `select_split` keeps
one split. It does not assign splits (see `eval/split.py`), run questions or score answers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.errors import UsageError

QA_FIELDS = {"id": str, "question": str, "lang": str, "answers": list, "sources": list, "answerable": bool}
SPLITS = ("dev", "test")


class DatasetError(UsageError, ValueError):
    """A dataset that cannot be used as given; the message names the file and line."""


@dataclass(frozen=True)
class QAItem:
    id: str
    question: str
    lang: str
    answers: tuple[str, ...]
    sources: tuple[str, ...]
    answerable: bool
    split: str | None = None


@dataclass(frozen=True)
class Conversation:
    id: str
    lang: str
    questions: tuple[str, ...]  # every turn's question, in order; only the last is scored
    answers: tuple[str, ...]
    sources: tuple[str, ...]
    previous_answers: tuple[str, ...] = ()  # the gold of the turn before the last (may be empty)
    split: str | None = None


def _lines(path: Path) -> list[tuple[int, dict[str, Any]]]:
    if not path.is_file():
        raise DatasetError(f"{path}: no such file")
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{path}:{number}: malformed JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise DatasetError(f"{path}:{number}: expected a JSON object")
        rows.append((number, row))
    if not rows:
        raise DatasetError(f"{path}: the dataset is empty")
    return rows


def _strings(value: Any, where: str, name: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DatasetError(f"{where}: '{name}' must be a list of non-empty strings")
    return tuple(value)


def _splits(rows: list[tuple[int, dict[str, Any]]], path: Path) -> list[str | None]:
    """Each row's split; a bad value, or a file where only some rows have one, is an error naming the line."""
    with_split = [number for number, row in rows if "split" in row]
    out: list[str | None] = []
    for number, row in rows:
        where = f"{path}:{number}"
        if "split" not in row:
            if with_split:
                raise DatasetError(f"{where}: no 'split', but line {with_split[0]} has one; give every row a split")
            out.append(None)
        elif row["split"] not in SPLITS:
            raise DatasetError(f"{where}: 'split' must be one of {', '.join(SPLITS)}, not {row['split']!r}")
        else:
            out.append(row["split"])
    return out


def select_split(items: list[Any], split: str | None, path: Path | str) -> list[Any]:
    """The items of one split (all items for None); a dataset without splits or an unknown split is an error."""
    if split is None:
        return list(items)
    if split not in SPLITS:
        raise DatasetError(f"unknown split {split!r}; valid: {', '.join(SPLITS)}")
    if any(item.split is None for item in items):
        raise DatasetError(f"{path}: the rows have no 'split' field, so --split {split} cannot pick any")
    chosen = [item for item in items if item.split == split]
    if not chosen:
        raise DatasetError(f"{path}: no row is in the {split!r} split")
    return chosen


def load_qa(path: Path, languages: list[str]) -> list[QAItem]:
    items: list[QAItem] = []
    seen: set[str] = set()
    rows = _lines(path)
    for (number, row), split in zip(rows, _splits(rows, path), strict=True):
        where = f"{path}:{number}"
        for name, kind in QA_FIELDS.items():
            if name not in row:
                raise DatasetError(f"{where}: missing field '{name}'")
            if not isinstance(row[name], kind):
                raise DatasetError(f"{where}: field '{name}' must be {kind.__name__}")
        if row["lang"] not in languages:
            raise DatasetError(f"{where}: unknown language {row['lang']!r}; known: {', '.join(languages)}")
        if not row["question"].strip():
            raise DatasetError(f"{where}: empty question")
        if row["id"] in seen:
            raise DatasetError(f"{where}: duplicate id {row['id']!r}")
        seen.add(row["id"])
        answers = _strings(row["answers"], where, "answers")
        sources = _strings(row["sources"], where, "sources")
        if row["answerable"] and not (answers and sources):
            raise DatasetError(f"{where}: an answerable question needs 'answers' and 'sources'")
        if not row["answerable"] and (answers or sources):
            raise DatasetError(f"{where}: an unanswerable question must have empty 'answers' and 'sources'")
        items.append(QAItem(row["id"], row["question"], row["lang"], answers, sources, row["answerable"], split))
    return items


def load_conversations(path: Path, languages: list[str]) -> list[Conversation]:
    out: list[Conversation] = []
    seen: set[str] = set()
    rows = _lines(path)
    for (number, row), split in zip(rows, _splits(rows, path), strict=True):
        where = f"{path}:{number}"
        turns = row.get("turns")
        if not isinstance(row.get("id"), str) or row.get("lang") not in languages:
            raise DatasetError(f"{where}: needs a string 'id' and a known 'lang' ({', '.join(languages)})")
        if not isinstance(turns, list) or len(turns) < 2 or not all(isinstance(t, dict) for t in turns):
            raise DatasetError(f"{where}: 'turns' must be a list of at least two objects")
        questions = tuple(t.get("question") for t in turns)
        if not all(isinstance(q, str) and q.strip() for q in questions):
            raise DatasetError(f"{where}: every turn needs a non-empty 'question'")
        if row["id"] in seen:
            raise DatasetError(f"{where}: duplicate id {row['id']!r}")
        seen.add(row["id"])
        last = turns[-1]
        answers = _strings(last.get("answers", []), where, "answers")
        sources = _strings(last.get("sources", []), where, "sources")
        if not answers or not sources:
            raise DatasetError(f"{where}: the last turn needs 'answers' and 'sources'")
        previous = _strings(turns[-2].get("answers", []), where, "answers")
        out.append(Conversation(row["id"], row["lang"], questions, answers, sources, previous, split))
    return out
