"""Value-first answers: the one value of the asked kind, as the source writes it, in any of the seed languages."""

from __future__ import annotations

from collections import Counter

import pytest

from index.analyze import sentence_forms
from rag.answer import ExtractiveAnswerer
from rag.qtype import dated_years, offers, value_of
from rag.question_words import Kind, asked_kinds
from rag.types import Passage


@pytest.mark.parametrize(
    ("sentence", "question", "value"),
    [
        ("Il concorso aveva un montepremi di 42.000 dollari.", "How big was the prize pool?", "42.000 dollari"),
        ("The event drew entries from 122 countries.", "Da quanti paesi venivano le opere?", "122"),
        ("Фильм собрал в прокате 2,2 миллиарда долларов.", "How much did the film gross?", "2,2 миллиарда долларов"),
        ("Lanciata a giugno 2023, la piattaforma è cresciuta.", "Когда запустили платформу?", "giugno 2023"),
        (
            "Il premio della giuria è andato a Sefa Kocakalay.",
            "Who won the jury prize?",
            "Sefa Kocakalay",
        ),
        ("Der Film kostete 80 Millionen Dollar.", "¿Cuánto costó la película?", "80 Millionen Dollar"),
        ("Le film a coûté 80 millions de dollars.", "Wie viel hat der Film gekostet?", "80 millions de dollars"),
        ("La película costó 80 millones de dólares.", "Combien a coûté le film ?", "80 millones de dólares"),
        ("Die Option wurde im Oktober 2007 eingeführt.", "Quand l'option a-t-elle été introduite ?", "Oktober 2007"),
        ("En el concurso participaron 122 países.", "Wie viele Länder nahmen teil?", "122"),
        ("The route is 200 miles long.", "How long is the route?", "200"),
        ("Alla festa c'erano 200 milanesi.", "Quante persone c'erano alla festa?", "200"),
        ("La tournée a rapporté 80 millions d'euros.", "Quel était le budget de la tournée ?", "80 millions d'euros"),
        ("La tournée a rapporté 80 millions d’euros.", "How much did the tour earn?", "80 millions d’euros"),
        ("Der Film wurde im Jahr 2019 in 30 Tagen gedreht.", "In wie vielen Tagen wurde er gedreht?", "30"),
        ("La película se rodó en el año 2019 en 30 días.", "¿En cuántos días se rodó la película?", "30"),
        ("Il concorso è partito a inizio settembre.", "In what month did the contest start?", "settembre"),
        ("Конкурс стартовал в начале сентября.", "In che mese è partito il concorso?", "сентября"),
        ("The contest opened in May.", "В каком месяце открылся конкурс?", "May"),
        ("Er begann im März, die Preise gab es am 3. März 2024.", "Wann gab es die Preise?", "3. März 2024"),
        ("Si è svolto dal 20 febbraio al 1º marzo.", "When was the festival held?", "20 febbraio al 1º marzo"),
        ("Le festival a eu lieu le 1er octobre 2024.", "Когда прошёл фестиваль?", "1er octobre 2024"),
        ("The festival ran on October 1st, 2024.", "Quando si è svolto il festival?", "October 1st, 2024"),
    ],
    ids=[
        "en-it-money",
        "it-en-count",
        "en-ru-money",
        "ru-it-date",
        "en-it-name",
        "es-de-money",
        "de-fr-money",
        "fr-es-money",
        "fr-de-date",
        "de-es-count",
        "en-miles-no-magnitude",
        "it-milanesi-no-magnitude",
        "fr-elided-currency",
        "fr-en-elided-currency",
        "de-im-jahr-date",
        "es-en-el-ano-date",
        "en-it-month-alone",
        "it-ru-month-alone",
        "ru-en-may-alone",
        "de-fuller-date-over-month",
        "it-en-ordinal-day-range",
        "fr-ru-ordinal-day",
        "en-it-ordinal-day",
    ],
)
def test_the_asked_value_is_taken_as_the_source_writes_it(sentence: str, question: str, value: str) -> None:
    assert value_of(sentence, question, asked_kinds(question)) == value


