"""Chinese and Japanese, which write no spaces between words: their text is read as overlapping character pairs
(`index.analyze.cjk_pairs`), their sentences end at 。！？ (`index.language.sentence_spans`), their question words
say what kind of value is asked (`rag.question_words`), and a question in either finds and quotes a document in
either, or in another language. The documents here are written for these tests (real Chroma, the real encoder)."""

from __future__ import annotations

import pytest

from index.analyze import analyze, words
from index.language import split_sentences
from rag.cue_words import cue_words
from rag.qtype import numbers, values_of
from rag.question_words import Kind, asked_kinds, asks_identifier
from rag.types import Query
from tests.conftest import build_small_index

CHINESE = (
    "灯笼电影节于2019年在杭州创办。今年的电影节共收到5200部作品，来自87个国家。"
    "评审团大奖颁给了导演林晓雨的短片《归途》。电影节的总预算为300万元！"
)
JAPANESE = (
    "星空アニメ祭は2015年に札幌で始まった。今年は1200本の応募があり、34か国から作品が集まった。"
    "グランプリは佐藤健一監督の短編『帰り道』が受賞した。"
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, embedder):
    from rag.engine import Engine

    extra = {"zh_festival.txt": CHINESE, "ja_festival.txt": JAPANESE}
    settings = build_small_index(tmp_path_factory.mktemp("cjk-index"), embedder, extra)
    return Engine(settings.index, settings.rag, embedder=embedder)


def test_a_chinese_or_japanese_run_is_read_as_its_character_pairs() -> None:
    assert words("灯笼电影节") == ["灯笼", "笼电", "电影", "影节"]
    assert words("Kling AI是快手的平台") == ["kling", "ai", "是快", "快手", "手的", "的平", "平台"]  # Latin apart
    assert words("誰ですか") == ["誰で", "です", "すか"]  # kana keep their voicing marks ("で" is not "て")
    assert words("ﾃｽﾄ") == ["テス", "スト"]  # half-width katakana read as full-width
    assert words("猫") == ["猫"] and words("") == [] and words("🎬🍿") == []
    assert analyze("灯笼电影节收到5200部作品", "zh") == [
        "灯笼",
        "笼电",
        "电影",
        "影节",
        "节收",
        "收到",
        "5200",
        "部作",
        "作品",
    ]
    assert words("L'azienda ha 4.600 opere") == ["l'azienda", "ha", "4600", "opere"]  # other scripts as before
    assert words("佐々木") == ["佐々", "々木"] and words("ドナルド・トランプ")[2:4] == ["ルド", "トラ"]  # ・ separates
    assert words("５２００部") == ["5200", "部"]  # full-width digits are digits


@pytest.mark.parametrize(
    ("sentence", "question", "kinds", "values"),
    [
        ("2025年6月，大赛共收到5200部作品。", "大赛共收到多少部作品？", {Kind.QUANTITY}, ["5200"]),  # no date
        ("可灵AI于2023年6月发布，2025年6月3日更新。", "什么时候发布的？", {Kind.DATE}, ["2023年6月", "2025年6月3日"]),
        ("第37回東京国際映画祭では、応募作品が5200部に達した。", "応募作品は何部？", {Kind.QUANTITY}, ["5200"]),
        ("电影节的总预算为300万元，奖金5千元。", "预算是多少？", {Kind.MONEY}, ["300万元", "5千元"]),
        ("製作費は1億円だった。", "製作費はいくら？", {Kind.MONEY}, ["1億円"]),
        ("The newer inotify_init1(2) takes 4 flags.", "How many flags?", {Kind.QUANTITY}, ["4"]),  # a page reference
        ("応募は５２００部。", "何部？", {Kind.QUANTITY}, ["５２００"]),
    ],
)
def test_a_value_beside_chinese_or_japanese_characters_is_read_whole_and_a_date_is_no_count(
    sentence: str, question: str, kinds: set[Kind], values: list[str]
) -> None:
    assert values_of(sentence, question, kinds) == values
    assert numbers("第37回") == frozenset()


