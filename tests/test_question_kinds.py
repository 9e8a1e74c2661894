"""What a question asks for (`rag/qtype.py`): its own question word, money as an amount in a currency, and a day
of the month as part of a date, in en/it/ru (the kinds also in de/fr/es/nl/pt/pl/uk/tr), with empty and emoji input."""

from __future__ import annotations

import pytest

from rag.qtype import dated_numbers, names, offers, value_of, values_of
from rag.question_words import Kind, asked_kinds, asks_identifier


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("What happens to the files when the disk is unmounted?", set()),
        ("Dove passa il controllo quando il gestore termina?", set()),
        ("Что происходит с данными, когда канал заполнен?", set()),
        ("Which director, who won in Tokyo, made BOZULMA?", set()),
        ("The director who won in Tokyo — when was he born?", {Kind.DATE}),
        ("Il film che ha vinto il Gran Premio, quando è uscito?", {Kind.DATE}),
        ("Фильм, который получил Гран-при, когда вышел?", {Kind.DATE}),
        ("«Как я провёл этим летом»: когда вышел фильм?", {Kind.DATE}),
        ("And when was it founded?", {Kind.DATE}),
        ("In che anno è nato il regista?", {Kind.DATE}),
        ("Di quanti punti percentuali sono scese le azioni?", {Kind.QUANTITY, Kind.PERCENT}),
        ("Кто и когда основал студию?", {Kind.NAME}),
        ("", set()),
        ("🎬 when? 🍿", {Kind.DATE}),
    ],
    ids=[
        "en-clause",
        "it-clause",
        "ru-clause",
        "en-relative-after",
        "en-relative-before",
        "it-relative-before",
        "ru-relative-before",
        "ru-quoted-title",
        "en-follow-up",
        "it-preposition",
        "it-percent",
        "ru-who-first",
        "empty",
        "emoji",
    ],
)
def test_a_question_asks_by_its_own_question_word_not_by_a_relative_or_subordinate_one(
    question: str, kinds: set[Kind]
) -> None:
    assert asked_kinds(question) == kinds


@pytest.mark.parametrize(
    ("question", "money", "count"),
    [
        ("How much revenue does the platform make?", "It earned $5 million last year.", "It has 45 million users."),
        ("How much money did the film make?", "It made US$5 million.", "It played in 40 cinemas."),
        ("Quanto costava il biglietto?", "Il biglietto costava 12 euro.", "Il festival è durato 10 giorni."),
        ("Qual era il montepremi?", "Il montepremi era di 42.000 dollari.", "Hanno partecipato 122 Paesi."),
        ("Какой был бюджет у фильма?", "Бюджет фильма составил 80 миллионов долларов.", "В фильме 3 главные роли."),
        ("Сколько стоит билет?", "Билет стоит 500 руб.", "Зал вмещает 300 зрителей."),
    ],
    ids=["en", "en-money", "it", "it-prize", "ru", "ru-rub"],
)
def test_a_question_about_money_wants_an_amount_in_a_currency(question: str, money: str, count: str) -> None:
    assert Kind.MONEY in asked_kinds(question)
    assert offers(money, question, Kind.MONEY) and not offers(count, question, Kind.MONEY)
    value = value_of(money, question, asked_kinds(question))
    assert value is not None and value in money and not value.isdigit()
    assert value_of(count, question, asked_kinds(question)) is None


@pytest.mark.parametrize(
    "question",
    [
        "Whose share price crashed?",
        "Quando è salito il prezzo?",
        "Кто заплатил гонорар?",
        "What percentage of the budget went to music?",
        "Какая компания стоит за платформой?",  # "stands behind", not "costs"
        "How much time did he spend on the film?",  # time, not money
        "Сколько лет он потратил на фильм?",
        "How many people paid the entry fee?",  # a count of people
        "Quante città ci sono sulla costa?",  # "costa": the coast
        "How many films did Vincent Price make?",  # a name
        "Why did the price rise?",
        "Quale film ha avuto il budget più alto?",  # a film is asked
        "",
        "🎬💰?",
    ],
    ids=[
        "en-whose",
        "it-when",
        "ru-who",
        "en-percent",
        "ru-stands",
        "en-spent",
        "ru-spent",
        "en-count-paid",
        "it-coast",
        "en-name",
        "en-why",
        "it-which-film",
        "empty",
        "emoji",
    ],
)
def test_money_words_that_are_not_what_is_asked_ask_no_money(question: str) -> None:
    assert Kind.MONEY not in asked_kinds(question)


