"""The Eval tab: the latest eval report of this index (markdown and chart), and a button that runs the eval.

`EvalHandlers` holds the tab's events over one `ui.service.Service` (which runs the eval and knows where the
report lives); `build_eval_tab` lays the tab out. It does not score anything itself (see `eval/`).
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from index.errors import RagError
from ui.chat import client_of
from ui.documents_tab import without_example_urls
from ui.page_strings import page_message, refusal_words, stage_words, t
from ui.service import Service


class EvalHandlers:
    """The Eval tab's events over one `Service` (bound methods: Gradio reads their signatures and hints)."""

    def __init__(self, service: Service) -> None:
        self.service = service

    def load_report(self) -> tuple[str | gr.i18n.I18nData, str | None]:
        """The report's markdown (or, without one, a note the browser words in the page's language) and chart."""
        md, png = self.service.latest_report()
        return md if md is not None else t("no_report"), str(png) if png else None

    def run_eval(
        self,
        token: str | None,
        lang: str | None,
        request: gr.Request,
        progress: Any = gr.Progress(),  # noqa: B008 (Gradio injects it this way)
    ) -> tuple[str | gr.i18n.I18nData, str | None]:
        """Runs the eval; a refusal is worded in the page's language `lang` (the hidden page-language input)."""
        try:
            self.service.authorise(token or None, client_of(request))
            self.service.admit(client_of(request))
            self.service.run_eval(lambda stage, done, total: progress((done, total), desc=stage_words(lang, stage)))
        except RagError as exc:  # a refusal, or the index's or the answering model's reason
            title = page_message(lang, "eval_not_run")
            raise gr.Error(refusal_words(exc, lang), title=title, print_exception=False) from None
        return self.load_report()


def build_eval_tab(service: Service, page_lang: gr.Textbox) -> tuple[gr.Tab, gr.Markdown, gr.Image]:
    """Renders the Eval tab inside the page's `gr.Tabs` (refusals in the language `page_lang` holds); returns it,
    the report and the chart."""
    handlers, policy = EvalHandlers(service), service.upload_policy
    with gr.Tab(t("eval"), id="eval") as tab:
        gr.Markdown(t("eval_note"))
        with gr.Row():
            token = gr.Textbox(label=t("token"), type="password", visible=policy == "token", scale=2)
            run = gr.Button(t("run_eval"), interactive=policy != "closed", scale=1, elem_id="rag-run-eval")
        chart = without_example_urls(
            gr.Image(
                label=t("chart"),
                type="filepath",
                interactive=False,
                buttons=["download", "fullscreen"],
                height=420,
                elem_id="rag-report-chart",
            )
        )
        report = gr.Markdown(max_height="70vh", elem_id="rag-report")
        run.click(handlers.run_eval, [token, page_lang], [report, chart], concurrency_limit=1, api_visibility="private")
    return tab, report, chart
