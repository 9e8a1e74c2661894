"""Serving side of the growth benchmark, run as a script with one source tree on PYTHONPATH (this code or the
baseline commit's): resident memory the lexical index adds to a process and lexical query latency.

`python bench/growth_probe.py DATA_DIR QA_JSONL ROUNDS` prints one JSON object. It loads the lexical index the
way the engine does at every reload (the baseline also builds the answerer's document frequencies from every
chunk's tokens, as its engine did; this code looks them up on demand), then asks every question ROUNDS times:
BM25 search for 30 candidates, then the document frequency of every form of the top 5 passages (what the
extractive answerer reads). Memory is read from /proc/self/status: anonymous (private to the process) and
file-backed (memory-mapped files, shared with every process mapping them) separately.
It writes nothing.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any


def rss() -> dict[str, float]:
    wanted = {"RssAnon:": "anon_mb", "RssFile:": "file_mb", "VmHWM:": "peak_mb"}
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key = line.split(maxsplit=1)[0] if line else ""
        if key in wanted:
            out[wanted[key]] = round(int(line.split()[1]) / 1024, 1)
    return out


def load(data: Path) -> tuple[Any, Any]:
    from index.analyze import cognate_keys
    from index.lexical import LexicalIndex
    from index.store import Manifest

    if hasattr(LexicalIndex, "committed"):  # segments (this code)
        lexical = LexicalIndex.committed(data / "lexical", Manifest.load(data / "manifest.json"))
        return lexical, lexical.document_frequency()
    lexical = LexicalIndex.load(data / "lexical")  # one JSON document (the baseline)
    df: Counter[str] = Counter()
    for tokens in lexical.tokens:
        df.update(set(tokens) | cognate_keys(tokens))
    return lexical, dict(df)


def percentiles(samples: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(sorted(samples), n=100, method="inclusive")
    return {"p50": round(cuts[49], 2), "p95": round(cuts[94], 2), "mean": round(statistics.fmean(samples), 2)}


def main() -> None:
    data, qa, rounds = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    questions = [json.loads(line)["question"] for line in qa.read_text(encoding="utf-8").splitlines() if line]
    import bm25s  # noqa: F401  (imports before the first reading: they are not the index)
    import numpy  # noqa: F401

    from index.analyze import analyze, analyze_query

    for language in ("en", "it", "ru"):  # the analysers' own data (stemmers, stop words) is not the index
        analyze(questions[0], language, cognates=True)
    analyze_query(questions[0], ["en", "it", "ru"])
    before = rss()
    started = time.perf_counter()
    lexical, df = load(data)
    load_s = time.perf_counter() - started
    loaded = rss()
    search_ms, lookup_ms = [], []
    for _ in range(rounds):
        for question in questions:
            started = time.perf_counter()
            hits = lexical.search(question, 30)
            searched = time.perf_counter()
            for hit in hits[:5]:
                for form in analyze(hit.text, hit.metadata.get("language", "en"), cognates=True):
                    df.get(form, 0)
            search_ms.append((searched - started) * 1000)
            lookup_ms.append((time.perf_counter() - searched) * 1000)
    after = rss()
    print(
        json.dumps(
            {
                "chunks": len(lexical),
                "load_s": round(load_s, 3),
                "queries": len(search_ms),
                "search_ms": percentiles(search_ms),
                "df_lookup_ms": percentiles(lookup_ms),
                "rss_before": before,
                "rss_loaded": loaded,
                "rss_after_queries": after,
                "growth_anon_mb": round(after["anon_mb"] - before["anon_mb"], 1),
                "growth_file_mb": round(after["file_mb"] - before["file_mb"], 1),
            }
        )
    )


if __name__ == "__main__":
    main()
