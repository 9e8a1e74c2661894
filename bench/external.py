"""External benchmark: English queries against translated Debian manual pages (fr, de, es, pl), per model.

Stages, each run in its own process by `bench/run.py` (`python -m bench.external STAGE ...`, one JSON object on
the last stdout line), on the corpus of `bench/manpages.py`:

- `retrieval`: the documents are written as text files and ingested by the product's own `Ingestor` into a fresh
  data dir (a cold embedding cache, timed), then every English query is asked through `Engine.retrieve` in the
  modes `dense`, `lexical` (BM25, `index/lexical.py`) and `hybrid` (the product's weighted rank fusion, with the
  product's default weights for that model), and through a plain LlamaIndex `VectorStoreIndex` built with default
  settings (its own `SentenceSplitter`, in-memory vector store) over the same documents and the same model. A hit
  is the query's document among the first 1/3/10 distinct documents of the ranked chunks.
- `seeds`: the eval's retrieval metric (`eval/qa.jsonl`, hit@1/3 of the first chunk from an expected source)
  on the project's seeds, per model and mode, same- vs cross-language, without composing answers.
- `throughput`: the product's ingest of the same documents with each model, in alternating rounds (each into a
  fresh data dir), the best round per model kept, so the models are compared side by side under the same load.

It measures retrieval only: no answers, no latency of single queries (see `bench/measure.py` for those).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

from bench.manpages import ManDoc
from bench.synth import ROOT
from index.settings import OFFLINE_ENV

for _key, _value in OFFLINE_ENV.items():
    os.environ.setdefault(_key, _value)

CHUNKS = 50  # chunks retrieved per query, so that ten distinct documents are (nearly) always among them
CUTS = (1, 3, 10)
VARIANTS = {"name_line": "query", "description": "query_description"}


def load_docs(corpus: Path, count: int) -> list[ManDoc]:
    rows = json.loads(corpus.read_text(encoding="utf-8"))["documents"][:count]
    return [ManDoc(**row) for row in rows]


def write_docs(docs: list[ManDoc], folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for i, doc in enumerate(docs):
        (folder / f"{i:04d}.txt").write_text(doc.text + "\n", encoding="utf-8")


def settings_for(data: Path, model: str) -> Any:
    from ui.settings import Settings

    return Settings.load(None, data_dir=data, embed_model=model)


def ranked_docs(keys: list[str], limit: int = max(CUTS)) -> list[str]:
    """Distinct documents in the order their chunks were ranked."""
    return list(dict.fromkeys(keys))[:limit]


def score(ranks: list[int | None], languages: list[str]) -> dict[str, Any]:
    """hit@k and MRR@10 over 0-based ranks of the right document (None = not in the first ten)."""
    n = len(ranks)
    out: dict[str, Any] = {f"hit@{k}": round(sum(r is not None and r < k for r in ranks) / n, 4) for k in CUTS}
    out["mrr@10"] = round(sum(1 / (r + 1) for r in ranks if r is not None) / n, 4)
    out["hit@1_by_language"] = {
        lang: round(sum(r == 0 for r, x in zip(ranks, languages, strict=True) if x == lang) / languages.count(lang), 4)
        for lang in sorted(set(languages))
    }
    return out


def ingest(docs_dir: Path, data: Path, model: str, embedder: Any) -> tuple[Any, float]:
    """The product's ingest into a fresh data dir: (report, seconds)."""
    from index.ingest import Ingestor

    shutil.rmtree(data, ignore_errors=True)
    ingestor = Ingestor(settings_for(data, model).index, embedder)
    started = time.perf_counter()
    report = ingestor.run([docs_dir])
    return report, time.perf_counter() - started


