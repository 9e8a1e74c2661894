"""A cross-language retrieval corpus from Debian's translated manual pages (`bench/external.py` measures on it).

Source: the Debian packages `manpages` (English) and `manpages-fr`, `-de`, `-es`, `-pl` (the manpages-l10n
translations), installed with `apt-get install -y manpages manpages-fr manpages-de manpages-es manpages-pl`.
A *pair* is a page that exists as `/usr/share/man/<lang>/manN/NAME.N.gz` and as the English
`/usr/share/man/manN/NAME.N.gz` (from any installed package).

Conversion: each page is rendered to plain text by groff and split into sections at the headings in column 0
(`eval/mantext.py`, shared with the external answer-level eval corpus). A *document* is the translated page's NAME line
followed by its DESCRIPTION section (heading names per language in `DESCRIPTION`), cut at a line boundary to at
most `MAX_CHARS` characters. Its *query* is the English page's NAME line ("ls - list directory contents") and,
as a harder variant, that line without the page names ("list directory contents").

Sampling is deterministic: distinct page names in the order of sha256 of their name, each assigned to one
language in turn (so each query has exactly one correct document), skipping pages that are `.so` redirects,
that groff cannot render, that lack a NAME or DESCRIPTION, whose English description has fewer than
`MIN_WORDS` words, whose translated NAME line is identical to the English one, or whose DESCRIPTION has at
least `UNTRANSLATED` of its longer lines word for word in the English page (partly untranslated pages).
It does not ingest or score anything.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from eval.mantext import MAN, render, sections, untranslated_share
from index.errors import UnavailableError

LANGUAGES = ("fr", "de", "es", "pl")
PACKAGES = ("manpages", *(f"manpages-{lang}" for lang in LANGUAGES))
INSTALL = "apt-get update && apt-get install -y " + " ".join(PACKAGES)
# The DESCRIPTION heading in each language (the NAME section is always a page's first section).
DESCRIPTION = {"en": {"DESCRIPTION"}, "fr": {"DESCRIPTION"}, "de": {"BESCHREIBUNG"}, "es": {"DESCRIPCIÓN"},
               "pl": {"OPIS"}}  # fmt: skip
MAX_CHARS = 1000
MIN_WORDS = 2
UNTRANSLATED = 0.3


class CorpusUnavailable(UnavailableError):
    """The manual page packages are not installed."""


@dataclass(frozen=True)
class ManDoc:
    key: str  # "fr/man1/ls.1"
    language: str
    name: str  # "ls.1"
    text: str  # translated NAME line, blank line, DESCRIPTION
    query: str  # English NAME line
    query_description: str  # English NAME line without the names before the dash

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def pairs() -> dict[str, dict[str, Path]]:
    """Page file name ("ls.1.gz" under manN) -> {language: translated path}, for pages with an English original."""
    found: dict[str, dict[str, Path]] = {}
    for lang in LANGUAGES:
        for path in sorted((MAN / lang).glob("man*/*.gz")):
            english = MAN / path.parent.name / path.name
            if english.is_file():
                found.setdefault(f"{path.parent.name}/{path.name}", {})[lang] = path
    if not found:
        raise CorpusUnavailable(f"no translated manual pages with an English original under {MAN}; run: {INSTALL}")
    return found


def name_and_description(text: str, lang: str) -> tuple[str, str] | None:
    parts = sections(text)
    if not parts or not parts[0][1]:
        return None
    name = " ".join(parts[0][1])
    wanted = DESCRIPTION[lang]
    description = next((body for head, body in parts if head.strip('"').upper() in wanted), None)
    return (name, "\n".join(description)) if description else None


def strip_names(name_line: str) -> str:
    """ "ls - list directory contents" -> "list directory contents" (the part after the first dash)."""
    match = re.search(r"\s[-\u2010-\u2015]\s", name_line)
    return name_line[match.end() :].strip() if match else name_line


def cut(text: str, limit: int = MAX_CHARS) -> str:
    if len(text) <= limit:
        return text
    head = text[:limit]
    end = max(head.rfind("\n"), head.rfind(". ") + 1)
    return head[:end].rstrip() if end > limit // 3 else head.rstrip()


def order(names: list[str]) -> list[str]:
    return sorted(names, key=lambda n: hashlib.sha256(f"manpages-{n}".encode()).hexdigest())


def build(size: int) -> tuple[list[ManDoc], dict[str, int]]:
    """`size` documents (fewer if the packages have fewer usable pairs) and the reasons pages were skipped."""
    available = pairs()
    docs: list[ManDoc] = []
    skipped: dict[str, int] = {}
    for page in order(list(available)):
        if len(docs) >= size:
            break
        langs = available[page]
        counts = {lang: sum(d.language == lang for d in docs) for lang in langs}
        lang = min(langs, key=lambda code: (counts[code], LANGUAGES.index(code)))  # the least-used language so far
        reason, doc = _pair(page, lang, langs[lang])
        if doc is None:
            skipped[reason] = skipped.get(reason, 0) + 1
        else:
            docs.append(doc)
    return docs, skipped


def _pair(page: str, lang: str, path: Path) -> tuple[str, ManDoc | None]:
    section, file_name = page.split("/")
    english_text, translated_text = render(MAN / section / file_name), render(path)
    if english_text is None or translated_text is None:
        return "redirect or not renderable", None
    english = name_and_description(english_text, "en")
    translated = name_and_description(translated_text, lang)
    if english is None or translated is None:
        return "no NAME or DESCRIPTION", None
    query = english[0]
    description = strip_names(query)
    if len(description.split()) < MIN_WORDS:
        return "English description too short", None
    if translated[0].casefold() == query.casefold():
        return "NAME line untranslated", None
    if untranslated_share(translated[1], english_text) >= UNTRANSLATED:
        return "DESCRIPTION partly untranslated", None
    name = file_name.removesuffix(".gz")
    text = cut(f"{translated[0]}\n\n{translated[1]}")
    return "", ManDoc(f"{lang}/{section}/{name}", lang, name, text, query, description)


def package_versions() -> dict[str, str]:
    done = subprocess.run(["dpkg-query", "-W", "-f=${Package} ${Version}\\n", *PACKAGES], capture_output=True)
    return dict(line.split(" ", 1) for line in done.stdout.decode().splitlines() if " " in line)


def write_corpus(path: Path, size: int) -> dict[str, object]:
    """Build the corpus into `path` (JSON), reused while the packages, this code and the size are unchanged."""
    key = {
        "size": size,
        "packages": package_versions(),
        "code": hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16],
    }
    if path.is_file():
        cached = json.loads(path.read_text(encoding="utf-8"))
        if cached.get("key") == key:
            return cached
    docs, skipped = build(size)
    corpus = {"key": key, "pairs": len(pairs()), "skipped": skipped, "documents": [d.to_dict() for d in docs]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(corpus, ensure_ascii=False, indent=0), encoding="utf-8")
    return corpus
