"""Answers as HTML for the chat page: the text with linked [n] markers, then the numbered sources.

Every piece of document or question text is HTML-escaped, and the result is one HTML block without blank
lines, so Gradio's Markdown renderer leaves document text alone. It holds no Gradio or engine logic.
"""

from __future__ import annotations

import html
import re

from rag.types import Answer, Citation

LANGUAGE_NAMES = {
    "en": "English", "it": "Italiano", "ru": "Русский", "de": "Deutsch", "fr": "Français", "es": "Español",
    "pt": "Português", "nl": "Nederlands", "pl": "Polski", "uk": "Українська", "tr": "Türkçe", "zh": "中文",
    "ja": "日本語", "ko": "한국어", "ar": "العربية", "th": "ไทย",
}  # fmt: skip
EXCERPT_CHARS = 600
# The answer's own words around the sources, in the answer's language (the question's); English otherwise.
# OPEN_TIP: the page opens the source in its document panel (ui/document_panel.py).
WORDS = {
    "en": {"SOURCES": "Sources", "NONE": "No source supports an answer to this question.",
           "OPEN_TIP": "Open the whole document"},
    "it": {"SOURCES": "Fonti", "NONE": "Nessuna fonte sostiene una risposta a questa domanda.",
           "OPEN_TIP": "Apri il documento intero"},
    "ru": {"SOURCES": "Источники", "NONE": "Ни один источник не подтверждает ответ на этот вопрос.",
           "OPEN_TIP": "Открыть весь документ"},
    "de": {"SOURCES": "Quellen", "NONE": "Keine Quelle stützt eine Antwort auf diese Frage.",
           "OPEN_TIP": "Das ganze Dokument öffnen"},
    "fr": {"SOURCES": "Sources", "NONE": "Aucune source n’appuie une réponse à cette question.",
           "OPEN_TIP": "Ouvrir le document entier"},
    "es": {"SOURCES": "Fuentes", "NONE": "Ninguna fuente respalda una respuesta a esta pregunta.",
           "OPEN_TIP": "Abrir el documento completo"},
}  # fmt: skip
_MARKER = re.compile(r"\[(\d{1,3})\]")

from ui.layout import PHONE_CSS  # noqa: E402 (kept beside the page's other styles)

CSS = """
.rag-answer { line-height: 1.55; }
.rag-answer sup a, .rag-answer sup { text-decoration: none; font-weight: 600; }
.rag-sources { margin-top: .8em; border-top: 1px solid var(--border-color-primary); padding-top: .5em; }
.rag-sources-title { font-size: .85em; text-transform: uppercase; letter-spacing: .05em;
  color: var(--body-text-color-subdued); margin-bottom: .3em; }
.rag-source { margin: .45em 0 .7em; }
.rag-source-head { font-size: .92em; }
.rag-lang { display: inline-block; font-size: .75em; padding: 0 .45em; border-radius: .6em;
  border: 1px solid var(--border-color-primary); color: var(--body-text-color-subdued); vertical-align: middle; }
.rag-path { font-size: .8em; color: var(--body-text-color-subdued); }
.rag-passage { margin: .25em 0 0 !important; padding: .2em .8em !important; font-size: .9em;
  border-left: 3px solid var(--border-color-primary); color: var(--body-text-color); opacity: .9; }
.rag-passage mark { background: rgba(250, 204, 21, .45); color: inherit; padding: 0 .1em; border-radius: 2px; }
.rag-none { font-size: .85em; color: var(--body-text-color-subdued); margin-top: .5em; }
.rag-unsupported { text-decoration: underline wavy #d97706; text-underline-offset: 3px; cursor: help; }
.rag-unsupported::after { content: " ⚠"; color: #d97706; font-size: .8em; }
.rag-notice { font-size: .8em; color: var(--body-text-color-subdued); margin-top: .4em; }
.rag-refusal { color: var(--body-text-color); border-left: 3px solid var(--color-accent); padding-left: .6em; }
/* Each paragraph runs in its own script's direction: an Arabic answer or quote right to left, an Italian one beside it
   left to right. */
.rag-answer, .rag-passage, .rag-refusal { unicode-bidi: plaintext; text-align: start; }
"""
CSS += PHONE_CSS


