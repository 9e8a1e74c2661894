"""The chat page's own strings in English, Italian and Russian, as a Gradio `I18n` table.

Gradio picks the browser's language (and its Settings panel, linked in the page footer, switches it); keys a
language lacks fall back to English. Gradio 6.31 matches the locale exactly: a browser reporting
`it` or `ru` gets its table, one reporting a regional tag Gradio does not know (e.g. `it-IT`) gets English until
the language is picked in Settings. Only fixed labels live here: answers, documents and refusal replies are
worded elsewhere (`ui/render.py`, `ui/refusals.py`).
"""

from __future__ import annotations

import gradio as gr

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "intro": "## polyglot-rag\nAsk in any language; answers quote the documents with numbered sources.",
        "chat": "Chat", "documents": "Documents", "eval": "Eval",
        "top_k": "Passages to retrieve (top-k)", "only_in": "Only documents in",
        "chat_placeholder": "Ask about your documents in English, Italian, Russian or another language.",
        "ask": "Ask a question…", "token": "Admin token", "files": "Documents", "add": "Add to the index",
        "remove_pick": "Remove a document from the index", "remove": "Remove",
        "eval_note": "The latest eval report of this index (`<data dir>/reports/latest`).",
        "run_eval": "Run the eval", "chart": "Chart",
    },
    "it": {
        "intro": "## polyglot-rag\nChiedi in qualsiasi lingua; le risposte citano i documenti con fonti numerate.",
        "chat": "Chat", "documents": "Documenti", "eval": "Valutazione",
        "top_k": "Passaggi da recuperare (top-k)", "only_in": "Solo documenti in",
        "chat_placeholder": "Chiedi dei tuoi documenti in italiano, inglese, russo o un'altra lingua.",
        "ask": "Fai una domanda…", "token": "Token di amministrazione", "files": "Documenti",
        "add": "Aggiungi all'indice", "remove_pick": "Rimuovi un documento dall'indice", "remove": "Rimuovi",
        "eval_note": "L'ultimo rapporto di valutazione di questo indice (`<data dir>/reports/latest`).",
        "run_eval": "Esegui la valutazione", "chart": "Grafico",
    },
    "ru": {
        "intro": "## polyglot-rag\nСпрашивайте на любом языке; ответы цитируют документы с нумерованными источниками.",
        "chat": "Чат", "documents": "Документы", "eval": "Оценка",
        "top_k": "Сколько фрагментов искать (top-k)", "only_in": "Только документы на языке",
        "chat_placeholder": "Спросите о своих документах по-русски, по-английски, по-итальянски или на другом языке.",
        "ask": "Задайте вопрос…", "token": "Токен администратора", "files": "Документы",
        "add": "Добавить в индекс", "remove_pick": "Удалить документ из индекса", "remove": "Удалить",
        "eval_note": "Последний отчёт об оценке этого индекса (`<data dir>/reports/latest`).",
        "run_eval": "Запустить оценку", "chart": "График",
    },
}  # fmt: skip

I18N = gr.I18n(**STRINGS)


def t(key: str) -> gr.i18n.I18nData:
    if key not in STRINGS["en"]:
        raise KeyError(f"no page string {key!r}")
    return I18N(key)
