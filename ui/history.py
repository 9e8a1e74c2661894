"""Saved conversations (Gradio's ChatInterface `save_history`, kept in the browser's localStorage): their titles.

Gradio titles a conversation by its first user message and, when that is empty, shows a raw translation key.
Here the title is the first non-empty question, as the user typed it (our textbox escapes HTML on the way in).
It stores nothing itself.
"""

from __future__ import annotations

import html
from typing import Any

TITLE_CHARS = 40
UNTITLED = "Conversation"


def conversation_title(conversation: list[dict[str, Any]]) -> str:
    for message in conversation or []:
        if message.get("role") != "user":
            continue
        content = message.get("content")
        parts = content if isinstance(content, list) else [content]
        for part in parts:
            text = part.get("text") if isinstance(part, dict) else part
            text = " ".join(html.unescape(text).split()) if isinstance(text, str) else ""
            if text:
                return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"
    return UNTITLED


def use_readable_titles(chat_interface: Any) -> Any:
    """Per instance: a subclass of ChatInterface would make Gradio write a .pyi stub next to this module."""
    chat_interface._generate_chat_title = conversation_title
    return chat_interface
