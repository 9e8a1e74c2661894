"""Refused questions as a chat reply in the asker's language (en/it/ru/de/fr/es), not an error that locks the page.

`refusal_text` turns a `QuestionError` into a short assistant message: which language comes from the question
itself when it has enough words, else from the browser's language, else English. It decides nothing about what
is refused (that is `rag.engine.clean_question`); it only words the reason.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

LANGUAGES = ("en", "it", "ru", "de", "fr", "es")
MESSAGES = {
    "en": {
        "empty": "There is no question to answer yet: type one and press Enter.",
        "too_long": "Your question is {n} characters long; the limit is {limit}. Please shorten it and ask again.",
        "other": "I can't answer that as written ({reason}). Please rephrase it.",
        "internal": "Something went wrong while answering; please try again. The server log has the details.",
    },
    "it": {
        "empty": "Non c'è ancora nessuna domanda: scrivine una e premi Invio.",
        "too_long": "La domanda è lunga {n} caratteri; il limite è {limit}. Accorciala e riprova.",
        "other": "Non posso rispondere così com'è scritta ({reason}). Prova a riformularla.",
        "internal": "Qualcosa è andato storto durante la risposta; riprova. I dettagli sono nel log del server.",
    },
    "ru": {
        "empty": "Вопроса пока нет: напишите его и нажмите Enter.",
        "too_long": "В вашем вопросе {n} символов; предел — {limit}. Сократите его и спросите снова.",
        "other": "Не могу ответить на вопрос в таком виде ({reason}). Попробуйте переформулировать.",
        "internal": "Во время ответа что-то пошло не так; попробуйте ещё раз. Подробности — в журнале сервера.",
    },
    "de": {
        "empty": "Es gibt noch keine Frage: Schreiben Sie eine und drücken Sie die Eingabetaste.",
        "too_long": "Ihre Frage ist {n} Zeichen lang; die Grenze liegt bei {limit}. Bitte kürzen Sie sie und fragen "
        "Sie erneut.",
        "other": "So formuliert kann ich die Frage nicht beantworten ({reason}). Bitte formulieren Sie sie um.",
        "internal": "Beim Antworten ist etwas schiefgegangen; bitte versuchen Sie es erneut. Details stehen im "
        "Serverprotokoll.",
    },
    "fr": {
        "empty": "Il n’y a pas encore de question : écrivez-en une et appuyez sur Entrée.",
        "too_long": "Votre question fait {n} caractères ; la limite est de {limit}. Raccourcissez-la et reposez-la.",
        "other": "Je ne peux pas répondre à la question telle qu’elle est écrite ({reason}). Reformulez-la.",
        "internal": "Un problème est survenu pendant la réponse ; réessayez. Le journal du serveur donne les détails.",
    },
    "es": {
        "empty": "Todavía no hay ninguna pregunta: escriba una y pulse Intro.",
        "too_long": "Su pregunta tiene {n} caracteres; el límite es {limit}. Acórtela y vuelva a preguntar.",
        "other": "No puedo responder a la pregunta tal como está escrita ({reason}). Reformúlela, por favor.",
        "internal": "Algo salió mal al responder; vuelva a intentarlo. El registro del servidor tiene los detalles.",
    },
}


def visible_text(question: str) -> str:
    """The question as `clean_question` sees it: control and format characters dropped, spaces collapsed."""
    return " ".join("".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in question or "").split())


def browser_language(accept: str | None, among: tuple[str, ...] = LANGUAGES) -> str | None:
    """The most preferred of `among` in a navigator.language or Accept-Language value (`it-IT,it;q=0.9,en;q=0.8`):
    by q-value, then by order; `q=0` means "not this one". (Hand-written: werkzeug, which parses it, is no dependency
    here, and this is the whole of what is needed.)"""
    ranked: list[tuple[float, int, str]] = []
    for order, part in enumerate((accept or "").split(",")):
        code, *params = (piece.strip().lower() for piece in part.split(";"))
        weights = [p[2:] for p in params if p.startswith("q=")]
        try:
            weight = float(weights[0]) if weights else 1.0
        except ValueError:
            weight = 0.0  # a malformed weight: the entry is ignored, as RFC 9110 allows
        if code[:2] in among and weight > 0:
            ranked.append((-weight, order, code[:2]))
    return min(ranked)[2] if ranked else None


def reply_language(question: str, browser: str | None, detect: Callable[[str], str] | None = None) -> str:
    text = visible_text(question)
    if detect is not None and len(set(text.casefold().split())) >= 3:  # "parola parola …" tells no language
        try:
            found = detect(text[:2000])
        except Exception:  # detection is a nicety here; the browser's language still works
            found = None
        if found in LANGUAGES:
            return found
    return browser_language(browser) or "en"


def refusal_text(question: str, reason: str, limit: int, language: str) -> str:
    """The assistant's reply to a refused question, in `language` (`LANGUAGES`; others get English)."""
    words = MESSAGES.get(language, MESSAGES["en"])
    text = visible_text(question)
    if not text:
        return words["empty"]
    if len(text) > limit:
        return words["too_long"].format(n=len(text), limit=limit)
    return words["other"].format(reason=reason)


def internal_error_text(language: str) -> str:
    return MESSAGES.get(language, MESSAGES["en"])["internal"]