@pytest.mark.parametrize(
    ("sentence", "question"),
    [
        ("It drew 4,600 entries from 122 countries.", "How many?"),  # two values: no guess
        ("Sefa Kocakalay took the Jury Prize with BOZULMA.", "Кто победил?"),  # two names: no guess
        ("OpenAI's Sora 2 adds character persistence.", "How big was the pool?"),  # a number inside a name
        ("Its newest open model R1 was released.", "Сколько стоит модель?"),
        ("", "How many?"),
        ("🎬🍿 42", "What colour is it?"),  # no kind asked
    ],
    ids=["ambiguous", "two-names", "name-number", "glued-number", "empty", "emoji-untyped"],
)
def test_no_value_is_led_with_when_it_is_not_unambiguous(sentence: str, question: str) -> None:
    assert value_of(sentence, question, asked_kinds(question)) is None


@pytest.mark.parametrize(
    ("sentence", "question", "offered"),
    [
        ("The montage sequence was praised.", "When was the film released?", False),
        ("Il montaggio è stato curato da Rossi.", "Quando è uscito il film?", False),
        ("La montagne domine la vallée.", "Quand le film est-il sorti ?", False),
        ("Das Museum ist montags geschlossen.", "Wann ist das Museum geschlossen?", True),
        ("El museo abre los sábados.", "¿Cuándo abre el museo?", True),
    ],
    ids=["en-montage", "it-montaggio", "fr-montagne", "de-montags", "es-sabados"],
)
def test_a_german_french_or_spanish_weekday_is_a_whole_word(sentence: str, question: str, offered: bool) -> None:
    assert offers(sentence, question, Kind.DATE) is offered


@pytest.mark.parametrize(
    ("sentence", "question"),
    [
        ("The helpdesk is open Monday to Friday, 9:00 to 17:30.", "When is the helpdesk open?"),
        ("Lo sportello è aperto dal lunedì al venerdì.", "Quando è aperto lo sportello?"),
        ("Служба поддержки работает с понедельника по пятницу.", "Когда работает служба поддержки?"),
    ],
)
def test_opening_hours_answer_a_when_question(sentence: str, question: str) -> None:
    assert Kind.DATE in asked_kinds(question) and offers(sentence, question, Kind.DATE)


@pytest.mark.parametrize(
    ("sentence", "question"),
    [
        ("The platform went from stills to full 1080p story synthesis.", "How many videos were made?"),
        ("La versione R1 usa il rinforzo; servono chip H100.", "Quanti utenti ha DeepSeek?"),
        ("Модель строит сцены в 3D для Full HD и 1080p.", "Сколько видео создано?"),
        ("🎬 1080p 🍿", "How many?"),
        ("The order matters, as fsck(8), mount(8) and umount(8) read it in turn.", "How many fields are there?"),
        ("L'ordine conta: fsck(8) e mount(8) lo leggono in sequenza.", "Quanti campi ha ogni riga?"),
        ("Порядок важен: fsck(8) и mount(8) читают его по очереди.", "Сколько полей в строке?"),
    ],
    ids=["en-resolution", "it-model-codes", "ru-3d", "emoji", "en-reference", "it-reference", "ru-reference"],
)
def test_a_number_glued_to_letters_or_a_reference_after_a_name_is_a_code_not_a_count(
    sentence: str, question: str
) -> None:
    assert not offers(sentence, question, Kind.QUANTITY)
    assert value_of(sentence, question, asked_kinds(question)) is None


@pytest.mark.parametrize(
    ("sentence", "question", "value"),
    [
        ("The film cost $80M to make.", "How much did it cost?", "$80M"),
        ("Il percorso è lungo 5km.", "Quanto è lungo il percorso?", "5km"),
    ],
    ids=["en-magnitude", "it-unit"],
)
def test_a_number_glued_to_a_unit_is_still_a_quantity(sentence: str, question: str, value: str) -> None:
    assert offers(sentence, question, Kind.QUANTITY)
    assert value_of(sentence, question, asked_kinds(question)) is not None