def _text_html(text: str, uid: str | None = None, citations: list[Citation] | None = None) -> str:
    titles = {c.id: c.title for c in citations or []}

    def marker(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if uid and n in titles:
            tip = html.escape(titles[n], quote=True)
            return f'<sup><a href="#{uid}-{n}" title="{tip}">[{n}]</a></sup>'
        return f"<sup>[{n}]</sup>"

    return _MARKER.sub(marker, html.escape(text))


def excerpt_html(passage: str, quote: str, width: int = EXCERPT_CHARS) -> str:
    """The passage (shortened around the quote) with the supporting sentence inside <mark>. A quote of a list's
    introduction and one of its later items (`rag/spans.py`) is marked from the one to the other, as the document
    panel marks it (`ui.document_view.locate`); a quote not in the passage follows it on its own line."""
    from ui.document_view import locate  # lazily: document_view imports LANGUAGE_NAMES from here

    span = locate(passage, quote) if quote.strip() else None
    if span is None:
        short = passage if len(passage) <= width else passage[:width].rsplit(" ", 1)[0] + "…"
        body = html.escape(short)
        if quote.strip():
            body += f"<br><mark>{html.escape(quote)}</mark>"
        return body
    start, end = span
    room = max(width - (end - start), 0) // 2
    left, right = max(0, start - room), min(len(passage), end + room)
    if left > 0:
        left = passage.find(" ", left, start) + 1 or left
    if right < len(passage):
        right = passage.rfind(" ", end, right) if passage.rfind(" ", end, right) > 0 else right
    return (
        ("…" if left > 0 else "")
        + html.escape(passage[left:start])
        + f"<mark>{html.escape(passage[start:end])}</mark>"
        + html.escape(passage[end:right])
        + ("…" if right < len(passage) else "")
    )


def sources_html(answer: Answer, uid: str) -> str:
    words = WORDS.get(answer.language, WORDS["en"])
    if not answer.citations:
        return f'<div class="rag-none">{words["NONE"]}</div>'
    items = []
    for c in answer.citations:
        lang = LANGUAGE_NAMES.get(c.language, c.language)
        items.append(
            f'<div class="rag-source" id="{uid}-{c.id}"><div class="rag-source-head"><strong>[{c.id}]</strong> '
            f'<a class="rag-open" href="#{uid}-{c.id}" title="{words["OPEN_TIP"]}">'
            f"{html.escape(c.title or c.source)}</a> "
            f'<span class="rag-lang" title="{html.escape(lang)}">{html.escape(c.language)}</span> '
            f'<span class="rag-path">{html.escape(c.source)}</span></div>'
            f'<blockquote class="rag-passage">{excerpt_html(c.text, c.quote)}</blockquote></div>'
        )
    title = f'<div class="rag-sources-title">{words["SOURCES"]}</div>'
    return f'<div class="rag-sources">{title}' + "".join(items) + "</div>"


def answer_html(answer: Answer, uid: str) -> str:
    from ui.dedup import merge_identical_quotes
    from ui.marks import segments

    answer = merge_identical_quotes(answer)  # the same sentence from overlapping passages is one source
    text = "".join(
        _text_html(part, uid, answer.citations)
        if tip is None
        else f'<span class="rag-unsupported" title="{html.escape(tip, quote=True)}">'
        f"{_text_html(part, uid, answer.citations)}</span>"
        for part, tip in segments(answer)
    )
    notice = f'<div class="rag-notice">{html.escape(answer.notice)}</div>' if answer.notice else ""
    return _one_block(f'<div class="rag-answer">{text}</div>{notice}' + sources_html(answer, uid))


def streaming_html(text: str) -> str:
    return _one_block(f'<div class="rag-answer">{_text_html(text)}</div>')


def _one_block(markup: str) -> str:
    # Markdown ends an HTML block at a blank line and would then render document text as Markdown.
    return markup.replace("\r", "").replace("\n", "<br>")
