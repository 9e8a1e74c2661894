"""Citations as a reader sees them: one source entry per quoted sentence.

Overlapping passages of one document can support an answer with the very same sentence; the engine then cites
it twice ([1] and [2]). For display, citations of the same document with the same quote (whitespace aside) are
merged into the first, the others' markers point to it, repeated adjacent markers collapse, and the ids are
renumbered 1..n in order. The `Answer` contract itself is left as the engine made it.
"""

from __future__ import annotations

import re

from rag.types import Answer

_MARKERS = re.compile(r"\[(\d{1,3})\]")
_REPEATED = re.compile(r"(\[(\d{1,3})\])(\s*\[\2\])+")


def _key(source: str, quote: str) -> tuple[str, str] | None:
    words = " ".join(quote.split()).casefold()
    return (source, words) if words else None


def merge_identical_quotes(answer: Answer) -> Answer:
    if len(answer.citations) < 2:
        return answer
    first_of: dict[tuple[str, str], int] = {}
    target: dict[int, int] = {}
    kept = []
    for c in answer.citations:
        key = _key(c.source, c.quote)
        if key is not None and key in first_of:
            target[c.id] = first_of[key]
            continue
        if key is not None:
            first_of[key] = c.id
        target[c.id] = c.id
        kept.append(c)
    if len(kept) == len(answer.citations):
        return answer
    number = {c.id: n for n, c in enumerate(kept, 1)}

    def renumber(match: re.Match[str]) -> str:
        old = int(match.group(1))
        return f"[{number[target[old]]}]" if old in target else match.group(0)

    text = _REPEATED.sub(r"\1", _MARKERS.sub(renumber, answer.answer))
    citations = [c.model_copy(update={"id": number[c.id]}) for c in kept]
    return answer.model_copy(update={"answer": text, "citations": citations})
