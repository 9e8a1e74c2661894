"""The external answer-level eval set: `eval/external/manpages-qa.jsonl` over Debian manual pages built by
`python -m eval.manpages_corpus build DIR` (needs the packages manpages, manpages-it and manpages-ru; `.ci/run`
installs them). The corpus is built once per module in a tmp dir; nothing here runs the RAG engine."""

from __future__ import annotations

import gzip
import json
import shutil

import pytest

from eval import manpages_corpus
from eval.dataset import load_conversations, load_qa
from eval.manpages_corpus import PAGES, ManpagesUnavailable, Page, build, main, page_text
from eval.split import main as split_main
from tests.conftest import ROOT
from tests.external_sets import ConversationSetChecks, QuestionSetChecks

DATASET = ROOT / "eval" / "external" / "manpages-qa.jsonl"
CONVERSATIONS = ROOT / "eval" / "external" / "manpages-conversations.jsonl"
LANGS = ["en", "it", "ru"]
# Each near-miss unanswerable: the page it is about, the entity it asks about as that page writes it, and strings
# that would state the asked fact (none may occur anywhere in the corpus).
NEAR_MISSES = {
    "en-24": ("001", "telnet", ["22/tcp", "ssh 22", "ssh port"]),
    "en-25": ("008", "signal", ["sigkill"]),
    "en-26": ("007", "remount", ["remount (начиная", "remount (since"]),
    "en-27": ("001", "services", ["rfc 1340", "rfc 1700", "rfc 6335"]),  # the corpus names one RFC: hosts. RFC 952
    "en-28": ("004", "dns", ["timeout", "тайм-аут", "секунд"]),
    "en-29": ("000", "fstab", ["righe al massimo", "massimo di righe"]),
    "it-22": ("001", "SMTP", ["25/tcp", "smtp 25"]),
    "it-23": ("000", "ext4", ["mkfs", "mke2fs"]),
    "it-24": ("008", "signal", ["sigterm"]),
    "it-25": ("007", "NUMA", ["узлов numa не более", "максимальное количество узлов"]),
    "it-26": ("010", "/etc/termcap", ["bytes long", "maximum size", "kilobyte"]),
    "it-27": ("001", "/etc/services", ["voci al massimo", "massimo di voci"]),
    "it-28": ("009", "/srv", ["/srv (since", "added in"]),
    "ru-22": ("001", "ftp", ["20/tcp", "ftp-data"]),
    "ru-23": ("008", "signal", ["sigint", "ctrl"]),
    "ru-24": ("007", "tmpfs", ["размер файла", "размер одного файла"]),
    "ru-25": ("008", "SIGSEGV", ["sigsegv (", "sigsegv 11", "11 sigsegv"]),
    "ru-26": ("010", "termcap", ["198", "197"]),
    "ru-27": ("003", "/etc/hosts", ["righe al massimo", "massimo di righe"]),
    "ru-28": ("009", "/tmp", ["/tmp is", "size of /tmp", "/tmp has"]),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Prefix -> rendered text, built once for the module (fails with the apt command if a package is missing)."""
    directory = tmp_path_factory.mktemp("manpages")
    build(directory)
    return {path.name[:3]: path.read_text(encoding="utf-8") for path in sorted(directory.glob("*.txt"))}


@pytest.fixture(scope="module")
def items() -> list:
    return load_qa(DATASET, LANGS)


@pytest.fixture(scope="module")
def conversations() -> list:
    return load_conversations(CONVERSATIONS, LANGS)


def _page_lang(prefix: str) -> str:
    return next(page.lang for page in PAGES if page.prefix == prefix)


class TestQuestions(QuestionSetChecks):
    dataset = DATASET
    languages = LANGS
    at_least = 70
    near_misses_per_language = 6
    same_language_per_language = 3
    cross_language = 0.6
    near_misses = NEAR_MISSES
    language_of = staticmethod(_page_lang)


class TestConversations(ConversationSetChecks):
    dataset = CONVERSATIONS
    language_of = staticmethod(_page_lang)


@pytest.mark.parametrize("lang", LANGS)
def test_each_page_is_written_in_its_language(corpus, lang):
    heading = {"en": "NAME", "it": "NOME", "ru": "ИМЯ"}[lang]
    for page in (p for p in PAGES if p.lang == lang):
        text = corpus[page.prefix]
        letters = [c for c in text if c.isalpha()]
        cyrillic = sum("\u0400" <= c <= "\u04ff" for c in letters) / len(letters)
        assert text.startswith(heading + "\n")
        assert (cyrillic > 0.5) == (lang == "ru"), page.file_name
        assert 1000 < len(text) <= manpages_corpus.MAX_CHARS + 1


def test_build_prints_each_file_and_the_package_versions(tmp_path, capsys):
    assert main(["build", str(tmp_path / "docs")]) == 0
    out = capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == sorted(p.file_name for p in PAGES)
    for package in manpages_corpus.PACKAGES:
        assert f"\n{package} " in out


def test_a_missing_page_fails_with_one_line_naming_the_package_and_apt_command(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(manpages_corpus, "PAGES", (*PAGES, Page("011", "it", "manpages-it", "man5/no-such-page.5")))
    assert main(["build", str(tmp_path / "docs")]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "manpages-it" in err and "apt-get install -y manpages manpages-it manpages-ru" in err
    assert not (tmp_path / "docs").exists(), "nothing is written unless every page renders"


def test_an_english_page_shipped_as_a_translation_is_refused(tmp_path, monkeypatch):
    english = manpages_corpus.MAN / "man5" / "hosts.5.gz"
    (tmp_path / "man5").mkdir()
    (tmp_path / "it" / "man5").mkdir(parents=True)
    shutil.copy(english, tmp_path / "man5" / "hosts.5.gz")
    shutil.copy(english, tmp_path / "it" / "man5" / "hosts.5.gz")
    monkeypatch.setattr(manpages_corpus, "MAN", tmp_path)
    with pytest.raises(ManpagesUnavailable, match="not a translation"):
        page_text(Page("003", "it", "manpages-it", "man5/hosts.5"))
    assert gzip.decompress((tmp_path / "it" / "man5" / "hosts.5.gz").read_bytes())  # the fixture is a real page


def test_a_directory_that_is_a_file_fails_with_one_line(tmp_path, capsys):
    (tmp_path / "docs").write_text("not a directory", encoding="utf-8")
    assert main(["build", str(tmp_path / "docs")]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "cannot write the corpus" in err
    assert (tmp_path / "docs").read_text(encoding="utf-8") == "not a directory"


def test_eval_split_dataset_splits_only_the_named_file(tmp_path, capsys):
    rows = [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines()]
    target = tmp_path / "set.jsonl"
    target.write_text("".join(json.dumps({k: v for k, v in r.items() if k != "split"}) + "\n" for r in rows))
    before = {path: path.read_bytes() for path in (ROOT / "eval").glob("*.jsonl")}
    assert split_main(["--dataset", str(target)]) == 0
    assert [json.loads(line)["split"] for line in target.read_text().splitlines()] == [r["split"] for r in rows]
    assert {path: path.read_bytes() for path in (ROOT / "eval").glob("*.jsonl")} == before
    assert str(target) in capsys.readouterr().out
