"""Sentence-aware chunking sized in the embedding model's own tokens, with character offsets.

llama-index's `SentenceSplitter` does the packing and overlap; we give it the model's tokenizer (so no chunk
exceeds the model's limit, which would silently truncate it) and a per-language sentence splitter (punkt for
it/ru/en and more, line breaks as hard boundaries). It does not embed or store anything.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from index.language import split_sentences


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
        from llama_index.core.node_parser import SentenceSplitter

        self.max_tokens = max_tokens
        self.count_tokens = count_tokens
        overlap = min(overlap_tokens, max_tokens // 4)
        # SentenceSplitter measures length as len(tokenizer(text)); we hand it the model's token count.
        self._make = lambda lang: SentenceSplitter(
            chunk_size=max_tokens,
            chunk_overlap=overlap,
            tokenizer=lambda text: range(count_tokens(text)),
            chunking_tokenizer_fn=lambda text: split_sentences(text, lang),
            paragraph_separator="\n\n",
        )
        self._splitters: dict[str, object] = {}

    def split(self, text: str, lang: str) -> list[Chunk]:
        splitter = self._splitters.get(lang)
        if splitter is None:
            splitter = self._splitters[lang] = self._make(lang)
        chunks: list[Chunk] = []
        cursor = 0
        for piece in splitter.split_text(text):
            piece = piece.strip()
            if not piece:
                continue
            # Overlapping chunks start before the previous end, so search from the previous start.
            start = text.find(piece, cursor)
            if start < 0:  # the splitter rewrote whitespace; fall back to a whitespace-tolerant search
                start = _find_loose(text, piece, cursor)
            end = start + len(piece) if start >= 0 else -1
            if start < 0:
                continue
            chunks.append(Chunk(index=len(chunks), text=text[start:end], start=start, end=end))
            cursor = start + 1
        return chunks


def _find_loose(text: str, piece: str, cursor: int) -> int:
    import re

    pattern = r"\s+".join(re.escape(word) for word in piece.split())
    match = re.compile(pattern).search(text, cursor)
    return match.start() if match else -1
