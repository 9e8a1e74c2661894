"""Build the corpus of the Korean external eval set (`eval/external/debian-faq-ko-qa.jsonl`): the Debian FAQ in Korean.

`python -m eval.faq_ko_corpus build DIR` converts the ten chapters in `CHAPTERS`, all Korean from `debian-faq-ko`,
exactly as `eval/faq_corpus.py` converts its chapters (`chapter_text`: the chapter title, then its section titles
and paragraphs one per line, cut at a paragraph boundary to `MAX_CHARS`; a chapter refused when its prose is mostly
the English original) and writes each as `DIR/<prefix>-ko-<chapter>.txt`. They are the Korean chapters that pass
that check; `pkg-basics`, `pkgtools` and `compatibility` (55-67% English) do not, nor do the short `faqinfo`,
`contributing` and `redistributing`, left out. The English chapters come from `debian-faq`, which is required too:
without them the untranslated-chapter check would have nothing to compare with. A missing package or chapter fails
with one line naming the package and the apt command; the installed package versions are printed and compared
with `WRITTEN_AGAINST`. It does not ingest, ask or score anything.
"""

from __future__ import annotations

from pathlib import Path

from eval.external_corpus import build_command, require_packages, write_all
from eval.faq_corpus import Chapter, FaqUnavailable, chapter_text

PACKAGES = ("debian-faq", "debian-faq-ko")
WRITTEN_AGAINST = {"debian-faq": "11.1", "debian-faq-ko": "11.1"}

CHAPTERS = tuple(
    Chapter(f"{n:03d}", "ko", "debian-faq-ko", name)
    for n, name in enumerate(
        (
            "basic-defs",
            "getting-debian",
            "uptodate",
            "software",
            "support",
            "nextrelease",
            "ftparchives",
            "customizing",
            "choosing",
            "kernel",
        )
    )
)


def build(directory: Path) -> list[tuple[Path, int]]:
    """Write every chapter into `directory`; (path, characters) per file. Nothing is written unless all convert."""
    require_packages(PACKAGES, FaqUnavailable)
    return write_all(directory, {chapter.file_name: chapter_text(chapter, PACKAGES) for chapter in CHAPTERS})


def main(argv: list[str] | None = None) -> int:
    return build_command(
        argv,
        "python -m eval.faq_ko_corpus",
        "Build the Korean Debian FAQ corpus of the external eval set.",
        build,
        PACKAGES,
        WRITTEN_AGAINST,
    )


if __name__ == "__main__":
    raise SystemExit(main())
