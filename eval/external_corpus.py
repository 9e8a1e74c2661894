"""What the builders of the external eval corpora (`eval/manpages_corpus.py` and `eval/manpages_de_fr_es_corpus.py`,
`eval/faq_corpus.py`) share.

Both take text that Debian packages install, refuse to build when a package is missing (one line naming it and
the apt command), cut each document at a line boundary to at most `MAX_CHARS`, refuse a "translation" that is
mostly English, write all documents only once every one of them is ready, and print the installed package versions
next to the ones the questions were written against. This module holds those steps; it does not choose documents,
render or parse any format, or ingest anything.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from index.errors import UnavailableError

MAX_CHARS = 8000
UNTRANSLATED = 0.3  # refuse a translated document with this share of its prose lines word for word in English


class CorpusUnavailable(UnavailableError):
    """A package or document a corpus needs is not installed, or a document is not really translated."""


def install_command(packages: Sequence[str]) -> str:
    return "apt-get update && apt-get install -y " + " ".join(packages)


def package_versions(packages: Sequence[str]) -> dict[str, str]:
    """Installed version of each package (a package that is not installed is absent)."""
    done = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package} ${Version} ${db:Status-Status}\\n", *packages], capture_output=True
    )
    rows = [line.split(" ") for line in done.stdout.decode().splitlines()]
    return {row[0]: row[1] for row in rows if len(row) == 3 and row[2] == "installed"}


def require_packages(packages: Sequence[str], error: type[CorpusUnavailable] = CorpusUnavailable) -> None:
    """Raise `error` naming the first package that is not installed and the apt command that installs them all."""
    installed = package_versions(packages)
    for package in packages:
        if package not in installed:
            raise error(f"package {package} is not installed; run: {install_command(packages)}")


def version_lines(packages: Sequence[str], written_against: Mapping[str, str]) -> list[str]:
    """One line per package: its installed version, with a warning when the questions were written against another."""
    installed = package_versions(packages)
    lines = []
    for package in packages:
        version = installed.get(package, "not installed")
        note = (
            ""
            if version == written_against[package]
            else f" (questions written against {written_against[package]}; answers may not match)"
        )
        lines.append(f"{package} {version}{note}")
    return lines


def is_prose(line: str) -> bool:
    """A line of running text (at least six words, four of them plain words), not an example or a table row."""
    words = line.split()
    return len(words) >= 6 and sum(word.strip(",.;:()").isalpha() for word in words) >= 4


def untranslated_share(translated: str, english: str) -> float:
    """Share of the translated text's longer lines (> 30 characters) that appear word for word in the English text."""
    known = {" ".join(line.split()) for line in english.splitlines()}
    lines = [line for line in translated.splitlines() if len(line) > 30]
    return sum(line in known for line in lines) / len(lines) if lines else 0.0


def english_share(translated: str, english: str) -> float:
    """`untranslated_share` over the translated text's prose lines only (examples and commands are the same anyway)."""
    return untranslated_share("\n".join(line for line in translated.splitlines() if is_prose(line)), english)


def refuse_untranslated(
    text: str, english: str | None, source: Path, what: str, error: type[CorpusUnavailable] = CorpusUnavailable
) -> None:
    """Raise `error` when `UNTRANSLATED` or more of `text`'s prose is word for word its English original `english`
    (None: no English original to compare with)."""
    share = english_share(text, english) if english else 0.0
    if share >= UNTRANSLATED:
        raise error(f"{source} is {share:.0%} English text, not a translation; choose another {what}")


def cut(text: str, limit: int = MAX_CHARS) -> str:
    """At most `limit` characters, ending at a line (paragraph) boundary."""
    if len(text) <= limit:
        return text
    return text[: text.rfind("\n", 0, limit)].rstrip()


def write_all(directory: Path, texts: Mapping[str, str]) -> list[tuple[Path, int]]:
    """Write each file name's text into `directory` (created if needed); (path, characters) per file."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in texts.items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append((path, len(text)))
    return written


def build_command(
    argv: list[str] | None,
    prog: str,
    description: str,
    build: Callable[[Path], list[tuple[Path, int]]],
    packages: Sequence[str],
    written_against: Mapping[str, str],
) -> int:
    """The `build DIR` command line of a corpus builder: the files written, then the package versions; one
    `error: ...` line and exit 1 when a package or document is missing or the directory cannot be written."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    commands = parser.add_subparsers(dest="command", required=True)
    builder = commands.add_parser("build", help="write the corpus into DIR as <prefix>-<lang>-<name>.txt")
    builder.add_argument("directory", type=Path, metavar="DIR")
    args = parser.parse_args(argv)
    try:
        written = build(args.directory)
    except CorpusUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: cannot write the corpus into {args.directory}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for path, size in written:
        print(f"{path} ({size} characters)")
    print("\n".join(version_lines(packages, written_against)))
    return 0