@pytest.mark.parametrize(
    ("sentence", "question", "values"),
    [
        ("Prices rose in 12 of the euro zone members.", "How many members?", ["12"]),
        (
            "Il botteghino ha superato i 2,2 miliardi di di dollari.",
            "Quanto ha incassato?",
            ["2,2 miliardi di di dollari"],
        ),
        ("Билет стоит 500 ₽, детский 300 руб.", "Сколько стоит билет?", ["500 ₽", "300 руб."]),
    ],
    ids=["en-gap-is-no-currency", "it-source-typo", "ru-symbol-and-abbreviation"],
)
def test_a_currency_is_read_only_right_after_its_amount(sentence: str, question: str, values: list[str]) -> None:
    assert values_of(sentence, question, asked_kinds(question)) == values


@pytest.mark.parametrize(
    ("sentence", "question", "dated", "value"),
    [
        (
            "Tokyo, 3 November 2025: the contest drew 4,600 entries.",
            "How many entries were there?",
            {"3", "2025"},
            "4,600",
        ),
        ("The festival showed, on 5 May, 12 films.", "How many films?", {"5"}, "12"),
        ("Dal 29 gennaio al 12 febbraio sono uscite 3 pellicole.", "Quanti film sono usciti?", {"29", "12"}, "3"),
        ("Il festival, dal 3 al 5 novembre, ha proiettato 12 film.", "Quanti film?", {"3", "5"}, "12"),
        ("Фестиваль прошёл 1-3 ноября, показали 12 фильмов.", "Сколько фильмов показали?", {"1", "3"}, "12"),
        ("Users may retry 2 times.", "How many times?", set(), "2"),  # "may": a verb
        ("", "How many?", set(), None),
        ("🎬 3 🍿", "How many?", set(), "3"),
    ],
    ids=["en", "en-may", "it-range", "it-word-range", "ru-range", "en-verb-may", "empty", "emoji"],
)
def test_a_day_of_the_month_is_a_date_not_a_count(sentence: str, question: str, dated: set[str], value: str) -> None:
    assert dated_numbers(sentence) == dated
    assert value_of(sentence, question, asked_kinds(question)) == value


@pytest.mark.parametrize(
    ("question", "kinds", "which"),
    [
        ("Wie viele Länder nahmen teil?", {Kind.QUANTITY}, False),
        ("Seit wann gibt es die Option?", {Kind.DATE}, False),
        ("Wer hat das Programm geschrieben?", {Kind.NAME}, False),
        ("Welche Option setzt den Modus?", set(), True),
        ("Das Programm, das die Datei liest, wann wurde es geschrieben?", {Kind.DATE}, False),
        ("Combien de pays ont participé ?", {Kind.QUANTITY}, False),
        ("En quelle année le fichier a-t-il été créé ?", {Kind.DATE}, False),
        ("Le programme qui lit le fichier, qui l'a écrit ?", {Kind.NAME}, False),
        ("Quel fichier est lu au démarrage ?", set(), True),
        ("¿Cuántos países participaron?", {Kind.QUANTITY}, False),
        ("¿Cuándo se creó el archivo?", {Kind.DATE}, False),
        ("¿Quién escribió el programa?", {Kind.NAME}, False),
        ("¿Qué opción fija el modo?", set(), True),
        ("¿Qué es un socket?", set(), False),
        ("Was the film shown in Tokyo?", set(), False),  # English "was", not German "was"
        ("Wie lange dauert die Vorstellung?", {Kind.QUANTITY}, False),
        ("Um welche Uhrzeit beginnt die Vorstellung?", set(), True),
        ("De quel pays vient le réalisateur qui a gagné quand il avait 20 ans ?", set(), True),
        ("¿Por qué subió el precio cuando salió la película?", set(), False),
        ("¿De qué país es el director que ganó cuando tenía 20 años?", set(), True),
        ("¿Cuánto cuestan las entradas?", {Kind.QUANTITY, Kind.MONEY}, False),
        ("Que fait la commande mount ?", set(), False),  # "what does … do": a description, as in English
        ("Que signifie l'option noatime ?", set(), False),
        ("¿Qué se necesita para montar un disco?", set(), False),
    ],
    ids=[
        "de-count", "de-date", "de-who", "de-which", "de-relative-before", "fr-count", "fr-year", "fr-relative-who",
        "fr-which", "es-count", "es-date", "es-who", "es-which", "es-what-is", "en-was", "de-how-long",
        "de-um-which", "fr-de-which", "es-por-que-why", "es-de-which", "es-cuestan", "fr-que-fait", "fr-que-signifie",
        "es-que-se",
    ],
)  # fmt: skip
def test_german_french_and_spanish_questions_ask_by_their_own_question_word(
    question: str, kinds: set[Kind], which: bool
) -> None:
    assert asked_kinds(question) == kinds
    assert asks_identifier(question, kinds) is which


