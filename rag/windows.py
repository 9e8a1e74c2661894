"""Evidence windows: the sentence windows of retrieved passages that could answer a question, each scored.

A window is one or two adjacent sentences of a passage, or a list's introduction with one of its items
(`rag/spans.py`), never ending with a question: a FAQ's own "How do I…?" looks like the user's question but never
answers it, and heads its own answer rather than closing the one before it. Its score adds the share of the
question's IDF-weighted terms it covers (multilingual stems, cognate prefixes, a multi-word name counted once; a
question word also counts as covered, in part or fully, by a word the encoder finds close in meaning, so "prize"
meets "premio" and "компания" meets "company"), its similarity in meaning to the question under the multilingual
encoder (`rag/semantic.py`: "grand prize" meets "Gran Premio"; a follow-up's window is also read against the
question with the conversation's earlier questions, and `lift` records what that added), the question's phrases it
holds (`rag/phrases.py`: two words side by side in the question, close together in one sentence: "grand prize" in
"Il Gran Premio è andato a…"), whether it holds the kind of value the question asks for (`rag/question_words.py`,
`rag/qtype.py`, `rag/identifiers.py`: a new number for "how many", a name for "who", an identifier for "which"),
its shape and its passage's rank. `evidence` says how well the chosen window answers, for abstention; the
question's names (`rag/subject.py`) weigh less there: they say what it is about, not what it asks. It does not
choose what to quote or write the answer (`rag/answer.py` does).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass, field, replace

import numpy as np

from index.analyze import cjk_pairs, fold, word_forms
from rag.cue_words import cue_words
from rag.identifiers import offers_identifier
from rag.idf import idf
from rag.phrases import phrase_shares
from rag.qtype import names, offers
from rag.question_words import ELIDED_ARTICLE, INTERROGATIVES, asked_kinds, asks_identifier
from rag.semantic import SentenceSimilarity, content_words, unit_sum
from rag.spans import is_question, sentence_forms_of, sentences_of, window_spans, window_text
from rag.subject import Term, katakana_words, name_runs
from rag.types import Passage

PAIR_PENALTY = 0.08  # a two-sentence window must cover this much more than one sentence to win
TYPE_BONUS, TYPE_PENALTY = 0.25, 0.15  # a window with / without the kind of value the question asks for
IDENTIFIER_BONUS = 0.1  # a window with a name or identifier the question lacks, for "which <thing>" questions
SEMANTIC_WEIGHT = 1.0  # weight of the encoder's question-sentence similarity next to lexical coverage
SEMANTIC_FLOOR, SEMANTIC_SPAN = 0.2, 0.4  # similarity mapped to [0, 1] evidence: FLOOR -> 0, FLOOR + SPAN -> 1
PHRASE_WEIGHT = 0.5  # credit for the question's adjacent words met close together in one sentence (rag/phrases.py)
SOFT_WEIGHT = 1.0  # credit for a question word met by a word close in meaning (a translation), not by its form
SOFT_FLOOR, SOFT_SPAN = 0.5, 0.3  # word similarity mapped to [0, 1] credit: FLOOR -> 0, FLOOR + SPAN -> 1
UNHELD_FLOOR, UNHELD_SPAN = 0.65, 0.15  # the same for a capitalised word no passage holds, as strict as the support
# check of `rag/grounding.py`: "Modell"/"model" 0.88 is full credit, "Großen"/"gran" 0.78 most, "Kurzfilm"/"film" 0.66
# little (as a name, it forms no phrase: `rag/phrases.py`)
UNSEEN_NAME = 1.0  # weight of a name in the question that no passage mentions, relative to the rarest word's
RANK_BONUS = 0.05  # a window of the passage ranked r-th (from 0) scores RANK_BONUS / (1 + r) more
# Weight of the question's names in `evidence`, relative to their weight in scoring: a near miss names what the corpus
# is about ("Who designed the *Lantern Museum*?") and is told apart by how little of what it asks the window holds.
NAME_EVIDENCE = 0.5
CONTEXT_WEIGHT = 0.5  # weight of terms from earlier turns of the conversation
UNSEEN_IN_SCORING = 0.2  # weight of question words no passage holds, as a share of the rarest word's, when scoring
# Chinese and Japanese grammar: Japanese particles and endings are written in hiragana, Chinese ones are a few
# characters ("的", "了", "吗"); a character pair with one ("した", "の運", "的使") that no passage holds says nothing
# the encoder can meet in another language (such pairs met unrelated words at up to 0.85). Dev zh/ja accuracy
# .603 -> .647 with hiragana, .662 with the Chinese characters too.
CJK_GRAMMAR = re.compile(r"[\u3040-\u309f的了是在吗呢么吧啊着过和与及或也都就被把这那个们之其而并于]")


@dataclass
class Candidate:
    passage: Passage
    text: str
    coverage: float
    score: float
    forms: set[str] = field(default_factory=set)
    typed: bool = True
    meaning: float = 0.0  # encoder similarity mapped to [0, 1]
    base: float = 0.0  # the score without the passage's rank bonus: what does not depend on the passages' order
    lift: float = 0.0  # what a follow-up's conversation added to `meaning`, beyond the question alone
    earlier: bool = False  # a follow-up's window closer to the earlier questions alone than read with the new one

    @property
    def evidence(self) -> float:
        """How well the window answers, by words shared or by meaning, whichever is stronger."""
        return max(self.coverage, self.meaning)


@dataclass(frozen=True)
class ScoredWindows:
    """The windows of some passages scored for one question and conversation context, apart from the rank bonus,
    so they hold for any order of those passages: the re-ranking stage (`rag/rerank.py`) scores them once and the
    answerer reuses them for the passages it is given."""

    question: str
    context: str
    by_chunk: Mapping[str, list[Candidate]]  # every scored passage's chunk id, [] for one without a window

    def placed(self, question: str, context: str, passages: list[Passage]) -> list[Candidate] | None:
        """The windows of `passages`, in their order, each scored with its passage's rank bonus (new `Candidate`s:
        the answerer may change their scores); None when scored for another question or not for these passages."""
        if (question, context) != (self.question, self.context) or any(
            p.chunk_id not in self.by_chunk for p in passages
        ):
            return None
        return [
            replace(c, passage=p, score=c.base + RANK_BONUS / (1 + rank))
            for rank, p in enumerate(passages)
            for c in self.by_chunk[p.chunk_id]
        ]


class WindowScorer:
    """Scores the windows of passages against a question, over one corpus's document frequencies."""

    def __init__(
        self,
        document_frequency: Mapping[str, int],
        corpus_size: int,
        languages: list[str],
        similarity: SentenceSimilarity | None = None,
    ) -> None:
        self.df, self.n, self.languages = document_frequency, max(corpus_size, 1), languages
        self.similarity = similarity

    def idf(self, forms: set[str]) -> float:
        return idf(self.df, self.n, forms)

    def terms(self, text: str, scale: float = 1.0, unseen_words: float = 0.0) -> list[Term]:
        """Weighted question terms. A multi-word name counts once, with its rarest word's weight, so a long
        title ("Kling AI Nextgen Creative Contest") does not outweigh the word that says what is asked.
        `unseen_words`: words no passage holds count too, met only by meaning (a question in Russian asking for a
        "призовой фонд" that only Italian articles state, as "montepremi"), at this share of the rarest word's
        weight, except Chinese or Japanese grammar (`CJK_GRAMMAR`); 0 leaves them out."""
        out: list[Term] = []
        for run, parts in name_runs(text, self.languages, self.idf, question_words=True):
            out.append(Term(parts, scale * max(self.idf(p) for p in parts), name=True))
            text = text.replace(run, " ")
        # A name no passage mentions in any form still counts, as much as the rarest word (times UNSEEN_NAME): "Giuseppe
        # Verdi" in a question makes a corpus that never names him look unanswered. In choosing a window it is met by
        # meaning too, by a near translation only (`UNHELD_FLOOR`): German capitalises every noun ("das neueste
        # *Modell*"), while a word merely related ("Frankreich"/"Tokyo" 0.43) must not stand in for a name. For
        # abstention (`evidence`) it is met by its form only.
        unseen = UNSEEN_NAME * idf({"": 1}, self.n, {""})  # a word found in one chunk
        loanwords, text = katakana_words(text)
        for run in loanwords:
            parts = [{pair} for pair in cjk_pairs(run)]
            if weight := max(self.idf(p) for p in parts):
                out.append(Term(parts, scale * weight, run))
            elif unseen_words:
                out.append(Term(parts, scale * unseen * unseen_words, run))
        named = names(text)
        for word, forms in self._content_terms(text):
            if weight := self.idf(forms):
                out.append(Term([forms], scale * weight, word, fold(word) in named))
            elif not named.isdisjoint({fold(word), ELIDED_ARTICLE.sub("", fold(word))}):  # "O'Brien", "dell'Australia"
                out.append(Term([forms], scale * unseen, word, unheld=True))
            elif unseen_words and not CJK_GRAMMAR.search(word):  # "した", "的使": grammar, held by no passage
                out.append(Term([forms], scale * unseen * unseen_words, word))
        return [t for t in out if t.weight > 0]

    def _content_terms(self, text: str) -> list[tuple[str, set[str]]]:
        """(lower-case word as written, its forms) per distinct content word (`rag.semantic.content_words`),
        question words ("who", "quanti") and the cues of a date or a name ("what year", "what is the title of", "как
        называется") left out: they say what kind of answer is wanted, not what it is about."""
        out: list[tuple[str, set[str]]] = []
        seen: list[set[str]] = []
        kind_words = cue_words(text)
        for surface, word in content_words(text, tuple(self.languages)):
            if word in INTERROGATIVES or not kind_words.isdisjoint({word, ELIDED_ARTICLE.sub("", word)}):  # "s'appelle"
                continue
            forms = word_forms(word, self.languages, cognates=True)
            if forms not in seen:
                seen.append(forms)
                out.append((surface, forms))
        return out

    def question_terms(self, question: str, context: str) -> list[Term]:
        """The terms of a question (its words no passage holds at `UNSEEN_IN_SCORING`: they can still be met in
        another language by meaning) and, at `CONTEXT_WEIGHT`, of the conversation's earlier questions."""
        return self.terms(question, unseen_words=UNSEEN_IN_SCORING) + self.terms(context, CONTEXT_WEIGHT)

    def candidates(
        self, question: str, terms: list[Term], total: float, passages: list[Passage], context: str = ""
    ) -> list[Candidate]:
        """Every window of `passages`, in order, scored against the question's `terms` (rank bonus included)."""
        out: list[Candidate] = []
        for rank, found in enumerate(self._windows(question, terms, total, passages, context)):
            for cand in found:
                cand.score = cand.base + RANK_BONUS / (1 + rank)
            out += found
        return out

    def scored(
        self, question: str, context: str, terms: list[Term], total: float, passages: list[Passage]
    ) -> ScoredWindows:
        """The windows of `passages` scored against `terms` (the question's and `context`'s), for any order."""
        by_chunk: dict[str, list[Candidate]] = {}
        for passage, found in zip(passages, self._windows(question, terms, total, passages, context), strict=True):
            by_chunk.setdefault(passage.chunk_id, found)
        return ScoredWindows(question, context, by_chunk)

    def _windows(
        self, question: str, terms: list[Term], total: float, passages: list[Passage], context: str = ""
    ) -> list[list[Candidate]]:
        """Per passage, its windows scored without the rank bonus (`score` = `base`)."""
        kinds = asked_kinds(question)
        which = asks_identifier(question, kinds)
        split = [sentences_of(p.text, p.language or "en") for p in passages]
        flat = [t for texts in split for t in texts]
        meaning = self._meaning(question, flat, context)
        soft = self._soft_matches(terms, flat)
        # Phrases are the question's own: a follow-up's earlier questions (in `terms` too) form none.
        mine = self.terms(question, unseen_words=UNSEEN_IN_SCORING) if context else terms
        asked = [(t.word, t.parts[0], t.weight) for t in mine if t.word and not t.name and not t.unheld]
        phrases = phrase_shares(question, asked, flat, self.languages, self.similarity)
        per_passage: list[list[Candidate]] = []
        offset = 0
        for passage, texts in zip(passages, split, strict=True):
            out: list[Candidate] = []
            per_passage.append(out)
            forms = [sentence_forms_of(t, passage.language or "en") for t in texts]
            # Windows of one or two adjacent sentences (a fact and its subject are often split across two), and a
            # list's introduction with each of its items ("…the following files are read:" + "initgroups /etc/group").
            for picked in window_spans(texts):
                sentences = [texts[j] for j in picked]
                if not any(forms[j] for j in picked) or is_question(sentences[-1]):
                    continue  # nothing to match, or a question last: a FAQ's "How do I…?" heads its answer
                text = window_text(sentences, passage.source)
                window = set().union(*(forms[j] for j in picked))
                rows = [offset + j for j in picked]  # the window's sentences among all the passages' sentences
                near = soft[rows].max(axis=0)
                coverage = _covered(terms, window, near) / total
                sense, own, earlier = meaning(rows)
                typed = all(offers(text, question, kind) for kind in kinds)
                identifier = which and offers_identifier(text, question)
                kind = (TYPE_BONUS if typed else -TYPE_PENALTY) if kinds else IDENTIFIER_BONUS * identifier
                # Prefer short informative windows over headings and run-on paragraphs.
                size = len(window)
                shape = -0.1 if size < 4 else (-0.05 if size > 60 else 0.0)
                shape -= PAIR_PENALTY * (len(picked) - 1)
                base = coverage + SEMANTIC_WEIGHT * sense + kind + shape + PHRASE_WEIGHT * float(phrases[rows].max())
                lift = SEMANTIC_WEIGHT * (sense - own)
                out.append(Candidate(passage, text, coverage, base, window, typed, sense, base, lift, earlier))
            offset += len(texts)
        return per_passage

    def covers(self, terms: list[Term], texts: list[str], language: str) -> list[float]:
        """The weighted share of `terms` each text holds, by form or (as in a window) by meaning."""
        total = sum(t.weight for t in terms) or 1.0
        out = []
        for text, near in zip(texts, self._soft_matches(terms, texts), strict=True):
            out.append(_covered(terms, sentence_forms_of(text, language), near) / total)
        return out

    def _soft_matches(self, terms: list[Term], sentences: list[str]) -> np.ndarray:
        """(sentences x terms): how nearly each sentence holds each term in meaning, in [0, 1], by the encoder's
        similarity of the term to the sentence's closest word (a translation scores high: "prize"/"premio")."""
        out = np.zeros((len(sentences), len(terms)), dtype=np.float32)
        asked = [i for i, t in enumerate(terms) if t.word and not t.word[0].isdigit()]
        if self.similarity is None or SOFT_WEIGHT == 0 or not asked or not sentences:
            return out
        closest = self.similarity.closest_words([terms[i].word for i in asked], sentences, self.languages)
        unheld = np.array([terms[i].unheld for i in asked])
        floor, span = np.where(unheld, UNHELD_FLOOR, SOFT_FLOOR), np.where(unheld, UNHELD_SPAN, SOFT_SPAN)
        out[:, asked] = np.clip((closest - floor) / span, 0.0, 1.0) * SOFT_WEIGHT
        return out

    def _meaning(
        self, question: str, sentences: list[str], context: str = ""
    ) -> Callable[[list[int]], tuple[float, float, bool]]:
        """A function (the window's sentence indices) -> the window's similarity in [0, 1] to the question or, when
        closer, to the question read with the conversation's earlier questions (`context`: an elliptical follow-up
        says little on its own), its similarity to the question alone, and whether it is closer to the earlier
        questions alone than to them read with the question (then it answers those rather than the follow-up)."""
        if self.similarity is None or not sentences:
            return lambda picked: (0.0, 0.0, False)
        vectors = self.similarity.sentences(sentences)
        query = self.similarity.question(question)
        read = self.similarity.question(f"{context} {question}") if context else query
        before = self.similarity.question(context) if context else None

        def window(picked: list[int]) -> tuple[float, float, bool]:
            vector = unit_sum(vectors[picked])
            own, with_context = sense(float(vector @ query)), sense(float(vector @ read))
            earlier = before is not None and float(vector @ before) > float(vector @ read)
            return max(own, with_context), own, earlier

        return window

    def evidence(self, question: str, context: str, best: Candidate) -> float:
        """How well the chosen window answers: its meaning, or its coverage of every word of the question, those
        no passage holds included (a near miss asks about a known entity with words the corpus never uses:
        "Who *designed* the Lantern Museum?"); such a word is covered only by a close word in meaning. Names the
        corpus holds weigh `NAME_EVIDENCE` of their scoring weight: they say what the question is about, not what it
        asks (one it never mentions, "Sonnensystem", says the corpus is about something else). A follow-up is
        elliptical ("and the budget?"): its window's coverage of its and the conversation's terms stands, as scored.
        A capitalised word no passage holds counts here by its form only, in a follow-up too: met by meaning, as in
        scoring, "Wie viele *Planeten* hat das Sonnensystem?" would find "pianeta" in an article on film."""
        if context:
            terms = self.question_terms(question, context)
            if not any(t.unheld for t in terms):
                return best.evidence
        else:
            asked = self.terms(question, unseen_words=1.0)
            terms = [replace(t, weight=t.weight * NAME_EVIDENCE) if t.name else t for t in asked]
        terms = [replace(t, word="") if t.unheld else t for t in terms]
        total = sum(t.weight for t in terms)
        near = self._soft_matches(terms, [best.text])[0]
        return max(_covered(terms, best.forms, near) / total if total else 0.0, best.meaning)


def sense(cosine: float) -> float:
    """An encoder similarity mapped to [0, 1] evidence: `SEMANTIC_FLOOR` -> 0, `SEMANTIC_FLOOR + SEMANTIC_SPAN` -> 1."""
    return min(max((cosine - SEMANTIC_FLOOR) / SEMANTIC_SPAN, 0.0), 1.0)


def _covered(terms: list[Term], forms: Set[str], near: np.ndarray) -> float:
    """The weight of `terms` a text with these word `forms` holds, by form or (`near`, one per term) by meaning."""
    return sum(t.weight * max(t.matched(forms), float(s)) for t, s in zip(terms, near, strict=True))
