"""Words of the scripts that spaces and letters alone do not split, as the lexical index and the answer read them
(`index/scripts.py`, through `index/analyze.py` `words`): a word keeps the combining marks written on it (Arabic
vowel signs and shadda are optional and folded away), a run of Thai script is its words with their vowels and
tones, a Korean word loses its particle; en/it/ru, empty input and emoji read as before. A question then finds
its document by a word written otherwise ("패키지를" / "패키지는", "حقّق" / "حقق"). A lexical index analysed by the
older version is reported by `rag doctor`, still served, and re-analysed in place by `rag ingest` (nothing
re-embedded) or `rag doctor --repair`.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from index.analyze import ANALYSIS, analyze, query_terms, words
from index.catalog import remove
from index.doctor import check, repair
from index.ingest import Ingestor
from index.lexical import LexicalIndex
from index.lexical_writer import LexicalWriter
from index.scripts import korean_stem
from index.segment import Doc
from index.store import Manifest
from rag.qtype import numbers, values_of
from rag.question_words import INTERROGATIVES, Kind, asked_kinds
from rag.semantic import content_words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("How many countries took part?", ["how", "many", "countries", "took", "part"]),
        ("Quanti Paesi hanno partecipato?", ["quanti", "paesi", "hanno", "partecipato"]),
        ("Сколько стран участвовало?", ["сколько", "стран", "участвовало"]),
        ("", []),
        ("🙂🎉", []),
        ("مُحَمَّد", ["محمد"]),  # four single letters before: each vowel sign broke the word
        ("حقّق الفيلم", ["حقق", "الفيلم"]),  # "حق" and "ق" before
        ("สร้างเรื่องราว", ["สร้าง", "เรื่องราว"]),  # "สร", "างเร", "องราว" before
        ("iPhoneรุ่นใหม่", ["iphone", "รุ่นใหม่"]),  # Thai glued to a Latin word is read apart
        ("ดู ข้าว ขาว", ["ดู", "ข้าว", "ขาว"]),  # Thai vowels and tones are no optional marks: "rice" is not "white"
        ("abc ่ def", ["abc", "def"]),  # a Thai mark standing apart (as PDF text has it) is no word
        ("محـمد", ["محمد"]),  # a tatweel draws a word out, it is no letter
        ("패키지를 설치하려면", ["패키지를", "설치하려면"]),  # as written: `analyze` adds their stems
        ("Il prezzo è 1̶0̶ euro", ["il", "prezzo", "e", "1", "0", "euro"]),  # a mark after a digit is no word
        ("-\u0301- ❤️ 1️⃣", ["1"]),  # nor a mark alone, a variation selector or a keycap
    ],
)
def test_words_keep_their_marks_and_thai_splits_into_words(text: str, expected: list[str]) -> None:
    assert words(text) == expected


@pytest.mark.parametrize(
    ("written", "stem"),
    [
        *((word, "패키지") for word in ("패키지를", "패키지는", "패키지가", "패키지")),
        *((word, "업로드") for word in ("업로드합니다", "업로드되는", "업로드할", "업로드하나요")),
        ("설계했으며", "설계"),  # connective forms too
        ("데비안에만", "데비안"),  # and two particles stacked
        ("실행하기를", "실행"),
        ("Kling AI의", "ai"),  # a particle written onto a Latin word
        ("디스플레이를", "디스플레이"),  # a word ending like a particle meets itself
        ("디스플레이", "디스플레이"),
        ("웹 페이지", "웹"),  # a Korean syllable is a word
        ("키를", "키"),  # and meets itself with a case particle
    ],
)
def test_a_korean_word_is_indexed_as_written_and_without_its_particles_and_endings(written: str, stem: str) -> None:
    assert stem in analyze(written, "ko")


def test_a_word_in_another_script_with_a_korean_particle_keeps_its_stems_and_transliteration() -> None:
    forms = query_terms("packages를 серверы를", ["en", "ru", "ko"])
    assert {"packag", "packages"} <= forms[0] and {"сервер", "servery"} <= forms[1]


def test_a_korean_stop_syllable_is_no_term_and_two_syllable_words_are_not_cut() -> None:
    assert "수" not in analyze("할 수 있다", "ko") and "그" not in analyze("그 웹 페이지", "ko")
    assert "중" not in analyze("중에서", "ko")  # nor is one left by taking an ending off
    assert [korean_stem(word) for word in ("제한", "역할", "포함")] == ["제한", "역할", "포함"]


@pytest.mark.parametrize(
    ("sentence", "question", "values"),
    [
        ("보통 매주 12개 이상의 새로운 패키지를 업로드합니다.", "업로드되는 패키지는 일주일에 몇 개입니까?", ["12"]),
        ("제작비는 80억 원이었고 수익은 200만 달러였습니다.", "제작비는 얼마였습니까?", ["80억 원", "200만 달러"]),
        ("2005년 12월 30일에 설치했습니다.", "언제 설치했습니까?", ["2005년 12월 30일"]),
        ("4,600 submissions from 122 countries", "How many countries?", ["4,600", "122"]),
        ("Il festival ha ricevuto 5.200 opere da 87 Paesi.", "Quante opere?", ["5.200", "87"]),
        ("Фестиваль получил 5200 заявок.", "Сколько заявок?", ["5200"]),
        ("윈도우10 제5조 12.1절 3항에서", "몇 개입니까?", []),  # after Korean letters, or a reference: no count
        ("3원칙 2 원격 5 엔지니어 5 원로", "제작비는 얼마였습니까?", []),  # "원", "엔" open other words: no money
        ("30달러씩 1000원짜리 100만 원까지", "제작비는 얼마였습니까?", ["30달러", "1000원", "100만 원"]),
        ("데비안 12는 3개입니다.", "몇 개입니까?", ["3"]),  # a particle after a number: a name's number
        ("", "몇 개입니까?", []),
        ("🙂 12🎉", "How many?", ["12"]),
    ],
)
def test_a_number_with_a_korean_counter_or_particle_written_onto_it_is_a_value(
    sentence: str, question: str, values: list[str]
) -> None:
    """Before, "12개" read as a number glued to letters, like a code ("R1"): no count, no value to lead with."""
    assert values_of(sentence, question, asked_kinds(question)) == values
    assert numbers("DeepSeek R1 H100 1080p") == frozenset()  # a number glued to Latin letters is still a code


def test_a_korean_how_many_asks_a_quantity() -> None:
    assert asked_kinds("업로드되는 패키지는 일주일에 몇 개입니까?") == {Kind.QUANTITY}


def test_a_thai_question_word_reads_as_the_question_word_tables_hold_it() -> None:
    assert [folded in INTERROGATIVES for _, folded in content_words("กี่ภาพ", ("en",))] == [True, False]
    assert all(folded for _, folded in content_words("abc ่ def กี่ภาพ", ("en",)))  # no empty word


def test_arabic_with_and_without_its_vowel_signs_reads_alike() -> None:
    assert words("مُحَمَّد حَقَّقَ") == words("محمد حقق")


def _index(directory: Path, docs: list[Doc]) -> LexicalIndex:
    writer = LexicalWriter(directory, None)
    writer.add_all(docs)
    return LexicalIndex.open(directory, writer.commit())


@pytest.mark.parametrize(
    ("language", "document", "other", "question"),
    [
        ("ko", "데비안은 새로운 패키지를 업로드합니다.", "미러 사이트를 고르십시오.", "패키지는 어디에 있습니까?"),
        ("ar", "حقّق الفيلم إيرادات كبيرة", "أُقيم المهرجان في طوكيو", "ماذا حقق؟"),
        ("ar", "مُحَمَّد كتب الرسالة", "أُقيم المهرجان في طوكيو", "من هو محمد؟"),
    ],
)
def test_a_question_finds_its_document_by_a_word_written_otherwise(
    tmp_path: Path, language: str, document: str, other: str, question: str
) -> None:
    """Before, each found nothing: "패키지는" is not "패키지를", nor "حقق" the "حق" + "ق" a shadda split it into."""
    index = _index(
        tmp_path,
        [
            Doc("other-00000", other, {"language": language, "source": "other"}),
            Doc("answer-00000", document, {"language": language, "source": "answer"}),
        ],
    )
    assert [hit.chunk_id for hit in index.search(question, 5)] == ["answer-00000"]


def _no_model() -> None:
    raise AssertionError("the embedding model was loaded although no file changed")


KOREAN = "데비안은 보통 매주 새로운 패키지를 업로드합니다. 미러 사이트는 가까운 곳을 고르십시오."


def _ingest_analysed_before(settings, corpus, embedder, monkeypatch) -> list[str]:
    """The seeds and a Korean document ingested as the older analysis read them (Korean words only as written), the
    lexical state without its analysis version, as written then; its chunk ids."""
    (corpus / "ko.txt").write_text(KOREAN, encoding="utf-8")
    with monkeypatch.context() as patch:
        patch.setattr("index.analyze.korean_forms", lambda word: {word})
        Ingestor(settings.index, embedder).run([corpus])
    manifest = Manifest.load(settings.index.manifest_path)
    assert manifest.lexical is not None and manifest.lexical.pop("analysis") == ANALYSIS
    manifest.save(settings.index.manifest_path)
    return sorted(manifest.chunk_ids())


def _finds_korean(settings) -> bool:
    index = LexicalIndex.committed(settings.index.lexical_dir, Manifest.load(settings.index.manifest_path))
    return any(hit.text.startswith("데비안은") for hit in index.search("패키지는 어디에 있습니까?", 5))


def test_an_index_analysed_before_is_reported_served_and_reanalysed_by_ingest_without_embedding(
    settings, corpus, embedder, monkeypatch, caplog
):
    ids = _ingest_analysed_before(settings, corpus, embedder, monkeypatch)
    with caplog.at_level(logging.WARNING, logger="index.lexical"):
        assert not _finds_korean(settings)  # served as it is: "패키지를" was indexed, "패키지" was not
    assert "analysed by an older version" in caplog.text and "`rag ingest` re-analyses it in place" in caplog.text
    assert [problem.kind for problem in check(settings.index).problems] == ["stale-lexical"]

    report = Ingestor(settings.index, _no_model).run([corpus])  # unchanged files: no model, nothing re-embedded
    assert report.unchanged == 6
    manifest = Manifest.load(settings.index.manifest_path)
    assert manifest.lexical is not None and manifest.lexical["analysis"] == ANALYSIS
    assert sorted(LexicalIndex.committed(settings.index.lexical_dir, manifest).ids) == ids
    assert _finds_korean(settings) and check(settings.index).ok


def test_removing_a_document_from_an_index_analysed_before_leaves_it_marked_for_reanalysis(
    settings, corpus, embedder, monkeypatch
):
    _ingest_analysed_before(settings, corpus, embedder, monkeypatch)
    removed = next(corpus.glob("003_*"))
    remove(settings.index, removed.name)
    removed.unlink()
    assert [problem.kind for problem in check(settings.index).problems] == ["stale-lexical"]
    Ingestor(settings.index, _no_model).run([corpus])
    assert _finds_korean(settings) and check(settings.index).ok


def test_doctor_repair_reanalyses_an_index_analysed_before(settings, corpus, embedder, monkeypatch):
    ids = _ingest_analysed_before(settings, corpus, embedder, monkeypatch)
    report = repair(settings.index)
    assert any("rebuilt the lexical index" in action for action in report.repaired)
    manifest = Manifest.load(settings.index.manifest_path)
    assert manifest.lexical is not None and manifest.lexical["analysis"] == ANALYSIS
    assert sorted(manifest.chunk_ids()) == ids and _finds_korean(settings) and check(settings.index).ok
