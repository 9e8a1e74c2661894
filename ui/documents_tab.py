"""The Documents tab: what is indexed, adding documents (uploaded through the page) and removing one.

`DocumentHandlers` holds the tab's events over one `ui.service.Service`: every check (who may change the index,
file type, size, readable text) and the ingest itself are the service's; a file input must name a file Gradio
received through its upload route (`ui/gradio_guard.py`), never another server path. `build_documents_tab`
lays the tab out and wires the events. It does not touch the index itself.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import gradio as gr

from index.errors import RagError
from ui.chat import client_of
from ui.gradio_guard import TOKEN_COOKIE, forget_uploads, received_by_gradio
from ui.page_strings import chunks, page_message, refusal_words, stage_words, t, words
from ui.service import Service
from ui.service_models import Refused

# The page's uploads go to Gradio's /gradio_api/upload, which cannot send a header: the admin token typed on
# the page travels in a same-site cookie instead (ui/gradio_guard.py checks it like the bearer header).
TOKEN_TO_COOKIE = (
    f"(token) => {{ document.cookie = '{TOKEN_COOKIE}=' + encodeURIComponent(token || '') + "
    "'; path=/gradio_api; SameSite=Strict'; return token; }"
)


def without_example_urls(component: Any) -> Any:
    """Gradio's File and Image put github.com example URLs (for API docs we don't show) into the page config.

    Overridden per instance: a subclass would make Gradio write a .pyi stub next to this module.
    """
    component.example_payload = component.example_value = lambda: None
    return component


def table_headers(lang: str) -> list[str]:
    named = words(lang)
    return [named[key] for key in ("col_document", "col_title", "col_language", "col_chunks")]


def formats_line(service: Service, lang: str | None) -> str:
    """What the tab accepts, in the page's language: the file types and the upload limit with its unit ("Mio")."""
    formats = ", ".join(service.supported_suffixes())
    return page_message(lang, "supported", formats=formats, limit=f"{service.serve.max_upload_mb:g}")


def document_rows(service: Service) -> list[list[Any]]:
    # The file name: a long path would be cut before it (the full path is in each answer's sources).
    return [[Path(d.source).name, d.title, d.language, d.chunks] for d in service.documents()]


def choices(service: Service) -> list[tuple[str, str]]:
    """(label, name that picks the document): its file name, or for documents that share a source (an index built
    before sources were made distinct) the path tail that tells them apart."""
    return [(f"{Path(pick).name if pick == source else pick} — {title[:60]}", pick) for source, title, pick in
            service.document_picks()]  # fmt: skip


def add_one(service: Service, path: Path, progress: Any, lang: str | None = None) -> str:
    """Adds one file the page uploaded; the status line for it (✅ or ❌ with the reason) in the page's language."""
    name = path.name
    try:
        if not received_by_gradio(path):  # only files this page uploaded, never another server path
            raise Refused(
                422, f"{name!r} was not uploaded through this page; refused", "refused_not_uploaded", name=name
            )
        service.check_name(name)
        service.check_size(path.stat().st_size, name)
        result = service.add_document(name, path.read_bytes(), progress=progress)
    except RagError as exc:  # a refusal, or the index's (built with other settings, store lost ...)
        return f"- ❌ {html.escape(refusal_words(exc, lang))}"
    doc = result.document
    found = chunks(lang, doc.chunks)
    return "- " + page_message(lang, f"upload_{result.status}", source=doc.source, language=doc.language, chunks=found)


