"""The Documents tab's remove control: pick an indexed document and remove it (same token rule as uploads).

It wires Gradio events to `Service.remove_document` and reports the result (or the refusal) in the tab's
status line; it does not touch the index itself.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import gradio as gr

from ui.page_strings import t
from ui.service import Refused, Service


def choices(service: Service) -> list[tuple[str, str]]:
    return [(f"{Path(d.source).name} — {d.title[:60]}", d.source) for d in service.documents()]


def build_remove(service: Service, token: Any, status: Any, table: Any, rows: Any) -> Any:
    """Renders the control under the documents table; returns the dropdown (refresh it after uploads)."""
    with gr.Row(equal_height=True):
        picked = gr.Dropdown(
            choices=choices(service),
            value=None,
            label=t("remove_pick"),
            elem_id="rag-remove-choice",
            scale=3,
        )
        button = gr.Button(t("remove"), variant="stop", elem_id="rag-remove", scale=1, interactive=True)

    def remove(source: str | None, secret: str | None, request: gr.Request) -> tuple[str, Any, Any]:
        if not source:
            return "Choose a document to remove first.", gr.skip(), gr.skip()
        client = request.client.host if request is not None and request.client else None
        try:
            service.authorise(secret or None, client)  # wrong tokens are throttled per client (ui/service.py)
            service.admit(client)
            done = service.remove_document(source)
        except Refused as exc:
            return f"❌ {html.escape(str(exc))}", gr.skip(), gr.skip()
        message = f"🗑️ removed `{done.removed}` ({done.chunks} chunk{'s' * (done.chunks != 1)}); {done.documents} left"
        return message, rows(), gr.Dropdown(choices=choices(service), value=None)

    button.click(remove, [picked, token], [status, table, picked], concurrency_limit=1, api_visibility="private")
    return picked
