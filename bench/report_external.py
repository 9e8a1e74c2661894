"""The external (translated manual pages) section of `docs/benchmarks.md` and its targets, from `bench/results.json`.

It renders what `bench/external.py` measured and compares ingest throughput with the issue's target
(at least 2x the torch MiniLM). It measures nothing.
"""

from __future__ import annotations

from typing import Any

REFERENCE = "all-MiniLM-L6-v2"
METHODS = {
    "dense": "dense (Engine.retrieve, mode dense)",
    "lexical": "BM25 (index/lexical.py)",
    "hybrid": "hybrid (product fusion)",
    "llamaindex": "plain LlamaIndex VectorStoreIndex",
}
SIDE_HEADER = ["model", "chunks", "rounds s", "best s", "chunks/s", "documents/s", "characters/s",
               "x MiniLM (documents/s)", "x MiniLM (chunks/s)"]  # fmt: skip
VARIANTS = {
    "name_line": 'English NAME line as the query ("ls - list directory contents")',
    "description": 'the same line without the page names ("list directory contents"): meaning only',
}


def targets(results: dict[str, Any]) -> list[tuple[str, Any, str, float]]:
    """(target, measured, op, limit): each model's ingest speed against torch MiniLM on the same documents."""
    models = (results.get("external") or {}).get("throughput", {}).get("models", {})
    return [
        (f"ingest throughput {model} vs torch MiniLM, same documents (x)", data["speedup_documents"], ">=", 2.0)
        for model, data in models.items()
        if model != REFERENCE
    ]


def render(results: dict[str, Any], table: Any) -> list[str]:
    """Markdown lines; `table(header, rows)` is report.py's table renderer."""
    ext = results.get("external")
    if not ext:
        return []
    when = results.get("measured", {}).get("external", {})
    packages = ", ".join(f"`{name}` {version}" for name, version in sorted(ext["packages"].items()))
    lines = [
        "## External: English queries against translated manual pages",
        "",
        f"Finished {when.get('at', 'n/a')} after {when.get('duration_s', 'n/a')} s, load average"
        f" {when.get('load_average_start', 'n/a')} at the start and {when.get('load_average_end', 'n/a')} at the end"
        " (2 shared cores; the machine was busy with other work, so absolute speeds are low and only the side-by-side"
        f" ratios carry over). Debian packages: {packages}. Of the {ext['pairs']} pages that exist both in English and"
        " in at least one translation, the sample takes distinct pages in sha256 order of their names, each in one"
        " language; pages skipped while sampling: "
        + ", ".join(f"{reason} {count}" for reason, count in sorted(ext["skipped"].items()))
        + ". Built by `bench/manpages.py`, measured by `bench/external.py`.",
        "",
        "A document is the translated page's NAME line and DESCRIPTION (rendered by groff to plain text, at most"
        " 1,000 characters), ingested as a file by the product's own ingest into a fresh data dir. The query is the"
        " English page's NAME line; the right answer is the translated page of the same name (one per query)."
        " hit@k: the right document among the first k distinct documents. Every method uses the same model. "
        + "; ".join(f"{c['documents']} documents: {', '.join(c['models'])}" for c in ext["corpora"].values())
        + " (`RUNS` in `bench/external.py`: multilingual-e5-small-q4 embeds slowly, so it runs on the small"
        " corpus only; the corpora are prefixes of one sample).",
        "",
    ]
    for corpus in ext["corpora"].values():
        for variant, label in VARIANTS.items():
            rows = []
            for model, data in corpus["models"].items():
                for method, method_label in METHODS.items():
                    r = data["results"][variant][method]
                    by_lang = ", ".join(f"{k} {v:.2f}" for k, v in r["hit@1_by_language"].items())
                    rows.append([model, method_label, r["hit@1"], r["hit@3"], r["hit@10"], r["mrr@10"], by_lang])
            first = next(iter(corpus["models"].values()))
            langs = ", ".join(f"{k} {v}" for k, v in first["languages"].items())
            lines += [
                f"### {corpus['documents']} documents ({langs}): {label}",
                "",
                *table(["model", "method", "hit@1", "hit@3", "hit@10", "MRR@10", "hit@1 by language"], rows),
                "",
            ]
    lines += _seed_lines(ext, table) + _ingest_lines(ext, table)
    return lines


def _seed_lines(ext: dict[str, Any], table: Any) -> list[str]:
    seeds = ext.get("seeds") or {}
    rows = [
        [model, mode, data["chunks"], *(data[mode][group][f"hit@{k}"] for group in ("same", "cross") for k in (1, 3))]
        for model, data in seeds.items()
        for mode in ("dense", "lexical", "hybrid")
    ]
    if not rows:
        return []
    first = next(iter(seeds.values()))["dense"]
    return [
        "### The project's seeds, per model",
        "",
        "For comparison on the project's own data: the seeds ingested with each model, then every answerable"
        f" question of `eval/qa.jsonl` ({first['same']['questions']} same-language, {first['cross']['questions']}"
        " cross-language) retrieved in each mode; hit@k counts the first chunk from an expected source, as"
        " `rag eval` does. Retrieval only: no answers are composed.",
        "",
        *table(["model", "mode", "chunks", "same hit@1", "same hit@3", "cross hit@1", "cross hit@3"], rows),
        "",
    ]


def _ingest_lines(ext: dict[str, Any], table: Any) -> list[str]:
    rows = []
    for corpus in ext["corpora"].values():
        for model, data in corpus["models"].items():
            rows.append(
                [f"{corpus['documents']} docs", model, data["chunks"], data["ingest_s"], data["ingest_chunks_per_s"],
                 data["llamaindex_build_s"], data["fusion_weights"]]
            )  # fmt: skip
    through = ext["throughput"]
    side = [
        [model, d["chunks"], d["rounds_s"], d["ingest_s"], d["chunks_per_s"], d["documents_per_s"],
         d["characters_per_s"], d["speedup_documents"], d["speedup_chunks"]]
        for model, d in through["models"].items()
    ]  # fmt: skip
    return [
        "### Ingest throughput, side by side",
        "",
        f"The product's ingest (`Ingestor.run`: read, detect language, chunk in the model's own tokens, embed through"
        f" the embedding cache, write Chroma and the lexical index) of the same {through['documents']} documents"
        f" ({through['characters']:,} characters) with each model, {through['rounds']} rounds alternating between"
        " the models, each into a fresh data dir (a cold cache), best round kept. Each model chunks in its own"
        " tokens, so chunk counts differ; documents/s compares the same work. The bundled encoders run on one"
        " thread (`RAG_EMBED_THREADS=1`, the default), torch on its default two.",
        "",
        *table(SIDE_HEADER, side),
        "",
        "The same ingest, timed once per retrieval run above (a single measurement each, at whatever load the"
        " machine had then), and the time LlamaIndex's `VectorStoreIndex.from_documents` took to split and embed the"
        " same documents with the same model:",
        "",
        *table(["corpus", "model", "chunks", "ingest s", "chunks/s", "LlamaIndex build s", "fusion weights"], rows),
        "",
    ]
