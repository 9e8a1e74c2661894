"""The chat page's own strings in English, Italian and Russian, as a Gradio `I18n` table.

Gradio picks the browser's language (its Settings panel, linked in the page footer, switches it); keys a
language lacks fall back to English. Gradio 6.31 ships no Italian table of its own, so it never picks `it` by
itself: `FOLLOW_BROWSER_LANGUAGE_JS` (run on page load) switches to a language of ours that Gradio passed over,
through the `changeLocale` its Settings panel uses, and `tab_labels` names the tabs from the server (Gradio does
not re-render them). Only fixed labels live here: answers and refusal replies are worded in `ui/render.py` and
`ui/refusals.py`.
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
        "rename_label": "Rename this conversation…", "rename": "Rename", "renamed": "Renamed.",
        "rename_none": "Start or open a conversation first: there is nothing to rename yet.",
        "rename_empty": "Type a name first; nothing was changed.",
        "rename_long": "A name has at most 80 characters; nothing was changed.",
        "doc_hint": "Open a source's title in an answer to read the whole document here, its cited sentence marked.",
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
        "rename_label": "Rinomina questa conversazione…", "rename": "Rinomina", "renamed": "Rinominata.",
        "rename_none": "Prima inizia o apri una conversazione: non c'è ancora niente da rinominare.",
        "rename_empty": "Scrivi prima un nome; non è cambiato niente.",
        "rename_long": "Un nome ha al massimo 80 caratteri; non è cambiato niente.",
        "doc_hint": "Apri il titolo di una fonte in una risposta per leggere qui l'intero documento, con la frase "
        "citata evidenziata.",
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
        "rename_label": "Переименовать этот разговор…", "rename": "Переименовать", "renamed": "Переименовано.",
        "rename_none": "Сначала начните или откройте разговор: переименовывать пока нечего.",
        "rename_empty": "Сначала введите название; ничего не изменилось.",
        "rename_long": "Название — не длиннее 80 символов; ничего не изменилось.",
        "doc_hint": "Нажмите на название источника в ответе, чтобы прочитать здесь весь документ с выделенной "
        "цитатой.",
    },
}  # fmt: skip

I18N = gr.I18n(**STRINGS)


def t(key: str) -> gr.i18n.I18nData:
    if key not in STRINGS["en"]:
        raise KeyError(f"no page string {key!r}")
    return I18N(key)


def tab_labels(browser_languages: str | None) -> tuple[gr.Tab, gr.Tab, gr.Tab]:
    """The three tabs named in the first of en/it/ru the browser lists (English otherwise)."""
    from ui.refusals import browser_language

    words = STRINGS[browser_language(browser_languages) or "en"]
    return gr.Tab(label=words["chat"]), gr.Tab(label=words["documents"]), gr.Tab(label=words["eval"])


# Page-load hook: returns the browser's languages (the chat uses them to word refusals) and, when the browser
# prefers it or ru but Gradio chose another locale, switches Gradio to it.
FOLLOW_BROWSER_LANGUAGE_JS = """async () => {
  const langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  const want = langs.map((l) => String(l).slice(0, 2).toLowerCase()).find((l) => ['en', 'it', 'ru'].includes(l));
  if (want && document.documentElement.lang.slice(0, 2) !== want) {
    const core = performance.getEntriesByType('resource').map((e) => e.name)
      .find((n) => /\\/assets\\/core-[\\w-]+\\.js$/.test(n));
    if (core) {
      try { const m = await import(core); if (m.changeLocale) m.changeLocale(want); } catch (e) { /* keep Gradio's */ }
    }
  }
  return langs.join(',');
}"""
