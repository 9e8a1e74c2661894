"""Give every eval question (and conversation) that has none a `split`: "dev" (tune on it) or "test" (measure once).

Rows that already have a split keep it, so adding questions never moves an old one between dev and test. New rows
are grouped by stratum (language and answerability for questions, language for conversations); each group is
shuffled with a fixed seed and dealt alternately to dev and test, starting with the split that holds fewer rows of
that stratum so far. The result is deterministic for a given file. Run `python -m eval.split` after appending rows
(`--dataset FILE` splits one other question file, such as `eval/external/manpages-qa.jsonl`, and nothing else).
It does not validate the datasets (see `eval/dataset.py`) or run anything.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from eval.dataset import SPLITS

SEED = "polyglot-rag-eval-split"
ROOT = Path(__file__).resolve().parent
Row = dict[str, Any]


def qa_stratum(row: Row) -> str:
    return f"{row['lang']}:{'answerable' if row['answerable'] else 'unanswerable'}"


def conversation_stratum(row: Row) -> str:
    return str(row["lang"])


def assign_splits(rows: list[Row], stratum: Callable[[Row], str], seed: str = SEED) -> list[Row]:
    """The same rows, in the same order, each with a `split`; rows that had one are unchanged."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(stratum(row), []).append(row)
    assigned: dict[int, str] = {}
    for key in sorted(groups):
        group = groups[key]
        fresh = sorted((r for r in group if r.get("split") not in SPLITS), key=lambda r: str(r["id"]))
        if not fresh:
            continue
        rng = random.Random(f"{seed}:{key}")
        rng.shuffle(fresh)
        held = {name: sum(r.get("split") == name for r in group) for name in SPLITS}
        first = min(SPLITS, key=lambda name: (held[name], rng.random()))
        order = [first, SPLITS[1 - SPLITS.index(first)]]
        for n, row in enumerate(fresh):
            assigned[id(row)] = order[n % 2]
    return [row | {"split": assigned[id(row)]} if id(row) in assigned else row for row in rows]


def rewrite(path: Path, stratum: Callable[[Row], str]) -> dict[str, int]:
    """Assign missing splits in a JSONL file in place; returns the split sizes."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = assign_splits(rows, stratum)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return {name: sum(r["split"] == name for r in rows) for name in SPLITS}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.split", description="Give every row without one a split.")
    parser.add_argument("qa", nargs="?", type=Path, default=ROOT / "qa.jsonl", help="questions (default eval/qa.jsonl)")
    parser.add_argument(
        "conversations", nargs="?", type=Path, default=ROOT / "conversations.jsonl",
        help="conversations (default eval/conversations.jsonl)",
    )  # fmt: skip
    parser.add_argument(
        "--dataset", type=Path, metavar="FILE",
        help="split only this question file (eval/qa.jsonl schema), e.g. eval/external/manpages-qa.jsonl",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.dataset is not None:
        print(f"{args.dataset}: {rewrite(args.dataset, qa_stratum)}")
        return 0
    print(f"{args.qa}: {rewrite(args.qa, qa_stratum)}")
    print(f"{args.conversations}: {rewrite(args.conversations, conversation_stratum)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