@pytest.mark.parametrize(
    ("question", "kinds", "which"),
    [
        ("Hoeveel landen deden mee?", {Kind.QUANTITY}, False),
        ("Wanneer werd het festival gehouden?", {Kind.DATE}, False),
        ("Wie heeft de prijs gewonnen?", {Kind.NAME}, False),
        ("Welke film won de prijs?", set(), True),
        ("Wat was het budget van de film?", {Kind.MONEY}, False),
        ("Wie ist das Wetter?", set(), False),  # German "wie", "how": no Dutch verb after it
        ("Quantos países participaram?", {Kind.QUANTITY}, False),
        ("Em que ano a empresa foi fundada?", {Kind.DATE}, False),
        ("Quem ganhou o prêmio?", {Kind.NAME}, False),
        ("Qual filme ganhou o prêmio?", set(), True),
        ("O que é um socket?", set(), False),  # "what is": a description
        ("Quanto custou o filme?", {Kind.QUANTITY, Kind.MONEY}, False),
        ("Ile krajów wzięło udział?", {Kind.QUANTITY}, False),
        ("W którym roku powstała firma?", {Kind.DATE}, False),
        ("Kto wygrał nagrodę?", {Kind.NAME}, False),
        ("Który film wygrał nagrodę?", set(), True),
        ("Скільки країн взяли участь?", {Kind.QUANTITY}, False),
        ("Коли відбувся фестиваль?", {Kind.DATE}, False),
        ("Хто отримав премію?", {Kind.NAME}, False),
        ("Який фільм отримав премію?", set(), True),
        ("Yarışmaya kaç ülke katıldı?", {Kind.QUANTITY}, False),  # Turkish asks late in the sentence
        ("Festival ne zaman yapıldı?", {Kind.DATE}, False),
        ("Büyük ödülü kim kazandı?", {Kind.NAME}, False),
        ("Hangi film ödülü kazandı?", set(), True),
        ("Ne Zha 2 is the top film in which genre?", set(), True),  # "Ne" (Turkish "what") opens no question
        ("", set(), False),
        ("🎬 hoeveel? 🍿", {Kind.QUANTITY}, False),
    ],
    ids=[
        "nl-count", "nl-date", "nl-who", "nl-which", "nl-money", "de-wie-how", "pt-count", "pt-year", "pt-who",
        "pt-which", "pt-what-is", "pt-cost", "pl-count", "pl-year", "pl-who", "pl-which", "uk-count", "uk-date",
        "uk-who", "uk-which", "tr-count", "tr-date", "tr-who", "tr-which", "en-ne-zha", "empty", "emoji",
    ],
)  # fmt: skip
def test_dutch_portuguese_polish_ukrainian_and_turkish_questions_ask_by_their_question_word(
    question: str, kinds: set[Kind], which: bool
) -> None:
    assert asked_kinds(question) == kinds
    assert asks_identifier(question, kinds) is which