@pytest.mark.parametrize(
    ("text", "language", "sentences"),
    [
        (CHINESE, "zh", 4),
        (JAPANESE, "ja", 3),
        ("第一句。 第二句！第三句？", "zh", 3),
        ("「大賞は誰？」と聞かれた。", "ja", 1),  # a quotation's end is not the sentence's
        ("彼は「すごい！」と言った。次の文。", "ja", 2),
        ("他说：“我们赢了。”然后离开了。", "zh", 2),
        ("One sentence. Two sentences.", "en", 2),
    ],
)
def test_chinese_and_japanese_sentences_end_at_their_own_full_stops(text: str, language: str, sentences: int) -> None:
    found = split_sentences(text, language)
    assert len(found) == sentences and "".join(found) == text


@pytest.mark.parametrize(
    ("question", "kinds", "which"),
    [
        ("有多少个国家参加了比赛？", {Kind.QUANTITY}, False),
        ("谁获得了大奖？", {Kind.NAME}, False),
        ("电影节是什么时候创办的？", {Kind.DATE}, False),
        ("哪部短片获得了大奖？", set(), True),
        ("电影节的预算是多少？", {Kind.QUANTITY, Kind.MONEY}, False),
        ("何か国が参加しましたか？", {Kind.QUANTITY}, False),
        ("グランプリを受賞したのは誰ですか？", {Kind.NAME}, False),
        ("アニメ祭はいつ始まりましたか？", {Kind.DATE}, False),
        ("どの短編がグランプリを受賞しましたか？", set(), True),
        ("", set(), False),
        ("🎬？", set(), False),
    ],
)
def test_a_chinese_or_japanese_question_word_says_what_is_asked(question: str, kinds: set[Kind], which: bool) -> None:
    assert asked_kinds(question) == kinds
    assert asks_identifier(question, kinds) is which


def test_question_words_are_not_what_a_chinese_question_is_about_but_its_money_word_is() -> None:
    """The character pairs over a question word ("谁拿", "了多", "多少") are no words of what is asked."""
    from rag.windows import WindowScorer

    assert cue_words("谁拿了多少？") == {"谁拿", "了多", "多少"}
    # "得了", "了大" hold its grammar ("了") and no passage holds them (`tests/test_kana_grammar.py`)
    terms = WindowScorer({}, 10, ["it", "en"]).question_terms("谁获得了大奖？", "")
    assert [t.word for t in terms] == ["获得", "大奖"]
    assert "预算" not in cue_words("电影节的预算是多少？")  # the budget is what is asked about


def test_a_run_of_katakana_is_one_question_term_met_by_its_pairs_in_japanese_text() -> None:
    """A loanword or name in katakana ("グランプリ", grand prix) is one word, not four unrelated pairs ("グラ", "ラン",
    "ンプ", "プリ"), each of which a passage in another language met by meaning only at random."""
    from index.analyze import sentence_forms
    from rag.windows import WindowScorer

    terms = WindowScorer({}, 10, ["it", "en"]).question_terms("グランプリに選ばれた短編映画はどれですか？", "")
    loanword = next(t for t in terms if t.word == "グランプリ")
    assert [t.word for t in terms].count("グランプリ") == 1 and not {"グラ", "ラン", "ンプ"} & {t.word for t in terms}
    assert loanword.matched(sentence_forms(JAPANESE, "ja")) == 1.0  # a Japanese document holds its pairs
    assert loanword.matched(sentence_forms("新しいプリンターを買った。", "ja")) == 0.0  # one pair of four is not it
    kanji = WindowScorer({}, 10, ["en"]).question_terms("映画祭", "")
    assert [t.word for t in kanji] == ["映画", "画祭"]  # a run of kanji is still read as its pairs


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("テストとユニットテストの違いは？", ["テスト", "ユニットテスト"]),  # the short run is not cut out of the long
        ("グランプリとｸﾞﾗﾝﾌﾟﾘの違いは？", ["グランプリ"]),  # a repeated run, half-width too, is one word
        ("ーーー何ですか？", ["ーー", "ー何"]),  # long-vowel marks alone (a dash) are no katakana word, only pairs
    ],
)
def test_each_katakana_word_is_one_term_however_often_it_is_written(question: str, expected: list[str]) -> None:
    from rag.windows import WindowScorer

    terms = WindowScorer({}, 10, ["en"]).terms(question, unseen_words=1.0)
    assert [t.word for t in terms] == expected


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("グランプリに選ばれた短編映画はどれですか？", "Alzheimer"),  # abstained before: four pairs none of it meets
        ("ナショナルチームのキャプテンは誰ですか？", None),  # the national team's captain: the seeds never say
    ],
)
def test_a_japanese_question_with_a_katakana_loanword_finds_the_italian_answer_or_abstains(
    seed_settings, embedder, question: str, answered: str | None
) -> None:
    from rag.engine import Engine

    answer = Engine(seed_settings.index, seed_settings.rag, embedder=embedder).ask(Query(question))
    assert answer.language == "ja"
    if answered is None:
        assert answer.abstained and answer.answer == "文書にはこの質問の答えがありません。"
    else:
        assert not answer.abstained and answered in answer.answer and answered in answer.citations[0].quote


