"""The chat page's own strings in English, Italian and Russian, as a Gradio `I18n` table, and its language switch.

The page follows the browser's language: `FOLLOW_BROWSER_LANGUAGE_JS` (on load) picks the language chosen before
with the switch in the header, else the first of en/it/ru the browser lists, and the switch's change applies it
through the `changeLocale` of Gradio's Settings panel (Gradio 6.31 has no Italian table, so it never picks `it`
itself; the Italian table also carries Gradio's own strings, `ui/gradio_it.py`). Choosing another language
reloads the page in it. `switch_language` names the tabs from the server (Gradio does not re-render them). Keys
a language lacks fall back to English. Only fixed labels live here: answers and refusal replies are worded in
`ui/render.py` and `ui/refusals.py`.
"""

from __future__ import annotations

import gradio as gr

from ui.gradio_it import GRADIO_IT
from ui.gradio_labels import GRADIO_KEYS

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "intro": "## polyglot-rag\nAsk in any language; answers quote the documents with numbered sources.",
        "chat": "Chat", "documents": "Documents", "eval": "Eval",
        "top_k": "Passages to retrieve (top-k)", "only_in": "Only documents in",
        "chat_placeholder": "Ask about your documents in English, Italian, Russian or another language.",
        "ask": "Ask a question…", "token": "Admin token", "files": "Documents", "add": "Add to the index",
        "remove_pick": "Remove a document from the index", "remove": "Remove",
        "eval_note": "The latest eval report of this index (`<data dir>/reports/latest`).",
        "no_report": "No eval report yet: run it here or with `make eval`.",
        "run_eval": "Run the eval", "chart": "Chart", "page_language": "Page language", "any_language": "Any language",
        "col_document": "Document", "col_title": "Title", "col_language": "Language", "col_chunks": "Chunks",
        "supported": "Supported:",
        "policy_token": "Adding documents needs the admin token.",
        "policy_loopback": "Adding documents is open because the server only listens on this machine.",
        "policy_closed": "Adding documents is disabled: set RAG_ADMIN_TOKEN to enable it on a network address.",
        "vote_saved": "Thanks, your vote was saved.",
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
        "no_report": "Ancora nessun rapporto di valutazione: eseguila qui o con `make eval`.",
        "run_eval": "Esegui la valutazione", "chart": "Grafico", "page_language": "Lingua della pagina",
        "any_language": "Qualsiasi lingua", "col_document": "Documento", "col_title": "Titolo",
        "col_language": "Lingua", "col_chunks": "Frammenti",
        "supported": "Formati supportati:",
        "policy_token": "Per aggiungere documenti serve il token di amministrazione.",
        "policy_loopback": "Aggiungere documenti è permesso perché il server ascolta solo su questa macchina.",
        "policy_closed": "Aggiungere documenti è disattivato: imposta RAG_ADMIN_TOKEN per permetterlo su un "
        "indirizzo di rete.",
        "vote_saved": "Grazie, il tuo voto è stato salvato.",
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
        "no_report": "Отчёта об оценке пока нет: запустите её здесь или командой `make eval`.",
        "run_eval": "Запустить оценку", "chart": "График", "page_language": "Язык страницы",
        "any_language": "Любой язык", "col_document": "Документ", "col_title": "Заголовок", "col_language": "Язык",
        "col_chunks": "Фрагменты",
        "supported": "Поддерживаются:",
        "policy_token": "Чтобы добавлять документы, нужен токен администратора.",
        "policy_loopback": "Добавлять документы можно, потому что сервер слушает только эту машину.",
        "policy_closed": "Добавление документов отключено: задайте RAG_ADMIN_TOKEN, чтобы включить его на сетевом "
        "адресе.",
        "vote_saved": "Спасибо, ваш голос сохранён.",
        "rename_label": "Переименовать этот разговор…", "rename": "Переименовать", "renamed": "Переименовано.",
        "rename_none": "Сначала начните или откройте разговор: переименовывать пока нечего.",
        "rename_empty": "Сначала введите название; ничего не изменилось.",
        "rename_long": "Название — не длиннее 80 символов; ничего не изменилось.",
        "doc_hint": "Нажмите на название источника в ответе, чтобы прочитать здесь весь документ с выделенной "
        "цитатой.",
    },
}  # fmt: skip

# Italian also carries Gradio's own strings (Gradio has no Italian table; see ui/gradio_it.py), and every language
# the keys Gradio's tables lack (ui/gradio_labels.py).
I18N = gr.I18n(
    en={**GRADIO_KEYS["en"], **STRINGS["en"]},
    it={**GRADIO_IT, **GRADIO_KEYS["it"], **STRINGS["it"]},
    ru={**GRADIO_KEYS["ru"], **STRINGS["ru"]},
)
LANGUAGE_CHOICES = [("English", "en"), ("Italiano", "it"), ("Русский", "ru")]


def t(key: str) -> gr.i18n.I18nData:
    if key not in STRINGS["en"]:
        raise KeyError(f"no page string {key!r}")
    return I18N(key)


def words(lang: str | None) -> dict[str, str]:
    """The page's strings in `lang` (en/it/ru), for text the server formats itself; English otherwise."""
    return STRINGS.get(lang or "en", STRINGS["en"])


def switch_language(lang: str | None) -> tuple[gr.Tab, gr.Tab, gr.Tab, str]:
    """After the language switch: the three tabs named in `lang` (Gradio does not re-render tab labels when its
    locale changes), and `lang` as the chat's browser language, so refusals follow the switch too."""
    chosen = lang if lang in STRINGS else "en"
    named = STRINGS[chosen]
    return gr.Tab(label=named["chat"]), gr.Tab(label=named["documents"]), gr.Tab(label=named["eval"]), chosen


# Page-load hook: the browser's languages (the chat words refusals with them) and the page's language: the one
# chosen with the switch before (localStorage), else the first of en/it/ru the browser lists; it sets the switch,
# whose change then applies it. A browser listing none of them (e.g. German) gets the English page, Gradio's
# strings included, rather than a mix. ui/gradio_labels.py picks the language by the same rule (before Gradio renders).
FOLLOW_BROWSER_LANGUAGE_JS = """() => {
  const langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  let stored = null;
  try { stored = localStorage.getItem('rag-page-lang'); } catch (e) { /* storage off */ }
  const want = ['en', 'it', 'ru'].includes(stored) ? stored
    : langs.map((l) => String(l).slice(0, 2).toLowerCase()).find((l) => ['en', 'it', 'ru'].includes(l));
  window.ragPageLang = want || 'en';
  return [langs.join(','), want || 'en'];
}"""

# The switch's change. The language the page loaded with is applied through the `changeLocale` of Gradio's
# Settings panel (which lists no Italian: Gradio has no Italian table of its own). Another one is kept in
# localStorage and the page reloads in it: Gradio does not re-render every component already shown (the upload
# area keeps its words), and the saved conversations are in localStorage anyway.
SWITCH_LANGUAGE_JS = """async (lang) => {
  if (!lang) return lang;
  if (window.ragPageLang !== lang) {
    try { localStorage.setItem('rag-page-lang', lang); } catch (e) { /* storage off: this visit only */ }
    window.ragPageLang = lang;
    location.reload();
    return lang;
  }
  const core = performance.getEntriesByType('resource').map((e) => e.name)
    .find((n) => /\\/assets\\/core-[\\w-]+\\.js$/.test(n));
  if (core) {
    try { const m = await import(core); if (m.changeLocale) m.changeLocale(lang); } catch (e) { /* keep Gradio's */ }
  }
  return lang;
}"""