@pytest.mark.parametrize(
    ("question", "kinds", "which"),
    [
        ("Kim Novak starred in which film?", set(), True),  # "kim" (pl, tr "who") before a name is the name
        ("Kim Ki-duk won the Golden Lion in which year?", {Kind.DATE}, False),
        ("Kim Jong-un è nato in che anno?", {Kind.DATE}, False),
        ("Cosa hanno servito alla cena di gala?", set(), False),  # Italian "cena", not Polish "cena" (price)
        ("¿Cuánto duró la cena?", {Kind.QUANTITY}, False),
        ("Kim wygrał konkurs?", {Kind.NAME}, False),
        ("Filmin yönetmeni kimdir?", {Kind.NAME}, False),
        ("Filmin bütçesi ne kadardı?", {Kind.QUANTITY, Kind.MONEY}, False),
        ("Film kaç yılında çıktı?", {Kind.DATE}, False),  # "kaç yılında" asks a year, not a count
        ("Ödülü hangi film kazandı?", set(), True),
        ("Hoeveel heeft de film gekost?", {Kind.QUANTITY, Kind.MONEY}, False),
        ("Wie kreeg de prijs?", {Kind.NAME}, False),
        ("Якого року вийшов фільм?", {Kind.DATE}, False),
        ("Quanto o filme faturou?", {Kind.QUANTITY, Kind.MONEY}, False),
    ],
    ids=[
        "en-kim-novak", "en-kim-ki-duk", "it-kim-jong-un", "it-cena", "es-cena", "pl-kim", "tr-kimdir", "tr-money",
        "tr-year", "tr-hangi-late", "nl-gekost", "nl-kreeg", "uk-year", "pt-faturou",
    ],
)  # fmt: skip
def test_a_word_the_added_tables_share_with_another_language_reads_as_that_language_uses_it(
    question: str, kinds: set[Kind], which: bool
) -> None:
    assert asked_kinds(question) == kinds
    assert asks_identifier(question, kinds) is which


@pytest.mark.parametrize(
    ("question", "continuing"),
    [
        ("Maar hoeveel landen?", True),
        ("E quantos países?", True),
        ("Ale ile krajów?", True),
        ("І скільки країн?", True),
        ("En quelle année ?", False),  # French "en", not Dutch "en" ("and")
        ("I film selezionati quanti erano?", False),  # Italian "I", not Polish "i"
        ("A quale festival?", False),
        ("Mas o menos, ¿cuántos países?", False),  # Spanish "más" unaccented, not Portuguese "mas"
        ("Peki kaç ülke?", True),
    ],
)
def test_a_follow_up_opens_with_a_conjunction_of_its_language_not_a_word_another_shares(
    question: str, continuing: bool
) -> None:
    from rag.followup_cues import continues

    assert continues(question) is continuing


@pytest.mark.parametrize(
    ("question", "money"),
    [
        ("Wie hoch war das Budget des Films?", True),
        ("Wie viel Geld hat der Film eingespielt?", True),
        ("Welche Gebühr verlangt der Dienst?", True),
        ("Wie viele Menschen zahlten die Gebühr?", False),  # "wie viele" counts, like "how many"
        ("Wie viele Filme kosteten mehr als 100 Millionen Dollar?", False),
        ("What did Vincent Price say about the film?", False),  # a name still is one
        ("Cosa ha detto Vincent Price del film?", False),
        ("Welche Rolle spielte Vincent Price?", False),
        ("Сколько стоил фильм?", True),
    ],
    ids=[
        "de-budget", "de-geld", "de-gebuehr", "de-how-many-fee", "de-how-many-cost", "en-name", "it-name", "de-name",
        "ru",
    ],
)  # fmt: skip
def test_a_german_money_noun_asks_money_though_capitalised_and_wie_viele_asks_a_count(
    question: str, money: bool
) -> None:
    assert (Kind.MONEY in asked_kinds(question)) is money


