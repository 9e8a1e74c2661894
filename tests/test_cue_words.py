"""Words that say what kind of answer is wanted, or where it is written, rather than what it is about: a question
asking what something is called ("What is the *title* of…", "Come si *chiama*…", "Как *называется*…") wants a name,
which no source writes beside such a word; one asking what "is *mentioned in the article*" ("упоминают *в статье*")
refers to its source, which never calls itself one. Counted as words the answering sentence must hold, they left
too little of the question to answer it, and the answerer abstained."""

from __future__ import annotations

import pytest

from rag.answer import ExtractiveAnswerer
from rag.cue_words import cue_words
from rag.types import Passage
from tests.answering import semantic_answerer

PRIZE = {
    "en": "Lena Ortiz's “Paper Moons” took the Jury Prize with a tale of a lighthouse keeper who stops sleeping.",
    "it": "“Paper Moons” di Lena Ortiz ha conquistato il Premio della Giuria con la storia di un guardiano del faro "
    "insonne.",
    "ru": "«Paper Moons» Лены Ортис получил Приз жюри за историю смотрителя маяка, который перестал спать.",
}
QUESTIONS = {
    "en": "What is the title of the short that won the jury prize?",
    "it": "Come si chiama il corto che ha vinto il Premio della Giuria?",
    "ru": "Как называется короткометражка, получившая Приз жюри?",
}


@pytest.fixture(scope="module")
def answerer(embedder) -> ExtractiveAnswerer:
    return semantic_answerer(embedder, PRIZE)


@pytest.mark.parametrize(("language", "source"), [("en", "ru"), ("it", "ru"), ("ru", "it")])
def test_a_question_asking_what_a_film_is_called_is_answered_by_its_name(
    answerer: ExtractiveAnswerer, language: str, source: str
) -> None:
    passages = [
        Passage(chunk_id="p:0", source="prize.txt", title="prize", language=source, text=PRIZE[source], score=1.0)
    ]
    composed = answerer.compose(QUESTIONS[language], language, passages)
    assert not composed.abstained
    assert "Paper Moons" in composed.text


TV = {
    "en": "The premiere is part of a wider trend that includes Adobe's Firefly video tools and YouTube's AI upscaling "
    "for TV sets.",
    "it": "La prima fa parte di una tendenza più ampia che comprende gli strumenti video Firefly di Adobe e "
    "l'upscaling IA di YouTube per i televisori.",
}


@pytest.mark.parametrize("source", ["en", "it"])
def test_a_question_about_what_the_article_mentions_is_answered(embedder, source: str) -> None:
    passages = [Passage(chunk_id="t:0", source="tv.txt", title="tv", language=source, text=TV[source], score=1.0)]
    composed = semantic_answerer(embedder, TV).compose(
        "Какую технологию YouTube для телевизоров упоминают в статье?", "ru", passages
    )
    assert not composed.abstained
    assert "YouTube" in composed.text


@pytest.mark.parametrize(
    ("question", "cues"),
    [
        ("What is the title of the short that won the jury prize?", {"title"}),
        ("What was the original name of the project?", {"name"}),
        ("Come si chiama il responsabile delle operazioni?", {"chiama"}),
        ("Qual è il titolo inglese del cortometraggio?", {"titolo"}),
        ("Как называется последняя открытая модель?", {"называется"}),
        ("Wie heißt der Kurzfilm?", {"heisst"}),
        ("Comment s'appelle le dernier modèle ?", {"appelle"}),
        ("¿Cómo se llama el responsable de operaciones?", {"llama"}),
        ("What does the name field of /etc/services hold?", set()),
        ("What is the name field of /etc/services?", set()),
        ("What's the name of the winning film?", {"name"}),
        ("Qual'è il nome del regista?", {"nome"}),
        ("Qual è il prezzo del titolo Tesla?", set()),
        ("Quels sont les noms des auteurs ?", {"noms"}),
        ("Quelle est la durée du titre ?", set()),
        ("How do I replace a word in the text file?", set()),
        ("Что означает ошибка в статусе сервиса?", set()),
        ("Какая команда показывает название дистрибутива?", set()),
        ("In what year was the title changed?", {"what", "year"}),
        ("Which YouTube technology is mentioned in the article?", {"mentioned", "article"}),
        ("Quale novità di YouTube viene menzionata nell'articolo?", {"menzionata", "articolo"}),
        ("Что в статье понимают под приёмом pan-image?", {"статье"}),
        ("Wem werden Filmwerkzeuge laut dem Artikel zugänglich?", {"artikel"}),
        ("¿Qué tecnología se menciona en el artículo?", {"menciona", "articulo"}),
        ("Which article of the constitution covers it?", set()),
        ("", set()),
        ("🎬 What is the title? 🍿", {"title"}),
    ],
    ids=[
        "en",
        "en-original",
        "it",
        "it-title",
        "ru",
        "de",
        "fr",
        "es",
        "en-topic",
        "en-field",
        "en-contraction",
        "it-elided",
        "it-share",
        "fr-plural",
        "fr-track",
        "en-text-file",
        "ru-status",
        "ru-topic",
        "date",
        "en-source",
        "it-source",
        "ru-source",
        "de-source",
        "es-source",
        "en-article-topic",
        "empty",
        "emoji",
    ],
)
def test_the_words_asking_for_a_name_or_naming_the_source_are_cues_not_topics(question: str, cues: set[str]) -> None:
    assert cue_words(question) == cues


@pytest.mark.parametrize(
    ("question", "cue"),
    [
        ("Comment s'appelle le dernier modèle ?", "s'appelle"),
        ("Quale novità viene menzionata nell’articolo?", "nell’articolo"),
        ("Quelle technologie est mentionnée dans l'article ?", "l'article"),
        ("What is the title of the winning short?", "title"),
        ("Какую технологию упоминают в статье?", "статье"),
    ],
    ids=["fr", "it", "fr-source", "en", "ru"],
)
def test_a_cue_written_with_an_elided_article_is_no_term_of_the_question(question: str, cue: str) -> None:
    """The question's terms keep an elided article on the word ("s'appelle"): the cue must be left out all the same."""
    from rag.windows import WindowScorer

    words = [t.word for t in WindowScorer({}, 1, ["en", "it", "ru"]).terms(question, unseen_words=1.0)]
    assert words and cue.casefold() not in words
