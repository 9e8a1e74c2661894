"""The second external answer-level eval set: `eval/external/debian-faq-qa.jsonl` over Debian FAQ chapters built by
`python -m eval.faq_corpus build DIR` (needs the packages debian-faq, debian-faq-it and debian-faq-ru; `.ci/run`
installs them). The corpus is built once per module in a tmp dir; nothing here runs the RAG engine."""

from __future__ import annotations

import re
import shutil

import pytest

from eval import faq_corpus, faqtext
from eval.dataset import load_conversations, load_qa
from eval.faq_corpus import CHAPTERS, Chapter, FaqUnavailable, build, chapter_text, main
from eval.faqtext import chapter_lines
from tests.conftest import ROOT
from tests.external_sets import ConversationSetChecks, QuestionSetChecks

DATASET = ROOT / "eval" / "external" / "debian-faq-qa.jsonl"
CONVERSATIONS = ROOT / "eval" / "external" / "debian-faq-conversations.jsonl"
LANGS = ["en", "it", "ru"]
# Each near-miss unanswerable: the chapter it is about, the entity it asks about as that chapter writes it, and
# strings that would state the asked fact (none may occur anywhere in the corpus).
NEAR_MISSES = {
    "en-25": ("000", "trixie", ["debian 14", "rilascio 14", "forky"]),  # the codename list stops at Debian 13
    "en-26": ("004", "Ian Murdock", ["purdue", "университет", "university"]),
    "en-27": ("001", "dpkg --list", ["--listfiles", "dpkg -l pippo", "dpkg -l foo"]),
    "en-28": ("007", "arm64", ["arm64 (", "arm64 was", "arm64 появ", "arm64 в выпуске"]),
    "en-29": ("002", "cron-apt", ["ogni giorno", "ogni notte", "quotidian", "giornalier", "ogni ora"]),
    "en-30": ("003", "libpaper1", ["a4", "us letter", "formato letter"]),
    "en-31": ("010", "debian-user", ["per day", "a day", "daily"]),
    "it-24": ("008", ".deb", ["maximum size", "at most", "megabyte", "gigabyte"]),
    "it-25": ("009", "Java", ["openjdk", "java 8", "java 11", "java 17", "java version"]),
    "it-26": ("010", "debian-user", ["debian-user has", "members", "people subscribed", "subscribers to"]),
    "it-27": ("005", "CD-образа", ["мегабайт", "мбайт"]),
    "it-28": ("004", "Линусом Торвальдсом", ["1991"]),
    "it-29": ("007", "Unifix GmbH", ["основан", "founded"]),
    "it-30": ("006", "Microsoft Windows", ["начиная с выпуска", "windows (", "windows в выпуске"]),
    "ru-24": ("000", "buzz", ["1996"]),
    "ru-25": ("001", "dpkg", ["--search", "dpkg -s"]),
    "ru-26": ("010", "bug tracking system", ["bts was", "bts since", "since 1994", "1994"]),
    "ru-27": ("009", "build-essential", ["build-essential is maintained", "maintainer of build-essential"]),
    "ru-28": ("002", "apt-cacher", ["dimensione della cache", "gigabyte", "megabyte", "cache size"]),
    "ru-29": ("003", "sendmail", ["sighup", "hup"]),
    "ru-30": ("008", "Installed-Size: 145", ["download size", "размер архива", "file size", "size of the .deb"]),
}
FUNCTION_WORDS = {"en": {"the", "of", "and", "is", "to", "with"}, "it": {"il", "di", "che", "per", "non", "della"}}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Prefix -> chapter text, built once for the module (fails with the apt command if a package is missing)."""
    directory = tmp_path_factory.mktemp("faq")
    build(directory)
    return {path.name[:3]: path.read_text(encoding="utf-8") for path in sorted(directory.glob("*.txt"))}


@pytest.fixture(scope="module")
def items() -> list:
    return load_qa(DATASET, LANGS)


@pytest.fixture(scope="module")
def conversations() -> list:
    return load_conversations(CONVERSATIONS, LANGS)


def _chapter_lang(prefix: str) -> str:
    return next(chapter.lang for chapter in CHAPTERS if chapter.prefix == prefix)


def test_the_corpus_takes_each_chapter_in_one_language_about_four_it_four_ru_three_en():
    assert len({chapter.chapter for chapter in CHAPTERS}) == len(CHAPTERS) == 11
    assert [chapter.lang for chapter in CHAPTERS].count("it") == 4
    assert [chapter.lang for chapter in CHAPTERS].count("ru") == 4
    assert [chapter.prefix for chapter in CHAPTERS] == [f"{n:03d}" for n in range(len(CHAPTERS))]


class TestQuestions(QuestionSetChecks):
    dataset = DATASET
    languages = LANGS
    at_least = 80
    near_misses_per_language = 6
    same_language_per_language = 2
    cross_language = 0.65
    near_misses = NEAR_MISSES
    language_of = staticmethod(_chapter_lang)


def test_at_least_18_questions_are_near_misses_checked_against_the_corpus():
    assert len(NEAR_MISSES) >= 18


class TestConversations(ConversationSetChecks):
    dataset = CONVERSATIONS
    language_of = staticmethod(_chapter_lang)


@pytest.mark.parametrize("lang", LANGS)
def test_each_chapter_is_written_in_its_language(corpus, lang):
    for chapter in (c for c in CHAPTERS if c.lang == lang):
        text = corpus[chapter.prefix]
        letters = [c for c in text if c.isalpha()]
        cyrillic = sum("\u0400" <= c <= "\u04ff" for c in letters) / len(letters)
        assert (cyrillic > 0.5) == (lang == "ru"), chapter.file_name
        if lang != "ru":
            words = re.findall(r"\w+", text.lower())
            own, other = FUNCTION_WORDS[lang], FUNCTION_WORDS["it" if lang == "en" else "en"]
            assert sum(w in own for w in words) > 3 * sum(w in other for w in words), chapter.file_name
        assert text.startswith({"en": "Chapter ", "it": "Capitolo ", "ru": "Глава "}[lang])


def test_each_chapter_is_cut_at_a_paragraph_boundary_within_the_limit(corpus):
    for chapter in CHAPTERS:
        text = corpus[chapter.prefix]
        assert 2000 < len(text) <= faq_corpus.MAX_CHARS + 1
        whole = chapter_lines(chapter.path)
        lines = text.splitlines()
        assert lines == whole[: len(lines)], chapter.file_name  # whole paragraphs, in order, from the start
        assert not faq_corpus.SECTION_TITLE.match(lines[-1]), "no section title without its text at the cut"


def test_build_prints_each_file_and_the_package_versions(tmp_path, capsys):
    assert main(["build", str(tmp_path / "docs")]) == 0
    out = capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == sorted(c.file_name for c in CHAPTERS)
    for package in faq_corpus.PACKAGES:
        assert f"\n{package} " in out
    assert "answers may not match" not in out


def test_other_package_versions_are_printed_with_a_warning(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(faq_corpus.WRITTEN_AGAINST, "debian-faq-ru", "0.1")
    assert main(["build", str(tmp_path / "docs")]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("debian-faq-ru ")]
    assert len(lines) == 1 and "questions written against 0.1; answers may not match" in lines[0]


def test_a_missing_package_fails_with_one_line_naming_it_and_the_apt_command(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(faq_corpus, "PACKAGES", (*faq_corpus.PACKAGES, "debian-faq-xx"))
    assert main(["build", str(tmp_path / "docs")]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "package debian-faq-xx is not installed" in err and "apt-get install -y" in err
    assert not (tmp_path / "docs").exists()


def test_a_missing_chapter_fails_with_one_line_naming_the_package_and_apt_command(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(faq_corpus, "CHAPTERS", (*CHAPTERS, Chapter("011", "it", "debian-faq-it", "no-such-chapter")))
    assert main(["build", str(tmp_path / "docs")]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "debian-faq-it" in err and faq_corpus.INSTALL in err
    assert faq_corpus.INSTALL.endswith("apt-get install -y debian-faq debian-faq-it debian-faq-ru")
    assert not (tmp_path / "docs").exists(), "nothing is written unless every chapter converts"


def test_an_english_chapter_shipped_as_a_translation_is_refused(tmp_path, monkeypatch):
    english = faqtext.FAQ / "kernel.en.html"
    (tmp_path / "it").mkdir()
    shutil.copy(english, tmp_path / "kernel.en.html")
    shutil.copy(english, tmp_path / "it" / "kernel.it.html")
    monkeypatch.setattr(faqtext, "FAQ", tmp_path)
    with pytest.raises(FaqUnavailable, match="not a translation"):
        chapter_text(Chapter("011", "it", "debian-faq-it", "kernel"))
    assert chapter_lines(tmp_path / "it" / "kernel.it.html")[0].startswith("Chapter ")  # a real chapter


def test_a_directory_that_is_a_file_fails_with_one_line(tmp_path, capsys):
    (tmp_path / "docs").write_text("not a directory", encoding="utf-8")
    assert main(["build", str(tmp_path / "docs")]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "cannot write the corpus" in err
    assert (tmp_path / "docs").read_text(encoding="utf-8") == "not a directory"


def test_the_converter_drops_navigation_and_table_of_contents_and_keeps_one_block_per_line(tmp_path):
    page = tmp_path / "x.html"
    page.write_text(
        '<html><head><title>T</title></head><body><div class="navheader">Prev Next</div>'
        '<div class="chapter"><h1 class="title">Chapter 1. One</h1><div class="toc"><p>1.1. Q?</p></div>'
        "<h2>1.1. Q?</h2><p>First  line\nwrapped &amp; joined.</p><ul><li>item <code>a</code></li></ul>"
        '<pre class="screen">$ ls\n  -l</pre></div><div class="navfooter">Home</div></body></html>',
        encoding="utf-8",
    )
    assert chapter_lines(page) == ["Chapter 1. One", "1.1. Q?", "First line wrapped & joined.", "item a", "$ ls", "-l"]
