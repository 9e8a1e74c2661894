"""First-token and total latency of the streamed `/v1/chat/completions` against `/api/chat` on a running server.

Asks the eval set's questions (en, it, ru) one at a time, each through both endpoints in alternating order, after
one warm-up question per endpoint, and prints p50/p95/mean per endpoint as JSON. First token = the first
content-bearing event (`delta` on /api/chat, a chunk with `delta.content` on /v1). It sends traffic only to the
URL given (a loopback `rag serve`). Run: `python -m bench.api_latency http://127.0.0.1:7860 --per-language 8`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import httpx

QA = Path(__file__).resolve().parent.parent / "eval" / "qa.jsonl"


def questions(per_language: int) -> list[str]:
    chosen: dict[str, list[str]] = {}
    for line in QA.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        bucket = chosen.setdefault(item["lang"], [])
        if len(bucket) < per_language and item["question"] not in bucket:
            bucket.append(item["question"])
    return [q for lang in sorted(chosen) for q in chosen[lang]]


def timed(client: httpx.Client, url: str, body: dict, is_content: Callable[[str], bool]) -> tuple[float, float]:
    """(seconds to the first content event, seconds to the end of the stream)."""
    started = time.perf_counter()
    first = None
    with client.stream("POST", url, json=body) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if first is None and is_content(line):
                first = time.perf_counter() - started
    total = time.perf_counter() - started
    return (first if first is not None else total), total


def api_chat(client: httpx.Client, base: str, question: str) -> tuple[float, float]:
    return timed(client, f"{base}/api/chat", {"question": question}, lambda line: line.startswith("event: delta"))


def _v1_content(line: str) -> bool:
    if not line.startswith("data: {"):
        return False
    choices = json.loads(line.removeprefix("data: ")).get("choices") or [{}]
    return bool(choices[0].get("delta", {}).get("content"))


def v1_stream(client: httpx.Client, base: str, question: str) -> tuple[float, float]:
    body = {"model": "any", "stream": True, "messages": [{"role": "user", "content": question}]}
    return timed(client, f"{base}/v1/chat/completions", body, _v1_content)


def summary(values: list[float]) -> dict[str, float]:
    ms = sorted(v * 1000 for v in values)
    p95 = statistics.quantiles(ms, n=20, method="inclusive")[18] if len(ms) > 1 else ms[0]
    mean = statistics.mean(ms)
    return {"p50_ms": round(statistics.median(ms), 1), "p95_ms": round(p95, 1), "mean_ms": round(mean, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="server base URL, e.g. http://127.0.0.1:7860")
    parser.add_argument("--per-language", type=int, default=8)
    parser.add_argument("--key", help="bearer key, when the server has RAG_API_KEYS")
    args = parser.parse_args()
    headers = {"Authorization": f"Bearer {args.key}"} if args.key else {}
    endpoints = {"/api/chat": api_chat, "/v1/chat/completions (stream)": v1_stream}
    results: dict[str, dict[str, list[float]]] = {name: {"first": [], "total": []} for name in endpoints}
    asked = questions(args.per_language)
    with httpx.Client(headers=headers, timeout=300) as client:
        for run in endpoints.values():  # warm-up: models loaded on first use are not what is measured
            run(client, args.base, asked[0])
        for n, question in enumerate(asked):
            order = list(endpoints.items()) if n % 2 == 0 else list(endpoints.items())[::-1]
            for name, run in order:
                first, total = run(client, args.base, question)
                results[name]["first"].append(first)
                results[name]["total"].append(total)
    report = {
        name: {"questions": len(v["first"]), "first_token": summary(v["first"]), "total": summary(v["total"])}
        for name, v in results.items()
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
