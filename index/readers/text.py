"""The plain-text reader (.txt, .md, .markdown): decoded, normalised text, streamed block by block.

The encoding is detected once (a BOM, UTF-8 if every block is valid UTF-8, else charset-normalizer), then the
file is decoded block by block, so a large file is never read whole; a file that is mostly control characters
is refused as binary. It runs in the ingesting process (the time budget is checked by `index/readers/load.py`).
It does not find files, chunk or embed.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path

from index.chunk import normalise_text
from index.readers.base import DEFAULT_LIMITS, STREAMED, Limits, SkipFile, reader

BLOCK_BYTES = 1 << 20  # plain text is read and decoded in blocks of this size
BINARY_CONTROL_RATIO = 0.05  # more control characters than this in the first block = binary data
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")  # below " " except \t \n \v \f \r, and U+FFFD


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def sniff_encoding(path: Path) -> str:
    """The file's encoding: a BOM, else UTF-8 if every block is valid UTF-8, else what charset-normalizer finds."""
    with path.open("rb") as handle:
        head = handle.read(BLOCK_BYTES)
        if not head:
            raise SkipFile("empty_file")
        for bom, encoding in _BOMS:
            if head.startswith(bom):
                return encoding
        if b"\x00" in head[:8192]:
            raise SkipFile("binary_nul")
        utf8 = codecs.getincrementaldecoder("utf-8")()
        offset, block, bad = 0, head, -1
        while block:
            try:
                utf8.decode(block)
            except UnicodeDecodeError as exc:
                bad = offset + exc.start
                break
            offset += len(block)
            block = handle.read(BLOCK_BYTES)
        if bad < 0:
            return "utf-8-sig"  # a multibyte character cut at the very end is replaced, not fatal
        # Detect on the region where UTF-8 failed: a long ASCII prefix would otherwise look like plain ASCII.
        handle.seek(max(0, bad - 4096))
        sample = handle.read(BLOCK_BYTES)
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None:
        raise SkipFile("undecodable")
    return best.encoding


def _safe_cut(text: str) -> int:
    """Where a decoded block may be split so that normalising the parts equals normalising the whole."""
    newline = text.rfind("\n")
    if newline >= 0:
        return newline + 1  # after \n: never splits \r\n, and nothing composes across a line break
    # Before an ASCII character other than \n: ASCII never composes with what precedes it (NFC).
    for i in range(len(text) - 1, 0, -1):
        if text[i] < "\x80" and text[i] != "\r" and text[i - 1] != "\r":
            return i
    return len(text)


def stream_text(path: Path, encoding: str) -> Iterator[str]:
    """Normalised text pieces of a text file, decoded block by block."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    carry = ""
    first = True
    with path.open("rb") as handle:
        while True:
            block = handle.read(BLOCK_BYTES)
            text = carry + decoder.decode(block, final=not block)
            if first:
                _refuse_binary(text, encoding)
                first = False
            cut = _safe_cut(text) if block else len(text)
            carry = text[cut:]
            if cut:
                yield normalise_text(text[:cut])
            if not block:
                return


def _refuse_binary(text: str, encoding: str) -> None:
    sample = text[:65536]
    if not sample:
        return
    control = len(_CONTROL.findall(sample))  # in C: a Python loop per character cost 0.2 ms a file
    if control / len(sample) > BINARY_CONTROL_RATIO:
        raise SkipFile("binary_control", control=control, sample=len(sample), encoding=encoding)


@reader(*STREAMED)
def read_plain_text(path: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    return "".join(stream_text(path, sniff_encoding(path)))
