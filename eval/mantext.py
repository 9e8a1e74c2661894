"""Render Debian manual pages to plain text with groff and split them into sections.

Shared by the external answer-level eval corpus (`eval/manpages_corpus.py`) and the retrieval benchmark
(`bench/manpages.py`, which imports it; nothing under eval/ imports bench/). Rendering is groff itself
(`groff -k -Tutf8 -man -rHY=0 -rLL=5000n -P-c -P-b -P-u`: preconv for the UTF-8 source, no hyphenation, one
line per paragraph, no overstriking or colour); headings are the lines in column 0. It does not choose pages,
install packages or write files (`untranslated_share` lives in `eval/external_corpus.py`).
"""

from __future__ import annotations

import gzip
import subprocess
from pathlib import Path

from eval.external_corpus import untranslated_share as untranslated_share  # bench/manpages.py imports it from here

MAN = Path("/usr/share/man")
GROFF = ["groff", "-k", "-Tutf8", "-man", "-rHY=0", "-rLL=5000n", "-P-c", "-P-b", "-P-u"]


def render(path: Path) -> str | None:
    """The page as plain text, or None for a `.so` redirect or a page groff cannot render."""
    source = gzip.decompress(path.read_bytes())
    if source.lstrip().startswith(b".so "):
        return None
    done = subprocess.run(GROFF, input=source, capture_output=True, timeout=30)
    text = done.stdout.decode("utf-8", errors="replace")
    return text if done.returncode == 0 and text.strip() else None


def sections(text: str) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) in page order; groff puts headings in column 0 and body text indented."""
    out: list[tuple[str, list[str]]] = []
    for line in text.splitlines()[1:-1]:  # the first and last lines are the page header and footer
        if line and not line[0].isspace():
            out.append((line.strip(), []))
        elif out and line.strip():
            out[-1][1].append(" ".join(line.split()))
    return out
