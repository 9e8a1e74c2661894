"""Build the corpus of the external answer-level eval set `eval/external/debian-faq-qa.jsonl` from the Debian FAQ.

`python -m eval.faq_corpus build DIR` converts the eleven chapters in `CHAPTERS` (four Italian from `debian-faq-it`,
four Russian from `debian-faq-ru`, three English from `debian-faq`; no chapter in two languages) from the XHTML the
packages install (`eval/faqtext.py`) and writes each as `DIR/<prefix>-<lang>-<chapter>.txt`: the chapter title,
then its section titles and paragraphs in order, one per line, cut at a paragraph boundary to at most `MAX_CHARS`
characters (a section title left without its text at the cut is dropped). Nothing of the FAQ's text is committed;
the same package versions give the same files. A missing package or chapter fails with one line naming the
package and the apt command; a translated chapter with `UNTRANSLATED` or more of its prose lines word for word in
the English chapter is refused (the translations lag behind English in places). The installed package versions
are printed and compared with `WRITTEN_AGAINST`, the versions the questions were written from. The steps shared
with `eval/manpages_corpus.py` live in `eval/external_corpus.py`. It does not ingest, ask or score anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from eval.external_corpus import MAX_CHARS as MAX_CHARS  # the tests read the limit from here
from eval.external_corpus import (
    CorpusUnavailable,
    build_command,
    cut,
    install_command,
    refuse_untranslated,
    require_packages,
    write_all,
)
from eval.faqtext import chapter_lines, chapter_path

PACKAGES = ("debian-faq", "debian-faq-it", "debian-faq-ru")
INSTALL = install_command(PACKAGES)
WRITTEN_AGAINST = {"debian-faq": "11.1", "debian-faq-it": "11.1", "debian-faq-ru": "11.1"}
SECTION_TITLE = re.compile(r"\d+(\.\d+)+\. ")


class FaqUnavailable(CorpusUnavailable):
    """A package or chapter the corpus needs is not installed, or a chapter is not really translated."""


@dataclass(frozen=True)
class Chapter:
    prefix: str  # "000": the `sources` value of the questions
    lang: str  # "it" | "ru" | "en" (and "ko" in `eval/faq_ko_corpus.py`)
    package: str
    chapter: str  # "ftparchives": the file name of the chapter in /usr/share/doc/debian/FAQ

    @property
    def path(self) -> Path:
        return chapter_path(self.chapter, self.lang)

    @property
    def file_name(self) -> str:
        return f"{self.prefix}-{self.lang}-{self.chapter}.txt"


CHAPTERS = (
    Chapter("000", "it", "debian-faq-it", "ftparchives"),
    Chapter("001", "it", "debian-faq-it", "pkgtools"),
    Chapter("002", "it", "debian-faq-it", "uptodate"),
    Chapter("003", "it", "debian-faq-it", "customizing"),
    Chapter("004", "ru", "debian-faq-ru", "basic-defs"),
    Chapter("005", "ru", "debian-faq-ru", "getting-debian"),
    Chapter("006", "ru", "debian-faq-ru", "nextrelease"),
    Chapter("007", "ru", "debian-faq-ru", "compatibility"),
    Chapter("008", "en", "debian-faq", "pkg-basics"),
    Chapter("009", "en", "debian-faq", "software"),
    Chapter("010", "en", "debian-faq", "support"),
)


def chapter_text(chapter: Chapter, packages: tuple[str, ...] = PACKAGES) -> str:
    """The chapter's title, section titles and paragraphs, one per line, cut to `MAX_CHARS`; a missing chapter
    names the apt command that installs `packages` (the corpus's packages)."""
    if not chapter.path.is_file():
        raise FaqUnavailable(f"{chapter.path} is missing (package {chapter.package}); run: {install_command(packages)}")
    lines = cut("\n".join(chapter_lines(chapter.path))).splitlines()
    while len(lines) > 1 and SECTION_TITLE.match(lines[-1]):
        lines.pop()
    text = "\n".join(lines)
    if chapter.lang != "en":
        english_path = chapter_path(chapter.chapter, "en")
        english = "\n".join(chapter_lines(english_path)) if english_path.is_file() else None
        refuse_untranslated(text, english, chapter.path, "chapter", FaqUnavailable)
    return text + "\n"


def build(directory: Path) -> list[tuple[Path, int]]:
    """Write every chapter into `directory`; (path, characters) per file. Nothing is written unless all convert."""
    require_packages(PACKAGES, FaqUnavailable)
    return write_all(directory, {chapter.file_name: chapter_text(chapter) for chapter in CHAPTERS})


def main(argv: list[str] | None = None) -> int:
    return build_command(
        argv,
        "python -m eval.faq_corpus",
        "Build the Debian FAQ corpus of the external eval set.",
        build,
        PACKAGES,
        WRITTEN_AGAINST,
    )


if __name__ == "__main__":
    raise SystemExit(main())
