"""Benchmark stages, each run in its own process by `bench/run.py` so peak RSS is per stage.

`python -m bench.measure STAGE --data DIR [...]` prints one JSON object on its last stdout line. Stages:
`backends` (embedding throughput and cosine vs torch), `ingest` (the full pipeline against raw `model.encode`
on the same chunks), `grow` (add synthetic parts with sentence-mean vectors), `serve` (our engine's retrieve
and answer latency, question by question against a plain LlamaIndex `VectorStoreIndex` over the same Chroma
collection, `bench/baseline.py`) and `eval` (`rag eval` metrics for one backend). It writes no report (see
`bench/report.py`).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import time
from pathlib import Path
from typing import Any

from bench.synth import ROOT, SEEDS, SentenceMeanEmbedder, write_parts
from index.settings import OFFLINE_ENV

for _key, _value in OFFLINE_ENV.items():
    os.environ.setdefault(_key, _value)

QA = ROOT / "eval" / "qa.jsonl"
WARMUP = 5


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def settings_for(data: Path, **overrides: Any) -> Any:
    from ui.settings import Settings

    return Settings.load(None, data_dir=data, **{k: v for k, v in overrides.items() if v is not None})


def questions() -> list[str]:
    return [json.loads(line)["question"] for line in QA.read_text(encoding="utf-8").splitlines() if line.strip()]


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return {"p50": round(cuts[49], 2), "p95": round(cuts[94], 2), "mean": round(statistics.fmean(ordered), 2)}


def timed(call: Any, inputs: list[str]) -> list[float]:
    for text in inputs[:WARMUP]:
        call(text)
    samples = []
    for text in inputs:
        started = time.perf_counter()
        call(text)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def chunk_texts(parts: list[Path], limit: int, embedder: Any) -> list[str]:
    """The chunks ingestion would make of the first documents (same chunker and limits)."""
    from index.chunk import Chunker
    from index.language import LanguageDetector
    from index.store import chunk_limit

    settings = settings_for(Path("unused"))
    chunker = Chunker(embedder.count_tokens, chunk_limit(settings.index, embedder), settings.index.chunk_overlap_tokens)
    detector = LanguageDetector(settings.index.languages)
    texts: list[str] = []
    for path in (p for part in parts for p in sorted(part.glob("*.txt"))):
        text = path.read_text(encoding="utf-8")
        texts += [c.text for c in chunker.split(text, detector.detect(text))]
        if len(texts) >= limit:
            break
    return texts[:limit]


def stage_backends(args: argparse.Namespace) -> dict[str, Any]:
    """Throughput of each backend on the same chunks, interleaved rounds, best round kept."""
    import numpy as np

    from index.embedding import load_embedder

    embedders = {
        name: load_embedder(settings_for(args.data, embed_backend=name, embed_model=args.model).index)
        for name in args.backends
    }
    texts = chunk_texts(write_parts(args.corpus, args.parts), args.chunks, embedders["torch"])
    reference = embedders["torch"].embed_passages(texts)
    out: dict[str, Any] = {"model": args.model, "chunks": len(texts), "rounds": args.rounds, "backends": {}}
    best = dict.fromkeys(embedders, 0.0)
    for _ in range(args.rounds):
        for name, embedder in embedders.items():
            started = time.perf_counter()
            vectors = embedder.embed_passages(texts)
            best[name] = max(best[name], len(texts) / (time.perf_counter() - started))
            cosine = (vectors * reference).sum(axis=1)
            out["backends"][name] = {"min_cosine": round(float(cosine.min()), 4)}
    for name in embedders:
        out["backends"][name] |= {
            "chunks_per_s": round(best[name], 2),
            "speedup": round(best[name] / best["torch"], 2),
        }
    out["mean_tokens"] = round(float(np.mean([embedders["torch"].count_tokens(t) for t in texts])), 1)
    return out


def stage_ingest(args: argparse.Namespace) -> dict[str, Any]:
    """The full pipeline against raw encode of the same chunks, in alternating rounds; the best round counts.

    The machine is shared and its load swings within seconds, so each round ingests into a fresh data dir
    (a cold embedding cache) and then encodes; the fastest ingest and the fastest encode are compared.
    Building the `Ingestor` (Chroma client, language detector) is start-up, like loading the model: untimed.
    """
    import shutil

    from index.embedding import load_embedder
    from index.ingest import Ingestor

    embedder = load_embedder(settings_for(args.data).index)
    parts = write_parts(args.corpus, args.parts)
    texts = chunk_texts(parts, 10**9, embedder)
    model = embedder._model  # the sentence-transformers model itself: no prefixes, no pipeline
    batch = settings_for(args.data).index.embed_batch_size
    model.encode(texts[:16], batch_size=batch)  # warm-up
    ingests, encodes, report = [], [], None
    for round_ in range(args.rounds):
        data = args.data / f"round-{round_}"
        shutil.rmtree(data, ignore_errors=True)
        ingestor = Ingestor(settings_for(data).index, embedder)
        started = time.perf_counter()
        report = ingestor.run(parts)
        ingests.append(time.perf_counter() - started)
        started = time.perf_counter()
        model.encode(texts, batch_size=batch, normalize_embeddings=True, show_progress_bar=False)
        encodes.append(time.perf_counter() - started)
    assert report is not None and report.chunks == len(texts), "the ingest made other chunks than the chunker"
    ingest_s, encode_s = min(ingests), min(encodes)
    return {
        "model": embedder.model_name,
        "documents": report.added,
        "chunks": report.chunks,
        "rounds": args.rounds,
        "ingest_s": round(ingest_s, 2),
        "encode_s": round(encode_s, 2),
        "ingest_rounds_s": [round(x, 2) for x in ingests],
        "encode_rounds_s": [round(x, 2) for x in encodes],
        "ingest_chunks_per_s": round(report.chunks / ingest_s, 2),
        "encode_chunks_per_s": round(len(texts) / encode_s, 2),
        "overhead": round(ingest_s / encode_s - 1, 4),
        "peak_rss_mb": peak_rss_mb(),
    }


def stage_grow(args: argparse.Namespace) -> dict[str, Any]:
    """Add parts to the index with sentence-mean vectors and batched writes (see bench/build.py)."""
    from bench.build import BufferedClient
    from index.embedding import load_embedder
    from index.embedding.cache import EmbeddingCache
    from index.ingest import Ingestor
    from index.store import open_client, open_collection

    settings = settings_for(args.data, embed_cache=False)  # sentence-mean vectors must not enter a real cache
    real = load_embedder(settings.index)
    embedder = SentenceMeanEmbedder(real, EmbeddingCache(args.sentence_cache, real))
    parts = write_parts(args.corpus, args.parts)[args.first :]
    started = time.perf_counter()
    client = BufferedClient(open_client(settings.index))
    report = Ingestor(settings.index, embedder, client=client).run(parts)
    client.flush()
    assert open_collection(settings.index).count() == report.chunks, (
        "Chroma does not hold every chunk the manifest lists"
    )
    return {
        "documents": report.added,
        "chunks": report.chunks,
        "ingest_s": round(time.perf_counter() - started, 2),
        "peak_rss_mb": peak_rss_mb(),
    }


def stage_serve(args: argparse.Namespace) -> dict[str, Any]:
    """Our engine's start-up and peak RSS, then ours and the plain LlamaIndex pipeline question by question; ours
    also as a conversation turn (`turn_ms`: asked after the previous question and its answer).

    The pipelines alternate on every question (`--rounds` passes, each question's fastest pass kept), so a swing
    in the shared machine's load hits all alike. Peak RSS is read before the baseline is loaded.
    """
    from bench.baseline import one_thread, plain_pipeline
    from rag.engine import Engine
    from rag.types import Query, Turn

    settings = settings_for(args.data)
    started = time.perf_counter()
    engine = Engine(settings.index, settings.rag)
    load_s = time.perf_counter() - started
    asked = questions()
    for question in asked:
        engine.ask(Query(question))
    rss = peak_rss_mb()
    retriever, query_engine = plain_pipeline(settings)
    sample = asked[:: args.every]
    # A conversation turn: each question asked after the one before it in the sample, with that one's answer.
    before = {
        q: [Turn("user", p), Turn("assistant", engine.ask(Query(p)).answer)]
        for p, q in zip(sample[-1:] + sample[:-1], sample, strict=True)
    }
    calls = {
        ("ours", "retrieve"): engine.retrieve,
        ("llamaindex", "retrieve"): retriever.retrieve,
        ("llamaindex_1thread", "retrieve"): one_thread(retriever.retrieve),
        ("ours", "answer"): lambda question: engine.ask(Query(question)),
        ("ours", "turn"): lambda question: engine.ask(Query(question, history=before[question])),
        ("llamaindex", "answer"): query_engine.query,
        ("llamaindex_1thread", "answer"): one_thread(query_engine.query),
    }
    for question in sample[:WARMUP]:
        for call in calls.values():
            call(question)
    best = {name: [float("inf")] * len(sample) for name in calls}
    for _ in range(args.rounds):
        for i, question in enumerate(sample):
            for name, call in calls.items():
                started = time.perf_counter()
                call(question)
                best[name][i] = min(best[name][i], (time.perf_counter() - started) * 1000)
    out: dict[str, Any] = {
        "model": settings.index.embed_model,
        "chunks": engine.info()["chunks"],
        "queries": len(sample),
        "rounds": args.rounds,
        "ours": {"load_s": round(load_s, 2), "peak_rss_mb": rss},
        "llamaindex": {},
        "llamaindex_1thread": {},
    }
    for (side, kind), samples in best.items():
        out[side][f"{kind}_ms"] = percentiles(samples)
    return out


def stage_eval(args: argparse.Namespace) -> dict[str, Any]:
    """`rag eval` metrics with one backend: the seeds ingested with it, then every eval question."""
    from eval.harness import run_eval
    from index.embedding import load_embedder
    from index.ingest import Ingestor
    from rag.engine import Engine

    settings = settings_for(args.data, embed_backend=args.backend, embed_model=args.model)
    embedder = load_embedder(settings.index)
    Ingestor(settings.index, embedder).run([SEEDS], reset=True)  # vectors come from the embedding cache on reruns
    result = run_eval(Engine(settings.index, settings.rag, embedder=embedder), QA)
    keep = ("retrieval", "answer", "citations", "abstention", "latency_ms")
    return {"backend": args.backend, "model": args.model, **{key: result[key] for key in keep if key in result}}


STAGES = {
    "backends": stage_backends,
    "ingest": stage_ingest,
    "grow": stage_grow,
    "serve": stage_serve,
    "eval": stage_eval,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("stage", choices=sorted(STAGES))
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--parts", type=int, default=0)
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--chunks", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--every", type=int, default=1, help="serve: time every n-th eval question")
    parser.add_argument("--backends", nargs="+", default=["torch", "onnx", "onnx-int8"])
    parser.add_argument("--backend", default="torch")
    parser.add_argument("--model", default=None, help="backends, eval: embedding model (default: the settings')")
    parser.add_argument("--sentence-cache", type=Path)
    args = parser.parse_args()
    result = STAGES[args.stage](args)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