def stage_retrieval(args: argparse.Namespace) -> dict[str, Any]:
    from index.embedding import load_embedder
    from rag.engine import Engine

    docs = load_docs(args.corpus, args.docs)
    docs_dir, data = args.data / "docs", args.data / "index"
    write_docs(docs, docs_dir)
    settings = settings_for(data, args.model)
    embedder = load_embedder(settings.index)
    embedder.embed_passages(["warm-up"])
    report, ingest_s = ingest(docs_dir, data, args.model, embedder)
    # Each distinct query is embedded once: dense, hybrid and LlamaIndex ask for the same vector.
    embedder.embed_query = functools.lru_cache(maxsize=None)(embedder.embed_query)
    engine = Engine(settings.index, settings.rag, embedder=embedder)
    key_of = {f"{i:04d}": doc.key for i, doc in enumerate(docs)}
    languages = [doc.language for doc in docs]
    started = time.perf_counter()
    baseline = _llamaindex(docs, embedder)
    baseline_build_s = time.perf_counter() - started
    methods = {
        mode: (lambda q, m=mode: [key_of[Path(p.source).stem] for p in engine.retrieve(q, top_k=CHUNKS, mode=m)])
        for mode in ("dense", "lexical", "hybrid")
    }
    methods["llamaindex"] = lambda q: [hit.node.ref_doc_id for hit in baseline.retrieve(q)]
    out: dict[str, Any] = {
        "model": args.model,
        "documents": len(docs),
        "languages": {lang: languages.count(lang) for lang in sorted(set(languages))},
        "chunks": report.chunks,
        "ingest_s": round(ingest_s, 2),
        "ingest_chunks_per_s": round(report.chunks / ingest_s, 2),
        "fusion_weights": list(settings.rag.fusion_weights(settings.index.embed_model)),
        "llamaindex_build_s": round(baseline_build_s, 2),
        "results": {},
    }
    for variant, field in VARIANTS.items():
        out["results"][variant] = {}
        for method, call in methods.items():
            ranks = []
            for doc in docs:
                found = ranked_docs(call(getattr(doc, field)))
                ranks.append(found.index(doc.key) if doc.key in found else None)
            out["results"][variant][method] = score(ranks, languages)
    out["query_s"] = round(time.perf_counter() - started - baseline_build_s, 2)
    return out


def _llamaindex(docs: list[ManDoc], embedder: Any) -> Any:
    """A plain `VectorStoreIndex` with LlamaIndex's defaults; only the embedding model is ours (the same model)."""
    from llama_index.core import Document, VectorStoreIndex

    index = VectorStoreIndex.from_documents(
        [Document(text=doc.text, id_=doc.key) for doc in docs], embed_model=embedder.as_llama_embedding()
    )
    return index.as_retriever(similarity_top_k=CHUNKS)


def stage_throughput(args: argparse.Namespace) -> dict[str, Any]:
    """Ingest of the same documents with each model, rounds alternating between models, best round kept."""
    from index.embedding import load_embedder

    docs = load_docs(args.corpus, args.docs)
    shutil.rmtree(args.data, ignore_errors=True)  # Chroma keeps clients per path in-process: one dir per ingest
    docs_dir = args.data / "docs"
    write_docs(docs, docs_dir)
    embedders = {model: load_embedder(settings_for(args.data / "unused", model).index) for model in args.models}
    for embedder in embedders.values():
        embedder.embed_passages(["warm-up"])
    rounds: dict[str, list[float]] = {model: [] for model in args.models}
    chunks: dict[str, int] = {}
    for round_ in range(args.rounds):
        for i, (model, embedder) in enumerate(embedders.items()):
            report, seconds = ingest(docs_dir, args.data / f"round-{round_}-model-{i}", model, embedder)
            rounds[model].append(seconds)
            chunks[model] = report.chunks
    chars = sum(len(doc.text) for doc in docs)
    out: dict[str, Any] = {"documents": len(docs), "characters": chars, "rounds": args.rounds, "models": {}}
    reference = args.models[0]
    for model in args.models:
        best = min(rounds[model])
        out["models"][model] = {
            "chunks": chunks[model],
            "rounds_s": [round(x, 2) for x in rounds[model]],
            "ingest_s": round(best, 2),
            "chunks_per_s": round(chunks[model] / best, 2),
            "documents_per_s": round(len(docs) / best, 2),
            "characters_per_s": round(chars / best, 1),
            "speedup_documents": round(min(rounds[reference]) / best, 2),
            "speedup_chunks": round((chunks[model] / best) / (chunks[reference] / min(rounds[reference])), 2),
        }
    return out