@pytest.mark.parametrize(
    ("question", "kinds", "which"),
    [
        ("任何人都可以参加吗？", set(), False),  # "任何人" is "anyone", not "何人" (how many people)
        ("很多大学参加了吗？", set(), False),
        ("いつでも参加できますか？", set(), False),
        ("映画祭は何日間開催されましたか？", {Kind.QUANTITY}, False),  # how many days, not which day
        ("为什么AI电影越来越流行？", set(), False),  # why
        ("Kling AI是什么？", set(), False),  # what is: a description
        ("AIはどのように使われていますか？", set(), False),  # how
        ("「When Marnie Was There」の監督は誰ですか？", {Kind.NAME}, False),  # a quoted title asks nothing
        ("Come Away With Me的作者是谁？", {Kind.NAME}, False),
    ],
)
def test_a_cue_inside_an_everyday_word_or_a_title_asks_nothing(question: str, kinds: set[Kind], which: bool) -> None:
    assert asked_kinds(question) == kinds
    assert asks_identifier(question, kinds) is which


@pytest.mark.parametrize(
    ("question", "language", "value", "source"),
    [
        ("灯笼电影节收到了多少部作品？", "zh", "5200", "zh_festival"),
        ("灯笼电影节的作品来自多少个国家？", "zh", "87", "zh_festival"),
        ("星空アニメ祭には何か国から作品が集まりましたか？", "ja", "34", "ja_festival"),
        ("星空アニメ祭のグランプリを受賞したのは誰ですか？", "ja", "佐藤健一", "ja_festival"),
    ],
)
def test_a_question_finds_and_quotes_the_sentence_of_a_chinese_or_japanese_document(
    engine, question: str, language: str, value: str, source: str
) -> None:
    answer = engine.ask(Query(question))
    assert answer.language == language and not answer.abstained, answer.answer
    assert value in answer.answer and answer.citations[0].source.endswith(f"{source}.txt")
    assert answer.answer.startswith(f"{value} [1]") or not value.isdigit()  # a count leads, beside another number
    quote = answer.citations[0].quote
    assert value in quote and len(quote) < len(CHINESE if language == "zh" else JAPANESE)  # a sentence, not all


@pytest.mark.parametrize(
    "question",
    [
        "灯笼电影节是哪一年创办的？",
        "In which year was the film festival in Hangzhou founded?",
        "杭州の映画祭はいつ創設されましたか？",
    ],
)
def test_a_question_in_either_language_or_another_finds_the_chinese_document(engine, question: str) -> None:
    answer = engine.ask(Query(question))
    assert any(r.source.endswith("zh_festival.txt") for r in answer.retrieved[:3])
    assert answer.abstained or any(c.source.endswith("zh_festival.txt") for c in answer.citations)


@pytest.mark.parametrize(
    ("question", "continuing", "back"),
    [
        ("那评审团奖呢？", True, False),  # "and the jury prize?"
        ("还有多少个国家？", True, False),
        ("它的票房是多少？", False, True),
        ("その映画の監督は誰ですか？", False, True),
        ("其他国家呢？", False, False),  # "其他" (other) holds "他" (he): no pronoun pointing back
        ("谁获得了大奖？", False, False),
    ],
)
def test_a_chinese_or_japanese_follow_up_goes_on_from_the_conversation(
    question: str, continuing: bool, back: bool
) -> None:
    from rag.followup_cues import continues, refers_back

    assert continues(question) is continuing and refers_back(question) is back
