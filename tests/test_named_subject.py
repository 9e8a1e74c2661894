"""A question that names something (a name of several words the corpus holds) is answered only from passages that
mention it: another film's cost is no answer to "How much did *Autumn Harvest* cost?", in any language."""

from __future__ import annotations

import pytest

from rag.subject import elsewhere, shaped_names
from rag.types import Passage
from tests.answering import extractive_answerer

# language -> (the passage stating a cost, the passage naming the other film without one, asked, near miss)
COSTS = {
    "en": (
        "The short Ghost Lap cost 2 million dollars to make.",
        "Autumn Harvest is an ink-and-watercolour short film.",
        "How much did Ghost Lap cost?",
        "How much did Autumn Harvest cost?",
    ),
    "it": (
        "Il corto Ghost Lap è costato 2 milioni di dollari.",
        "Autumn Harvest è un corto in stile acquerello.",
        "Quanto è costato Ghost Lap?",
        "Quanto è costato Autumn Harvest?",
    ),
    "ru": (
        "Короткометражка Ghost Lap стоила 2 миллиона долларов.",
        "Autumn Harvest — короткометражный фильм в технике акварели.",
        "Сколько стоил Ghost Lap?",
        "Сколько стоил Autumn Harvest?",
    ),
}


def _passage(source: str, language: str, text: str) -> Passage:
    return Passage(chunk_id=f"{source}:0", source=source, title=source, language=language, text=text, score=1.0)


@pytest.mark.parametrize("language", ["en", "it", "ru"])
def test_a_passage_that_never_names_the_asked_subject_does_not_answer(language: str) -> None:
    cost, other, asked, near_miss = COSTS[language]
    passages = [_passage("cost.txt", language, cost), _passage("other.txt", language, other)]
    answerer = extractive_answerer(passages)
    assert "2" in answerer.compose(asked, language, passages).text
    assert answerer.compose(near_miss, language, passages).abstained


@pytest.mark.parametrize("language", ["en", "it", "ru"])
def test_a_name_held_in_another_language_or_written_as_one_word_still_counts(language: str) -> None:
    """The question in one language, the passage in another; the passage writes "DeepSeek" where the corpus
    elsewhere writes "Deep Seek"."""
    question = {
        "en": "How much did training the Deep Seek model cost?",
        "it": "Quanto è costato addestrare il modello di Deep Seek?",
        "ru": "Сколько стоило обучение модели Deep Seek?",
    }[language]
    passages = [
        _passage("a.txt", "it", "L'addestramento del modello di DeepSeek è costato 6 milioni di dollari."),
        _passage("b.txt", "en", "Deep Seek released its model in January."),
    ]
    answer = extractive_answerer(passages).compose(question, language, passages)
    assert not answer.abstained and "6 milioni" in answer.text


@pytest.mark.parametrize("question", ["", "🎬🎬?", "How much did it cost?"], ids=["empty", "emoji", "no-name"])
def test_a_question_naming_nothing_excludes_no_passage(question: str) -> None:
    passages = [_passage("cost.txt", "en", COSTS["en"][0]), _passage("other.txt", "en", COSTS["en"][1])]
    assert elsewhere(question, passages, ["en", "it", "ru"], lambda forms: 1.0) == set()


# language -> (passage, asked, near miss): the near miss names what the passage is about, and asks what it never says
RELEASES = {
    "en": (
        "DeepSeek released its R1 model in January 2025.",
        "When did DeepSeek release the R1 model?",
        "Who founded DeepSeek?",
    ),
    "it": (
        "DeepSeek ha rilasciato il modello R1 nel gennaio 2025.",
        "Quando DeepSeek ha rilasciato il modello R1?",
        "Chi ha fondato DeepSeek?",
    ),
    "ru": (
        "DeepSeek выпустила модель R1 в январе 2025 года.",
        "Когда DeepSeek выпустила модель R1?",
        "Кто основал DeepSeek?",
    ),
}


