"""Build the corpus of the external answer-level eval set (`eval/external/manpages-qa.jsonl`) from Debian manual pages.

`python -m eval.manpages_corpus build DIR` renders the eleven pages in `PAGES` (four Italian from `manpages-it`, four
Russian from `manpages-ru`, three English from `manpages`) with groff (`eval/mantext.py`) and writes each as
`DIR/<prefix>-<lang>-<page>.txt`: the page's sections in order, each heading on its own line followed by its
paragraphs, without the boilerplate sections (see also, translation credits, authors, bug reporting, copyright),
cut at a paragraph boundary to at most `MAX_CHARS` characters. Nothing of the pages' text is committed; the same
package versions give the same files. A missing package or page fails with one line naming the package and the
apt command; a translated page with `UNTRANSLATED` or more of its prose lines word for word in the English page
is refused (manpages-l10n leaves untranslated paragraphs in some pages). The installed package versions are
printed and compared with `WRITTEN_AGAINST`, the versions the questions were written from. It does not ingest,
ask or score anything.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from eval.mantext import MAN, render, sections, untranslated_share
from index.errors import UnavailableError

MAX_CHARS = 8000
UNTRANSLATED = 0.3  # refuse a translated page with this share of its prose lines word for word in English
PACKAGES = ("manpages", "manpages-it", "manpages-ru")
INSTALL = "apt-get update && apt-get install -y " + " ".join(PACKAGES)
WRITTEN_AGAINST = {"manpages": "6.03-2", "manpages-it": "4.18.1-1", "manpages-ru": "4.18.1-1"}
# Sections left out in every language: cross-references, translation credits, authors, bug reporting, copyright.
BOILERPLATE = {
    "SEE ALSO", "VEDERE ANCHE", "СМ. ТАКЖЕ", "TRANSLATION", "TRADUZIONE", "ПЕРЕВОД", "AUTHOR", "AUTHORS", "AUTORE",
    "AUTORI", "АВТОРЫ", "REPORTING BUGS", "SEGNALAZIONE BUG", "ИНФОРМАЦИЯ ОБ ОШИБКАХ", "COPYRIGHT",
    "AVAILABILITY", "DISPONIBILITÀ", "АВТОРСКИЕ ПРАВА", "COLOPHON",
}  # fmt: skip


class ManpagesUnavailable(UnavailableError):
    """A package or page the corpus needs is not installed, or a page is not really translated."""


@dataclass(frozen=True)
class Page:
    prefix: str  # "000": the `sources` value of the questions
    lang: str  # "it" | "ru" | "en"
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


def package_versions() -> dict[str, str]:
    """Installed version of each package in `PACKAGES` (a package that is not installed is absent)."""
    done = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package} ${Version} ${db:Status-Status}\\n", *PACKAGES], capture_output=True
    )
    rows = [line.split(" ") for line in done.stdout.decode().splitlines()]
    return {row[0]: row[1] for row in rows if len(row) == 3 and row[2] == "installed"}


def page_text(page: Page) -> str:
    """The page's sections without the boilerplate, headings on their own lines, cut to `MAX_CHARS`."""
    if not page.path.is_file():
        raise ManpagesUnavailable(f"{page.path} is missing (package {page.package}); run: {INSTALL}")
    rendered = render(page.path)
    if rendered is None:
        raise ManpagesUnavailable(f"{page.path} (package {page.package}) could not be rendered by groff")
    blocks = ["\n".join([head, *body]) for head, body in sections(rendered) if head.upper() not in BOILERPLATE]
    text = cut("\n\n".join(blocks))
    if page.lang != "en":
        english = render(MAN / f"{page.page}.gz") if (MAN / f"{page.page}.gz").is_file() else None
        prose = "\n".join(line for line in text.splitlines() if _is_prose(line))
        share = untranslated_share(prose, english) if english else 0.0
        if share >= UNTRANSLATED:
            raise ManpagesUnavailable(
                f"{page.path} is {share:.0%} English text, not a translation; choose another page"
            )
    return text + "\n"


def _is_prose(line: str) -> bool:
    """A line of running text (at least six words, four of them plain words), not an example or a table row."""
    words = line.split()
    return len(words) >= 6 and sum(word.strip(",.;:()").isalpha() for word in words) >= 4


def cut(text: str, limit: int = MAX_CHARS) -> str:
    """At most `limit` characters, ending at a line (paragraph) boundary."""
    if len(text) <= limit:
        return text
    return text[: text.rfind("\n", 0, limit)].rstrip()


def build(directory: Path) -> list[tuple[Path, int]]:
    """Write every page into `directory`; (path, characters) per file. Nothing is written unless all pages render."""
    installed = package_versions()
    for package in PACKAGES:
        if package not in installed:
            raise ManpagesUnavailable(f"package {package} is not installed; run: {INSTALL}")
    texts = {page.file_name: page_text(page) for page in PAGES}
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in texts.items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append((path, len(text)))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eval.manpages_corpus", description="Build the manual-page corpus of the external eval set."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    builder = commands.add_parser("build", help="render the pages into DIR as <prefix>-<lang>-<page>.txt")
    builder.add_argument("directory", type=Path, metavar="DIR")
    args = parser.parse_args(argv)
    try:
        written = build(args.directory)
    except ManpagesUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: cannot write the corpus into {args.directory}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for path, size in written:
        print(f"{path} ({size} characters)")
    installed = package_versions()
    for package in PACKAGES:
        note = (
            ""
            if installed[package] == WRITTEN_AGAINST[package]
            else f" (questions written against {WRITTEN_AGAINST[package]}; answers may not match)"
        )
        print(f"{package} {installed[package]}{note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