class DocumentHandlers:
    """The Documents tab's events over one `Service` (bound methods: Gradio reads their signatures and hints)."""

    def __init__(self, service: Service, page: gr.Blocks) -> None:
        self.service, self.page = service, page

    def add_documents(
        self,
        files: list[str] | None,
        token: str | None,
        lang: str | None,
        request: gr.Request,
        progress: Any = gr.Progress(),  # noqa: B008 (Gradio injects it this way)
    ) -> tuple[str, Any, None]:
        """Adds the uploaded files; `lang` is the page's language (the hidden page-language input)."""
        try:
            self.service.authorise(token or None, client_of(request))
            self.service.admit(client_of(request))
        except Refused as exc:
            title = page_message(lang, "upload_refused")
            raise gr.Error(refusal_words(exc, lang), title=title, print_exception=False) from None
        paths = [Path(f) for f in files or []]
        if not paths:
            text, title = page_message(lang, "choose_files"), page_message(lang, "nothing_to_upload")
            raise gr.Error(text, title=title, print_exception=False)
        lines = []
        for n, path in enumerate(paths):

            def report(stage: str, done: int, total: int, n: int = n, name: str = path.name) -> None:
                desc = f"{name}: {stage_words(lang, stage)} {done}/{total}"
                progress((n + done / max(total, 1)) / len(paths), desc=desc)

            try:
                lines.append(add_one(self.service, path, report, lang))
            finally:
                forget_uploads(self.page, [path])
        try:
            rows = document_rows(self.service)
        except RagError:  # the index cannot be read now: its reason is in the status lines already
            rows = gr.skip()
        return "\n".join(lines), rows, None

    def remove(
        self, source: str | None, secret: str | None, lang: str | None, request: gr.Request
    ) -> tuple[str, Any, Any]:
        """Removes `source`; the status line is in the page's language `lang`."""
        if not source:
            return page_message(lang, "choose_removal"), gr.skip(), gr.skip()
        client = client_of(request)
        try:
            self.service.authorise(secret or None, client)  # wrong tokens are throttled per client (ui/service.py)
            self.service.admit(client)
            done = self.service.remove_document(source)
        except RagError as exc:  # a refusal, a document removed meanwhile in another tab, the index's reason
            return f"❌ {html.escape(refusal_words(exc, lang, source))}", gr.skip(), gr.skip()
        text = page_message(
            lang, "removed", source=done.removed, chunks=chunks(lang, done.chunks), documents=done.documents
        )
        return text, document_rows(self.service), gr.Dropdown(choices=choices(self.service), value=None)

    def refreshed_choices(self) -> Any:
        try:
            return gr.Dropdown(choices=choices(self.service))
        except RagError:  # the index cannot be read now (the upload's status line says why)
            return gr.skip()


def build_documents_tab(
    service: Service, page: gr.Blocks, page_lang: gr.Textbox
) -> tuple[gr.Tab, gr.Dataframe, gr.Markdown]:
    """Renders the Documents tab inside the page's `gr.Tabs` (its messages in the language `page_lang` holds);
    returns it, the documents table and the line saying what it accepts (both set in the page's language by its
    language switch, `ui/page.py`)."""
    handlers, policy, suffixes = DocumentHandlers(service, page), service.upload_policy, service.supported_suffixes()
    with gr.Tab(t("documents"), id="documents") as tab:
        # Worded here, not by Gradio in the browser: it translates one marker of a string, and the unit is worded too.
        formats = gr.Markdown(formats_line(service, "en"), elem_id="rag-formats")
        gr.Markdown(t(f"policy_{policy}"), elem_id="rag-policy")
        token = gr.Textbox(label=t("token"), type="password", visible=policy == "token")
        token.change(None, [token], None, js=TOKEN_TO_COOKIE, queue=False, api_visibility="private")
        files = without_example_urls(
            gr.File(
                label=t("files"),
                file_count="multiple",
                file_types=suffixes,
                interactive=policy != "closed",
                height=160,
                elem_id="rag-upload",
            )
        )
        add = gr.Button(t("add"), variant="primary", interactive=policy != "closed")
        status = gr.Markdown(elem_id="rag-upload-status")
        table = gr.Dataframe(
            headers=table_headers("en"),  # named in the page's language by the language switch (ui/page.py)
            interactive=False,
            column_widths=["250px", "620px", "110px", "120px"],  # fixed: a phone scrolls it sideways
            max_chars=90,
            elem_id="rag-documents",
        )
        with gr.Row(equal_height=True):  # the remove control, under the table
            picked = gr.Dropdown(
                choices=choices(service), value=None, label=t("remove_pick"), elem_id="rag-remove-choice", scale=3
            )
            button = gr.Button(t("remove"), variant="stop", elem_id="rag-remove", scale=1, interactive=True)
        button.click(
            handlers.remove,
            [picked, token, page_lang],
            [status, table, picked],
            concurrency_limit=1,
            api_visibility="private",
        )
        outputs = [status, table, files]
        add.click(
            handlers.add_documents, [files, token, page_lang], outputs, concurrency_limit=1, api_visibility="private"
        ).then(handlers.refreshed_choices, None, picked, api_visibility="private")
    return tab, table, formats
