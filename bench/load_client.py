"""A bounded load generator for `rag serve`: N concurrent clients for S seconds on /api/ask and /api/chat.

Each client has its own HTTP connection and alternates the two endpoints over a rotating set of questions.
Every reply is checked against the answer the same server gave to that question when it was idle: the
Answer (text, citations) from /api/ask, and the streamed text plus the `citations` event from /api/chat. A
reply that differs is a "mismatch" (a lost or mixed-up answer); a non-200, a timeout or a broken stream is an
"error". Used by tests/test_load.py and the load section of `make bench` (bench/load.py); run by hand with
`python -m bench.load_client http://127.0.0.1:7860 --clients 50 --seconds 30` against a running server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

QA = Path(__file__).resolve().parent.parent / "eval" / "qa.jsonl"


def questions(limit_per_language: int = 8) -> list[str]:
    """Distinct questions in en/it/ru from the eval set."""
    chosen: dict[str, list[str]] = {}
    for line in QA.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        bucket = chosen.setdefault(item["lang"], [])
        if len(bucket) < limit_per_language and item["question"] not in bucket:
            bucket.append(item["question"])
    return [q for lang in sorted(chosen) for q in chosen[lang]]


def _key(answer: dict) -> tuple:
    """What must be identical between an idle and a loaded reply."""
    cites = tuple((c["id"], c["source"], c["quote"]) for c in answer.get("citations", []))
    return answer.get("answer"), answer.get("abstained"), cites


def sse_events(text: str) -> list[tuple[str, dict]]:
    """(event, data) pairs of a Server-Sent Events body."""
    events = []
    for block in text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        events.append((fields.get("event", "message"), json.loads(fields.get("data", "null"))))
    return events


@dataclass
class LoadResult:
    clients: int
    seconds: float
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"ask": [], "chat": [], "chat_first_event": []})
    errors: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.latencies["ask"]) + len(self.latencies["chat"]) + len(self.errors)

    def summary(self) -> dict:
        def pct(values: list[float], q: float) -> float:
            if not values:
                return 0.0
            return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000, 1)

        out = {
            "clients": self.clients,
            "seconds": round(self.seconds, 1),
            "requests": self.requests,
            "errors": len(self.errors),
            "mismatches": len(self.mismatches),
            "throughput_rps": round((len(self.latencies["ask"]) + len(self.latencies["chat"])) / self.seconds, 2),
        }
        for name, values in self.latencies.items():
            out[name] = {"count": len(values), "p50_ms": pct(values, 50), "p95_ms": pct(values, 95)}
        return out


async def expected_answers(base_url: str, asked: list[str]) -> dict[str, dict]:
    """Each question's answer from an otherwise idle server: the reference under load."""
    async with httpx.AsyncClient(base_url=base_url, timeout=120) as client:
        reference = {}
        for question in asked:
            response = await client.post("/api/ask", json={"question": question})
            response.raise_for_status()
            reference[question] = response.json()
        return reference


async def _client(number: int, base_url: str, reference: dict[str, dict], deadline: float, result: LoadResult):
    asked = list(reference)
    turn = number
    async with httpx.AsyncClient(base_url=base_url, timeout=120) as client:
        while time.monotonic() < deadline:
            question = asked[turn % len(asked)]
            endpoint = "ask" if turn % 2 == 0 else "chat"
            turn += 1
            started = time.monotonic()
            try:
                if endpoint == "ask":
                    response = await client.post("/api/ask", json={"question": question})
                    elapsed = time.monotonic() - started
                    if response.status_code != 200:
                        result.errors.append(f"ask {response.status_code}: {response.text[:200]}")
                        continue
                    body = response.json()
                    if body["question"] != reference[question]["question"] or _key(body) != _key(reference[question]):
                        result.mismatches.append(f"ask {question!r} -> {body['answer'][:80]!r}")
                    result.latencies["ask"].append(elapsed)
                else:
                    first = None
                    chunks = []
                    async with client.stream("POST", "/api/chat", json={"question": question}) as response:
                        if response.status_code != 200:
                            result.errors.append(f"chat {response.status_code}")
                            continue
                        async for chunk in response.aiter_text():
                            first = first or time.monotonic() - started
                            chunks.append(chunk)
                    elapsed = time.monotonic() - started
                    events = sse_events("".join(chunks))
                    kinds = [kind for kind, _ in events]
                    if kinds[-1:] != ["done"] or "citations" not in kinds:
                        result.errors.append(f"chat stream ended with {kinds[-3:]}")
                        continue
                    text = "".join(data["text"] for kind, data in events if kind == "delta")
                    cited = next(data for kind, data in events if kind == "citations")
                    streamed = {"answer": text, "abstained": cited["abstained"], "citations": cited["citations"]}
                    if _key(streamed) != _key(reference[question]):
                        result.mismatches.append(f"chat {question!r} -> {text[:80]!r}")
                    result.latencies["chat"].append(elapsed)
                    result.latencies["chat_first_event"].append(first or elapsed)
            except (httpx.HTTPError, json.JSONDecodeError, KeyError) as exc:
                result.errors.append(f"{endpoint} {type(exc).__name__}: {exc}")


async def run_load(
    base_url: str, clients: int = 50, seconds: float = 30.0, reference: dict[str, dict] | None = None
) -> LoadResult:
    """`clients` concurrent clients for `seconds`; `reference` (the idle answers) is asked for first when not given."""
    reference = reference or await expected_answers(base_url, questions())
    started = time.monotonic()
    result = LoadResult(clients=clients, seconds=seconds)
    deadline = started + seconds
    await asyncio.gather(*(_client(i, base_url, reference, deadline, result) for i in range(clients)))
    result.seconds = time.monotonic() - started  # requests started before the deadline are waited for
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="Base URL of a running `rag serve`, e.g. http://127.0.0.1:7860")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    result = asyncio.run(run_load(args.url, args.clients, args.seconds))
    print(json.dumps(result.summary(), indent=1))
    for problem in (result.errors + result.mismatches)[:20]:
        print(problem)


if __name__ == "__main__":
    main()
