"""Language detection (lingua, fully offline) and language-specific sentence splitting (nltk punkt).

Both models ship inside installed packages: lingua's n-gram models in its wheel, punkt in llama-index's
bundled nltk data (found without importing llama-index), so nothing is downloaded. A one-shot command may start
one detection ahead, in a forked child process (`LanguageDetector.detect_ahead`). It does not tokenise for
search (see `index/analyze.py`).
"""

from __future__ import annotations

import importlib.util
import os
import re
import threading
from contextlib import suppress
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
        self._codes = {default, *(language.iso_code_639_1.name.lower() for language in chosen)}
        self._detector = LanguageDetectorBuilder.from_languages(*chosen).build() if len(chosen) > 1 else None
        self._ahead: tuple[str, int, int] | None = None  # (text, child pid, read end of its pipe)
        self._ahead_lock = threading.Lock()

    def detect_ahead(self, text: str) -> None:
        """Starts `detect(text)` in a forked child process; the next `detect(text)` reads its answer.

        lingua loads its n-gram models on the first detection (about 2 s of CPU, holding the GIL), so a one-shot
        `rag ask` lets a child do that on the second core while this process imports and loads everything else.
        The child runs this same detector on the same text, so the answer is the one `detect` would give. Nothing
        starts unless this process has a single thread (a fork is safe then; Linux only, where /proc says so); if
        the child fails, `detect` does the work itself. Costs nothing when `text` needs no model.
        """
        if self._detector is None or self._ahead is not None or not _alone() or not _has_letters(text[:4000]):
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: answer, then leave without running the parent's exit handlers or flushing its files
            try:
                os.close(read)
                null = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):  # not holding the caller's pipes open (`rag ask ... | head`, a capture)
                    os.dup2(null, fd)
                os.write(write, self.detect(text).encode())
            finally:
                os._exit(0)
        os.close(write)
        self._ahead = (text, pid, read)

    def _detected_ahead(self, text: str) -> str | None:
        """The child's answer for `text` (waiting for it), or None when none was started for it or it failed."""
        with self._ahead_lock:
            if self._ahead is None or self._ahead[0] != text:
                return None
            _, pid, read = self._ahead
            self._ahead = None
            try:
                with os.fdopen(read, "rb") as pipe:
                    answer = pipe.read().decode("ascii", "replace")
            finally:
                with suppress(ChildProcessError):  # already reaped elsewhere
                    os.waitpid(pid, 0)
        return answer if answer in self._codes else None

    def detect(self, text: str) -> str:
        if self._ahead is not None and (ahead := self._detected_ahead(text)) is not None:
            return ahead
        # Long documents: the first few thousand characters decide, which keeps detection O(1).
        sample = text[:4000]
        if self._detector is None or not _has_letters(sample):
            return self.default
        language = self._detector.detect_language_of(sample)
        return language.iso_code_639_1.name.lower() if language else self.default


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _alone() -> bool:
    """Whether this process runs one thread (counted by the kernel, native threads too); False where unknown."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


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
                spans.append((pos + start, pos + stop))
        pos = match.end() if match else end
    return spans


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
