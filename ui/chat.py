"""The Chat tab of the page `rag serve` mounts at `/`: streamed answers with numbered sources, and votes on them.

Answers stream in; the final message adds numbered sources that the [n] markers link to (HTML from
`ui/render.py`). Every message is its own bubble (a reply to an empty question, which has no user bubble, is not
drawn inside the answer before it). The user's own message shows as typed, markup included (`shown_as_typed`).
`ChatHandlers` holds the tab's events over one `ui.service.Service` (keep an over-long question in the box with the
reason, answer a message, store a vote); `build_chat_tab` lays the tab out and wires them. It does not retrieve,
score or render answers itself.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable, Iterator
from typing import Any

import gradio as gr
from gradio.events import Dependency

from index.errors import UsageError
from rag.types import Answer, Citation, Query, Turn
from ui.history import add_rename, use_readable_titles
from ui.page_strings import page_message, refusal_words, request_language, t
from ui.refusals import browser_language, internal_error_text, refusal_text, reply_language, visible_text
from ui.render import LANGUAGE_NAMES, answer_html, streaming_html
from ui.service import Service
from ui.service_models import Refused

log = logging.getLogger("rag.chat")
EXAMPLES = [
    ("EN", "How many countries did the entries to the Kling AI contest come from?"),
    ("IT", "Qual era il montepremi del concorso?"),
    ("RU", "Какой фильм получил Гран-при конкурса?"),
]
_TAG = re.compile(r"<[^>]+>")
# What Markdown or HTML reads as markup: these characters anywhere, "_" not inside a word ("_x_", not "fs_passno"),
# and a line opening with a heading, list or rule mark ("# ", "- ", "1. ", "===").
_MARKUP = re.compile(r"[\\`*<>&~|\[\]]|(?<![^\W_])_|_(?![^\W_])")
_LINE_MARK = re.compile(r"^([ \t]*)([#=+\-]|\d+[.)])", re.MULTILINE)

# Page-load hook, in the browser: the reason Gradio's validator gives under the question box stays there until the
# question changes or is sent again. Gradio 6.31's page paints the reason onto the box's loading status alone, and at
# every status of any event repaints each loading status it tracks from its own table, which keeps no reason
# (`update_loading_stati_state` in templates/frontend/assets/Blocks-*.js, `LoadingStatusState.update` in
# statustracker-*.js): the box is in that table once it has been sent (an input of the submit the validator guards)
# or an event's output, so the page's load events still running, or a vote, wiped the reason. The table forgets an
# input that its event's validator refused until that event runs again (Gradio passes the refusal's
# `validation_error` to `update`); the box then keeps what the refusal painted and the reader's edit clears.
KEEP_REFUSAL_REASONS_JS = """async () => {
  const url = performance.getEntriesByType('resource').map((e) => e.name)
    .find((n) => /\\/assets\\/statustracker-[\\w-]+\\.js$/.test(n));
  const states = url && Object.values(await import(url)).map((v) => v && v.LoadingStatusState).find(Boolean);
  const update = states && states.prototype.update;
  if (!update || update.keepsRefusals) return;
  const keep = function (status) {
    update.call(this, status);
    const refused = this.ragRefused || (this.ragRefused = new Set());
    const inputs = (this.fn_inputs[status.fn_index] || []).map(String);
    if ('validation_error' in status) inputs.forEach((id) => refused.add(id));
    else if (status.status === 'pending') inputs.forEach((id) => refused.delete(id));
    refused.forEach((id) => delete this.current[id]);
  };
  keep.keepsRefusals = true;
  states.prototype.update = keep;
}"""


def client_of(request: gr.Request | None) -> str | None:
    return request.client.host if request is not None and request.client else None


def _reference(char: str) -> str:
    return f"&#{ord(char)};"


def shown_as_typed(text: str) -> str:
    """`text` with every character Markdown or HTML would read as markup (`_MARKUP`, `_LINE_MARK`) written as a
    character reference (`*` → `&#42;`): the chat renders it as typed, and `html.unescape` gives it back exactly.
    Gradio's copy button on the user's message copies those characters' references."""
    text = _MARKUP.sub(lambda m: _reference(m.group()), text)
    return _LINE_MARK.sub(lambda m: m.group(1) + m.group(2)[:-1] + _reference(m.group(2)[-1]), text)


def _typed(message: Any) -> str:
    """The text of a message as the user typed it (a string, or a multimodal {"text": ...})."""
    text = message.get("text") if isinstance(message, dict) else message
    return text if isinstance(text, str) else ""


