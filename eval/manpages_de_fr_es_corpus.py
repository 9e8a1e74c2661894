"""Build the corpus of the German/French/Spanish external eval set (`eval/external/manpages-de-fr-es-qa.jsonl`).

`python -m eval.manpages_de_fr_es_corpus build DIR` renders the twelve pages in `PAGES` (four German from
`manpages-de`, four French from `manpages-fr`, four Spanish from `manpages-es`; no page in two languages, none of
them in the Italian/Russian/English set) exactly as `eval/manpages_corpus.py` renders its pages (`page_text`:
groff, sections without the boilerplate, cut to `MAX_CHARS`, a page refused when its prose is mostly the English
original) and writes each as `DIR/<prefix>-<lang>-<page>.txt`. The English originals all come from `manpages`,
which is required too: without them the untranslated-page check would have nothing to compare with. A missing
package or page fails with one line naming the package and the apt command; the installed package versions are
printed and compared with `WRITTEN_AGAINST`. It does not ingest, ask or score anything.
"""

from __future__ import annotations

from pathlib import Path

from eval.external_corpus import build_command, require_packages, write_all
from eval.manpages_corpus import ManpagesUnavailable, Page, page_text

PACKAGES = ("manpages", "manpages-de", "manpages-fr", "manpages-es")
WRITTEN_AGAINST = {
    "manpages": "6.03-2", "manpages-de": "4.18.1-1", "manpages-fr": "4.18.1-1", "manpages-es": "4.18.1-1",
}  # fmt: skip

PAGES = (
    Page("000", "de", "manpages-de", "man5/resolv.conf.5"),
    Page("001", "de", "manpages-de", "man5/utmp.5"),
    Page("002", "de", "manpages-de", "man7/units.7"),
    Page("003", "de", "manpages-de", "man7/environ.7"),
    Page("004", "fr", "manpages-fr", "man7/random.7"),
    Page("005", "fr", "manpages-fr", "man7/unix.7"),
    Page("006", "fr", "manpages-fr", "man7/xattr.7"),
    Page("007", "fr", "manpages-fr", "man7/inotify.7"),
    Page("008", "es", "manpages-es", "man7/glob.7"),
    Page("009", "es", "manpages-es", "man7/arp.7"),
    Page("010", "es", "manpages-es", "man5/dir_colors.5"),
    Page("011", "es", "manpages-es", "man7/standards.7"),
)


def build(directory: Path) -> list[tuple[Path, int]]:
    """Write every page into `directory`; (path, characters) per file. Nothing is written unless all pages render."""
    require_packages(PACKAGES, ManpagesUnavailable)
    return write_all(directory, {page.file_name: page_text(page, PACKAGES) for page in PAGES})


def main(argv: list[str] | None = None) -> int:
    return build_command(
        argv,
        "python -m eval.manpages_de_fr_es_corpus",
        "Build the German/French/Spanish manual-page corpus of the external eval set.",
        build,
        PACKAGES,
        WRITTEN_AGAINST,
    )


if __name__ == "__main__":
    raise SystemExit(main())
