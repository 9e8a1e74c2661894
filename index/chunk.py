"""Sentence-aware chunking sized in the embedding model's own tokens, with character offsets.

llama-index's `SentenceSplitter` does the packing and overlap; we give it the model's tokenizer (so no chunk
exceeds the model's limit, which would silently truncate it) and a per-language sentence splitter (punkt for
it/ru/en and more, line breaks as hard boundaries). A run of text the tokenizer cannot split (a word over 100
characters is one [UNK] token) still counts one token per `MAX_CHARS_PER_TOKEN` characters, so a 1 MB line
without spaces becomes bounded chunks, not one huge one. It does not embed or store anything.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.language import split_sentences

if TYPE_CHECKING:
    from llama_index.core.node_parser import SentenceSplitter

# Natural text has 1-6 characters per model token; a longer stretch per token means runs the model reads as [UNK].
MAX_CHARS_PER_TOKEN = 10
GAP_DEPTH = 2  # text the splitter's pieces leave out is chunked again, at most this many times over
_NON_SPACE = re.compile(r"\S")


@dataclass(frozen=True)
class Chunk:
    index: int
    text: str
    start: int
    end: int

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def normalise_text(text: str) -> str:
    """NFC, Unix newlines, no NULs or BOM, so offsets and hashes are stable across editors."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\ufeff", "").replace("\x00", "")


class Chunker:
    """Splits one document's text into `Chunk`s of at most `max_tokens` model tokens."""

    def __init__(self, count_tokens: Callable[[str], int], max_tokens: int, overlap_tokens: int) -> None:
        self.max_tokens = max_tokens
        self.count_tokens = count_tokens
        self.max_chars = max_tokens * MAX_CHARS_PER_TOKEN
        self._overlap = min(overlap_tokens, max_tokens // 4)
        self._splitters: dict[str, SentenceSplitter] = {}

    def _splitter(self, lang: str) -> SentenceSplitter:
        """llama-index's packer for one language, made once per language."""
        from llama_index.core.node_parser import SentenceSplitter

        count_tokens, max_chars = self.count_tokens, self.max_chars
        if lang not in self._splitters:
            # SentenceSplitter measures length as len(tokenizer(text)); we hand it the model's token count.
            self._splitters[lang] = SentenceSplitter(
                chunk_size=self.max_tokens,
                chunk_overlap=self._overlap,
                tokenizer=lambda text: range(max(count_tokens(text), -(-len(text) // MAX_CHARS_PER_TOKEN))),
                chunking_tokenizer_fn=lambda text: _bounded(split_sentences(text, lang), max_chars),
                paragraph_separator="\n\n",
            )
        return self._splitters[lang]

    def split(self, text: str, lang: str) -> list[Chunk]:
        spans = self._spans(text, lang, 0, len(text), GAP_DEPTH)
        return [Chunk(index=i, text=text[start:end], start=start, end=end) for i, (start, end) in enumerate(spans)]

    def _spans(self, text: str, lang: str, low: int, high: int, depth: int) -> list[tuple[int, int]]:
        """(start, end) of the chunks of `text[low:high]`. The splitter can join the pieces of a word it had to cut
        without the space between them ("xxxx" + "xxxxx" across "xxxx xxxxx"), so a piece is found a little later
        than the text it came from; text that ends up in no chunk is chunked on its own (`depth` times more)."""
        part = text[low:high]
        spans: list[tuple[int, int]] = []
        start = end = covered = 0
        for piece in self._splitter(lang).split_text(part):
            piece = piece.strip()
            span = _locate(part, piece, start, end) if piece else None
            if span is None:
                continue
            if depth and _NON_SPACE.search(part, covered, span[0]):
                spans += self._spans(text, lang, low + covered, low + span[0], depth - 1)
            start, end = span
            covered = max(covered, end)
            spans.append((low + start, low + end))
        if depth and _NON_SPACE.search(part, covered):
            spans += self._spans(text, lang, low + covered, high, depth - 1)
        return spans


def _locate(text: str, piece: str, previous_start: int, previous_end: int) -> tuple[int, int] | None:
    """Where a chunk lies in the text. Chunks follow each other, overlapping or not, so one starts at or after the
    previous start and no later than the first non-space after the previous end. Of those positions the latest is
    taken: in repetitive text an earlier identical passage also matches, and choosing it would leave the end of
    the text in no chunk."""
    following = _NON_SPACE.search(text, previous_end)
    limit = following.start() if following else len(text)
    start = text.rfind(piece, previous_start, limit + len(piece))
    if start < 0:
        start = text.find(piece, previous_start)
    if start < 0:
        # In a run of identical characters the previous chunk may have been placed later than it really began:
        # the latest occurrence that ends by the same bound still covers the text without a gap.
        start = text.rfind(piece, 0, limit + len(piece))
    if start >= 0:
        return start, start + len(piece)
    # The splitter rewrote whitespace inside the piece: match it whitespace-tolerantly.
    pattern = r"\s+".join(re.escape(word) for word in piece.split())
    match = re.compile(pattern).search(text, previous_start)
    return (match.start(), match.end()) if match else None


def _bounded(sentences: list[str], limit: int) -> list[str]:
    """Sentences longer than `limit` characters cut at spaces (or anywhere), keeping `"".join` unchanged."""
    out: list[str] = []
    for sentence in sentences:
        while len(sentence) > limit:
            cut = sentence.rfind(" ", limit // 2, limit)
            cut = cut + 1 if cut > 0 else limit
            out.append(sentence[:cut])
            sentence = sentence[cut:]
        out.append(sentence)
    return out
