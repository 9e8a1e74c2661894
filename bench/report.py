"""Turns `bench/results.json` into `docs/benchmarks.md` and the latency-vs-corpus-size chart.

It checks the issue's targets against the measured figures and says where each lands. It measures nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHART = "benchmarks-latency.png"


def _get(data: dict[str, Any], *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def evaluate_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per target: what was measured, the limit, and whether it holds."""
    sizes = results.get("sizes", {})
    rows = [
        ("ingest overhead over raw encode", _get(results, "ingest", "overhead"), "<=", 0.15),
        ("onnx-int8 throughput vs torch (x)", _get(results, "backends", "backends", "onnx-int8", "speedup"), ">=", 1.5),
        ("retrieve p50 at 10k chunks (ms)", _get(sizes, "10k", "ours", "retrieve_ms", "p50"), "<=", 25),
        ("full answer p50 at 10k chunks (ms)", _get(sizes, "10k", "ours", "answer_ms", "p50"), "<=", 60),
        ("full answer p95 at 50k chunks (ms)", _get(sizes, "50k", "ours", "answer_ms", "p95"), "<=", 150),
        ("conversation turn p50 at 10k chunks (ms)", _get(sizes, "10k", "ours", "turn_ms", "p50"), "<=", 60),
    ]
    for name, size in sizes.items():
        for baseline, label in (("llamaindex", "plain LlamaIndex"), ("llamaindex_1thread", "LlamaIndex, 1 thread")):
            for kind in ("retrieve", "answer"):
                ours = _get(size, "ours", f"{kind}_ms", "p50")
                base = _get(size, baseline, f"{kind}_ms", "p50")
                ratio = round(ours / base, 2) if ours and base else None
                rows.append((f"{kind} p50 vs {label} at {name} (ratio)", ratio, "<=", 1.0))
    torch_hit = _get(results, "eval", "torch", "retrieval", "hit@3")
    for backend in ("onnx", "onnx-int8"):
        hit = _get(results, "eval", backend, "retrieval", "hit@3")
        loss = round(torch_hit - hit, 4) if torch_hit is not None and hit is not None else None
        rows.append((f"hit@3 lost by {backend} vs torch", loss, "<=", 0.01))
    from bench.report_external import targets
    from bench.report_growth import targets as growth_targets
    from bench.report_load import targets as load_targets
    from bench.report_startup import targets as startup_targets

    rows += targets(results) + growth_targets(results) + load_targets(results) + startup_targets(results)
    out = []
    for name, value, op, limit in rows:
        met = None if value is None else (value <= limit if op == "<=" else value >= limit)
        out.append({"target": name, "measured": value, "limit": f"{op} {limit}", "met": met})
    return out


def _fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 10 else f"{value:,.1f}"
    return str(value)


def _target_row(target: dict[str, Any]) -> list[Any]:
    met = {True: "yes", False: "**no**"}.get(target["met"], "n/a")
    return [target["target"], target["measured"], target["limit"], met]


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(_fmt(v) for v in row) + " |" for row in rows]


