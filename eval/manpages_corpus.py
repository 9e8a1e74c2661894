"""Build the corpus of the external answer-level eval set (`eval/external/manpages-qa.jsonl`) from Debian manual pages.

`python -m eval.manpages_corpus build DIR` renders the eleven pages in `PAGES` (four Italian from `manpages-it`, four
Russian from `manpages-ru`, three English from `manpages`) with groff (`eval/mantext.py`) and writes each as
`DIR/<prefix>-<lang>-<page>.txt`: the page's sections in order, each heading on its own line followed by its
paragraphs, without the boilerplate sections (see also, translation credits, authors, bug reporting, copyright),
cut at a paragraph boundary to at most `MAX_CHARS` characters. Nothing of the pages' text is committed; the same
package versions give the same files. A missing package or page fails with one line naming the package and the
apt command; a translated page with `UNTRANSLATED` or more of its prose lines word for word in the English page
is refused (manpages-l10n leaves untranslated paragraphs in some pages). The installed package versions are
printed and compared with `WRITTEN_AGAINST`, the versions the questions were written from (the steps shared
with `eval/faq_corpus.py` live in `eval/external_corpus.py`). `eval/manpages_de_fr_es_corpus.py` builds the German,
French and Spanish set's corpus with this module's `Page` and `page_text`. It does not ingest, ask or score anything.
"""

from __future__ import annotations

from collections.abc import Sequence
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
from eval.mantext import MAN, render, sections

PACKAGES = ("manpages", "manpages-it", "manpages-ru")
WRITTEN_AGAINST = {"manpages": "6.03-2", "manpages-it": "4.18.1-1", "manpages-ru": "4.18.1-1"}
# Sections left out in every language: cross-references, translation credits, authors, bug reporting, copyright
# (the German, French and Spanish headings are those of `eval/manpages_de_fr_es_corpus.py`).
BOILERPLATE = {
    "SEE ALSO", "VEDERE ANCHE", "СМ. ТАКЖЕ", "TRANSLATION", "TRADUZIONE", "ПЕРЕВОД", "AUTHOR", "AUTHORS", "AUTORE",
    "AUTORI", "АВТОРЫ", "REPORTING BUGS", "SEGNALAZIONE BUG", "ИНФОРМАЦИЯ ОБ ОШИБКАХ", "COPYRIGHT",
    "AVAILABILITY", "DISPONIBILITÀ", "АВТОРСКИЕ ПРАВА", "COLOPHON",
    "SIEHE AUCH", "VOIR AUSSI", "VÉASE TAMBIÉN", "ÜBERSETZUNG", "TRADUCTION", "TRADUCCIÓN", "AUTOR", "AUTOREN",
    "AUTEUR", "AUTEURS", "AUTORES",
}  # fmt: skip


class ManpagesUnavailable(CorpusUnavailable):
    """A package or page the corpus needs is not installed, or a page is not really translated."""


@dataclass(frozen=True)
class Page:
    prefix: str  # "000": the `sources` value of the questions
    lang: str  # "it" | "ru" | "en" (and "de" | "fr" | "es" in `eval/manpages_de_fr_es_corpus.py`)
    package: str
    page: str  # "man5/fstab.5"

    @property
    def path(self) -> Path:
        return (MAN / f"{self.page}.gz") if self.lang == "en" else (MAN / self.lang / f"{self.page}.gz")

    @property
    def file_name(self) -> str:
        return f"{self.prefix}-{self.lang}-{self.page.split('/')[1]}.txt"


PAGES = (
    Page("000", "it", "manpages-it", "man5/fstab.5"),
    Page("001", "it", "manpages-it", "man5/services.5"),
    Page("002", "it", "manpages-it", "man1/time.1"),
    Page("003", "it", "manpages-it", "man5/hosts.5"),
    Page("004", "ru", "manpages-ru", "man5/nsswitch.conf.5"),
    Page("005", "ru", "manpages-ru", "man7/pipe.7"),
    Page("006", "ru", "manpages-ru", "man7/hostname.7"),
    Page("007", "ru", "manpages-ru", "man5/tmpfs.5"),
    Page("008", "en", "manpages", "man7/signal.7"),
    Page("009", "en", "manpages", "man7/hier.7"),
    Page("010", "en", "manpages", "man5/termcap.5"),
)


def page_text(page: Page, packages: Sequence[str] = PACKAGES) -> str:
    """The page's sections without the boilerplate, headings on their own lines, cut to `MAX_CHARS`; a missing page
    names the apt command that installs `packages` (the corpus's packages)."""
    if not page.path.is_file():
        raise ManpagesUnavailable(f"{page.path} is missing (package {page.package}); run: {install_command(packages)}")
    rendered = render(page.path)
    if rendered is None:
        raise ManpagesUnavailable(f"{page.path} (package {page.package}) could not be rendered by groff")
    blocks = ["\n".join([head, *body]) for head, body in sections(rendered) if head.upper() not in BOILERPLATE]
    text = cut("\n\n".join(blocks))
    if page.lang != "en":
        english = render(MAN / f"{page.page}.gz") if (MAN / f"{page.page}.gz").is_file() else None
        refuse_untranslated(text, english, page.path, "page", ManpagesUnavailable)
    return text + "\n"


def build(directory: Path) -> list[tuple[Path, int]]:
    """Write every page into `directory`; (path, characters) per file. Nothing is written unless all pages render."""
    require_packages(PACKAGES, ManpagesUnavailable)
    return write_all(directory, {page.file_name: page_text(page) for page in PAGES})


def main(argv: list[str] | None = None) -> int:
    return build_command(
        argv,
        "python -m eval.manpages_corpus",
        "Build the manual-page corpus of the external eval set.",
        build,
        PACKAGES,
        WRITTEN_AGAINST,
    )


if __name__ == "__main__":
    raise SystemExit(main())
