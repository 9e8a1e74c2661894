"""Planning: what a question becomes before retrieval, given the conversation and (in LLM mode) the model.

`plan` is the one definition of a follow-up's context, used by the engine and by the eval harness: the last
`FOLLOW_UP_TURNS` user questions are retrieved together with the new one ("and the budget?"), and the last answer is
kept so that a follow-up asking something else does not simply repeat it. A question asked in a conversation may
be a new one ("Где находится офис?" after a question on a film): `alone` is its plan without the conversation, which
the engine answers when the question stands alone (`STANDS_ALONE`). `rewrite` lets the LLM condense a
follow-up into a standalone question (which then needs no context) and translate it into the corpus's other
languages (each translation is retrieved too, the rankings fused). It does not tell a question's language
(`rag/question_language.py`), validate questions (the engine does), retrieve, or compose answers; a model failure is
raised as `LLMFailure` for the engine to handle.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rag.llm_client import LLMClient, LLMFailure
from rag.prompts import condense_messages, parse_single_line, parse_translations, translate_messages
from rag.settings import RagSettings
from rag.types import Plan, Turn

FOLLOW_UP_TURNS = 2  # earlier user questions a follow-up is retrieved with
# A question in a conversation that does not open with "And…" stands alone when it names something the corpus
# holds, or when the passages it finds on its own answer it with at least this evidence (`WindowScorer.evidence`;
# calibrated on dev: at 0.5 two follow-ups of the seeds' conversations were answered without their context, at 0.7
# none).
STANDS_ALONE = 0.7
CONDENSE_TURNS = 6  # earlier turns (user and assistant) the model sees when condensing
# Turkish writes a name's case ending after an apostrophe ("DeepSeek'i", "Ne Zha 2'nin", "Jüri Ödülü'nü"); the
# documents name it without ("DeepSeek"), so the question is retrieved and answered without its endings.
# Not an English clitic ("Don't Look Up", "Ocean's Eleven"): no Turkish ending is one.
CASE_ENDING = re.compile(
    r"(?<=[^\W_])['’‘`](?!(?:s|t|ll|re|ve|d|m)(?![\w'’]))(?:[a-zçğıöşüâîû]{1,10}|[A-ZÇĞİÖŞÜÂÎÛ]{1,10})(?![\w'’])"
)
CASE_ENDING_LANGUAGES = frozenset({"tr"})


def follow_up_context(history: list[Turn], turns: int = FOLLOW_UP_TURNS) -> str:
    """The last user questions: a follow-up ("and the budget?") is retrieved together with them."""
    asked = [t.content for t in history if t.role == "user" and t.content.strip()]
    return " ".join(asked[-turns:])


def asked_again(history: list[Turn], question: str) -> bool:
    """Whether the last question of the conversation is this very question."""
    asked = [t.content for t in history if t.role == "user"]
    return bool(asked) and " ".join(asked[-1].split()).casefold() == question.casefold()


def previous_answer(history: list[Turn], question: str) -> str:
    """The last answer, unless the follow-up asks the very same question again (then repeating it is right)."""
    if asked_again(history, question):
        return ""
    return next((t.content for t in reversed(history) if t.role == "assistant"), "")


def plan(question: str, language: str, history: list[Turn]) -> Plan:
    """The plan without a model: the question itself, retrieved with the follow-up context. The very same
    question asked again is no follow-up: it is planned (and answered) as it was the first time."""
    context = "" if asked_again(history, question) else follow_up_context(history)
    context, read = without_case_endings(context, language), without_case_endings(question, language)
    asked = question if read != question else ""
    return Plan(read, language, [read], context, context, previous_answer(history, question), asked)


def without_case_endings(question: str, language: str) -> str:
    """The question without the case endings its language writes after a name's apostrophe (`CASE_ENDING`)."""
    return CASE_ENDING.sub("", question) if language in CASE_ENDING_LANGUAGES else question


def alone(base: Plan) -> Plan:
    """`base` as if asked first: retrieved and answered without the conversation."""
    return replace(base, context="", conversation="", previous="")


def rewrite(base: Plan, history: list[Turn], llm: LLMClient, settings: RagSettings, languages: list[str]) -> Plan:
    """`base` with the model's standalone question (when enabled and there is history) and translations into
    the corpus `languages` (when enabled); `LLMFailure` when the model fails at either."""
    standalone, context = base.question, base.context
    if history and settings.llm_condense_followups:
        standalone, context = condense(base.question, history, llm, settings.max_question_chars), ""
    queries = [standalone]
    if settings.llm_translate_queries:
        queries += translations(standalone, base.language, llm, languages)
    return replace(base, queries=queries, context=context)


def condense(question: str, history: list[Turn], llm: LLMClient, limit: int) -> str:
    turns = [(t.role, t.content) for t in history[-CONDENSE_TURNS:] if t.content.strip()]
    standalone = parse_single_line(llm.complete(condense_messages(question, turns)))
    if not standalone:
        raise LLMFailure("the model returned no standalone question")
    return standalone[:limit]


def translations(query: str, language: str, llm: LLMClient, languages: list[str]) -> list[str]:
    """The query in each other corpus language, leaving out a "translation" that is the query itself."""
    targets = [code for code in languages if code != language]
    if not targets:
        return []
    found = parse_translations(llm.complete(translate_messages(query, targets)), targets)
    return [text for text in found.values() if text.casefold() != query.casefold()]