@pytest.mark.parametrize("language", ["en", "it", "ru"])
def test_naming_what_the_corpus_is_about_is_not_evidence_of_an_answer(language: str) -> None:
    """At the default abstention threshold, words alone deciding (no encoder): the name the near miss shares with
    the passage weighs less than the word saying what it asks, which the passage lacks, so it abstains."""
    from rag.settings import RagSettings

    text, asked, near_miss = RELEASES[language]
    passages = [_passage("r1.txt", language, text), _passage("other.txt", language, COSTS[language][1])]
    answerer = extractive_answerer(passages)
    answerer.threshold = RagSettings().abstain_threshold
    assert "2025" in answerer.compose(asked, language, passages).text
    assert answerer.compose(near_miss, language, passages).abstained


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Who founded DeepSeek and ChatGPT?", ["DeepSeek", "ChatGPT"]),
        ("Quale azienda possiede YouTube e iPhone?", ["YouTube", "iPhone"]),
        ("Кто снял BOZULMA и что сказала NVIDIA?", ["BOZULMA", "NVIDIA"]),
        ("What does AI mean in /etc/SMTP or SO_PASSSEC?", []),
        ("", []),
        ("🎬 NVIDIA 🎬", ["NVIDIA"]),
    ],
    ids=["en-camel", "it-camel", "ru-capitals", "too-short-path-identifier", "empty", "emoji"],
)
def test_a_word_is_a_name_by_its_shape(text: str, names: list[str]) -> None:
    assert shaped_names(text) == names


# language -> (a passage on another company's model, a passage naming DeepSeek without one, the question)
MODELS = {
    "en": ("OpenAI released the Sora model in February 2024.", "DeepSeek is a company based in Hangzhou.",
           "Which model did DeepSeek release?"),
    "it": ("OpenAI ha rilasciato il modello Sora nel febbraio 2024.", "DeepSeek è un'azienda con sede a Hangzhou.",
           "Quale modello ha rilasciato DeepSeek?"),
    "ru": ("OpenAI выпустила модель Sora в феврале 2024 года.", "DeepSeek — компания из Ханчжоу.",
           "Какую модель выпустила DeepSeek?"),
}  # fmt: skip


@pytest.mark.parametrize("language", ["en", "it", "ru"])
def test_one_word_named_by_its_shape_keeps_out_passages_that_never_mention_it(language: str) -> None:
    """OpenAI's model is no answer to which model DeepSeek released: the question abstains."""
    from rag.settings import RagSettings

    other, named, question = MODELS[language]
    passages = [_passage("sora.txt", language, other), _passage("deepseek.txt", language, named)]
    answerer = extractive_answerer(passages)
    answerer.threshold = RagSettings().abstain_threshold
    answer = answerer.compose(question, language, passages)
    assert answer.abstained and "Sora" not in answer.text


# language -> (the conversation's company's cost, another company's, its first question, the follow-up, the answer)
FOLLOW_UPS = {
    "en": ("DeepSeek's model cost 6 million dollars.", "OpenAI's model cost 100 million dollars to train.",
           "When did DeepSeek release its model?", "And how much did it cost to train?", "6 million"),
    "it": ("Il modello di DeepSeek è costato 6 milioni di dollari.",
           "L'addestramento del modello di OpenAI è costato 100 milioni di dollari.",
           "Quando DeepSeek ha rilasciato il suo modello?", "E quanto è costato l'addestramento?", "6 milioni"),
    "ru": ("Модель DeepSeek стоила 6 миллионов долларов.", "Обучение модели OpenAI стоило 100 миллионов долларов.",
           "Когда DeepSeek выпустила свою модель?", "А сколько стоило обучение?", "6 миллионов"),
}  # fmt: skip


@pytest.mark.parametrize("language", ["en", "it", "ru"])
def test_a_follow_up_naming_nothing_is_about_what_the_conversation_named(language: str) -> None:
    """The other company's sentence holds more of the follow-up's words, but it never mentions DeepSeek; when none
    of the passages mentions the conversation's name, it keeps none of them out."""
    named, other, first, follow_up, value = FOLLOW_UPS[language]
    passages = [_passage("deepseek.txt", language, named), _passage("openai.txt", language, other)]
    answerer = extractive_answerer([*passages, _passage("mistral.txt", "en", "MistralAI is based in Paris.")])
    assert answerer.compose(follow_up, language, passages, context=first).text.startswith(value)
    unnamed = answerer.compose(follow_up, language, passages[1:], context="When did MistralAI release its model?")
    assert not unnamed.abstained and "100" in unnamed.text