def render_chart(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = list(results["sizes"].values())
    chunks = [s["chunks"] for s in sizes]
    fig, ax = plt.subplots(figsize=(7.5, 4.5), dpi=110)
    series = [
        ("ours: full answer p95", "ours", "answer_ms", "p95", "tab:blue", "--"),
        ("ours: full answer p50", "ours", "answer_ms", "p50", "tab:blue", "-"),
        ("ours: retrieve p50", "ours", "retrieve_ms", "p50", "tab:cyan", "-"),
        ("LlamaIndex: query p95", "llamaindex", "answer_ms", "p95", "tab:orange", "--"),
        ("LlamaIndex: query p50", "llamaindex", "answer_ms", "p50", "tab:orange", "-"),
        ("LlamaIndex: retrieve p50", "llamaindex", "retrieve_ms", "p50", "tab:red", "-"),
        ("LlamaIndex, 1 thread: query p50", "llamaindex_1thread", "answer_ms", "p50", "tab:green", ":"),
    ]
    for label, side, kind, stat, colour, style in series:
        ax.plot(chunks, [s[side][kind][stat] for s in sizes], style, marker="o", color=colour, label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")  # the default baseline's p95 is an order of magnitude above the rest
    ax.set_xlabel("chunks in the index")
    ax.set_ylabel("latency (ms, log scale)")
    ax.set_title("Query latency against corpus size (2 CPU cores)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def render_markdown(results: dict[str, Any]) -> str:
    from bench.report_external import render
    from bench.report_growth import render as render_growth
    from bench.report_load import render as render_load
    from bench.report_startup import render as render_startup

    lines = [
        *_intro_lines(results),
        *render_startup(results, _table),
        *_ingest_lines(results["ingest"]),
        *_backend_lines(results),
        *_latency_lines(results),
        *CORPUS_LINES,
    ]
    lines += render_growth(results, _table) + render_load(results, _table) + render(results, _table)
    return "\n".join(lines)


def _intro_lines(results: dict[str, Any]) -> list[str]:
    """The title, the machine and load of the run, when each section was measured, and the targets."""
    machine = results["machine"]
    return [
        "# Benchmarks",
        "",
        f"Last run of `make bench` (or `python -m bench.run --only ...`, which reruns some sections and keeps the"
        f" others) on {results['started']} in {results['duration_s']:.0f} s: {machine['cpus']} CPUs,"
        f" Python {machine['python']}, load average {machine['load_average_start']} at the start and"
        f" {machine['load_average_end']} at the end (the machine is shared, so absolute times vary between runs;"
        " the ratios are measured back to back). Raw figures: `bench/results.json`.",
        "",
        *_measured_lines(results),
        "## Targets",
        "",
        *_table(["target", "measured", "limit", "met"], [_target_row(t) for t in results["targets"]]),
        "",
    ]


def _ingest_lines(ingest: dict[str, Any]) -> list[str]:
    return [
        "## Ingest throughput against raw encode",
        "",
        f"Best of {ingest['rounds']} alternating rounds (ingest {ingest['ingest_rounds_s']} s, encode"
        f" {ingest['encode_rounds_s']} s), each ingest into a fresh data dir. "
        f"The full `rag ingest` pipeline (read, detect language, chunk, embed with"
        f" {ingest.get('model', 'all-MiniLM-L6-v2')} through the embedding cache,"
        f" write Chroma, rebuild the lexical index, commit the manifest) on {ingest['documents']} synthetic documents"
        f" ({ingest['chunks']} chunks, a cold cache) took {ingest['ingest_s']} s ({ingest['ingest_chunks_per_s']}"
        f" chunks/s). `model.encode` on the same chunks (batch 32, sorted by length) took {ingest['encode_s']} s"
        f" ({ingest['encode_chunks_per_s']} chunks/s). Overhead: **{ingest['overhead']:.1%}**.",
        "",
    ]


def _backend_lines(results: dict[str, Any]) -> list[str]:
    backends = results["backends"]
    rows = []
    for name, data in backends["backends"].items():
        scored = _get(results, "eval", name) or {}
        quality = [
            _get(scored, "retrieval", "hit@3"),
            _get(scored, "retrieval", "mrr@10"),
            _get(scored, "answer", "accuracy"),
        ]
        rows.append([name, data["chunks_per_s"], data["speedup"], data["min_cosine"], *quality])
    return [
        "## Embedding backends",
        "",
        f"Model {backends.get('model') or 'all-MiniLM-L6-v2'} (ONNX export applies to transformer checkpoints)."
        f" {backends['chunks']} chunks (mean {backends['mean_tokens']} model tokens), best of {backends['rounds']}"
        " interleaved rounds. Cosine is against the torch vectors of the same chunks. Eval metrics are `rag eval` on"
        " `eval/qa.jsonl` with the seeds ingested by that backend.",
        "",
        *_table(["backend", "chunks/s", "vs torch", "min cosine", "hit@3", "MRR@10", "answer accuracy"], rows),
        "",
    ]


def _latency_lines(results: dict[str, Any]) -> list[str]:
    rows = []
    for name, size in results["sizes"].items():
        ours, base, one = size["ours"], size["llamaindex"], size["llamaindex_1thread"]
        rows.append(
            [name, size.get("model", "all-MiniLM-L6-v2"), size["chunks"], ours["retrieve_ms"]["p50"],
             ours["retrieve_ms"]["p95"], ours["answer_ms"]["p50"],
             ours["answer_ms"]["p95"], ours.get("turn_ms", {}).get("p50", "n/a"),
             base["retrieve_ms"]["p50"], base["answer_ms"]["p50"], base["answer_ms"]["p95"],
             one["retrieve_ms"]["p50"], one["answer_ms"]["p50"], one["answer_ms"]["p95"], ours["peak_rss_mb"],
             ours["load_s"]]
        )  # fmt: skip
    header = [
        "size", "model", "chunks", "retrieve p50", "retrieve p95", "answer p50", "answer p95", "turn p50",
        "LI retrieve p50",
        "LI query p50", "LI query p95", "LI-1t retrieve p50", "LI-1t query p50", "LI-1t query p95",
        "peak RSS MB", "engine start s",
    ]  # fmt: skip
    return [
        "## Query latency by corpus size",
        "",
        f"![latency against corpus size]({CHART})",
        "",
        *_table(header, rows),
        "",
        LATENCY_NOTE,
        "",
    ]


LATENCY_NOTE = (
    "Times in ms over every second question of `eval/qa.jsonl` (en/it/ru), after 5 warm-up questions. The "
    "pipelines run in one process and alternate on every question, two passes, each question's faster pass kept, "
    "so a swing in the shared machine's load hits all alike. *Ours* is `Engine.retrieve` (hybrid dense + BM25, "
    "top 5) and `Engine.ask` (retrieval plus the extractive, cited answer); *turn* is `Engine.ask` asked after the "
    "previous question and its answer, as in a chat (a turn that is not a follow-up is also ranked alone). "
    "*LI* is a plain LlamaIndex "
    "`VectorStoreIndex` over the same Chroma collection with the same model through `HuggingFaceEmbedding` (a "
    "bundled encoder that is not a transformer checkpoint through our embedder's llama-index adapter), dense"
    " only, top 5: `as_retriever().retrieve()` and `as_query_engine(llm=MockLLM).query()`, so the LLM costs "
    "nothing and what remains is the pipeline. Most of the difference to *LI* is the query embedding: ours runs a"
    " short query on one torch thread, while torch's default two threads spend most of their time waiting on each"
    " other when the cores are busy. *LI-1t* is the same baseline with its query embedding on one thread too, "
    "which compares the pipelines alone. Peak RSS is our serving process after all questions (model, Chroma, "
    "lexical index, answerer), read before the baseline is loaded; engine start includes loading the model. "
    "Each row names the embedding model it was measured with. use-multilingual-v3 counts chunks in its own "
    "SentencePiece pieces and makes about 150 chunks of a synthetic part where MiniLM makes 270, so its 10k "
    "size takes 65 parts (`python -m bench.run --only sizes --sizes 10k=65`)."
)

CORPUS_LINES = [
    "## How the corpus is made",
    "",
    "`bench/synth.py`, deterministic: each seed is split into sentences in its own language; synthetic"
    ' document *i* (`random.Random(f"bench-{i}")`) takes the language and headline of seed *i* mod 5 and'
    " 12-30 sentences of that language in runs of 1-4 consecutive sentences, one per line, a blank line every"
    " 3-5. Documents come in parts of 25, and sizes nest (1k is parts 0-6, 10k parts 0-65, 50k parts 0-329,"
    " 150k parts 0-989; the sections say which sizes they measured)."
    " The vocabulary is the seeds' own, so BM25 postings are denser than in real text of the same size, a"
    " conservative setting for lexical search.",
    "",
    "Vectors: the ingest measurement embeds everything with the real model. The size indexes use"
    " `SentenceMeanEmbedder`: a chunk's vector is the normalised mean of the real model's vectors of its lines"
    " (each distinct seed sentence is embedded once and kept in the embedding cache), so 50k chunks cost no"
    " model time; questions are always embedded by the real model. Those indexes are built by the product's"
    " own `Ingestor`, with Chroma writes batched (`bench/build.py`), and cached in `bench/cache` until the"
    " index code or settings change.",
    "",
]


def _measured_lines(results: dict[str, Any]) -> list[str]:
    """When each section was measured (`bench/run.py --only` reruns some and keeps the others)."""
    measured = results.get("measured")
    if not measured:
        return []
    rows = [
        [name, m["at"], m["duration_s"], m["load_average_start"], m["load_average_end"], m["default_embed_model"],
         m.get("note", "")]
        for name, m in measured.items()
    ]  # fmt: skip
    header = ["section", "measured at", "took s", "load at start", "load at end", "default model", "note"]
    return ["Sections and when they were last measured:", "", *_table(header, rows), ""]


LOAD_SECTION = "benchmarks-load.md"


def write_docs(results: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    render_chart(results, path.parent / CHART)
    text = render_markdown(results)
    # The load test (tests/test_load.py) and large-file figures are measured elsewhere and kept in their own file.
    load = path.parent / LOAD_SECTION
    if load.is_file():
        text += "\n" + load.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
