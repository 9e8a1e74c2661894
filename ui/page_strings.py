"""The chat page's own strings in English, Italian and Russian, as a Gradio `I18n` table, and its language switch.

The page follows the browser's language: `FOLLOW_BROWSER_LANGUAGE_JS` (on load) picks the language chosen before
with the switch in the header, else the first of en/it/ru the browser lists, and the switch's change applies it
through the `changeLocale` of Gradio's Settings panel (Gradio 6.31 has no Italian table, so it never picks `it`
itself; the Italian table also carries Gradio's own strings, `ui/gradio_it.py`). Choosing another language
reloads the page in it. `switch_language` names the tabs from the server (Gradio does not re-render them). Keys
a language lacks fall back to English. The same table words the messages the page's handlers return (upload and
removal status, refusals, the index's reasons and progress stages of `ui/page_reasons.py`: `page_message`,
`refusal_words`, `stage_words`, `chunks`; why a file is not indexed: `skip_reason_words`), in the language of the
hidden page-language input, or for a request outside an event (an upload, a queued event) in the language the
`rag_lang` cookie names (`request_language`); the API keeps its English JSON. Answers and refused questions are
worded in `ui/render.py` and `ui/refusals.py`.
"""

from __future__ import annotations

import gradio as gr

from index.errors import RagError, UnavailableError
from index.readers.reasons import Reason
from ui.gradio_it import GRADIO_IT
from ui.gradio_labels import GRADIO_KEYS
from ui.page_reasons import REASONS, SKIP_REASONS, STAGES
from ui.refusals import browser_language

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
        # messages the server words itself (formatted by `page_message`, `refusal_words`, `chunks`)
        "upload_added": "✅ added `{source}` ({language}, {chunks})", "upload_updated": "✅ updated `{source}` "
        "({language}, {chunks})", "upload_unchanged": "✅ unchanged `{source}` ({language}, {chunks})",
        "upload_refused": "Upload refused", "nothing_to_upload": "Nothing to upload",
        "choose_files": "Choose one or more files first.", "eval_not_run": "Eval not run",
        "choose_removal": "Choose a document to remove first.",
        "removed": "🗑️ removed `{source}` ({chunks}); {documents} left",
        "chunks_one": "{n} chunk", "chunks_few": "{n} chunks", "chunks_many": "{n} chunks",
        "refused_rate": "Too many questions from your address; try again in {seconds} s.",
        "refused_tokens": "Too many wrong admin tokens; try again in {seconds} s.",
        "refused_no_token": "This needs the admin token: type it in the admin token field.",
        "refused_wrong_token": "Wrong admin token.",
        "refused_closed": "Adding documents is disabled: the server listens on a network address and "
        "RAG_ADMIN_TOKEN is not set.",
        "refused_type": "{name}: unsupported file type {suffix}; supported: {allowed}.",
        "refused_size": "{name} is {size} MiB; the upload limit is {limit} MiB.", "refused_empty": "{name} is empty.",
        "refused_name": "Invalid file name {name}.", "refused_unreadable": "{name} cannot be indexed: {reason}",
        "refused_not_uploaded": "{name} was not uploaded through this page; refused.",
        "refused_eval_running": "An eval is already running.",
        "refused_no_source": "No document named: open a source from an answer.",
        "refused_unknown": "{source} is not in the index (removed meanwhile?).",
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
        "upload_added": "✅ aggiunto `{source}` ({language}, {chunks})", "upload_updated": "✅ aggiornato "
        "`{source}` ({language}, {chunks})", "upload_unchanged": "✅ invariato `{source}` ({language}, {chunks})",
        "upload_refused": "Caricamento rifiutato", "nothing_to_upload": "Niente da caricare",
        "choose_files": "Scegli prima uno o più file.", "eval_not_run": "Valutazione non eseguita",
        "choose_removal": "Scegli prima un documento da rimuovere.",
        "removed": "🗑️ rimosso `{source}` ({chunks}); documenti rimasti: {documents}",
        "chunks_one": "{n} frammento", "chunks_few": "{n} frammenti", "chunks_many": "{n} frammenti",
        "refused_rate": "Troppe domande dal tuo indirizzo; riprova tra {seconds} s.",
        "refused_tokens": "Troppi token di amministrazione sbagliati; riprova tra {seconds} s.",
        "refused_no_token": "Serve il token di amministrazione: scrivilo nel campo del token.",
        "refused_wrong_token": "Token di amministrazione sbagliato.",
        "refused_closed": "Aggiungere documenti è disattivato: il server ascolta su un indirizzo di rete e "
        "RAG_ADMIN_TOKEN non è impostato.",
        "refused_type": "{name}: tipo di file {suffix} non supportato; supportati: {allowed}.",
        "refused_size": "{name} pesa {size} MiB; il limite di caricamento è {limit} MiB.",
        "refused_empty": "{name} è vuoto.", "refused_name": "Nome di file non valido: {name}.",
        "refused_unreadable": "{name} non può essere indicizzato: {reason}",
        "refused_not_uploaded": "{name} non è stato caricato tramite questa pagina; rifiutato.",
        "refused_eval_running": "Una valutazione è già in corso.",
        "refused_no_source": "Nessun documento indicato: apri una fonte da una risposta.",
        "refused_unknown": "{source} non è nell'indice (rimosso nel frattempo?).",
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
        "upload_added": "✅ добавлен `{source}` ({language}, {chunks})", "upload_updated": "✅ обновлён "
        "`{source}` ({language}, {chunks})", "upload_unchanged": "✅ без изменений `{source}` ({language}, {chunks})",
        "upload_refused": "Загрузка отклонена", "nothing_to_upload": "Нечего загружать",
        "choose_files": "Сначала выберите один или несколько файлов.", "eval_not_run": "Оценка не запущена",
        "choose_removal": "Сначала выберите документ для удаления.",
        "removed": "🗑️ удалён `{source}` ({chunks}); осталось документов: {documents}",
        "chunks_one": "{n} фрагмент", "chunks_few": "{n} фрагмента", "chunks_many": "{n} фрагментов",
        "refused_rate": "Слишком много вопросов с вашего адреса; попробуйте снова через {seconds} с.",
        "refused_tokens": "Слишком много неверных токенов администратора; попробуйте снова через {seconds} с.",
        "refused_no_token": "Нужен токен администратора: введите его в поле токена.",
        "refused_wrong_token": "Неверный токен администратора.",
        "refused_closed": "Добавление документов отключено: сервер слушает сетевой адрес, а RAG_ADMIN_TOKEN не "
        "задан.",
        "refused_type": "{name}: тип файла {suffix} не поддерживается; поддерживаются: {allowed}.",
        "refused_size": "{name} весит {size} МиБ; предел загрузки — {limit} МиБ.",
        "refused_empty": "{name} пуст.", "refused_name": "Недопустимое имя файла: {name}.",
        "refused_unreadable": "{name} нельзя проиндексировать: {reason}",
        "refused_not_uploaded": "{name} загружен не через эту страницу; отклонено.",
        "refused_eval_running": "Оценка уже идёт.",
        "refused_no_source": "Документ не указан: откройте источник из ответа.",
        "refused_unknown": "{source} нет в индексе (удалён тем временем?).",
    },
}  # fmt: skip
for _lang, _reasons in REASONS.items():
    STRINGS[_lang].update(_reasons)
