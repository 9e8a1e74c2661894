"""Language detection (lingua, fully offline) and language-specific sentence splitting (nltk punkt).

Both models ship inside installed packages: lingua's n-gram models in its wheel, punkt in llama-index's
bundled nltk data (found without importing llama-index), so nothing is downloaded. It does not tokenise for
search (see `index/analyze.py`).
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nltk.tokenize import PunktTokenizer

# nltk names of the punkt models llama-index bundles, by ISO 639-1 code.
PUNKT_MODELS = {
    "cs": "czech", "da": "danish", "nl": "dutch", "en": "english", "et": "estonian", "fi": "finnish",
    "fr": "french", "de": "german", "el": "greek", "it": "italian", "ml": "malayalam", "no": "norwegian",
    "pl": "polish", "pt": "portuguese", "ru": "russian", "sl": "slovene", "es": "spanish", "sv": "swedish",
    "tr": "turkish",
}  # fmt: skip

_LINE_BREAKS = re.compile(r"\n+")
PRIOR_SHARE = 0.1  # a prior language wins when the readings give it this share of the best language's confidence


class LanguageDetector:
    """Detects the ISO 639-1 code of a text among a configured set of languages."""

    def __init__(self, languages: list[str], default: str = "en") -> None:
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

        chosen = []
        for code in languages:
            try:
                chosen.append(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
            except (AttributeError, ValueError):
                raise ValueError(f"unknown language code {code!r} in RAG_LANGUAGES") from None
        self.default = default
        self.languages = frozenset(code.lower() for code in languages)
        self._detector = LanguageDetectorBuilder.from_languages(*chosen).build() if len(chosen) > 1 else None

    def detect(self, text: str) -> str:
        # Long documents: the first few thousand characters decide, which keeps detection O(1).
        sample = text[:4000]
        if self._detector is None or not any(ch.isalpha() for ch in sample):
            return self.default
        language = self._detector.detect_language_of(sample)
        return language.iso_code_639_1.name.lower() if language else self.default

    def detect_readings(self, *readings: str, prior: str | None = None) -> str:
        """The language most likely over several readings of one short text, their confidences summed: a question
        read whole and read without its names, which belong to no language but can outvote a few words. A `prior`
        (the language its question word belongs to) wins where the readings give it at least `PRIOR_SHARE` of the
        best language's confidence."""
        texts = [t[:4000] for t in readings if any(ch.isalpha() for ch in t)]
        if self._detector is None or not texts:
            return self.default
        totals: dict[str, float] = {}
        for text in texts:
            for value in self._detector.compute_language_confidence_values(text):
                code = value.language.iso_code_639_1.name.lower()
                totals[code] = totals.get(code, 0.0) + value.value
        best = max(totals, key=lambda code: totals[code], default=None)
        if best is None or totals[best] <= 0:
            return self.default
        return prior if prior is not None and totals.get(prior, 0.0) >= PRIOR_SHARE * totals[best] else best


def bundled_nltk_data() -> Path:
    """llama-index's bundled nltk data (punkt, stop words), found without importing llama-index (about 2 s)."""
    spec = importlib.util.find_spec("llama_index.core")
    assert spec is not None and spec.submodule_search_locations, "llama-index-core is a dependency"
    return Path(next(iter(spec.submodule_search_locations))) / "_static" / "nltk_cache"


@cache
def _punkt(lang: str) -> PunktTokenizer:
    import nltk
    from nltk.tokenize import PunktTokenizer

    bundled = str(bundled_nltk_data())
    if bundled not in nltk.data.path:
        nltk.data.path.append(bundled)
    return PunktTokenizer(PUNKT_MODELS.get(lang, "english"))


def sentence_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) offsets of sentences; line breaks always end a sentence (headlines have no full stop)."""
    spans: list[tuple[int, int]] = []
    tokenizer = _punkt(lang)
    pos = 0
    for match in [*_LINE_BREAKS.finditer(text), None]:
        end = match.start() if match else len(text)
        line = text[pos:end]
        if line.strip():
            for start, stop in tokenizer.span_tokenize(line):
                spans.extend(_cjk_sentences(line, pos + start, pos + stop, pos))
        pos = match.end() if match else end
    return spans


_CJK_END = re.compile(r"[。！？｡]+[」』”’）]*\s*")  # a Chinese or Japanese sentence's end (Punkt knows only Latin ones)
_OPEN_QUOTES, _CLOSE_QUOTES = "「『“（", "」』”）"
_QUOTE_GOES_ON = "とっ、，"  # after a closing quote, the sentence goes on: "彼は「すごい！」と言った。"


def _cjk_sentences(line: str, start: int, stop: int, offset: int) -> list[tuple[int, int]]:
    """The span (start, stop) of `line` (which begins at `offset` in the text) cut after each Chinese or Japanese
    full stop, exclamation or question mark, unless inside a quotation or before the words that go on after one;
    whitespace after one stays out of both sentences."""
    out, begin = [], start
    for end in _CJK_END.finditer(line, start - offset, stop - offset):
        cut = offset + end.end()
        said = line[begin - offset : end.end()]
        quoting = sum(map(said.count, _OPEN_QUOTES)) > sum(map(said.count, _CLOSE_QUOTES))
        after = line[end.end() : end.end() + 1]
        if quoting or (after and after in _QUOTE_GOES_ON):
            continue
        if cut < stop:
            out.append((begin, offset + end.start() + len(end.group().rstrip())))
            begin = cut
    out.append((begin, stop))
    return out


def split_sentences(text: str, lang: str) -> list[str]:
    """Sentences with their trailing whitespace kept, so that `"".join(result) == text`."""
    spans = sentence_spans(text, lang)
    if not spans:
        return [text] if text else []
    pieces = []
    for i, (start, _) in enumerate(spans):
        begin = 0 if i == 0 else start
        end = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        pieces.append(text[begin:end])
    return pieces
