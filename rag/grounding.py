"""Checks a generated answer against the passages it was given: citation markers, citations, sentence support.

`CitationStream` rewrites markers while the answer streams: `[n]` pointing to no passage is removed (with the
space before it), `[1, 3]` becomes `[1][3]`, and passages are renumbered by first citation, so the streamed text
is the final text and every `[n]` in it is a citation id. `verify` then splits the answer into sentences and
scores each against the passages it cites: IDF-weighted coverage of its terms (stemmed in every corpus language,
so cognates meet across languages; with the multilingual encoder, a word of the passage close in meaning covers a
term too, as in the answer's window scoring but more strictly, so "Заявки пришли из 122 стран" is supported by
"submissions from 122 countries") by the passage, and zero when it states a number the passage lacks.
Sentences under the threshold are reported as unsupported. It does not call a model or retrieve.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from index.analyze import analyze, is_stopword, query_terms, word_forms, words
from index.language import sentence_spans
from rag.idf import idf, max_idf
from rag.semantic import SentenceSimilarity, content_words
from rag.spans import sentences_of
from rag.types import Citation, Passage

# Word similarity mapped to [0, 1] support: FLOOR -> 0, FLOOR + SPAN -> 1. Stricter than the answer's window scoring
# (`rag/windows.py` SOFT_FLOOR 0.5): a check of support must not let an invented sentence pass on loosely related
# words ("The jury met on the Moon" against a passage about a jury), while a translation's words still meet theirs.
SUPPORT_FLOOR, SUPPORT_SPAN = 0.65, 0.15
_MARKER = re.compile(r"\[\s*\d{1,3}(?:\s*[,;]\s*\d{1,3})*\s*\]")
# A "[" whose rest may still grow into a marker once more text streams in.
_PARTIAL = re.compile(r"\[\s*(?:\d{1,3}(?:\s*[,;]\s*(?:\d{1,3})?)*)?\s*$")
_HOLD_LIMIT = 24
_DROPPED = "\x00"  # stands in for a removed marker until the next character shows how to close the gap
_GAP = re.compile(r"[ \t]*\x00(?:[ \t]*\x00)*[ \t]*(?=[^ \t\x00])")
_GAP_FINAL = re.compile(r"[ \t]*\x00(?:[ \t]*\x00)*[ \t]*")
_DONT_KNOW = re.compile(
    r"\b(do not|don't|cannot|can't) (know|answer|find)|\bnot (contain|mention|say|state)|\bno information\b|"
    r"\bnon (lo )?so\b|\bnon (contengono|contiene|menzionano|dicono|riportano)\b|\bnessuna informazione\b|"
    r"\bне знаю\b|\bнет (ответа|информации|сведений|данных)\b|\bне (содержат|содержит|упоминается|сказано)\b",
    re.IGNORECASE,
)


class CitationStream:
    """Feed model deltas, get cleaned text back; `order[k-1]` is the 1-based passage behind citation `[k]`."""

    def __init__(self, passages: int) -> None:
        self.passages = passages
        self.order: list[int] = []
        self.text = ""
        self._pending = ""

    def feed(self, delta: str) -> str:
        self._pending += delta.replace(_DROPPED, "")
        return self._drain(final=False)

    def close(self) -> str:
        return self._drain(final=True)

    def _rewrite(self, marker: str) -> str:
        ids = []
        for n in dict.fromkeys(int(d) for d in re.findall(r"\d+", marker)):
            if 1 <= n <= self.passages:
                if n not in self.order:
                    self.order.append(n)
                ids.append(self.order.index(n) + 1)
        return "".join(f"[{i}]" for i in ids)

    def _drain(self, final: bool) -> str:
        buf, pos, hold = self._pending, 0, None
        while (i := buf.find("[", pos)) >= 0:
            match = _MARKER.match(buf, i)
            if match:
                replacement = self._rewrite(match.group()) or _DROPPED
                buf = buf[:i] + replacement + buf[match.end() :]
                pos = i + len(replacement)
            elif not final and len(buf) - i < _HOLD_LIMIT and _PARTIAL.match(buf, i):
                hold = i  # may still grow into a marker
                break
            else:
                pos = i + 1
        head, tail = (buf, "") if hold is None else (buf[:hold], buf[hold:])
        head = (_GAP_FINAL if final else _GAP).sub(_close_gap, head)
        # Trailing whitespace and unresolved gaps wait: what follows decides whether they stay.
        cut = len(head) if final else len(head.rstrip(" \t" + _DROPPED))
        emitted, self._pending = head[:cut], head[cut:] + tail
        self.text += emitted
        return emitted


def _close_gap(match: re.Match[str]) -> str:
    """A dropped marker vanishes with its spaces before punctuation or a line end, else leaves one space."""
    after = match.string[match.end() : match.end() + 1]
    if not after or after in ".,;:!?)]»\n":
        return ""
    return " " if match.group().replace(_DROPPED, "") else ""


@dataclass(frozen=True)
class Verified:
    citations: list[Citation]
    unsupported: list[int]
    abstained: bool


def answer_sentences(text: str, language: str) -> list[tuple[str, list[int]]]:
    """The answer's sentences (as `Answer.unsupported` indexes them) with the citation ids each one carries.

    A marker opening a sentence ("... end. [2] Next") belongs to the sentence before it.
    """
    out: list[tuple[str, list[int]]] = []
    for start, end in sentence_spans(text, language or "en"):
        sentence = text[start:end]
        lead = re.match(r"(\s*\[\d+\])+", sentence)
        if lead and out:
            out[-1][1].extend(int(d) for d in re.findall(r"\d+", lead.group()))
        ids = [int(m.group(1)) for m in re.finditer(r"\[(\d+)\]", sentence[lead.end() if lead and out else 0 :])]
        out.append((sentence, ids))
    return out


def strip_markers(text: str) -> str:
    return " ".join(re.sub(r"\[\d+\]", " ", text).split())


class SupportScorer:
    """How well a passage supports a sentence, 0..1, with corpus document frequencies as term weights."""

    def __init__(
        self,
        document_frequency: Mapping[str, int],
        corpus_size: int,
        languages: list[str],
        similarity: SentenceSimilarity | None = None,
    ) -> None:
        self.df, self.n, self.languages = document_frequency, max(corpus_size, 1), languages
        self.similarity = similarity
        # A word the corpus never uses weighs like the rarest one: it is the likeliest invention.
        self.max_idf = max_idf(self.n)

    def idf(self, forms: set[str]) -> float:
        return idf(self.df, self.n, forms, unseen=self.max_idf)

    def score(self, sentence: str, language: str, passages: list[Passage]) -> float | None:
        """Best support among `passages`; None for a sentence with no content words (nothing to check)."""
        text = strip_markers(sentence)
        langs = list(dict.fromkeys([language, *(p.language for p in passages), *self.languages]))
        terms = self._terms(text, langs)
        total = sum(self.idf(forms) for _, forms in terms)
        if not terms or total == 0:
            return None
        numbers = {w for w in words(text) if w[0].isdigit()}
        best = 0.0
        for p in passages:
            if not numbers <= {w for w in words(p.text) if w[0].isdigit()}:
                continue  # a number the passage does not state is not supported by it
            forms = set(analyze(p.text, p.language or "en"))
            near = self._near([word for word, _ in terms], p, langs)
            met = [max(float(bool(f & forms)), float(n)) for (_, f), n in zip(terms, near, strict=True)]
            best = max(best, sum(self.idf(f) * m for (_, f), m in zip(terms, met, strict=True)) / total)
        return best

    @staticmethod
    def _terms(text: str, langs: list[str]) -> list[tuple[str, set[str]]]:
        """(word as written, its forms) per distinct content word of `text`."""
        out: list[tuple[str, set[str]]] = []
        for surface, word in content_words(text, tuple(langs)):
            forms = word_forms(word, langs)
            if not is_stopword(word, langs) and all(forms != f for _, f in out):
                out.append((surface, forms))
        return out

    def _near(self, asked: list[str], passage: Passage, langs: list[str]) -> np.ndarray:
        """Per asked word, how nearly some word of the passage means it, in [0, 1] (0 without an encoder)."""
        wordy = [i for i, w in enumerate(asked) if not w[0].isdigit()]
        out = np.zeros(len(asked), dtype=np.float32)
        if self.similarity is None or not wordy:
            return out
        sentences = list(sentences_of(passage.text, passage.language or "en"))
        closest = self.similarity.closest_words([asked[i] for i in wordy], sentences, langs).max(axis=0)
        out[wordy] = np.clip((closest - SUPPORT_FLOOR) / SUPPORT_SPAN, 0.0, 1.0)
        return out

    def best_sentence(self, sentences: list[str], language: str, passage: Passage) -> str:
        """The passage sentence sharing the most weighted terms with the answer sentences that cite it."""
        langs = list(dict.fromkeys([language, passage.language, *self.languages]))
        terms = query_terms(" ".join(strip_markers(s) for s in sentences), langs)
        spans = sentence_spans(passage.text, passage.language or "en")
        best, best_score = passage.text.strip()[:300], -1.0
        for a, b in spans:
            forms = set(analyze(passage.text[a:b], passage.language or "en"))
            score = sum(self.idf(t) for t in terms if t & forms)
            if score > best_score:
                best, best_score = passage.text[a:b].strip(), score
        return best


def says_unknown(text: str, abstain: str, languages: list[str]) -> bool:
    """The model's "the documents do not contain the answer", in its own words or ours."""
    if _DONT_KNOW.search(text):
        return True
    phrase = query_terms(abstain, languages)
    said = {f for forms in query_terms(text, languages) for f in forms}
    return bool(phrase) and sum(1 for forms in phrase if forms & said) / len(phrase) >= 0.6


def verify(
    text: str,
    language: str,
    passages: list[Passage],
    order: list[int],
    scorer: SupportScorer,
    threshold: float,
    abstain: str,
) -> Verified:
    """Citations for the cited passages (id k -> passage order[k-1]) and the indexes of unsupported sentences."""
    cited = [passages[n - 1] for n in order]
    if not cited and says_unknown(text, abstain, [language, *scorer.languages]):
        return Verified([], [], True)
    sentences = answer_sentences(text, language)
    unsupported: list[int] = []
    citing: dict[int, list[str]] = {}
    for index, (sentence, ids) in enumerate(sentences):
        for k in ids:
            citing.setdefault(k, []).append(sentence)
        # An uncited sentence is usually glue between cited ones: any cited passage may support it.
        against = [cited[k - 1] for k in ids if 0 < k <= len(cited)] or cited
        score = scorer.score(sentence, language, against)
        if score is not None and score < threshold:
            unsupported.append(index)
    citations = [
        Citation.of(k, p, scorer.best_sentence(citing.get(k, []), language, p)) for k, p in enumerate(cited, start=1)
    ]
    return Verified(citations, unsupported, False)