def _passage(source: str, language: str, text: str) -> Passage:
    return Passage(chunk_id=f"{source}:0", source=source, title=source, language=language, text=text, score=1.0)


@pytest.mark.parametrize(
    ("first", "second", "one_fact"),
    [
        (  # one fact in two languages: the same two amounts
            _passage("a.txt", "en", "The film cost 80 million dollars and grossed 2.2 billion."),
            _passage("b.txt", "it", "Il film è costato 80 milioni di dollari e ha incassato 2,2 miliardi."),
            True,
        ),
        (  # two facts of one period: only the years are shared
            _passage("a.txt", "en", "Between 2023 and 2025 the studio opened offices in Tokyo."),
            _passage("b.txt", "ru", "С 2023 по 2025 год фестиваль сменил трёх директоров."),
            False,
        ),
    ],
    ids=["en-it-amounts", "en-ru-years-only"],
)
def test_two_sources_are_one_fact_only_when_they_share_more_than_dates(first, second, one_fact) -> None:
    frequency = Counter(f for p in (first, second) for f in set(sentence_forms(p.text, p.language)))
    answerer = ExtractiveAnswerer(frequency, 10, ["en", "it", "ru"], threshold=0.0)
    answer = answerer.compose("What happened between 2023 and 2025, and what did the film make?", "en", [first, second])
    assert not answer.abstained
    assert {c.source for c in answer.citations} == {"a.txt", "b.txt"}
    assert ("[1][2]" in answer.text) is one_fact  # one quote citing both sources, or each source quoted


@pytest.mark.parametrize(
    ("sentence", "question", "offered"),
    [
        ("Il film con i maggiori incassi della storia.", "Quando è uscito il film?", False),
        ("AI may help directors with budgets.", "When did the festival start?", False),
        ("Фестиваль открылся 15 марта.", "Когда открылся фестиваль?", True),
        ("Фестиваль прошёл в мае.", "When was the festival?", True),
        ("It opened in May.", "Quando ha aperto?", True),
        ("🎬 maggiori 🍿", "When?", False),
    ],
    ids=["it-maggiori", "en-modal-may", "ru-genitive", "ru-prepositional", "en-may", "emoji"],
)
def test_a_month_counts_as_a_date_only_as_a_whole_word(sentence: str, question: str, offered: bool) -> None:
    assert offers(sentence, question, Kind.DATE) is offered


@pytest.mark.parametrize(
    ("sentence", "dated"),
    [
        ("The museum opened in 1921 and holds 2019 lamps.", {"1921"}),
        ("Il museo ha aperto nel marzo 1921.", {"1921"}),
        ("Музей открылся в 1921 году.", {"1921"}),
        ("The 2025 edition drew 4,600 entries.", set()),
        ("🎬 1921 🍿", set()),
    ],
    ids=["en", "it-month", "ru-year-word", "en-edition", "emoji"],
)
def test_a_year_said_as_a_date_is_told_from_a_count(sentence: str, dated: set[str]) -> None:
    assert dated_years(sentence) == dated


@pytest.mark.parametrize(
    "question",
    ["How much does a ticket cost?", "Quanto costa il biglietto?", "Сколько стоит билет?"],
    ids=["en", "it", "ru"],
)
def test_a_date_does_not_answer_how_much(question: str) -> None:
    for sentence in ("The museum opened in March 1921.", "Il museo ha aperto nel 1921.", "Музей открылся в 1921 году."):
        assert not offers(sentence, question, Kind.QUANTITY)
        assert value_of(sentence, question, asked_kinds(question)) is None


MUSEUM = [
    ("en", "The Lantern Museum in Turin opened its doors in March 1921. Its halls hold some 4,000 lamps."),
    ("it", "Il Museo delle Lanterne di Torino ha aperto nel marzo 1921. Le sue sale conservano circa 4.000 lampade."),
    ("ru", "Музей фонарей в Турине открылся в марте 1921 года. В его залах хранится около 4000 ламп."),
]


