"""Two words side by side in the question ("grand prize") count more when a sentence holds them close together too (at
most two words between), in any language ("Gran Premio", "главный приз" / "main prize"), than when a window holds
them apart ("grande schermo" … "premio Oscar")."""

from __future__ import annotations

from typing import Any

import pytest

from rag.phrases import phrase_shares
from rag.semantic import SentenceSimilarity
from rag.spans import sentences_of
from rag.types import Passage
from tests.answering import extractive_answerer, semantic_answerer

LANGUAGES = ["en", "it", "ru"]

# question language -> (question, the sentence holding its two words close together, one holding them three or more
# words apart), same language: the words are met by their forms, with no encoder.
BY_FORM = {
    "en": (
        "Which film won the jury prize?",
        "The jury prize went to BOZULMA.",
        "The jury met for a week; the audience prize went to Alzheimer.",
    ),
    "it": (
        "Quale film ha vinto il premio della giuria?",
        "Il premio della giuria è andato a BOZULMA.",
        "La giuria ha lavorato per una lunga settimana a Tokyo; il premio del pubblico è andato ad Alzheimer.",
    ),
    "ru": (
        "Какой фильм получил главный приз?",
        "Главный приз получил фильм BOZULMA.",
        "Главный гость вечера вручил приз зрителей фильму Alzheimer.",
    ),
}

# question language -> (question, passage language, the passage holding the words in two sentences, the one holding
# the phrase)
ACROSS = {
    "en": (
        "Which film won the grand prize?",
        "it",
        "Il festival ha mostrato i corti su un grande schermo. Il premio Oscar Tim Yip ha parlato al panel.",
        "Il Gran Premio è andato a “Alzheimer”, un corto sulla memoria.",
    ),
    "it": (
        "Quale film ha vinto il gran premio?",
        "en",
        "The festival showed the shorts on a grand screen. The prize winner Tim Yip spoke on the panel.",
        "The Grand Prize went to “Alzheimer”, a short about memory.",
    ),
    "ru": (
        "Какой фильм получил главный приз?",
        "en",
        "A special prize went to the audience in the hall. The main guest of the evening was Tim Yip.",
        "The main prize went to “Alzheimer”, a short about memory.",
    ),
}


def _asked(question: str, sentences: list[str], language: str) -> tuple[Any, list[tuple[str, set[str], float]]]:
    """The window scorer of an answerer over `sentences`, and the question's words as `phrase_shares` takes them."""
    passages = [Passage(chunk_id=f"{n}", source=f"{n}.txt", title="t", language=language, text=s, score=1.0)
                for n, s in enumerate(sentences)]  # fmt: skip
    scorer = extractive_answerer(passages).windows
    terms = scorer.question_terms(question, "")
    return scorer, [(t.word, t.parts[0], t.weight) for t in terms if t.word and not t.name]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_phrase_counts_only_where_its_words_stand_close_together(language: str) -> None:
    question, together, apart = BY_FORM[language]
    scorer, asked = _asked(question, [together, apart], language)
    shares = phrase_shares(question, asked, [together, apart], scorer.languages, None)
    assert shares[0] > 0 and shares[1] == 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_phrase_is_met_in_another_language_by_meaning(language: str, embedder: Any) -> None:
    question, passage_language, apart, together = ACROSS[language]
    sentences = [together, *sentences_of(apart, passage_language)]
    scorer, asked = _asked(question, sentences, passage_language)
    shares = phrase_shares(question, asked, sentences, scorer.languages, SentenceSimilarity(embedder))
    assert len(sentences) == 3 and shares[0] > 0 and not shares[1:].any()
    assert not phrase_shares(question, asked, [together], scorer.languages, None).any()  # no shared form


@pytest.mark.parametrize("language", ["en", "it"])
def test_the_sentence_holding_the_phrase_answers_rather_than_a_window_holding_its_words_apart(
    language: str, embedder: Any
) -> None:
    """The Russian case of `ACROSS` is not pinned here: its phrase is met, but the window holding the words apart is
    still closer in meaning (the encoder reads two sentences together as closer to the question)."""
    question, passage_language, apart, together = ACROSS[language]
    answerer = semantic_answerer(embedder, {passage_language: apart}, {passage_language: together})
    passages = [
        Passage(chunk_id=name, source=f"{name}.txt", title=name, language=passage_language, text=text, score=1.0)
        for name, text in (("apart", apart), ("together", together))
    ]
    answer = answerer.compose(question, language, passages)
    assert answer.text.startswith(together)


