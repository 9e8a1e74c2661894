"""The Gradio page `rag serve` mounts at `/`: a header, three tabs (Chat, Documents, Eval) and the document panel,
each built by its own module (`ui/chat.py`, `ui/documents_tab.py`, `ui/eval_tab.py`, `ui/document_panel.py`) over
one `ui.service.Service`.

On load the page follows the browser's language, and a switch in its header changes it (`ui/page_strings.py`);
it fills the documents table (its headers and the formats line in the page's language) and the latest eval
report. It does not answer, ingest or score anything.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from ui.chat import KEEP_REFUSAL_REASONS_JS, build_chat_tab
from ui.document_panel import build_document_panel
from ui.documents_tab import build_documents_tab, document_rows, formats_line, table_headers
from ui.eval_tab import EvalHandlers, build_eval_tab
from ui.page_strings import FOLLOW_BROWSER_LANGUAGE_JS, LANGUAGE_CHOICES, SWITCH_LANGUAGE_JS, switch_language, t
from ui.service import Service


def theme() -> gr.themes.Base:
    # System fonts only: the page must not fetch fonts from a CDN (or anywhere).
    return gr.themes.Default(
        font=[gr.themes.Font("system-ui"), "Segoe UI", "Roboto", "sans-serif"],
        font_mono=[gr.themes.Font("ui-monospace"), "Menlo", "Consolas", "monospace"],
    )


class PageLoad:
    """What the page shows on load (the latest eval report) and once its language is set (tab labels, the documents
    table)."""

    def __init__(self, service: Service) -> None:
        self.service = service

    def table(self, lang: str | None) -> Any:
        named = table_headers(lang or "en")
        return gr.Dataframe(value={"data": document_rows(self.service), "headers": named}, headers=named)

    def contents(self) -> tuple[str | gr.i18n.I18nData, str | None]:
        """The latest eval report (the documents table comes with the page's language, see `switch`)."""
        return EvalHandlers(self.service).load_report()

    def switch(self, lang: str | None) -> tuple[Any, ...]:
        """After the language switch: tab labels, the chat's language, the table's headers and the line of accepted
        formats in `lang`."""
        return (*switch_language(lang), self.table(lang), formats_line(self.service, lang))


def build_page(service: Service) -> gr.Blocks:
    serve = service.serve
    # Uploads not added to the index are deleted after RAG_GRADIO_UPLOAD_AGE seconds (checked every 5 minutes).
    delete_cache = (min(300, serve.gradio_upload_age), serve.gradio_upload_age)
    page = gr.Blocks(title="polyglot-rag", fill_height=True, analytics_enabled=False, delete_cache=delete_cache)
    with page:
        with gr.Row(elem_id="rag-top", equal_height=True):
            gr.Markdown(t("intro"), elem_id="rag-header")
            language = gr.Dropdown(
                LANGUAGE_CHOICES, value=None, label=t("page_language"), elem_id="rag-page-lang", scale=0, min_width=170
            )
        with gr.Tabs():
            chat_tab, browser_lang, conversation_changes = build_chat_tab(service)
            documents_tab, table, formats = build_documents_tab(service, page, browser_lang)
            eval_tab, report, chart = build_eval_tab(service, browser_lang)
        # a cited source, opened as its whole document; closed when its conversation leaves the screen
        build_document_panel(service, browser_lang, conversation_changes)
        loads, tabs = PageLoad(service), [chat_tab, documents_tab, eval_tab]
        # In the browser only, at once (the chat words refusals with the browser's languages); setting the switch
        # fires its change, which fills the tab labels and the documents table in the page's language.
        page.load(None, None, [browser_lang, language], js=FOLLOW_BROWSER_LANGUAGE_JS)
        page.load(None, None, None, js=KEEP_REFUSAL_REASONS_JS)  # the validator's reason stays under the box
        switched = [*tabs, browser_lang, table, formats]
        # Progress shows on the table only: on the formats line, a Markdown, Gradio's timer would stand as text.
        language.change(
            loads.switch, language, switched, js=SWITCH_LANGUAGE_JS, show_progress_on=table, api_visibility="private"
        )
        page.load(loads.contents, None, [report, chart], api_visibility="private")
    return page