@pytest.fixture(scope="module")
def museum_answerer(embedder) -> tuple[ExtractiveAnswerer, list[Passage]]:
    from rag.semantic import SentenceSimilarity
    from rag.settings import RagSettings

    passages = [_passage(f"{lang}.txt", lang, text) for lang, text in MUSEUM]
    frequency = Counter(f for p in passages for f in set(sentence_forms(p.text, p.language)))
    threshold = RagSettings().abstain_threshold
    return ExtractiveAnswerer(
        frequency, 30, ["en", "it", "ru"], threshold, similarity=SentenceSimilarity(embedder)
    ), passages


@pytest.mark.parametrize(
    ("language", "asked", "near_miss"),
    [
        ("en", "How many lamps does the Lantern Museum hold?", "How many visitors does the Lantern Museum get?"),
        ("it", "Quante lampade conserva il Museo delle Lanterne?", "Quanti visitatori riceve il Museo delle Lanterne?"),
        ("ru", "Сколько ламп хранится в Музее фонарей?", "Сколько посетителей бывает в Музее фонарей?"),
    ],
)
def test_a_question_about_a_known_name_weighs_what_it_asks_not_the_name(
    museum_answerer, language: str, asked: str, near_miss: str
) -> None:
    """Against a passage in another language, a question whose asked words the passage does not hold has less
    evidence than one whose words it holds, though both name the museum."""
    answerer, passages = museum_answerer
    scorer = answerer.windows

    def evidence(question: str, passage: Passage) -> float:
        windows = scorer.candidates(question, scorer.question_terms(question, ""), 1.0, [passage])
        return scorer.evidence(question, "", max(windows, key=lambda c: c.score))

    for passage in (p for p in passages if p.language != language):
        assert evidence(near_miss, passage) < evidence(asked, passage)


@pytest.mark.parametrize(
    ("language", "question", "asked"),
    [
        ("ru", "Сколько ламп хранится в Музее фонарей?", {"ламп", "хранится"}),
        ("it", "Quante lampade conserva il museo?", {"lampade", "conserva"}),
        ("en", "How many lamps does the museum keep?", {"lamps", "keep"}),
        ("en", "", set()),
        ("en", "🏮🏮?", set()),
    ],
    ids=["ru", "it", "en", "empty", "emoji"],
)
def test_question_words_no_passage_holds_are_met_by_meaning_in_another_language(
    embedder, language: str, question: str, asked: set[str]
) -> None:
    """Over a corpus in the other two languages, the question's own words appear in no passage, yet they stay
    question terms (met by their translations' meaning), and the sentence holding the asked value is quoted."""
    from rag.semantic import SentenceSimilarity

    others = [_passage(f"{lang}.txt", lang, text) for lang, text in MUSEUM if lang != language]
    frequency = Counter(f for p in others for f in set(sentence_forms(p.text, p.language)))
    answerer = ExtractiveAnswerer(frequency, 30, ["en", "it", "ru"], 0.3, similarity=SentenceSimilarity(embedder))
    terms = answerer.windows.question_terms(question, "")
    assert asked <= {t.word for t in terms} and all(t.weight > 0 for t in terms)
    answer = answerer.compose(question, language, others)
    assert answer.abstained is not asked
    if asked:
        assert answer.text.startswith("4") and "lamp" in answer.text.split("\n\n")[1].lower()


@pytest.mark.parametrize(
    ("sentence", "question", "value"),
    [
        ("The contest started in September with a prize pool of 42.000 dollars.", "When did it start?", "September"),
        ("Il concorso è partito a settembre con un montepremi di 42.000 dollari.", "Quando è partito?", "settembre"),
        ("Конкурс стартовал в сентябре с призовым фондом 1.234,50 евро.", "Когда стартовал конкурс?", "сентябре"),
        ("Lo sportello apre alle 9.30, dal lunedì al venerdì.", "When does the desk open?", "9.30"),
    ],
    ids=["en-thousands", "it-thousands", "ru-decimal", "it-clock"],
)
def test_a_clock_time_is_never_read_inside_a_longer_number(sentence: str, question: str, value: str) -> None:
    """Not "42.00" from "42.000": the month, the only date, is the value."""
    assert value_of(sentence, question, asked_kinds(question)) == value


