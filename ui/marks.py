"""Which parts of an answer the pages mark: the sentences verification found unsupported, and why.

`Answer.unsupported` holds sentence indexes (as `rag.grounding.answer_sentences` splits the text); the pages
need the sentences themselves and a reason to show in a tooltip. `unsupported_sentences` gives them to the
widget (in the `/api/chat` citations event) and `segments` cuts the text for the chat page's HTML. The
Answer JSON is left as it is. It does not verify anything (see `rag/grounding.py`) or render HTML.
"""

from __future__ import annotations

from typing import Any

from rag.types import Answer

NO_CITATION = "Not supported: this sentence cites no source, and the sources the answer cites do not back it up."


def reason(cites: list[int]) -> str:
    """The tooltip of an unsupported sentence, in the words of the check that flagged it."""
    if not cites:
        return NO_CITATION
    listed = "".join(f"[{n}]" for n in cites)
    if len(cites) == 1:
        return f"Not supported: the source it cites ({listed}) does not back up what this sentence says."
    return f"Not supported: the sources it cites ({listed}) do not back up what this sentence says."


def unsupported_sentences(answer: Answer) -> list[dict[str, Any]]:
    """[{index, text, cites, reason}] for each sentence of `answer.unsupported`, in text order."""
    if not answer.unsupported:
        return []
    from rag.grounding import answer_sentences

    sentences = answer_sentences(answer.answer, answer.language)
    out = []
    for index in sorted(set(answer.unsupported)):
        if 0 <= index < len(sentences):
            text, cites = sentences[index]
            out.append({"index": index, "text": text.strip(), "cites": cites, "reason": reason(cites)})
    return out


def segments(answer: Answer) -> list[tuple[str, str | None]]:
    """The answer text cut into (text, tooltip) pieces; tooltip is None outside unsupported sentences."""
    flagged = unsupported_sentences(answer)
    text, pos = answer.answer, 0
    out: list[tuple[str, str | None]] = []
    for item in flagged:
        start = text.find(item["text"], pos)
        if start < 0:
            continue
        if start > pos:
            out.append((text[pos:start], None))
        end = start + len(item["text"])
        out.append((text[start:end], item["reason"]))
        pos = end
    if pos < len(text):
        out.append((text[pos:], None))
    return out