@pytest.mark.parametrize("language", ["en", "it", "ru"])
def test_reranking_puts_the_passages_that_name_the_asked_subject_first(language: str) -> None:
    """The cost sentence holds more of the question's words, but only the other passage mentions Autumn Harvest."""
    from rag.rerank import rerank

    cost, other, _, near_miss = COSTS[language]
    passages = [_passage("cost.txt", language, cost), _passage("other.txt", language, other)]
    scorer = extractive_answerer(passages).windows
    assert [p.source for p in rerank(scorer, near_miss, "", passages).passages] == ["other.txt", "cost.txt"]


# language -> (a second question of the conversation, naming another company; a passage naming both, with a fine)
SECOND = {
    "en": ("When did OpenAI release its model?", "DeepSeek and OpenAI were each fined 3 million dollars."),
    "it": ("Quando OpenAI ha rilasciato il suo modello?",
           "DeepSeek e OpenAI hanno avuto una multa di 3 milioni di dollari."),
    "ru": ("Когда OpenAI выпустила свою модель?", "DeepSeek и OpenAI получили штрафы по 3 миллиона долларов."),
}  # fmt: skip


@pytest.mark.parametrize("language", ["en", "it", "ru"])
def test_a_follow_up_after_questions_naming_several_subjects_may_be_about_any_of_them(language: str) -> None:
    """The conversation asked about DeepSeek, then OpenAI: the follow-up on training costs is answered by the passage
    on OpenAI's training, not only by the one passage that happens to name both."""
    named, other, first, follow_up, _ = FOLLOW_UPS[language]
    second, both = SECOND[language]
    passages = [_passage("deepseek.txt", language, named), _passage("openai.txt", language, other)]
    passages.append(_passage("both.txt", language, both))
    answer = extractive_answerer(passages).compose(follow_up, language, passages, context=f"{first} {second}")
    assert answer.text.startswith("100")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Who founded DeepSeek.", ["DeepSeek"]),
        ("Chi ha fondato DeepSeek...", ["DeepSeek"]),
        ("Что выпустила NVIDIA.", ["NVIDIA"]),
        ("Open /etc/SMTP.conf and SMTP.Conf", []),
    ],
    ids=["en-period", "it-ellipsis", "ru-period", "file-names"],
)
def test_a_name_closing_a_sentence_is_still_a_name(text: str, names: list[str]) -> None:
    assert shaped_names(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "How does ChatGPT Plus differ from GPT?",
        "In che cosa ChatGPT Plus differisce da GPT?",
        "Чем ChatGPT Plus отличается от GPT?",
    ],
    ids=["en", "it", "ru"],
)
def test_a_name_written_inside_a_longer_name_of_the_question_is_still_asked_about(text: str) -> None:
    """A name of its own ("GPT") whose letters a longer name of the question contains ("ChatGPT Plus"): a passage
    naming only the longer one does not mention it."""
    passages = [_passage("plus.txt", "en", "ChatGPT Plus costs 20 dollars a month.")]
    passages.append(_passage("gpt.txt", "en", "GPT and ChatGPT Plus are both made by OpenAI."))
    assert elsewhere(text, passages, ["en", "it", "ru"], lambda forms: 1.0) == {"plus.txt:0"}


# language -> (question, the passage on the asked name, a passage on another name ending in the same number)
SEQUELS = {
    "en": ("How much does Sora 2 cost a month?", "Sora 2 costs 20 dollars a month.", "Veo 2 costs 30 dollars a month."),
    "it": ("Quanto costa Sora 2 al mese?", "Sora 2 costa 20 dollari al mese.", "Veo 2 costa 30 dollari al mese."),
    "ru": ("Сколько стоит Sora 2 в месяц?", "Sora 2 стоит 20 долларов в месяц.", "Veo 2 стоит 30 долларов в месяц."),
}  # fmt: skip


