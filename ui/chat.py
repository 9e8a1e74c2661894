"""The Gradio chat page `rag serve` mounts at `/`: streamed answers with numbered sources, uploads, votes, eval.

Answers stream in; the final message adds numbered sources that the [n] markers link to (HTML from
`ui/render.py`). Uploads, votes and eval runs go through `ui.service.Service`; this module only lays out the
page and wires its events. It does not retrieve, ingest, score or render answers itself.
"""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path
from typing import Any

import gradio as gr

from rag.types import Answer, Query
from ui.gradio_guard import TOKEN_COOKIE, forget_uploads, received_by_gradio
from ui.history import use_readable_titles
from ui.page_strings import t, tab_labels
from ui.refusals import internal_error_text, refusal_text, reply_language
from ui.render import LANGUAGE_NAMES, answer_html, streaming_html
from ui.service import Refused, Service

log = logging.getLogger("rag.chat")
EXAMPLES = [
    ("EN", "How many countries did the entries to the Kling AI contest come from?"),
    ("IT", "Qual era il montepremi del concorso?"),
    ("RU", "Какой фильм получил Гран-при конкурса?"),
]
_TAG = re.compile(r"<[^>]+>")
from ui.page_strings import FOLLOW_BROWSER_LANGUAGE_JS as BROWSER_LANGUAGE_JS  # noqa: E402


def as_plain_text(textbox: gr.Textbox) -> gr.Textbox:
    """The user's message is HTML-escaped on its way in, so their bubble shows `<img src=x>` as typed text.

    Overridden per instance (a subclass would make Gradio write a .pyi stub next to this module).
    """
    original = textbox.preprocess
    textbox.preprocess = lambda payload: html.escape(original(payload) or "", quote=False)
    return textbox


# The page's uploads go to Gradio's /gradio_api/upload, which cannot send a header: the admin token typed on
# the page travels in a same-site cookie instead (ui/gradio_guard.py checks it like the bearer header).
TOKEN_TO_COOKIE = (
    f"(token) => {{ document.cookie = '{TOKEN_COOKIE}=' + encodeURIComponent(token || '') + "
    "'; path=/gradio_api; SameSite=Strict'; return token; }"
)


def client_of(request: gr.Request | None) -> str | None:
    return request.client.host if request is not None and request.client else None


def without_example_urls(component: Any) -> Any:
    """Gradio's File and Image put github.com example URLs (for API docs we don't show) into the page config.

    Overridden per instance: a subclass would make Gradio write a .pyi stub next to this module.
    """
    component.example_payload = component.example_value = lambda: None
    return component


def theme() -> gr.themes.Base:
    # System fonts only: the page must not fetch fonts from a CDN (or anywhere).
    return gr.themes.Default(
        font=[gr.themes.Font("system-ui"), "Segoe UI", "Roboto", "sans-serif"],
        font_mono=[gr.themes.Font("ui-monospace"), "Menlo", "Consolas", "monospace"],
    )


# -- chat history -> engine turns --------------------------------------------------------------------------
def plain_text(content: Any) -> str:
    """The text of a Gradio message content (a string, a text part or a list of parts), without our HTML."""
    if isinstance(content, list):
        return " ".join(plain_text(part) for part in content)
    if isinstance(content, dict):
        content = content.get("text") or ""
    if not isinstance(content, str):
        return ""
    return html.unescape(_TAG.sub(" ", content.split('<div class="rag-sources">')[0])).strip()


def history_turns(history: list[Any]) -> list[Any]:
    from rag.types import Turn

    turns = []
    for message in history or []:
        role = message.get("role") if isinstance(message, dict) else getattr(message, "role", None)
        content = message.get("content") if isinstance(message, dict) else getattr(message, "content", "")
        text = plain_text(content)
        if role in ("user", "assistant") and text:
            turns.append(Turn(role, text))
    return turns


