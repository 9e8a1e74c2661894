"""The page's document panel: a cited source opens on the right as its whole document, scrolled to the quoted
sentence, which is highlighted.

Each source in an answer (`ui/render.py`) names its document with a `rag-open` link. A click on one is caught on
the page (`OPEN_SOURCE_JS`, the viewer's `js_on_load`), which sends the source's path, its marked sentence and
the passage shown to the server as the viewer's `click` event; `DocumentPanel.open_source` reads the text from
the index (`Service.document_text`, the same as `GET /api/documents/{source}/text`) and returns it as escaped
HTML (`ui/document_view.py`) while opening the `gr.Sidebar`; the viewer then scrolls to the `<mark>`. An unknown
document (e.g. removed since the answer) shows one message in the panel. The panel belongs to the conversation on
screen: it closes, emptied, when that conversation is deleted (the chat's clear button), or another one is started
or reopened from the saved-conversations list (`close_on`); Esc closes it too. It does not answer or search
anything.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import gradio as gr

from index.errors import RagError
from ui.chat import client_of
from ui.document_view import HIT_ID, document_html
from ui.page_strings import refusal_words, t
from ui.service import Service
from ui.service_models import Refused

# A bounded share of a desktop screen, so the chat beside it stays readable (`ui/layout.py`); Gradio's own CSS
# makes the panel the whole width on a screen up to 768px wide.
PANEL_WIDTH = "clamp(360px, 40vw, 640px)"
MAX_FIELD_CHARS = 5000  # the event's strings come from the browser: bounded like the API's query parameters

# `trigger` and `watch` are Gradio's (gr.HTML js_on_load). One listener per page, capturing clicks on the links
# rendered in any answer; it always calls the newest `trigger` (the viewer may be mounted again).
OPEN_SOURCE_JS = (
    """
window.ragOpenSource = trigger;
if (!window.ragOpenSourceBound) {
  window.ragOpenSourceBound = true;
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a.rag-open');
    if (!link) return;
    event.preventDefault();
    const item = link.closest('.rag-source');
    const pick = (selector) => ((item && item.querySelector(selector)) || {}).innerText || '';
    const passage = pick('.rag-passage').replace(/^…|…$/g, '');
    window.ragOpenSource('click', { source: pick('.rag-path'), quote: pick('.rag-passage mark'), passage });
  }, true);
  document.addEventListener('keydown', (event) => {  // Esc closes the open panel, as its own toggle would
    const panel = document.querySelector('#rag-doc-panel.open');
    const toggle = panel && panel.querySelector('button.toggle-button');
    if (event.key !== 'Escape' || event.defaultPrevented || !toggle) return;
    event.preventDefault();
    toggle.click();
  });
}
watch('value', () => {
  const hit = element.querySelector('#"""
    + HIT_ID
    + """');
  if (hit) hit.scrollIntoView({ block: 'center' });
});
"""
)

CSS = """
#rag-doc-panel .rag-doc-head { position: sticky; top: 0; background: var(--background-fill-primary);
  padding: .3em 0 .5em; border-bottom: 1px solid var(--border-color-primary); z-index: 1; }
#rag-doc-panel .sidebar-content { padding-top: 0; }  /* else the text scrolls by in a strip above the sticky head */
#rag-doc-panel .sidebar-content > :first-child { margin-top: 20px; }
#rag-doc-panel .rag-doc-title { font-size: 1.05em; }
#rag-doc-panel .rag-doc-text { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.55; padding-top: .6em; }
#rag-doc-panel mark { background: rgba(250, 204, 21, .55); color: inherit; padding: 0 .1em; border-radius: 2px;
  scroll-margin: 4em; }
.rag-open { cursor: pointer; }
"""


def _field(data: Any, key: str) -> str:
    value = data.get(key) if isinstance(data, dict) else None
    return value[:MAX_FIELD_CHARS] if isinstance(value, str) else ""


class DocumentPanel:
    """The viewer's event over one `Service` (a bound method: Gradio reads its signature and type hints)."""

    def __init__(self, service: Service) -> None:
        self.service = service

    def open_source(self, lang: str | None, evt: gr.EventData, request: gr.Request) -> tuple[str, gr.Sidebar]:
        """The document a source link names, or one message in the page's language `lang` if it cannot be shown."""
        data = getattr(evt, "_data", None)
        source, quote, passage = (_field(data, key) for key in ("source", "quote", "passage"))
        try:
            self.service.admit(client_of(request))
            if not source.strip():
                raise Refused(422, "no document named: open a source from an answer", "refused_no_source")
            doc = self.service.document_text(source, quote, passage)
        except RagError as exc:  # e.g. a document removed since the answer, a lost store
            message = refusal_words(exc, lang, source)
            return f'<div class="rag-refusal">{html.escape(message)}</div>', gr.Sidebar(open=True)
        return document_html(doc.source, doc.title, doc.language, doc.text, doc.highlight), gr.Sidebar(open=True)


def close_panel() -> tuple[str, gr.Sidebar]:
    """The panel closed and emptied (the document it showed belongs to a conversation no longer on screen)."""
    return "", gr.Sidebar(open=False)


def build_document_panel(service: Service, page_lang: gr.Textbox, close_on: Sequence[Any] = ()) -> gr.Sidebar:
    """Renders the (closed) panel at the page's top level and wires the viewer's event (its message in the language
    `page_lang` holds) and the events that close it (`close_on`: e.g. the chat's `clear`); returns the sidebar."""
    sidebar = gr.Sidebar(open=False, position="right", width=PANEL_WIDTH, elem_id="rag-doc-panel")
    with sidebar:
        gr.Markdown(t("doc_hint"), elem_id="rag-doc-hint")
        viewer = gr.HTML("", elem_id="rag-doc-viewer", js_on_load=OPEN_SOURCE_JS, padding=False)
    viewer.click(
        DocumentPanel(service).open_source,
        page_lang,
        [viewer, sidebar],
        api_visibility="private",
        show_progress="minimal",
    )
    if close_on:
        gr.on(
            list(close_on),
            close_panel,
            None,
            [viewer, sidebar],
            queue=False,
            api_visibility="private",
            show_progress="hidden",
        )
    return sidebar
