"""The German/French/Spanish external eval set: `eval/external/manpages-de-fr-es-qa.jsonl` over Debian manual pages
built by `python -m eval.manpages_de_fr_es_corpus build DIR` (needs the packages manpages, manpages-de, manpages-fr
and manpages-es; `.ci/run` installs them). The corpus is built once per module in a tmp dir; the shared data checks
are those of `tests/external_sets.py` (`QuestionSetChecks`). Nothing here runs the RAG engine."""

from __future__ import annotations

import re

import pytest

from eval import manpages_corpus, manpages_de_fr_es_corpus
from eval.dataset import load_qa
from eval.manpages_corpus import Page
from eval.manpages_de_fr_es_corpus import PACKAGES, PAGES, build, main
from tests.conftest import ROOT
from tests.external_sets import QuestionSetChecks

DATASET = ROOT / "eval" / "external" / "manpages-de-fr-es-qa.jsonl"
LANGS = ["de", "fr", "es"]
# Each near-miss unanswerable: the page it is about, the entity it asks about as that page writes it, and strings
# that would state the asked fact (none may occur anywhere in the corpus).
NEAR_MISSES = {
    "de-13": ("000", "rotate", ["rotate (seit", "rotate (since"]),
    "de-14": ("007", "inotify", ["max_user_watches", "8192"]),
    "de-15": ("008", "UNIX V6", ["1975", "v6 (19"]),  # tempting: V7, 1979, in 011
    "de-16": ("010", "STICKY", ["sticky 37", "sticky 30", "sticky 4"]),  # the defaults table stops at EXEC
    "fr-13": ("001", "wtmp", ["last(1)", "utmpdump", "lastlog"]),  # tempting: who(1), which reads utmp
    "fr-14": ("000", "trust-ad", ["trust-ad (seit", "2.31"]),
    "fr-15": ("009", "ARP", ["arp -a", "ip neigh", "arp(8)"]),
    "fr-16": ("011", "Austin Group", ["presid", "chair", "vorsitz"]),
    "es-13": ("005", "descripteurs de fichier", ["scm_max_fd", "scm_rights", "253"]),
    "es-14": ("004", "entropie", ["poolsize", "entropy_avail", "4096 bits"]),
    "es-15": ("003", "environ", ["arg_max", "max_arg_strlen", "131072", "128 kib"]),
    "es-16": ("002", "Ronna", ["2022", "ronna (", "ronna 20"]),
}
# Common words that tell the three languages (and English, for untranslated text) apart.
FUNCTION_WORDS = {
    "de": {"der", "die", "das", "und", "nicht", "wird", "ist", "mit"},
    "fr": {"le", "les", "des", "est", "une", "pour", "dans", "sur"},
    "es": {"el", "los", "las", "una", "para", "por", "con", "del"},
    "en": {"the", "and", "is", "of", "to", "with", "for", "that"},
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Prefix -> rendered text, built once for the module (fails with the apt command if a package is missing)."""
    directory = tmp_path_factory.mktemp("manpages-de-fr-es")
    build(directory)
    return {path.name[:3]: path.read_text(encoding="utf-8") for path in sorted(directory.glob("*.txt"))}


@pytest.fixture(scope="module")
def items() -> list:
    return load_qa(DATASET, LANGS)


def _page_lang(prefix: str) -> str:
    return next(page.lang for page in PAGES if page.prefix == prefix)


class TestQuestions(QuestionSetChecks):
    dataset = DATASET
    languages = LANGS
    near_misses = NEAR_MISSES
    language_of = staticmethod(_page_lang)


def test_the_corpus_fixture_holds_exactly_the_pages_of_the_builder(corpus):
    assert set(corpus) == {page.prefix for page in PAGES}


def test_each_fact_exists_in_one_language_only_four_pages_per_language_none_from_the_first_set():
    names = [page.page for page in PAGES]
    assert len(set(names)) == len(names) == 12
    assert not set(names) & {page.page for page in manpages_corpus.PAGES}
    assert sorted(page.lang for page in PAGES) == sorted(LANGS * 4)


@pytest.mark.parametrize("lang", LANGS)
def test_each_page_is_written_in_its_language(corpus, lang):
    heading = {"de": "BEZEICHNUNG", "fr": "NOM", "es": "NOMBRE"}[lang]
    for page in (p for p in PAGES if p.lang == lang):
        text = corpus[page.prefix]
        words = re.findall(r"\w+", text.lower())
        hits = {other: sum(word in common for word in words) for other, common in FUNCTION_WORDS.items()}
        assert text.startswith(heading + "\n"), page.file_name
        assert max(hits, key=lambda other: hits[other]) == lang, (page.file_name, hits)
        assert 1000 < len(text) <= manpages_corpus.MAX_CHARS + 1


def test_build_prints_each_file_and_the_package_versions(tmp_path, capsys):
    assert main(["build", str(tmp_path / "docs")]) == 0
    out = capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == sorted(p.file_name for p in PAGES)
    for package in PACKAGES:
        assert f"\n{package} " in out


def test_a_missing_page_fails_with_one_line_naming_the_package_and_apt_command(tmp_path, monkeypatch, capsys):
    missing = Page("012", "es", "manpages-es", "man5/no-such-page.5")
    monkeypatch.setattr(manpages_de_fr_es_corpus, "PAGES", (*PAGES, missing))
    assert main(["build", str(tmp_path / "docs")]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "manpages-es" in err
    assert "apt-get install -y manpages manpages-de manpages-fr manpages-es" in err
    assert not (tmp_path / "docs").exists(), "nothing is written unless every page renders"


def test_a_missing_package_fails_naming_it_and_the_apt_command(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(manpages_de_fr_es_corpus, "PACKAGES", (*PACKAGES, "manpages-xx-not-a-package"))
    assert main(["build", str(tmp_path / "docs")]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "package manpages-xx-not-a-package is not installed" in err
    assert "apt-get install -y manpages manpages-de manpages-fr manpages-es manpages-xx-not-a-package" in err
    assert not (tmp_path / "docs").exists()