@pytest.mark.parametrize("language", ["en", "it", "ru"])
def test_the_number_of_a_name_alone_does_not_mention_it(language: str) -> None:
    """Another model ("Veo 2") holds the "2" of "Sora 2", half of its words: its price is no answer."""
    question, asked, other = SEQUELS[language]
    passages = [_passage("veo.txt", language, other), _passage("sora.txt", language, asked)]
    assert elsewhere(question, passages, ["en", "it", "ru"], lambda forms: 1.0) == {"veo.txt:0"}
    assert extractive_answerer(passages).compose(question, language, passages).text.startswith("20")


@pytest.mark.parametrize(
    "question",
    ["How much did Ne Zha 2 earn?", "Quanto ha incassato Ne Zha 2?", "Сколько заработал Ne Zha 2?"],
    ids=["en", "it", "ru"],
)
def test_a_name_written_as_one_word_is_mentioned_even_when_part_of_it_is_a_stop_word(question: str) -> None:
    """Italian "ne" is a stop word, yet "Nezha" writes "Ne Zha" as one word."""
    passages = [_passage("nezha.txt", "it", "Nezha ha incassato 2 miliardi di dollari.")]
    passages.append(_passage("sora.txt", "it", "Sora 2 ha incassato 2 milioni di dollari."))
    assert elsewhere(question, passages, ["en", "it", "ru"], lambda forms: 1.0) == {"sora.txt:0"}


# language -> (question, the passage on the asked film, two passages on other films holding more of its words)
TOTALS = {
    "en": ("How much did making the short animated film Ghost Lap cost in total?", "Ghost Lap cost 2 million dollars.",
           "Making the short animated film Autumn Harvest cost 3 million dollars in total.",
           "Making the short animated film Blue Kite cost 5 million dollars in total."),
    "it": ("Quanto è costata in totale la realizzazione del cortometraggio animato Ghost Lap?",
           "Ghost Lap è costato 2 milioni di dollari.",
           "La realizzazione del cortometraggio animato Autumn Harvest è costata in totale 3 milioni di dollari.",
           "La realizzazione del cortometraggio animato Blue Kite è costata in totale 5 milioni di dollari."),
    "ru": ("Сколько в итоге стоило создание анимационного короткометражного фильма Ghost Lap?",
           "Ghost Lap стоил 2 миллиона долларов.",
           "Создание анимационного короткометражного фильма Autumn Harvest в итоге стоило 3 миллиона долларов.",
           "Создание анимационного короткометражного фильма Blue Kite в итоге стоило 5 миллионов долларов."),
}  # fmt: skip


@pytest.mark.parametrize("language", ["en", "it", "ru"])
def test_a_passage_that_never_names_the_asked_subject_is_not_quoted_beside_the_answer(language: str) -> None:
    """The other films' sentences hold more of the question's words: neither answers, nor is quoted as a second
    sentence."""
    question, asked, *others = TOTALS[language]
    passages = [_passage("ghost.txt", language, asked)]
    passages += [_passage(f"other{i}.txt", language, text) for i, text in enumerate(others)]
    answerer = extractive_answerer(passages)
    answerer.max_sentences = 2
    answer = answerer.compose(question, language, passages)
    assert answer.text.startswith("2 ") and [c.source for c in answer.citations] == ["ghost.txt"]


@pytest.mark.parametrize(
    ("first", "follow_up"),
    [
        ("What is the Debian port for Intel IA-64 called?", "And which machines belong to m68k?"),
        ("Come si chiama il port di Debian per Intel IA-64?", "E quali macchine appartengono a m68k?"),
        ("Как называется перенос Debian для Intel IA-64?", "А какие машины относятся к m68k?"),
    ],
    ids=["en", "it", "ru"],
)
def test_a_follow_up_naming_an_identifier_of_its_own_is_not_about_the_conversations_names(
    first: str, follow_up: str
) -> None:
    """An identifier ("m68k") is no capitalised name, but it is what the follow-up asks about: the passages that
    never mention Intel IA-64 are not kept out."""
    passages = [_passage("ia64.txt", "en", "ia64: Intel IA-64 computers (Itanium).")]
    passages.append(_passage("m68k.txt", "en", "m68k: Amiga and ATARI machines."))
    assert elsewhere(follow_up, passages, ["en", "it", "ru"], lambda forms: 1.0, context=first) == set()