@pytest.mark.parametrize(
    "question",
    ["How do I add a comment to fstab?", "Comment monter le disque quand il est plein ?"],
    ids=["en-noun", "fr-question-word"],
)
def test_comment_stays_a_term_though_it_opens_a_french_question(question: str) -> None:
    """English "comment" is what the question is about; French "comment" still opens its question, so the later
    "quand" asks for no date."""
    from collections import Counter

    from index.analyze import sentence_forms
    from rag.answer import ExtractiveAnswerer

    passage = "Lines starting with # are a comment in fstab; a full disk cannot be mounted when it is read-only."
    answerer = ExtractiveAnswerer(Counter(sentence_forms(passage, "en")), 30, ["en", "fr"], 0.3)
    words = {t.word for t in answerer.windows.question_terms(question, "")}
    assert "comment" in words and asked_kinds(question) == set()


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("Roughly how many countries took part?", {Kind.QUANTITY}),
        ("Circa quanti Paesi hanno partecipato?", {Kind.QUANTITY}),
        ("Примерно сколько стран участвовало?", {Kind.QUANTITY}),
        ("Etwa wie viele Länder nahmen teil?", {Kind.QUANTITY}),
        ("Around when did it open?", {Kind.DATE}),
        # "more than": the "che"/"que" after a comparative asks nothing; the clause's own question word does
        ("Più che altro, quando apre il museo?", {Kind.DATE}),
        ("Più che altro, chi ha vinto il premio?", {Kind.NAME}),
        ("Meno che mai: quanti visitatori?", {Kind.QUANTITY}),
        ("Más que nada, ¿cuándo abre el museo?", {Kind.DATE}),
        ("Около чего стоит музей и когда он открылся?", {Kind.DATE}),
        ("", set()),
        ("🎬 примерно сколько? 🍿", {Kind.QUANTITY}),
    ],
)
def test_a_hedge_leads_only_an_amount_or_a_time_not_a_comparative_that(question: str, kinds: set[Kind]) -> None:
    assert asked_kinds(question) == kinds


@pytest.mark.parametrize(
    ("sentence", "question", "values"),
    [
        ("The festival ran from 20 February to 1 April 2020.", "When did it run?", ["20 February to 1 April 2020"]),
        (
            "È uscito durante la festa del 2025 (29 gennaio-12 febbraio).",
            "Quando è uscito?",
            ["2025", "29 gennaio-12 febbraio"],
        ),
        ("Фестиваль прошёл 3 ноября 2025 года в Токио.", "Когда прошёл фестиваль?", ["3 ноября 2025"]),
        ("Il a ouvert le 3 février 2025.", "Quand a-t-il ouvert ?", ["3 février 2025"]),
        ("Es wurde am 3. März 2025 eröffnet.", "Wann wurde es eröffnet?", ["3. März 2025"]),
        ("It opened on November 3, 2025 in Tokyo.", "When did it open?", ["November 3, 2025"]),
        ("Abrió en marzo de 2023.", "¿Cuándo abrió?", ["2023"]),
        ("🎉 nel 2024 🎉", "Quando?", ["2024"]),
    ],
    ids=["en-range", "it-year-and-range", "ru-day", "fr-accent", "de-ordinal", "en-month-first", "es", "emoji"],
)
def test_a_date_is_read_whole_as_the_source_writes_it_without_the_word_before_it(
    sentence: str, question: str, values: list[str]
) -> None:
    assert values_of(sentence, question, asked_kinds(question)) == values


@pytest.mark.parametrize(
    ("sentence", "question", "values"),
    [
        ("Oltre 4.600 opere sono arrivate da 122 Paesi.", "Quante opere sono arrivate?", ["4.600", "122"]),
        ("Over 4,600 films came in.", "How many films came in?", ["4,600"]),
        ("Более 4600 заявок пришло.", "Сколько заявок пришло?", ["4600"]),
        ("Il nuovo Sora 2 genera video di 20 secondi.", "Quanti secondi?", ["20"]),  # "Sora 2" is a name
    ],
    ids=["it-opening-word", "en-opening-word", "ru-opening-word", "it-name"],
)
def test_a_number_after_the_capitalised_word_opening_a_sentence_is_a_count_not_part_of_a_name(
    sentence: str, question: str, values: list[str]
) -> None:
    assert values_of(sentence, question, asked_kinds(question)) == values