LANTERNFALL = {
    "prize": {
        "en": "The grand prize went to Lanternfall, a short film by the Chilean directors Ana Ruiz and Tomás Vega.",
        "it": "Il gran premio è andato a Lanternfall, un corto dei registi cileni Ana Ruiz e Tomás Vega.",
        "ru": "Гран-при получил Lanternfall, короткометражка чилийских режиссёров Ana Ruiz и Tomás Vega.",
    },
    "shooting": {
        "en": "Ana Ruiz and Tomás Vega shot Lanternfall in three weeks on a phone.",
        "it": "Ana Ruiz e Tomás Vega hanno girato Lanternfall in tre settimane con un telefono.",
        "ru": "Ana Ruiz и Tomás Vega сняли Lanternfall за три недели на телефон.",
    },
}


@pytest.mark.parametrize(
    ("question", "language", "restated_in", "other_fact_in"),
    [
        ("Who won the grand prize?", "en", "it", "ru"),
        ("Chi ha vinto il gran premio?", "it", "ru", "en"),
        ("Кто получил гран-при?", "ru", "en", "it"),
    ],
)
def test_another_article_is_cited_for_the_fact_only_when_it_states_it(
    embedder, question: str, language: str, restated_in: str, other_fact_in: str
) -> None:
    """Three articles name the same film and directors; two state the prize (in two languages), the third says how
    the film was shot. The answer cites the two that state it, not the one that merely names the same people."""
    from rag.semantic import SentenceSimilarity

    passages = [
        _passage("quoted.txt", language, LANTERNFALL["prize"][language]),
        _passage("restated.txt", restated_in, LANTERNFALL["prize"][restated_in]),
        _passage("other.txt", other_fact_in, LANTERNFALL["shooting"][other_fact_in]),
    ]
    frequency = Counter(f for p in passages for f in set(sentence_forms(p.text, p.language)))
    answerer = ExtractiveAnswerer(frequency, 30, ["en", "it", "ru"], 0.0, similarity=SentenceSimilarity(embedder))
    answer = answerer.compose(question, language, passages)
    assert not answer.abstained
    assert {c.source for c in answer.citations} == {"quoted.txt", "restated.txt"}
    lead, _, quote = answer.text.partition("\n\n")
    assert lead == "Lanternfall [1]" and quote.count("Lanternfall") == 1  # quoted once, cited twice


@pytest.mark.parametrize(
    ("question", "earlier"),
    [
        ("Who won in Tokyo?", "How many countries took part in the Kling AI contest?"),
        ("Chi ha vinto a Tokyo?", "Quanti paesi hanno partecipato al concorso di Kling AI?"),
        ("Кто победил в Tokyo?", "Сколько стран участвовало в конкурсе Kling AI?"),
    ],
    ids=["en", "it", "ru"],
)
def test_a_follow_up_is_not_answered_with_a_name_the_conversation_already_named(question: str, earlier: str) -> None:
    """ "Kling AI's debut…" holds no new name for a follow-up of a conversation about Kling AI: the answer quotes the
    sentence without leading with "AI" (which it does when the question is asked alone)."""
    from tests.answering import extractive_answerer

    passages = [_passage("a.txt", "en", "Kling AI's debut drew a crowd of winners in Tokyo.")]
    answerer = extractive_answerer(passages)
    followed = answerer.compose(question, "en", passages, context=earlier)
    assert not followed.abstained and followed.text.startswith("Kling AI's debut")


