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

from itertools import pairwise

import numpy as np

from index.analyze import word_forms
from rag.question_words import INTERROGATIVES
from rag.semantic import SentenceSimilarity, content_words

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
    counts its middle word twice, so a sentence holding the question's wording whole may score above 1."""
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
    """Pairs of indices into `asked` of words adjacent in the question (question words and names do not count)."""
    index: dict[str, int] = {}
    for i, (word, _, _) in enumerate(asked):
        index.setdefault(word, i)  # the question's own word, not an earlier question's (a follow-up's context)
    words = content_words(question, tuple(languages))
    order = [index.get(surface) for surface, folded in words if folded not in INTERROGATIVES]
    return [(a, b) for a, b in pairwise(order) if a is not None and b is not None and a != b]


def _meetings(
    asked: list[Asked], sentences: list[str], languages: list[str], similarity: SentenceSimilarity | None
) -> list[list[set[int]]]:
    """Per sentence, per content word in order: the indices of the `asked` words it meets."""
    tokens = [[(s, f) for s, f in content_words(text, tuple(languages)) if not f[0].isdigit()] for text in sentences]
    vocabulary = list(dict.fromkeys(s for words in tokens for s, _ in words))
    near = np.zeros((len(vocabulary), len(asked)), dtype=np.float32)
    if similarity is not None and vocabulary:
        near = similarity.words(vocabulary) @ similarity.words([word for word, _, _ in asked]).T
    place = {word: i for i, word in enumerate(vocabulary)}
    out = []
    for words in tokens:
        row = []
        for surface, folded in words:
            forms = word_forms(folded, languages, cognates=True)
            row.append({i for i, (_, f, _) in enumerate(asked) if forms & f or near[place[surface], i] >= WORD_MEETS})
        out.append(row)
    return out
