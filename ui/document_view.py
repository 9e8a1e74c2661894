"""A cited source opened as its whole document: where the quoted sentence lies in it, and the page's HTML for it.

`locate` finds the cited sentence in the whole text (whitespace-tolerant, after the cited passage when one is
given, so the right one of two identical sentences is marked; a quote of two sentences that stand apart, a list's
introduction and one of its later items (`rag/spans.py`), is marked from the first to the second); `document_html`
renders the document for the page's side panel with that sentence in `<mark id="rag-doc-hit">`. Every piece of
document text is HTML-escaped (document text is untrusted, see docs/security.md). It does not read the index (see
`index/fulltext.py`).
"""

from __future__ import annotations

import html
import re

from ui.render import LANGUAGE_NAMES

MAX_QUOTE_CHARS = 2000  # longer search strings are cut: a quote is one sentence, a passage one chunk
HIT_ID = "rag-doc-hit"


def _pattern(words: str) -> re.Pattern[str] | None:
    parts = words[:MAX_QUOTE_CHARS].split()
    return re.compile(r"\s+".join(re.escape(part) for part in parts)) if parts else None


def locate(text: str, quote: str, passage: str = "") -> tuple[int, int] | None:
    """(start, end) of `quote` in `text`; inside or after `passage` when that is found; None if absent."""
    sentence = _pattern(quote)
    around = _pattern(passage)
    start = 0
    if around is not None:
        found = around.search(text)
        if found is not None:
            if sentence is None:
                return found.span()
            start = found.start()
    if sentence is None:
        return None
    hit = sentence.search(text, start) or sentence.search(text)
    return hit.span() if hit else _apart(text, quote[:MAX_QUOTE_CHARS].split(), start)


def _apart(text: str, words: list[str], start: int) -> tuple[int, int] | None:
    """(start, end) from the longest run of the quote's first `words` found in `text` to the rest of them after it;
    None unless the two runs make the whole quote."""
    found, low, high = None, 1, len(words) - 1  # a run of k first words found means one of k - 1 is found too
    while low <= high:
        middle = (low + high) // 2
        pattern = _pattern(" ".join(words[:middle]))
        hit = pattern.search(text, start) or pattern.search(text) if pattern else None
        if hit:
            found, low = (middle, hit), middle + 1
        else:
            high = middle - 1
    if found is None:
        return None
    count, head = found
    rest = _pattern(" ".join(words[count:]))
    tail = rest.search(text, head.end()) if rest else None
    return (head.start(), tail.end()) if tail else None


def document_html(source: str, title: str, language: str, text: str, span: tuple[int, int] | None) -> str:
    """The document as one escaped HTML block: a heading (title, language, source) and the text, `span` marked."""
    name = LANGUAGE_NAMES.get(language, language)
    head = (
        f'<div class="rag-doc-head"><strong class="rag-doc-title">{html.escape(title or source)}</strong> '
        f'<span class="rag-lang" title="{html.escape(name, quote=True)}">{html.escape(language)}</span>'
        f'<div class="rag-path">{html.escape(source)}</div></div>'
    )
    if span is None:
        body = html.escape(text)
    else:
        start, end = span
        body = (
            html.escape(text[:start])
            + f'<mark id="{HIT_ID}">{html.escape(text[start:end])}</mark>'
            + html.escape(text[end:])
        )
    return f'<div class="rag-doc">{head}<div class="rag-doc-text">{body}</div></div>'