LANG_COOKIE = "rag_lang"  # the page's language, for requests outside its events (set by FOLLOW_BROWSER_LANGUAGE_JS)

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


def page_language(value: str | None) -> str:
    """The page's language from the hidden page-language input (`it`, or the browser's list `it-IT,it,en` before
    the switch sets it): the first of en/it/ru it names, else English (the rule of `FOLLOW_BROWSER_LANGUAGE_JS`)."""
    return browser_language(value, among=tuple(STRINGS)) or "en"


def page_message(lang: str | None, key: str, **params: object) -> str:
    """The server-worded message `key` in the page's language `lang` (English for another language)."""
    return words(page_language(lang))[key].format(**params)


def count(lang: str | None, n: int, noun: str = "chunks") -> str:
    """`1 chunk`, `2 frammenti`, `5 фрагментов`: the count of `noun` (`chunks`, `requests`: keys `<noun>_one`,
    `_few`, `_many`) with the plural form its language needs."""
    if page_language(lang) != "ru":
        return page_message(lang, f"{noun}_one" if n == 1 else f"{noun}_many", n=n)
    one, few = n % 10 == 1 and n % 100 != 11, n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14)
    return page_message(lang, f"{noun}_one" if one else f"{noun}_few" if few else f"{noun}_many", n=n)


def chunks(lang: str | None, n: int) -> str:
    return count(lang, n, "chunks")


def refusal_words(exc: BaseException, lang: str | None, source: str = "") -> str:
    """A refusal (`Refused`, or any `RagError` of the index) worded in the page's language: by its `key`, else an
    unknown document, else the index's English reason inside a sentence in the page's language; a `Refused`
    without a key keeps the server's English reason."""
    key, params = getattr(exc, "key", ""), dict(getattr(exc, "params", {}))
    if isinstance(params.get("why"), Reason):  # a file not indexed: its reason too in the page's language
        params["reason"] = skip_reason_words(lang, params.pop("why"))
    if key in STRINGS["en"]:
        if key == "ambiguous_document":  # counts and each match's chunks, with their language's plurals
            params["count"] = count(lang, params["count"], "documents")
            params["matches"] = "; ".join(f"{pick} ({chunks(lang, n)})" for pick, n in params["matches"])
        return page_message(lang, key, **params)
    if isinstance(exc, LookupError):  # index.errors.NotFoundError: e.g. a document removed since it was shown
        return page_message(lang, "refused_unknown", source=source)
    reason = str(exc).rstrip(".")
    if isinstance(exc, UnavailableError):
        return page_message(lang, "unavailable", reason=reason)
    if isinstance(exc, RagError) and not hasattr(exc, "status"):  # `Refused` has the HTTP status it answers with
        return page_message(lang, "index_error", reason=reason)
    return reason[:1].upper() + reason[1:] + "."


def skip_reason_words(lang: str | None, why: Reason) -> str:
    """Why a file is not indexed, in the page's language: its kind's text with the index's fields (a library's
    detail, a path, a number) as they are."""
    table = SKIP_REASONS.get(page_language(lang), SKIP_REASONS["en"])
    return table[why.kind].format(**why.fields) + (table["removed"] if why.removed else "")


def stage_words(lang: str | None, stage: str) -> str:
    """A progress stage of an ingest or eval run (`reading`, `baseline retrieval`) in the page's language."""
    if stage.startswith("baseline "):
        return page_message(lang, "stage_baseline", mode=stage.removeprefix("baseline "))
    return page_message(lang, STAGES[stage]) if stage in STAGES else stage


def request_language(cookies: dict[str, str], accept_language: str | None) -> str:
    """The page's language for a request outside its events: the `rag_lang` cookie, else the browser's list."""
    return page_language(cookies.get(LANG_COOKIE) or accept_language)


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
  document.cookie = 'rag_lang=' + (want || 'en') + '; path=/gradio_api; SameSite=Strict';
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