def stage_seeds(args: argparse.Namespace) -> dict[str, Any]:
    """The eval's retrieval metric per model on the project's seeds: `eval/qa.jsonl`'s answerable questions,
    hit@k of the first chunk from an expected source (as `rag eval` counts it), same- vs cross-language."""
    from eval.dataset import load_qa
    from eval.harness import RANK_DEPTH, _is_cross
    from eval.metrics import source_matches
    from index.embedding import load_embedder
    from rag.engine import Engine

    settings = settings_for(args.data, args.model)
    embedder = load_embedder(settings.index)
    report, ingest_s = ingest(ROOT / "seeds", args.data, args.model, embedder)
    embedder.embed_query = functools.lru_cache(maxsize=None)(embedder.embed_query)
    engine = Engine(settings.index, settings.rag, embedder=embedder)
    languages = {Path(d["source"]).name: d["language"] for d in engine.documents()}
    items = [item for item in load_qa(ROOT / "eval" / "qa.jsonl", settings.index.languages) if item.answerable]
    out: dict[str, Any] = {"model": args.model, "chunks": report.chunks, "ingest_s": round(ingest_s, 2)}
    for mode in ("dense", "lexical", "hybrid"):
        groups: dict[str, list[int | None]] = {"all": [], "same": [], "cross": []}
        for item in items:
            ranking = engine.retrieve(item.question, top_k=RANK_DEPTH, mode=mode)
            first = next((i for i, p in enumerate(ranking) if source_matches(p.source, item.sources)), None)
            groups["all"].append(first)
            groups["cross" if _is_cross(item, languages) else "same"].append(first)
        out[mode] = {
            name: {"questions": len(ranks)} | {f"hit@{k}": _hit(ranks, k) for k in (1, 3)}
            for name, ranks in groups.items()
        }
    return out


def _hit(ranks: list[int | None], k: int) -> float | None:
    return round(sum(r is not None and r < k for r in ranks) / len(ranks), 4) if ranks else None


# The sample: every model on the small corpus (e5-q4 embeds about 1 chunk/s through ingest on a busy machine, so
# it runs there only); MiniLM and USE also on the large one. Sizes are prefixes of one deterministic order.
MINILM, USE_M3, E5_Q4 = "all-MiniLM-L6-v2", "use-multilingual-v3", "multilingual-e5-small-q4"
RUNS = {"small": (60, [MINILM, USE_M3, E5_Q4]), "large": (240, [MINILM, USE_M3])}
QUICK_RUNS = {"small": (12, [MINILM, USE_M3, E5_Q4])}
THROUGHPUT_DOCS, THROUGHPUT_ROUNDS = 30, 2


def run_external(stage: Any, cache: Path, quick: bool) -> dict[str, Any]:
    """Every stage of this benchmark through `stage(name, *args, module=...)` of `bench/run.py`."""
    from bench.manpages import write_corpus

    runs = QUICK_RUNS if quick else RUNS
    corpus_path = cache / "manpages.json"
    corpus = write_corpus(corpus_path, max(size for size, _ in runs.values()))
    common = ["--corpus", str(corpus_path)]
    out: dict[str, Any] = {
        "packages": corpus["key"]["packages"],
        "pairs": corpus["pairs"],
        "skipped": corpus["skipped"],
        "corpora": {},
    }
    for name, (size, models) in runs.items():
        out["corpora"][name] = {"documents": size, "models": {}}
        for model in models:
            data = ["--data", str(cache / f"external-{name}-{model}"), "--docs", str(size), "--model", model]
            out["corpora"][name]["models"][model] = stage("retrieval", *data, *common, module="bench.external")
    out["seeds"] = {
        model: stage("seeds", "--data", str(cache / f"seeds-{model}"), "--model", model, module="bench.external")
        for model in (MINILM, USE_M3, E5_Q4)
    }
    docs = "6" if quick else str(THROUGHPUT_DOCS)
    out["throughput"] = stage(
        "throughput", "--data", str(cache / "external-throughput"), "--docs", docs, "--rounds",
        "1" if quick else str(THROUGHPUT_ROUNDS), "--models", MINILM, USE_M3, E5_Q4, *common, module="bench.external",
    )  # fmt: skip
    return out


STAGES = {"retrieval": stage_retrieval, "throughput": stage_throughput, "seeds": stage_seeds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("stage", choices=sorted(STAGES))
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, help="corpus JSON written by bench/run.py")
    parser.add_argument("--docs", type=int, default=0, help="use the first N documents of the corpus")
    parser.add_argument("--model", help="retrieval: the embedding model")
    parser.add_argument("--models", nargs="+", help="throughput: the models, the first is the reference")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(STAGES[args.stage](args), ensure_ascii=False))


if __name__ == "__main__":
    main()