ROLE = {  # (the role that answers, a sentence naming someone for something else, the question)
    "en": (
        "Once the testing distribution is mature enough, the release manager starts to freeze it.",
        "The project was started by Ian Murdock in 1993.",
        "Who starts to freeze the testing distribution once it is mature enough?",
        "release manager",
    ),
    "it": (
        "Quando la distribuzione testing è abbastanza matura, il responsabile del rilascio inizia a congelarla.",
        "Il progetto fu avviato da Ian Murdock nel 1993.",
        "Chi inizia a congelare la distribuzione testing quando è abbastanza matura?",
        "responsabile del rilascio",
    ),
    "ru": (
        "Когда тестируемый дистрибутив достаточно созрел, менеджер выпуска начинает его замораживать.",
        "Проект основал Ian Murdock в 1993 году.",
        "Кто начинает замораживать тестируемый дистрибутив, когда он достаточно созрел?",
        "менеджер выпуска",
    ),
}


@pytest.mark.parametrize("language", ["en", "it", "ru"])
def test_a_who_question_is_answered_by_a_role_that_answers_it_better_than_any_name(language: str) -> None:
    """ "Who…?" is most often answered by a name, but a role can answer it ("the release manager"): a window holding
    every word of the question is not passed over for one that merely names someone."""
    role, named, question, needed = ROLE[language]
    passages = [_passage("role.txt", language, role), _passage("named.txt", language, named)]
    frequency = Counter(f for p in passages for f in set(sentence_forms(p.text, p.language)))
    answer = ExtractiveAnswerer(frequency, 10, ["en", "it", "ru"], 0.0, max_sentences=1).compose(
        question, language, passages
    )
    assert not answer.abstained and needed in answer.text and "Murdock" not in answer.text


@pytest.mark.parametrize(
    ("sentence", "question"),
    [
        ("May be given more than once.", "When is the option read?"),
        ("March the file through the filter first.", "When is the file read?"),
        ("May be given more than once.", "Когда читается этот параметр?"),
        ("May be given more than once.", "Quando viene letta l'opzione?"),
    ],
    ids=["en-may-verb", "en-march-verb", "en-ru-may-verb", "en-it-may-verb"],
)
def test_may_or_march_opening_a_sentence_is_the_verb_not_the_month(sentence: str, question: str) -> None:
    assert not offers(sentence, question, Kind.DATE)
    assert value_of(sentence, question, asked_kinds(question)) is None


@pytest.mark.parametrize(
    ("sentence", "question"),
    [
        ("The contest started in September.", "When in September did the contest start?"),
        ("Il concorso è partito a settembre.", "Quando, a settembre, è partito il concorso?"),
        ("Конкурс стартовал в сентябре.", "Когда в сентябре стартовал конкурс?"),
        ("Конкурс стартовал в начале сентября.", "Когда в сентябре стартовал конкурс?"),
        ("The contest opened in May.", "When in May did the contest open?"),
    ],
    ids=["en", "it", "ru", "ru-other-ending", "en-may"],
)
def test_a_month_the_question_already_names_is_no_new_value(sentence: str, question: str) -> None:
    assert value_of(sentence, question, asked_kinds(question)) is None


@pytest.mark.parametrize(
    ("sentence", "question", "value"),
    [
        ("The festival ran on March 4th, 2024.", "When did the festival run?", "March 4th, 2024"),
        ("The festival ran from 3 to 5 March 2024.", "Quando si è svolto il festival?", "3 to 5 March 2024"),
        ("The festival opened on May 4, 2024.", "Когда открылся фестиваль?", "May 4, 2024"),
        ("The festival opened in May 2024, with 40 films.", "When did the festival open?", "May 2024"),
    ],
    ids=["en-ordinal", "en-it-range", "en-ru-day", "en-month-year"],
)
def test_a_date_in_may_or_march_is_taken_whole_like_any_other_month(sentence: str, question: str, value: str) -> None:
    """As "October 4th, 2024" is, not only its year."""
    assert value_of(sentence, question, asked_kinds(question)) == value
