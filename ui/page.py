"""The Gradio page `rag serve` mounts at `/`: a header, three tabs (Chat, Documents, Eval) and the document panel,
each built by its own module (`ui/chat.py`, `ui/documents_tab.py`, `ui/eval_tab.py`, `ui/document_panel.py`) over
one `ui.service.Service`.

On load the page follows the browser's language (`ui/page_strings.py`) and fills the documents table and the
latest eval report. It holds no handler of its own and does not answer, ingest or score anything.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from ui.chat import build_chat_tab
from ui.document_panel import build_document_panel
from ui.documents_tab import build_documents_tab, document_rows
from ui.eval_tab import EvalHandlers, build_eval_tab
from ui.page_strings import FOLLOW_BROWSER_LANGUAGE_JS, t, tab_labels
from ui.service import Service


def theme() -> gr.themes.Base:
    # System fonts only: the page must not fetch fonts from a CDN (or anywhere).
    return gr.themes.Default(
        font=[gr.themes.Font("system-ui"), "Segoe UI", "Roboto", "sans-serif"],
        font_mono=[gr.themes.Font("ui-monospace"), "Menlo", "Consolas", "monospace"],
    )


class PageLoad:
    """What the page shows on load: the documents table and the latest eval report."""

    def __init__(self, service: Service) -> None:
        self.service = service

    def contents(self) -> tuple[list[list[Any]], str, str | None]:
        return (document_rows(self.service), *EvalHandlers(self.service).load_report())


def build_page(service: Service) -> gr.Blocks:
    serve = service.serve
    # Uploads not added to the index are deleted after RAG_GRADIO_UPLOAD_AGE seconds (checked every 5 minutes).
    delete_cache = (min(300, serve.gradio_upload_age), serve.gradio_upload_age)
    page = gr.Blocks(title="polyglot-rag", fill_height=True, analytics_enabled=False, delete_cache=delete_cache)
    with page:
        gr.Markdown(t("intro"), elem_id="rag-header")
        with gr.Tabs():
            chat_tab, browser_lang = build_chat_tab(service)
            documents_tab, table = build_documents_tab(service, page)
            eval_tab, report, chart = build_eval_tab(service)
        build_document_panel(service)  # a cited source, opened as its whole document
        page.load(None, None, browser_lang, js=FOLLOW_BROWSER_LANGUAGE_JS)
        # Gradio does not re-render tab labels when the hook above switches its locale: name them from here.
        browser_lang.change(tab_labels, browser_lang, [chat_tab, documents_tab, eval_tab], api_visibility="private")
        page.load(PageLoad(service).contents, None, [table, report, chart], api_visibility="private")
    return page
