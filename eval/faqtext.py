"""Turn one chapter of the Debian FAQ as Debian ships it (DocBook XHTML, `/usr/share/doc/debian/FAQ`) into plain text.

Used by the external answer-level eval corpus (`eval/faq_corpus.py`). The converter is the standard library's
`html.parser`: every block (title, paragraph, list item, table row, preformatted line) becomes one line with its
whitespace collapsed, section titles stay on their own lines, and the navigation header and footer, the chapter's
table of contents and footnote markers are dropped. It does not choose chapters, install packages or write files.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

FAQ = Path("/usr/share/doc/debian/FAQ")
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "li", "dt", "dd", "tr", "div", "table", "br", "title", "blockquote"}
SKIPPED_CLASSES = {"navheader", "navfooter", "toc"}
VOID = {"br", "img", "hr", "meta", "link", "col", "area", "input"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._line: list[str] = []
        self._stack: list[bool] = []  # per open element: does it start a skipped region?
        self._skipping = 0
        self._pre = 0
        self._head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        if tag == "head":
            self._head = True
        if tag in BLOCKS or tag == "pre":
            self._flush()
        if tag == "pre":
            self._pre += 1
        if tag in VOID:
            return
        skip = bool(classes & SKIPPED_CLASSES) or (tag == "sup" and "footnote" in str(attrs))
        self._stack.append(skip)
        self._skipping += skip

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._head = False
        if tag in VOID:
            return
        if tag in BLOCKS or tag == "pre":
            self._flush()
        if tag == "pre":
            self._pre = max(0, self._pre - 1)
        if self._stack:
            self._skipping -= self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._skipping or self._head:
            return
        if self._pre:
            lines = data.split("\n")
            for n, part in enumerate(lines):
                self._line.append(part)
                if n < len(lines) - 1:
                    self._flush()
            return
        self._line.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        line = " ".join("".join(self._line).split())
        if line:
            self.lines.append(line)
        self._line = []


def chapter_path(chapter: str, lang: str) -> Path:
    """Where the package installs `chapter` ("ftparchives") in `lang`: English at the top, translations below."""
    return FAQ / f"{chapter}.en.html" if lang == "en" else FAQ / lang / f"{chapter}.{lang}.html"


def chapter_lines(path: Path) -> list[str]:
    """The chapter's text, one block per line, starting with its title ("Chapter 6. The Debian archives")."""
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.lines