@pytest.mark.parametrize(
    ("question", "found"),
    [
        ("¿En qué mesa redonda intervino Tim Yip en Tokio?", {"tim", "yip", "tokio"}),
        ("¡Hola! ¿Y dónde?", set()),
        ("¿Qué premio ganó Alzheimer?", {"alzheimer"}),
        ("Which prize did Alzheimer win?", {"alzheimer"}),
        ("E quale premio ha vinto Alzheimer?", {"alzheimer"}),
        ("А какой приз получил Alzheimer?", {"alzheimer"}),
        ("", set()),
        ("¿Y? 🎬", set()),
    ],
    ids=["es", "es-exclamation", "es-question-word", "en", "it", "ru", "empty", "emoji"],
)
def test_the_word_opening_a_spanish_question_after_its_inverted_mark_is_no_name(question: str, found: set[str]) -> None:
    """ "¿En qué…?" opens with "En": read as a name, it weighed as a word no passage holds; "¿Y cuánto…?" named "y"."""
    assert names(question) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Qual è la capitale dell'Australia?", {"australia"}),
        ("L’Italia ha vinto il premio?", {"italia"}),
        ("L'evento è finito.", set()),
        ("Qu'a dit l'Élysée ?", {"elysee"}),
        ("Who is O'Brien?", {"o'brien"}),
        ("Что сказал д'Артаньян?", {"артаньян"}),
        ("", set()),
        ("🎬 dell'Australia", {"australia"}),
    ],
    ids=["it", "it-opening", "it-no-name", "fr", "en-apostrophe-name", "ru", "empty", "emoji"],
)
def test_a_name_after_an_elided_article_is_a_name(text: str, found: set[str]) -> None:
    """ "dell'Australia" read as one lower-case word hid the name: mid-conversation, the question went on from the
    earlier one instead of being refused."""
    assert names(text) == found


@pytest.mark.parametrize(
    ("question", "kinds", "which"),
    [
        ("몇 개국에서 출품작이 왔습니까?", {Kind.QUANTITY}, False),
        ("Kling AI 대회에는 몇 개국이 참가했습니까?", {Kind.QUANTITY}, False),  # asked late: anywhere
        ("대회는 언제 열렸습니까?", {Kind.DATE}, False),
        ("몇 년에 출시되었습니까?", {Kind.DATE}, False),  # "in which year", not "how many years"
        ("누가 심사위원상을 받았습니까?", {Kind.NAME}, False),
        ("제작비는 얼마였습니까?", {Kind.MONEY}, False),
        ("어느 영화가 대상을 받았습니까?", set(), True),
        ("كم عدد الدول التي شاركت؟", {Kind.QUANTITY}, False),
        ("متى أقيم المهرجان؟", {Kind.DATE}, False),
        ("من فاز بالجائزة؟", {Kind.NAME}, False),
        ("أرسلت أعمال من 122 دولة", set(), False),  # "من" inside: "from", not "who"
        ("ما هي ميزانية الفيلم؟", {Kind.MONEY}, False),
        ("أي فيلم فاز بالجائزة؟", set(), True),
        ("มีกี่ประเทศที่ส่งผลงาน", {Kind.QUANTITY}, False),  # Thai writes no spaces: cues inside the run
        ("การประกวดจัดขึ้นเมื่อไร", {Kind.DATE}, False),
        ("ใครได้รับรางวัล", {Kind.NAME}, False),
        ("งบประมาณของภาพยนตร์เท่าไร", {Kind.QUANTITY, Kind.MONEY}, False),
        ("ภาพยนตร์เรื่องใดได้รับรางวัล", set(), True),
        ("🎬 몇 개? 🍿", {Kind.QUANTITY}, False),
    ],
    ids=[
        "ko-count", "ko-count-late", "ko-date", "ko-which-year", "ko-who", "ko-money", "ko-which", "ar-count",
        "ar-date", "ar-who", "ar-from", "ar-money", "ar-which", "th-count", "th-date", "th-who", "th-money",
        "th-which", "ko-emoji",
    ],
)  # fmt: skip
def test_korean_arabic_and_thai_questions_ask_by_their_question_word(
    question: str, kinds: set[Kind], which: bool
) -> None:
    assert asked_kinds(question) == kinds
    assert asks_identifier(question, kinds) is which


@pytest.mark.parametrize(
    ("question", "continuing", "back"),
    [
        ("그리고 상금은 얼마였나요?", True, False),
        ("그것은 언제 개봉했습니까?", False, True),
        ("وكم كانت قيمة الجوائز؟", True, False),
        ("ومن أخرج ذلك الفيلم؟", True, True),
        ("ما هو الفيلم الذي فاز؟", False, False),  # "هو" after "ما" is "what is", no pronoun pointing back
        ("แล้วเงินรางวัลเท่าไร", True, False),
        ("ภาพยนตร์เรื่องใดได้รับรางวัล", False, False),
    ],
)
def test_a_korean_arabic_or_thai_follow_up_goes_on_by_its_conjunction_or_pronoun(
    question: str, continuing: bool, back: bool
) -> None:
    from rag.followup_cues import continues, refers_back

    assert continues(question) is continuing
    assert refers_back(question) is back
