"""Phrases: two words next to each other in the question, met close together in one sentence, in any language.

"Which film won the *grand prize*?" is answered by "Il *Gran Premio* è andato a “Alzheimer”", not by a pair of
sentences that hold "grande schermo" in one and "premio Oscar" in the other: word by word both cover the question,
but only one holds the phrase. Next to each other in the question means no other content word between (stop words do
not count); close together in the sentence, at most two (`NEAR`: "premio della giuria" holds "jury prize", and "il
programma *kill(1)* invia" still holds "programma invia", the answer standing inside the phrase), in either order
("prix spécial" / "special prize"). A word meets a question word by a shared form (stem or cognate prefix) or by the
encoder's similarity of the two words (a translation: "gran"/"grand" 0.88, "premio"/"prize" 0.88). Names are left
out: they are matched whole elsewhere. It gives each sentence the weighted share of the question's phrases it holds
(`phrase_shares`); it does not score windows (`rag/windows.py` adds this share to their score).
"""

from __future__ import annotations

from functools import lru_cache
from itertools import pairwise

import numpy as np

from index.analyze import word_forms
from rag.question_words import INTERROGATIVES
from rag.semantic import CACHE_TEXTS, SentenceSimilarity, content_words

WORD_MEETS = 0.7  # encoder similarity from which a sentence's word meets a question word it shares no form with
NEAR = 3  # a phrase's second word at most this many content words after the first: two may stand between

Asked = tuple[str, set[str], float]  # a question word as written (lower case), its forms, its weight


def phrase_shares(
    question: str,
    asked: list[Asked],
    sentences: list[str],
    languages: list[str],
    similarity: SentenceSimilarity | None,
) -> np.ndarray:
    """(sentences,): the weight of the question's phrases (two adjacent `asked` words, weighing both) each sentence
    holds with the two words close together, over all `asked` words' weight: a chain of phrases ("main prize winner")
    counts its middle word twice, so a sentence holding the question's wording whole may score above 1. `asked` are
    the question's own words: a follow-up's earlier questions form no phrase."""
    out = np.zeros(len(sentences), dtype=np.float32)
    total = sum(weight for _, _, weight in asked)
    phrases = _phrases(question, asked, languages)
    if not phrases or not total:
        return out
    met = _meetings(asked, sentences, languages, similarity)
    for row, meets in enumerate(met):
        held = {(a, b) for k, x in enumerate(meets) for y in meets[k + 1 : k + 1 + NEAR] for a in x for b in y}
        out[row] = sum(asked[a][2] + asked[b][2] for a, b in phrases if (a, b) in held or (b, a) in held) / total
    return out


def _phrases(question: str, asked: list[Asked], languages: list[str]) -> list[tuple[int, int]]:
    """Pairs of indices into `asked` of words adjacent in the question, each pair once in either order (question
    words and names break a phrase; numbers are skipped, as in sentences)."""
    index: dict[str, int] = {}
    for i, (word, _, _) in enumerate(asked):
        index.setdefault(word, i)
    said = content_words(question, tuple(languages))
    order = [index.get(surface) for surface, folded in said if folded not in INTERROGATIVES and not folded[0].isdigit()]
    pairs = ((min(a, b), max(a, b)) for a, b in pairwise(order) if a is not None and b is not None and a != b)
    return list(dict.fromkeys(pairs))


def _meetings(
    asked: list[Asked], sentences: list[str], languages: list[str], similarity: SentenceSimilarity | None
) -> list[list[set[int]]]:
    """Per sentence, per content word in order (numbers left out): the indices of the `asked` words it meets
    (decided once per distinct word of the sentences, which repeat across them)."""
    tokens = [[(s, f) for s, f in content_words(text, tuple(languages)) if not f[0].isdigit()] for text in sentences]
    folded = dict(word for sentence in tokens for word in sentence)  # as written -> folded, each distinct word once
    vocabulary = list(folded)
    near = np.zeros((len(vocabulary), len(asked)), dtype=np.float32)
    if similarity is not None and vocabulary:
        near = similarity.words(vocabulary) @ similarity.words([word for word, _, _ in asked]).T
    by_form: dict[str, set[int]] = {}
    for i, (_, forms, _) in enumerate(asked):
        for form in forms:
            by_form.setdefault(form, set()).add(i)
    meets = [{i for form in _forms(folded[s], tuple(languages)) for i in by_form.get(form, ())} for s in vocabulary]
    for row, i in zip(*np.nonzero(near >= WORD_MEETS), strict=True):
        meets[row].add(int(i))
    place = {surface: row for row, surface in enumerate(vocabulary)}
    return [[meets[place[s]] for s, _ in sentence] for sentence in tokens]


@lru_cache(maxsize=CACHE_TEXTS)
def _forms(folded: str, languages: tuple[str, ...]) -> frozenset[str]:
    """The forms of a folded word (cached: the same words come back in every passage)."""
    return frozenset(word_forms(folded, list(languages), cognates=True))
