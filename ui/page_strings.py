"""The chat page's own strings in its languages (`ui/locales`: en/it/ru/de/fr/es) as a Gradio `I18n` table, and
its language switch.

The page follows the browser's language: `FOLLOW_BROWSER_LANGUAGE_JS` (on load) picks the language chosen before
with the switch in the header, else the first of the page's languages the browser lists, and the switch's change
applies it through the `changeLocale` of Gradio's Settings panel (Gradio 6.31 has no Italian table, so it never
picks `it` itself; the Italian table also carries Gradio's own strings, `ui/gradio_it.py`). Choosing another
language reloads the page in it. `switch_language` names the tabs from the server (Gradio does not re-render
them). The same table words the messages the page's handlers return (upload and removal status, refusals, the
index's reasons and progress stages: `page_message`, `refusal_words`, `stage_words`, `chunks`, with each
language's plurals; why a file is not indexed: `skip_reason_words`), in the language of the hidden page-language
input, or for a request outside an event (an upload, a queued event) in the language the `rag_lang` cookie names
(`request_language`); the API keeps its English JSON. Answers and refused questions are worded in `ui/render.py`
and `ui/refusals.py`.
"""

from __future__ import annotations

import gradio as gr

from index.errors import RagError, UnavailableError
from index.readers.reasons import Reason
from ui.gradio_it import GRADIO_IT
from ui.gradio_labels import GRADIO_KEYS
from ui.locales import LOCALES
from ui.refusals import browser_language

# Per language, the page's own strings with the reasons it shows from outside its handlers (`ui/locales/`).
STRINGS: dict[str, dict[str, str]] = {code: {**loc.tables.PAGE, **loc.tables.REASONS} for code, loc in LOCALES.items()}
# Why a file is not indexed, by `index.readers.reasons.Reason` kind: what the page shows inside `refused_unreadable`.
# English is the index's own text (the CLI and the API show it); each field (a library's detail, a path, a number)
# is kept as the index gives it.
SKIP_REASONS: dict[str, dict[str, str]] = {code: loc.tables.SKIP_REASONS for code, loc in LOCALES.items()}
# The English stage names `index/` and `eval/` report progress with (`progress(stage, done, total)`), and their keys.
STAGES = {
    "reading": "stage_reading",
    "embedding": "stage_embedding",
    "lexical index": "stage_lexical",
    "questions": "stage_questions",
    "abstention sweep": "stage_sweep",
    "conversations": "stage_conversations",
}
LANG_COOKIE = "rag_lang"  # the page's language, for requests outside its events (set by FOLLOW_BROWSER_LANGUAGE_JS)

# Italian also carries Gradio's own strings (Gradio has no Italian table; see ui/gradio_it.py), and every language
# the keys Gradio's tables lack (ui/gradio_labels.py).
I18N = gr.I18n(
    **{code: {**(GRADIO_IT if code == "it" else {}), **GRADIO_KEYS[code], **table} for code, table in STRINGS.items()}
)
LANGUAGE_CHOICES = [(loc.name, code) for code, loc in LOCALES.items()]


def t(key: str) -> gr.i18n.I18nData:
    if key not in STRINGS["en"]:
        raise KeyError(f"no page string {key!r}")
    return I18N(key)


def words(lang: str | None) -> dict[str, str]:
    """The page's strings in `lang` (one of `LOCALES`), for text the server formats itself; English otherwise."""
    return STRINGS.get(lang or "en", STRINGS["en"])


def page_language(value: str | None) -> str:
    """The page's language from the hidden page-language input (`it`, or the browser's list `it-IT,it,en` before
    the switch sets it): the first of the page's languages it names, else English (the rule of
    `FOLLOW_BROWSER_LANGUAGE_JS`)."""
    return browser_language(value, among=tuple(STRINGS)) or "en"


def page_message(lang: str | None, key: str, **params: object) -> str:
    """The server-worded message `key` in the page's language `lang` (English for another language)."""
    return words(page_language(lang))[key].format(**params)


def count(lang: str | None, n: int, noun: str = "chunks") -> str:
    """`1 chunk`, `2 frammenti`, `5 фрагментов`, `0 fragment`: the count of `noun` (`chunks`, `requests`: keys
    `<noun>_one`, `_few`, `_many`) with the plural form its language's rule (`ui/locales`) picks."""
    code = page_language(lang)
    return page_message(code, f"{noun}_{LOCALES[code].plural(n)}", n=n)


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
    table = SKIP_REASONS[page_language(lang)]  # every language words every kind (tests/test_locales.py)
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
# chosen with the switch before (localStorage), else the first of the page's languages the browser lists; it sets
# the switch, whose change then applies it. A browser listing none of them (e.g. Polish) gets the English page,
# Gradio's strings included, rather than a mix. The rule is the head script's `window.ragPageLanguage`
# (ui/gradio_labels.py), which picks the language before Gradio renders.
FOLLOW_BROWSER_LANGUAGE_JS = """() => {
  const langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  const want = window.ragPageLanguage() || 'en';
  window.ragPageLang = want;
  document.cookie = 'rag_lang=' + want + '; path=/gradio_api; SameSite=Strict';
  return [langs.join(','), want];
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