# -- the page ---------------------------------------------------------------------------------------------
def build_chat(service: Service) -> gr.Blocks:
    from rag.engine import QuestionError

    settings = service.settings
    policy = service.upload_policy
    suffixes = service.supported_suffixes()

    def respond(
        message: Any,
        history: list[Any],
        top_k: float | None,
        lang: str | None,
        browser: str | None = None,
        request: gr.Request = None,
    ):
        try:
            service.admit(client_of(request))  # the same per-client limit as /api/ask
        except Refused as exc:
            yield str(exc)[:1].upper() + str(exc)[1:] + "."
            return
        # The textbox escaped the user's text (so their bubble shows it as text); the engine gets it back as typed.
        question = html.unescape(plain_text(message) if not isinstance(message, str) else message)
        options = {"top_k": int(top_k) if top_k else None, "lang": lang or None, "history": history_turns(history)}
        text = ""
        try:
            for piece in service.engine.stream(Query(question, **options)):
                if isinstance(piece, Answer):
                    uid = service.remember(piece)
                    yield gr.ChatMessage(content=answer_html(piece, f"a{uid}"), metadata={"id": uid})
                else:
                    text += piece
                    yield streaming_html(text)
        except QuestionError as exc:  # a reply, not gr.Error: an error would lock the input until a reload
            language = reply_language(question, browser, service.engine.detect_language)
            reason = refusal_text(question, str(exc), settings.max_question_chars, language)
            yield gr.ChatMessage(content=f'<div class="rag-refusal">{html.escape(reason)}</div>')
        except Exception:
            log.exception("answering failed")
            language = reply_language(question, browser, None)
            yield gr.ChatMessage(content=f'<div class="rag-refusal">{html.escape(internal_error_text(language))}</div>')

    def vote(history: list[Any], data: gr.LikeData, request: gr.Request) -> None:
        try:
            service.admit(client_of(request))
        except Refused as exc:
            gr.Warning(str(exc))
            return
        liked = data.liked
        if liked in (True, "Like"):
            choice = "up"
        elif liked in (False, "Dislike"):
            choice = "down"
        else:
            return  # a vote taken back
        index = data.index if isinstance(data.index, int) else data.index[0]
        message = history[index] if 0 <= index < len(history) else {}
        uid = (message.get("metadata") or {}).get("id") if isinstance(message, dict) else None
        answer = service.recall(uid) if uid else None
        if answer is not None:
            question, text, citations = answer.question, answer.answer, list(answer.citations)
        else:  # e.g. after a server restart: keep what the page still shows
            earlier = [m for m in history[:index] if isinstance(m, dict) and m.get("role") == "user"]
            question = plain_text(earlier[-1]["content"]) if earlier else ""
            text, citations = plain_text(message.get("content") if isinstance(message, dict) else ""), []
        service.record_vote(choice, question, text, citations, origin="chat")
        gr.Info("Thanks, your vote was saved.", duration=3)

    def document_rows() -> list[list[Any]]:
        # The file name: a long path would be cut before it (the full path is in each answer's sources).
        return [[Path(d.source).name, d.title, d.language, d.chunks] for d in service.documents()]

    def add_documents(files: list[str] | None, token: str | None, request: gr.Request, progress: Any = gr.Progress()):  # noqa: B008 (Gradio injects it this way)
        try:
            service.authorise(token or None, client_of(request))
            service.admit(client_of(request))
        except Refused as exc:
            raise gr.Error(str(exc), title="Upload refused", print_exception=False) from None
        paths = [Path(f) for f in files or []]
        if not paths:
            raise gr.Error("Choose one or more files first.", title="Nothing to upload", print_exception=False)
        lines = []
        for n, path in enumerate(paths):
            name = path.name

            def report(stage: str, done: int, total: int, n: int = n, name: str = name) -> None:
                progress((n + done / max(total, 1)) / len(paths), desc=f"{name}: {stage} {done}/{total}")

            try:
                if not received_by_gradio(path):  # only files this page uploaded, never another server path
                    raise Refused(422, f"{name!r} was not uploaded through this page; refused")
                service.check_name(name)
                service.check_size(path.stat().st_size, name)
                result = service.add_document(name, path.read_bytes(), progress=report)
            except Refused as exc:
                lines.append(f"- ❌ {html.escape(str(exc))}")
                continue
            finally:
                forget_uploads(page, [path])
            doc = result.document
            lines.append(f"- ✅ {result.status} `{doc.source}` ({doc.language}, {doc.chunks} chunks)")
        return "\n".join(lines), document_rows(), None

    def load_report() -> tuple[str, str | None]:
        md, png = service.latest_report()
        if md is None:
            md = "No eval report yet: run it here or with `make eval`."
        return md, str(png) if png else None

    def run_eval(token: str | None, request: gr.Request, progress: Any = gr.Progress()):  # noqa: B008 (Gradio injects it this way)
        try:
            service.authorise(token or None, client_of(request))
            service.admit(client_of(request))
            service.run_eval(lambda stage, done, total: progress((done, total), desc=stage))
        except Refused as exc:
            raise gr.Error(str(exc), title="Eval not run", print_exception=False) from None
        return load_report()

    # Uploads not added to the index are deleted after RAG_GRADIO_UPLOAD_AGE seconds (checked every 5 minutes).
    delete_cache = (min(300, settings.gradio_upload_age), settings.gradio_upload_age)
    with gr.Blocks(title="polyglot-rag", fill_height=True, analytics_enabled=False, delete_cache=delete_cache) as page:
        gr.Markdown(t("intro"), elem_id="rag-header")
        with gr.Tabs():
            with gr.Tab(t("chat"), id="chat") as chat_tab:
                with gr.Row(equal_height=True, elem_id="rag-settings"):
                    top_k = gr.Slider(1, 20, value=settings.top_k, step=1, label=t("top_k"), elem_id="rag-top-k")
                    choices = [("Any language", "")] + [
                        (f"{LANGUAGE_NAMES.get(code, code)} ({code})", code) for code in settings.languages
                    ]
                    lang = gr.Dropdown(choices, value="", label=t("only_in"), elem_id="rag-lang")
                chatbot = gr.Chatbot(
                    elem_id="rag-chatbot",
                    label="Chat",
                    show_label=False,
                    height="60vh",
                    latex_delimiters=[],
                    buttons=["copy"],
                    feedback_options=("Like", "Dislike"),
                    placeholder=t("chat_placeholder"),
                    render=False,
                )
                textbox = as_plain_text(
                    gr.Textbox(
                        placeholder=t("ask"),
                        elem_id="rag-question",
                        submit_btn=True,
                        stop_btn=True,
                        render=False,
                    )
                )
                browser_lang = gr.Textbox(visible=False, elem_id="rag-browser-lang")
                conversation = gr.ChatInterface(
                    respond,
                    chatbot=chatbot,
                    textbox=textbox,
                    additional_inputs=[top_k, lang, browser_lang],
                    examples=[[question, None, None, None] for _, question in EXAMPLES],
                    example_labels=[f"{code} · {question}" for code, question in EXAMPLES],
                    concurrency_limit=settings.chat_concurrency,
                    fill_height=False,
                    api_name="chat",
                    save_history=True,  # conversations kept in the browser (localStorage), listed to reopen
                )
                conversation.new_chat_button.parent.elem_id = "rag-history"  # the saved-conversations column
                use_readable_titles(conversation)
                chatbot.like(vote, inputs=[chatbot], outputs=None, api_visibility="private")
            with gr.Tab(t("documents"), id="documents") as documents_tab:
                limit = f"{settings.max_upload_mb:g} MiB"
                note = {
                    "token": "Adding documents needs the admin token.",
                    "loopback": "Adding documents is open because the server only listens on this machine.",
                    "closed": "Adding documents is disabled: set RAG_ADMIN_TOKEN to enable it on a network address.",
                }[policy]
                gr.Markdown(f"Supported: {', '.join(suffixes)} · up to {limit} each. {note}")
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
                    headers=["Document", "Title", "Language", "Chunks"],
                    interactive=False,
                    column_widths=["250px", "620px", "110px", "90px"],  # fixed: a phone scrolls it sideways
                    max_chars=90,
                    elem_id="rag-documents",
                )
                from ui.documents_tab import build_remove, choices

                picked = build_remove(service, token, status, table, document_rows)
                add.click(
                    add_documents, [files, token], [status, table, files], concurrency_limit=1, api_visibility="private"
                ).then(lambda: gr.Dropdown(choices=choices(service)), None, picked, api_visibility="private")
            with gr.Tab(t("eval"), id="eval") as eval_tab:
                gr.Markdown(t("eval_note"))
                with gr.Row():
                    eval_token = gr.Textbox(label=t("token"), type="password", visible=policy == "token", scale=2)
                    run = gr.Button(t("run_eval"), interactive=policy != "closed", scale=1, elem_id="rag-run-eval")
                report_png = without_example_urls(
                    gr.Image(
                        label=t("chart"),
                        type="filepath",
                        interactive=False,
                        buttons=["download", "fullscreen"],
                        height=420,
                        elem_id="rag-report-chart",
                    )
                )
                report_md = gr.Markdown(max_height="70vh", elem_id="rag-report")
                run.click(
                    run_eval, [eval_token], [report_md, report_png], concurrency_limit=1, api_visibility="private"
                )
        page.load(None, None, browser_lang, js=BROWSER_LANGUAGE_JS)
        # Gradio does not re-render tab labels when the hook above switches its locale: name them from here.
        browser_lang.change(tab_labels, browser_lang, [chat_tab, documents_tab, eval_tab], api_visibility="private")
        page.load(
            lambda: (document_rows(), *load_report()), None, [table, report_md, report_png], api_visibility="private"
        )
    return page
