"""Chinese and Japanese, which write no spaces between words: their text is read as overlapping character pairs
(`index.analyze.cjk_pairs`), their sentences end at 。！？ (`index.language.sentence_spans`), their question words
say what kind of value is asked (`rag.question_words`), and a question in either finds and quotes a document in
either, or in another language. The documents here are written for these tests (real Chroma, the real encoder)."""

from __future__ import annotations

import pytest

from index.analyze import analyze, words
from index.language import split_sentences
from rag.question_words import Kind, asked_kinds, asks_identifier, cue_words
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


@pytest.mark.parametrize(
    ("text", "language", "sentences"),
    [
        (CHINESE, "zh", 4),
        (JAPANESE, "ja", 3),
        ("第一句。 第二句！第三句？", "zh", 3),
        ("「大賞は誰？」と聞かれた。", "ja", 2),
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
    assert {"多少", "谁"} <= cue_words("谁拿了多少？")
    assert "预算" not in cue_words("电影节的预算是多少？")  # the budget is what is asked about


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
