"""A deterministic synthetic news corpus built from the seed articles, and cheap vectors for its chunks.

Corpus: every seed is split into sentences in its own language (punkt, as ingestion does). Synthetic document
`i` uses `random.Random(f"bench-{i}")`: it takes the language and headline of seed `i % 5`, then 12-30 sentences
of that language in runs of 1-4 consecutive sentences (so neighbouring sentences stay on topic, like a rewritten
wire story), one sentence per line, with a blank line every 3-5 sentences. Documents are written once per part
into `parts/NN/` and never change, so sizes nest: 1k is the first parts, 10k adds more, 50k more again.
The vocabulary is the seeds' own, so BM25 postings are denser than in real text of the same size: a
conservative setting for lexical search latency.

Vectors: the smallest size is embedded for real by the full pipeline. Larger sizes use `SentenceMeanEmbedder`:
a chunk's vector is the normalised mean of the real model's vectors of its lines (each distinct line is
embedded once, through the product's embedding cache, so later runs embed nothing). Queries always use the
real model. It does not time anything (see `bench/measure.py`).
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import numpy as np

from index.embedding import Embedder
from index.embedding.cache import EmbeddingCache

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DOCS_PER_PART = 25


def seed_sentences() -> list[tuple[str, str, list[str]]]:
    """(language, headline, sentences) per seed, in file order."""
    from index.language import LanguageDetector, split_sentences

    detector = LanguageDetector(["en", "it", "ru"])
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        lang = detector.detect(text)
        sentences = [s.strip() for s in split_sentences(text, lang) if len(s.strip()) > 20]
        out.append((lang, text.strip().splitlines()[0][:120], sentences))
    return out


def document(i: int, seeds: list[tuple[str, str, list[str]]]) -> str:
    rng = random.Random(f"bench-{i}")
    lang, headline, _ = seeds[i % len(seeds)]
    pool = [s for seed_lang, _, sentences in seeds if seed_lang == lang for s in sentences]
    lines = [f"{headline} ({i})"]  # the number makes every document's headline distinct
    wanted = rng.randint(12, 30)
    body: list[str] = []
    while len(body) < wanted:
        start = rng.randrange(len(pool))
        body += pool[start : start + rng.randint(1, 4)]
    for n, sentence in enumerate(body[:wanted]):
        if n and n % rng.randint(3, 5) == 0:
            lines.append("")
        lines.append(sentence)
    return "\n".join(lines) + "\n"


def write_parts(directory: Path, parts: int) -> list[Path]:
    """Folders `parts/00` .. `parts/NN`, DOCS_PER_PART documents each; existing ones are kept as they are."""
    seeds = seed_sentences()
    folders = []
    for part in range(parts):
        folder = directory / f"{part:03d}"
        if not (folder / ".complete").is_file():
            folder.mkdir(parents=True, exist_ok=True)
            for k in range(DOCS_PER_PART):
                i = part * DOCS_PER_PART + k
                (folder / f"doc-{i:06d}.txt").write_text(document(i, seeds), encoding="utf-8")
            (folder / ".complete").touch()
        folders.append(folder)
    return folders


class SentenceMeanEmbedder(Embedder):
    """Passages: normalised mean of the real vectors of their lines. Queries: the real model.

    A line is a seed sentence, a headline (its document number dropped) or a piece of a sentence the chunker
    had to cut; a piece takes the vector of the sentence it came from, so the model runs only for the pool.
    """

    def __init__(self, real: Embedder, cache: EmbeddingCache) -> None:
        self.__dict__.update({k: v for k, v in real.__dict__.items() if k in ("model_name", "prefixes", "batch_size")})
        self.real = real
        self.backend = f"sentence-mean({real.backend})"  # never shares cache keys with real vectors
        seeds = seed_sentences()
        pool = list(dict.fromkeys(line for _, headline, sentences in seeds for line in [headline, *sentences]))
        self._pool = dict(zip(pool, cache.embed_passages(pool), strict=True))
        self._memo: dict[str, np.ndarray] = {}

    @property
    def tokenizer(self) -> Any:
        return self.real.tokenizer

    @property
    def max_seq_length(self) -> int:
        return self.real.max_seq_length

    def count_tokens(self, text: str) -> int:
        return self.real.count_tokens(text)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self.real.embed_queries(texts)

    def _line(self, line: str) -> np.ndarray:
        vector = self._memo.get(line)
        if vector is None:
            key = _NUMBERED.sub("", line)
            vector = self._pool.get(key)
            if vector is None:
                vector = next((v for s, v in self._pool.items() if key in s), None)
            if vector is None:  # not from the pool at all: embed it for real
                vector = self.real.embed_passages([line])[0]
            self._memo[line] = vector
        return vector

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return self.real.embed_passages([])
        lines = [[line.strip() for line in text.splitlines() if line.strip()] or [text] for text in texts]
        means = np.stack([np.mean([self._line(line) for line in group], axis=0) for group in lines])
        return (means / np.linalg.norm(means, axis=1, keepdims=True)).astype(np.float32)


_NUMBERED = re.compile(r" \(\d+\)$")
