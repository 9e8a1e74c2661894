"""Saved conversations (Gradio's ChatInterface `save_history`, kept in the browser's localStorage): titles and
renaming.

Gradio 6.31 lists past conversations to reopen (a click on one), delete (the chat's trash button) and start anew
(**New chat**), titled by the first user message; it has no rename. Here:
- the automatic title is the first non-empty question as the user typed it (`ui/chat.py` stores it with markup
  characters as HTML character references; Gradio shows a raw translation key for an empty one);
- `add_rename` adds a name box under the list that renames the open conversation. Names live in a second
  `gr.BrowserState` (localStorage, like the conversations), keyed by the conversation's first question and first
  answer (its id), which do not change as the conversation grows or moves down the list; the list is re-titled
  from both states whenever either changes. A bad name (empty, too long, nothing open) is one message under the
  box and nothing is changed.
It stores nothing on the server and does not answer anything.
"""

from __future__ import annotations

import html
import unicodedata
from typing import Any

import gradio as gr

from ui.page_strings import t

TITLE_CHARS = 40
NAME_CHARS = 80
UNTITLED = "Conversation"


def _text(content: Any) -> str:
    parts = content if isinstance(content, list) else [content]
    texts = [part.get("text") if isinstance(part, dict) else part for part in parts]
    return " ".join(html.unescape(text) for text in texts if isinstance(text, str)).strip()


def conversation_title(conversation: list[dict[str, Any]]) -> str:
    for message in conversation or []:
        if message.get("role") != "user":
            continue
        text = " ".join(_text(message.get("content")).split())
        if text:
            return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"
    return UNTITLED


def conversation_key(conversation: list[dict[str, Any]]) -> str | None:
    """What names a saved conversation for good: its first question and its first answer's id (or text)."""
    question = next((m for m in conversation or [] if m.get("role") == "user"), None)
    answer = next((m for m in conversation or [] if m.get("role") == "assistant"), None)
    if question is None or answer is None:
        return None
    answer_id = (answer.get("metadata") or {}).get("id")
    return f"{_text(question.get('content'))}\x00{answer_id or _text(answer.get('content'))}"


def use_readable_titles(chat_interface: Any) -> Any:
    """Per instance: a subclass of ChatInterface would make Gradio write a .pyi stub next to this module."""
    chat_interface._generate_chat_title = conversation_title
    return chat_interface


def titled_list(conversations: list[list[dict[str, Any]]] | None, names: dict[str, str] | None) -> gr.Dataset:
    """The saved-conversations list (as Gradio builds it: empty conversations left out), renamed ones by name."""
    names = names or {}
    samples = [[names.get(conversation_key(c) or "", conversation_title(c))] for c in conversations or [] if c]
    return gr.Dataset(samples=samples)


def rename(
    index: int | None, conversations: list[list[dict[str, Any]]] | None, names: dict[str, str] | None, name: str | None
) -> tuple[dict[str, str], str, Any]:
    """(names, the box's new text, the note under it): the open conversation renamed, or a refusal changing
    nothing. Names of conversations no longer saved are dropped."""
    names = dict(names or {})
    wanted = " ".join((name or "").split())
    saved = conversations or []
    key = conversation_key(saved[index]) if index is not None and 0 <= index < len(saved) else None
    if key is None:
        return names, name or "", t("rename_none")
    if not any(not unicodedata.category(ch).startswith(("Z", "C")) for ch in wanted):  # nothing visible
        return names, name or "", t("rename_empty")
    if len(wanted) > NAME_CHARS:
        return names, name or "", t("rename_long")
    alive = {conversation_key(c) for c in saved}
    names = {k: v for k, v in names.items() if k in alive}
    names[key] = wanted
    return names, "", t("renamed")


def add_rename(conversation: Any, column: Any) -> None:
    """Adds the name box under the saved-conversations list in `column` and keeps the list's titles current."""
    names = gr.BrowserState({}, storage_key="rag_conversation_names")
    with column:
        with gr.Row(elem_id="rag-rename"):
            box = gr.Textbox(
                label=t("rename_label"),
                placeholder=t("rename_label"),
                show_label=False,
                max_lines=1,
                elem_id="rag-rename-box",
                scale=3,
            )
            button = gr.Button(t("rename"), size="sm", elem_id="rag-rename-button", scale=1)
        note = gr.Markdown("", elem_id="rag-rename-note")
    inputs = [conversation.conversation_id, conversation.saved_conversations, names, box]
    for trigger in (button.click, box.submit):
        trigger(rename, inputs, [names, box, note], queue=False, api_visibility="private")
    gr.on(
        [names.change, conversation.saved_conversations.change, conversation.load],
        titled_list,
        [conversation.saved_conversations, names],
        [conversation.chat_history_dataset],
        queue=False,
        api_visibility="private",
        show_progress="hidden",
    )
