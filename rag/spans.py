"""Sentences and windows of a passage: how a passage splits into sentences and which sentences a window groups.

A window (`rag/windows.py` scores them) is one sentence, two adjacent ones (a fact and its subject are often split
across two), or a list's introduction with one of its items: a line ending in a colon ("With the "files" source the
following files are read:") and each short line after it ("initgroups /etc/group"), which are far apart once the
list is long. A heading (a line of its own without closing punctuation, "“Alzheimer” conquista il gran premio")
heads what follows it: it is never paired with a finished sentence before it, which its words would otherwise get
quoted for (a table's rows, none of them finished, stay paired). A window's text is its sentences joined, those
of a Markdown document without the marks of the headings they open ("## Where is the office?"): run into the
sentence after them, they would be quoted as they are.
The splitting and the sentences' word forms are cached, since the same passages come back for many questions. It
does not score windows or decide what a question asks.
"""

from __future__ import annotations

import re
from functools import lru_cache

from index.analyze import sentence_forms
from index.language import sentence_spans

LIST_ITEMS = 30  # items of a list read with its introduction, at most
LIST_ITEM_WORDS = 12  # a later line of more words (or another introduction) ends the list; the first never does
MARKDOWN = (".md", ".markdown")
_HEADING_MARKS = re.compile(r"#{1,6}[ \t]+(?=\S)")
# A sentence's closing punctuation, then anything but words (quotes, brackets, emoji) or a footnote mark ("[1]")
_CLOSED = re.compile(r"[.!?…:;。！？](?:[^\w]|\[\d+\])*$")
_ENDED = re.compile(r"[.!?…;。！？](?:[^\w]|\[\d+\])*$")  # the same but a colon, which opens what follows
_CLOSING_MARKS = re.compile(r"[ \t]+#+(?=\s|$)")  # "## Opening hours ##"


def window_spans(sentences: tuple[str, ...]) -> list[tuple[int, ...]]:
    """The sentence indices of each window of a passage's `sentences`: every sentence alone and with the next one
    (unless a finished sentence would be paired with the heading after it), and a sentence ending in a colon with
    each later item of its list (from the second on: the first is its neighbour), up to `LIST_ITEMS` lines of at
    most `LIST_ITEM_WORDS` words. The first line is not checked, so it never ends the list: a long first item
    ("amd64: systems with 64-bit AMD processors ...", 20 words) or a nested introduction ("For the passwd and shadow
    databases:") keeps the lines after it paired with the introduction."""
    out: list[tuple[int, ...]] = []
    for i, text in enumerate(sentences):
        out.append((i,))
        if i + 1 < len(sentences) and not (_ENDED.search(text) and _heads(sentences, i + 1)):
            out.append((i, i + 1))
        if text.rstrip().endswith(":"):
            for j in range(i + 2, min(len(sentences), i + 1 + LIST_ITEMS)):
                if sentences[j].rstrip().endswith(":") or len(sentences[j].split()) > LIST_ITEM_WORDS:
                    break
                out.append((i, j))
    return out


def _heads(sentences: tuple[str, ...], i: int) -> bool:
    """Whether sentence `i` is a line of its own without closing punctuation followed by more text: a heading or a
    label ("“Alzheimer” conquista il gran premio", "-a, --append"), which goes with what follows it. The passage's
    last sentence may be one cut off by the chunk's end, so it is never taken for one."""
    return i + 1 < len(sentences) and not _CLOSED.search(sentences[i])


def window_text(sentences: list[str], source: str) -> str:
    """The text of a window of these sentences of the document `source`, as it is scored and quoted."""
    if source.lower().endswith(MARKDOWN):
        sentences = [_unmarked(s) for s in sentences]
    return " ".join(sentences)


def _unmarked(sentence: str) -> str:
    """A sentence of a Markdown document without the marks of the heading it opens with: "## Where is the office?"
    (a capital after them: "# apt-get update", a shell prompt in a code block, and "# 5" are kept as they are)."""
    marks = _HEADING_MARKS.match(sentence)
    if marks is None or not sentence[marks.end()].isupper():
        return sentence
    return _CLOSING_MARKS.sub("", sentence[marks.end() :], count=1)


def is_question(sentence: str) -> bool:
    return sentence.rstrip().endswith(("?", "？"))


@lru_cache(maxsize=10_000)
def sentences_of(text: str, language: str) -> tuple[str, ...]:
    """A passage's sentences, cached: the same passages come back for many questions, and splitting them (Punkt)
    was the largest single cost of re-ranking under load (`bench/load.py`). An entry (key and sentences) was
    measured on the seeds at 2.6 KB for chunks of 600 characters on average: the 10,000 entries take about 26 MB,
    some 50 MB at worst (every entry a chunk-long Cyrillic text)."""
    return tuple(text[a:b].strip() for a, b in sentence_spans(text, language))


@lru_cache(maxsize=10_000)
def sentence_forms_of(text: str, language: str) -> frozenset[str]:
    """`index.analyze.sentence_forms`, cached: the same passages come back for many questions. An entry (key and
    forms) was measured on the seeds at about 4.5 KB for a typical 150-character sentence and 19 KB for one as long
    as a whole chunk (160 tokens): the 10,000 entries take about 45 MB of typical sentences, 190 MB at worst."""
    return frozenset(sentence_forms(text, language))