class ChatInterface(gr.ChatInterface):
    """`gr.ChatInterface` whose user messages show as typed (`shown_as_typed`), and that shows no bubble for an empty
    (or spaces-only) question: the reply alone says there is no question yet. Every user message enters the chat
    through `_append_message_to_history` (a submit, before the answer and again with it; an example), bound when
    the interface is built, so a per-instance override would miss the first; undo and retry take it back through
    `_pop_last_user_message`. The handlers get the text as typed. The question box keeps its placeholder
    (`_setup_stop_events`). A Blocks subclass writes no .pyi stub here (Gradio's metaclass rewrites only its own
    BlocksEvents)."""

    def _append_message_to_history(self, message: Any, history: list[Any], role: Any = "user") -> list[Any]:
        if role == "user" and isinstance(message, (str, dict)):
            if not visible_text(_typed(message)):
                return list(history)
            shown = shown_as_typed(_typed(message))
            message = {**message, "text": shown} if isinstance(message, dict) else shown
        return super()._append_message_to_history(message, history, role)

    def _pop_last_user_message(self, history: list[Any]) -> tuple[list[Any], Any]:
        history, message = super()._pop_last_user_message(history)
        return history, html.unescape(message) if isinstance(message, str) else message

    def _setup_stop_events(
        self, event_triggers: list[Callable[..., Any]], events_to_cancel: list[Dependency], after_success: Dependency
    ) -> None:
        """Also gives the question box its placeholder back after each answer to a question or a retry: Gradio
        blanks it while the answer streams (`placeholder=""`) and never sets it again. It goes back as built
        (`I18nData`, which the browser words in the page's language)."""
        super()._setup_stop_events(event_triggers, events_to_cancel, after_success)
        for event in events_to_cancel:
            event.then(
                lambda: gr.Textbox(placeholder=self.textbox.placeholder),
                None,
                [self.textbox],
                api_visibility="private",
                queue=False,
                show_progress="hidden",
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


def history_turns(history: list[Any]) -> list[Turn]:
    turns = []
    for message in history or []:
        role = message.get("role") if isinstance(message, dict) else getattr(message, "role", None)
        content = message.get("content") if isinstance(message, dict) else getattr(message, "content", "")
        text = plain_text(content)
        if role in ("user", "assistant") and text:
            turns.append(Turn(role, text))
    return turns


def refusal_message(text: str) -> gr.ChatMessage:
    return gr.ChatMessage(content=f'<div class="rag-refusal">{html.escape(text)}</div>')


def vote_choice(liked: Any) -> str | None:
    """ "up", "down", or None for a vote taken back."""
    if liked in (True, "Like"):
        return "up"
    if liked in (False, "Dislike"):
        return "down"
    return None


def voted_answer(service: Service, history: list[Any], index: int) -> tuple[str, str, list[Citation]]:
    """(question, answer, citations) of the message voted on: the remembered Answer, else what the page shows."""
    message = history[index] if 0 <= index < len(history) else {}
    uid = (message.get("metadata") or {}).get("id") if isinstance(message, dict) else None
    answer = service.recall(uid) if uid else None
    if answer is not None:
        return answer.question, answer.answer, list(answer.citations)
    # e.g. after a server restart: keep what the page still shows. The question is the user message right before
    # it: a reply with none before it (to an empty question) answered no question, not the one before.
    before = history[index - 1] if 0 < index < len(history) else {}
    asked = isinstance(before, dict) and before.get("role") == "user"
    question = plain_text(before["content"]) if asked else ""
    return question, plain_text(message.get("content") if isinstance(message, dict) else ""), []


class ChatHandlers:
    """The Chat tab's events over one `Service` (bound methods: Gradio reads their signatures and type hints)."""

    def __init__(self, service: Service) -> None:
        self.service = service

    def respond(
        self,
        message: Any,
        history: list[Any],
        top_k: float | None,
        lang: str | None,
        browser: str | None = None,
        request: gr.Request | None = None,
    ) -> Iterator[Any]:
        """Streams the answer to `message`; a refusal is a reply (gr.Error would lock the input until a reload)."""
        service = self.service
        try:
            service.admit(client_of(request))  # the same per-client limit as /api/ask
        except Refused as exc:  # worded in the page's language (`browser` is the hidden page-language input)
            yield refusal_words(exc, browser)
            return
        question = _typed(message) if isinstance(message, (str, dict)) else plain_text(message)
        reader = browser_language(browser)  # the page's language: a question too short to tell its own is in it
        k = int(top_k) if top_k else None
        query = Query(question, top_k=k, lang=lang or None, history=history_turns(history), reader=reader)
        text = ""
        try:
            for piece in service.engine.stream(query):
                if isinstance(piece, Answer):
                    uid = service.remember(piece)
                    yield gr.ChatMessage(content=answer_html(piece, f"a{uid}"), metadata={"id": uid})
                else:
                    text += piece
                    yield streaming_html(text)
        except UsageError as exc:  # the question cannot be used (QuestionError)
            language = reply_language(question, browser, service.engine.detect_language)
            yield refusal_message(refusal_text(question, str(exc), service.rag.max_question_chars, language))
        except Exception:
            log.exception("answering failed")
            yield refusal_message(internal_error_text(reply_language(question, browser, None)))

    def admissible(self, message: Any, request: gr.Request | None = None) -> Any:
        """Gradio's validator, run before the question is sent: an over-long one stays in the input box with the
        reason under it, so the user can shorten it; it gets no bubble and names no conversation. The reason is in
        the question's language, else the page's (its `rag_lang` cookie, else Accept-Language: the validator sees
        only the textbox)."""
        question = _typed(message)
        limit = self.service.rag.max_question_chars
        if len(visible_text(question)) <= limit:
            return gr.validate(True, "")
        page = request_language(dict(request.cookies), request.headers.get("accept-language")) if request else None
        language = reply_language(question, page, self.service.engine.detect_language)
        return gr.validate(False, refusal_text(question, "", limit, language))

    def vote(self, history: list[Any], lang: str | None, data: gr.LikeData, request: gr.Request) -> None:
        """Stores a vote on an answer; `lang` is the page's language (the hidden browser-language input)."""
        try:
            self.service.admit(client_of(request))
        except Refused as exc:
            gr.Warning(refusal_words(exc, lang))
            return
        choice = vote_choice(data.liked)
        if choice is None:
            return  # a vote taken back
        index = data.index if isinstance(data.index, int) else data.index[0]
        question, text, citations = voted_answer(self.service, history, index)
        self.service.record_vote(choice, question, text, citations, origin="chat")  # type: ignore[arg-type]
        gr.Info(page_message(lang, "vote_saved"), duration=3)


def build_chat_tab(service: Service) -> tuple[gr.Tab, gr.Textbox, list[Any]]:
    """Renders the Chat tab inside the page's `gr.Tabs`; returns it, the hidden browser-language input, and the
    events that replace the conversation on screen (the chat cleared, which deletes it from the saved ones; New
    chat; a saved one reopened)."""
    handlers = ChatHandlers(service)
    with gr.Tab(t("chat"), id="chat") as tab:
        with gr.Row(equal_height=True, elem_id="rag-settings"):
            top_k = gr.Slider(1, 20, value=service.rag.top_k, step=1, label=t("top_k"), elem_id="rag-top-k")
            choices = [(str(t("any_language")), "")] + [
                (f"{LANGUAGE_NAMES.get(code, code)} ({code})", code) for code in service.index.languages
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
            # a reply with no user bubble before it (to an empty question) is its own bubble, not the answer's
            group_consecutive_messages=False,
            placeholder=t("chat_placeholder"),  # type: ignore[arg-type]  # Gradio translates I18nData in place
            render=False,
        )
        textbox = gr.Textbox(
            placeholder=t("ask"), label=t("ask"), elem_id="rag-question", submit_btn=True, stop_btn=True, render=False
        )
        browser_lang = gr.Textbox(visible=False, elem_id="rag-browser-lang")
        conversation = ChatInterface(
            handlers.respond,
            chatbot=chatbot,
            textbox=textbox,
            additional_inputs=[top_k, lang, browser_lang],
            examples=[[question, None, None, None] for _, question in EXAMPLES],
            example_labels=[f"{code} · {question}" for code, question in EXAMPLES],
            concurrency_limit=service.serve.chat_concurrency,
            fill_height=False,
            api_name="chat",
            save_history=True,  # conversations kept in the browser (localStorage), listed to reopen and delete
            validator=handlers.admissible,
        )
        history_column = conversation.new_chat_button.parent
        assert history_column is not None  # save_history=True: the saved-conversations column
        history_column.elem_id = "rag-history"
        chat_column = chatbot.parent  # the chat and its question box, beside the list (`ui/layout.py`)
        assert chat_column is not None
        chat_column.elem_id = "rag-chat-column"
        conversation.new_chat_button.elem_id = "rag-new-chat"
        use_readable_titles(conversation)
        add_rename(conversation, history_column)
        chatbot.like(handlers.vote, inputs=[chatbot, browser_lang], outputs=None, api_visibility="private")
        changes = [chatbot.clear, conversation.new_chat_button.click, conversation.chat_history_dataset.click]
    return tab, browser_lang, changes