@pytest.mark.parametrize("question", ["", "🎬🏆", "prize", "🏆 grand 🎬 prize"])
def test_empty_one_word_or_emoji_questions_hold_no_phrase_but_a_split_one_still_does(question: str) -> None:
    sentences = ["The grand prize went to Alzheimer.", "🎬"]
    scorer, asked = _asked(question, sentences, "en")
    shares = phrase_shares(question, asked, sentences, scorer.languages, None)
    assert shares.shape == (2,) and shares[1] == 0
    assert bool(shares[0] > 0) is (question == "🏆 grand 🎬 prize")  # emoji are not words: "grand" and "prize" adjoin


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_answer_standing_inside_the_phrase_does_not_break_it(language: str) -> None:
    """ "Which program sends the signal?": "Il programma *kill(1)* invia il segnale" holds "programma invia"."""
    question, answer, restated = {
        "en": (
            "Which program sends the signal?",
            "The program kill(1) sends the signal.",
            "A program sends the signal.",
        ),
        "it": (
            "Quale programma invia il segnale?",
            "Il programma kill(1) invia il segnale.",
            "Un programma invia il segnale.",
        ),
        "ru": (
            "Какая программа отправляет сигнал?",
            "Программа kill(1) отправляет сигнал.",
            "Программа отправляет сигнал.",
        ),
    }[language]
    scorer, asked = _asked(question, [answer, restated], language)
    shares = phrase_shares(question, asked, [answer, restated], scorer.languages, None)
    assert shares[0] > 0 and shares[0] == shares[1]


FOLLOW_UPS = {  # language -> (follow-up, its earlier question)
    "en": ("And the Tokyo prize?", "Tokyo festival winners?"),
    "it": ("E il premio di Tokyo?", "Tokyo premia chi?"),
    "ru": ("А приз в Токио?", "Токио: кто победил?"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_follow_ups_earlier_question_forms_no_phrase_of_its_own(language: str) -> None:
    """ "Tokyo" is a name in the follow-up (left out of phrases) but opens the earlier question (a plain word there):
    it must not pair with the follow-up's "prize" through the earlier question."""
    question, context = FOLLOW_UPS[language]
    together, apart = {
        "en": ("The Tokyo prize went to Alzheimer.", "The prize went to Alzheimer, shown in Tokyo."),
        "it": ("Il premio di Tokyo è andato ad Alzheimer.", "Il premio è andato ad Alzheimer, proiettato a Tokyo."),
        "ru": ("Приз в Токио получил Alzheimer.", "Приз получил Alzheimer, показанный в Токио."),
    }[language]
    passages = [
        Passage(chunk_id=name, source=f"{name}.txt", title="t", language=language, text=text, score=1.0)
        for name, text in (("together", together), ("apart", apart))
    ]
    scorer = extractive_answerer(passages).windows
    terms = scorer.question_terms(question, context)
    scored = scorer.scored(question, context, terms, sum(t.weight for t in terms), passages)
    assert scored.by_chunk["together"][0].base == scored.by_chunk["apart"][0].base


JURY_AND_AUDIENCE = {  # language -> (question naming both prizes, the jury's sentence, the audience's)
    "en": (
        "Who won the jury prize and the audience prize?",
        "The jury prize went to BOZULMA.",
        "The audience prize went to Alzheimer.",
    ),
    "it": (
        "Chi ha vinto il premio della giuria e il premio del pubblico?",
        "Il premio della giuria è andato a BOZULMA.",
        "Il premio del pubblico è andato ad Alzheimer.",
    ),
    "ru": (
        "Кто получил приз жюри и приз зрителей?",
        "Приз жюри получил BOZULMA.",
        "Приз зрителей получил Alzheimer.",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_phrase_the_question_writes_twice_or_reversed_counts_once(language: str) -> None:
    """ "premio della giuria e il premio del pubblico" reads (premio, giuria), (giuria, premio), (premio, pubblico):
    the jury's phrase, written both ways, is still one phrase, no heavier than the audience's."""
    question, jury, audience = JURY_AND_AUDIENCE[language]
    scorer, asked = _asked(question, [jury, audience], language)
    shares = phrase_shares(question, asked, [jury, audience], scorer.languages, None)
    assert shares[0] > 0 and shares[0] == shares[1]


NUMBERED = {  # language -> (question with a number between two of its words, the same without it, the answer)
    "en": (
        "Which film won the prize 2019 of the jury?",
        "Which film won the prize of the jury?",
        "The jury prize of 2019 went to BOZULMA.",
    ),
    "it": (
        "Quale film ha vinto il premio 2019 della giuria?",
        "Quale film ha vinto il premio della giuria?",
        "Il premio della giuria 2019 è andato a BOZULMA.",
    ),
    "ru": (
        "Какой фильм получил приз 2019 жюри?",
        "Какой фильм получил приз жюри?",
        "Приз жюри 2019 года получил BOZULMA.",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_number_between_two_question_words_does_not_part_them(language: str) -> None:
    """Numbers are not phrase words on either side: "premio 2019 della giuria" holds the phrase "premio giuria" as
    "premio della giuria" does."""
    numbered, plain, sentence = NUMBERED[language]
    shares = []
    for question in (numbered, plain):
        scorer, asked = _asked(question, [sentence], language)
        shares.append(phrase_shares(question, asked, [sentence], scorer.languages, None)[0] * sum(w for *_, w in asked))
    assert shares[0] > 0 and shares[0] == pytest.approx(shares[1])
