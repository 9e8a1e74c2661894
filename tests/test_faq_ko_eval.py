"""The Korean external eval set: `eval/external/debian-faq-ko-qa.jsonl` over the Debian FAQ's Korean chapters, built by
`python -m eval.faq_ko_corpus build DIR` (needs the packages debian-faq and debian-faq-ko; `.ci/run` installs them).
Korean documents with questions in Korean (same language, worded otherwise than the FAQ) and in English, Italian
and Russian (cross-language). The corpus is built once per module in a tmp dir; nothing here runs the RAG engine."""

from __future__ import annotations

import re

import pytest

from eval import faq_ko_corpus
from eval.dataset import load_qa
from eval.external_corpus import MAX_CHARS
from eval.faq_corpus import Chapter
from eval.faq_ko_corpus import CHAPTERS, build, main
from eval.faqtext import chapter_lines
from tests.conftest import ROOT
from tests.external_sets import (
    assert_golds_in_sources,
    assert_near_misses,
    assert_split_per_stratum,
    assert_splits_are_eval_splits,
    cross_language_share,
)

DATASET = ROOT / "eval" / "external" / "debian-faq-ko-qa.jsonl"
LANGS = ["ko", "en", "it", "ru"]
# Each near-miss unanswerable: the chapter it is about, the entity it asks about as that chapter writes it, and
# strings that would state the asked fact (none may occur anywhere in the corpus).
NEAR_MISSES = {
    "ko-03": ("001", "bullseye", ["2021", "8월"]),  # its version and status, no release date
    "ko-08": ("002", "apt-cacher", ["3142", "포트 번호"]),
    "ko-11": ("006", "리더", ["임기", "선거", "election"]),
    "ko-15": ("002", "cron-apt", ["몇 시", "새벽", "오전", "매일 밤"]),
    "ko-20": ("008", "보안 지원", ["3년 동안", "5년 동안", "장기 지원"]),
    "ko-23": ("002", "start-stop-daemon", ["작성한 사람", "written by", "처음 작성"]),
    "ko-26": ("000", "Mach", ["carnegie", "카네기", "cmu", "대학"]),
    "en-04": ("006", "woody", ["패키지 수", "8500", "개의 패키지를 포함"]),
    "it-03": ("004", "reportbug", ["만든 사람", "reportbug를 만든", "author"]),
    "ru-04": ("001", "netinst", ["메가바이트", "메가"]),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Prefix -> chapter text, built once for the module (fails with the apt command if a package is missing)."""
    directory = tmp_path_factory.mktemp("faq-ko")
    build(directory)
    return {path.name[:3]: path.read_text(encoding="utf-8") for path in sorted(directory.glob("*.txt"))}


@pytest.fixture(scope="module")
def items() -> list:
    return load_qa(DATASET, LANGS)


def test_the_corpus_takes_ten_korean_chapters_numbered_in_order():
    assert len({chapter.chapter for chapter in CHAPTERS}) == len(CHAPTERS) == 10
    assert {chapter.lang for chapter in CHAPTERS} == {"ko"}
    assert [chapter.prefix for chapter in CHAPTERS] == [f"{n:03d}" for n in range(len(CHAPTERS))]


def test_each_chapter_is_written_in_korean_and_cut_at_a_paragraph_boundary(corpus):
    for chapter in CHAPTERS:
        text = corpus[chapter.prefix]
        letters = [c for c in text if c.isalpha()]
        assert sum("\uac00" <= c <= "\ud7a3" for c in letters) / len(letters) > 0.5, chapter.file_name
        assert re.match(r"\d+장\. ", text), chapter.file_name  # "9장. 데비안 시스템 최신으로 유지하기"
        lines = text.splitlines()
        assert lines == chapter_lines(chapter.path)[: len(lines)], chapter.file_name
        assert 1000 < len(text) <= MAX_CHARS + 1, chapter.file_name


def test_build_prints_each_file_and_the_package_versions(tmp_path, capsys):
    assert main(["build", str(tmp_path / "docs")]) == 0
    out = capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == sorted(c.file_name for c in CHAPTERS)
    for package in faq_ko_corpus.PACKAGES:
        assert f"\n{package} " in out


def test_a_missing_chapter_fails_with_one_line_naming_the_korean_package_and_apt_command(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(faq_ko_corpus, "CHAPTERS", (*CHAPTERS, Chapter("010", "ko", "debian-faq-ko", "no-such")))
    assert main(["build", str(tmp_path / "docs")]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "package debian-faq-ko" in err
    assert err.endswith("apt-get install -y debian-faq debian-faq-ko")
    assert not (tmp_path / "docs").exists(), "nothing is written unless every chapter converts"


def test_the_dataset_loads_with_the_eval_loader_and_each_stratum_is_split_evenly_as_eval_split_deals(items):
    assert_split_per_stratum(items, 40)
    assert len({item.id for item in items}) == len(items)
    assert_splits_are_eval_splits(DATASET)


def test_most_questions_are_korean_with_their_near_misses_and_the_rest_cross_language(items):
    korean = [item for item in items if item.lang == "ko"]
    assert len(korean) >= 25 and sum(not item.answerable for item in korean) >= 6
    for lang in ("en", "it", "ru"):
        assert sum(item.lang == lang and item.answerable for item in items) >= 3, lang
    assert cross_language_share(items, lambda prefix: "ko") >= 0.2


def test_every_answerable_row_has_a_gold_answer_in_each_of_its_sources(items, corpus):
    assert_golds_in_sources(items, corpus, {chapter.prefix for chapter in CHAPTERS})


def test_every_near_miss_is_about_a_chapter_that_does_not_state_the_fact(items, corpus):
    assert len(NEAR_MISSES) >= 9
    assert_near_misses(items, corpus, NEAR_MISSES)
    assert all(not item.answers and not item.sources for item in items if not item.answerable)
