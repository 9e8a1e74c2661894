"""Growth benchmark (issue 16): what ingesting nothing new, one new file and removing it cost on a large index,
the lexical index's size on disk, the memory it adds to a serving process and its query latency; for this code
("after") and for the baseline commit ("before", the last commit before the segmented lexical index), each on
its own copy of the same synthetic index (`bench/build.py`, sizes of `bench/run.py`).

Every measurement is a separate process: `rag ingest PARTS... --json` over the unchanged folders (wall time,
best of `ROUNDS`, interpreter start and imports included, as a user sees it), `rag ingest NEW.txt` (one new
synthetic document), `rag remove NEW.txt`, then `bench/growth_probe.py`. The baseline's copy is ingested once
first, untimed, so that its one-file lexical index exists (its steady state). The baseline source tree is
exported with `git archive` into `bench/cache`. It writes no report (see `bench/report_growth.py`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.synth import ROOT, document, seed_sentences

BASELINE = "559a3d4"  # main just before "Lexical index in immutable memory-mapped segments ..."
ROUNDS = 2
# Above this many chunks the baseline rebuilds its whole index in memory at every ingest (minutes and GB each):
# its side then gets one timed unchanged re-ingest (after the untimed warm-up) and the serving probe only; its
# one-file add and remove are not measured (recorded as skipped).
LIGHT_BEFORE_CHUNKS = 100_000
# The source tree under test goes first on sys.path; the working directory (this tree) must not shadow it.
CLI = (
    "import os, sys; sys.path[:] = [os.environ['GROWTH_SOURCE']] + [p for p in sys.path if p not in ('', os.getcwd())];"
    " from ui.cli import main; sys.argv[0] = 'rag'; main()"
)


def exported_tree(cache: Path, commit: str) -> Path:
    """The source tree of `commit`, exported once with `git archive` into `cache`."""
    target = cache / f"baseline-{commit}"
    if not (target / "ui" / "cli.py").is_file():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def _run(source: Path, data: Path, args: list[str]) -> tuple[float, dict[str, Any]]:
    env = {**os.environ, "PYTHONPATH": str(source), "GROWTH_SOURCE": str(source), "RAG_DATA_DIR": str(data)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CLI, *args], env=env, cwd=ROOT, capture_output=True, text=True)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"rag {' '.join(args[:2])} failed: {done.stderr[-2000:]}")
    lines = done.stdout.strip().splitlines()
    return round(took, 2), json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}


def _disk_mb(directory: Path) -> float:
    return round(sum(p.stat().st_size for p in directory.rglob("*") if p.is_file()) / 2**20, 1)


def measure_side(
    source: Path, data: Path, parts: list[Path], extra: Path, warm_up: bool, light: bool = False
) -> dict[str, Any]:
    """`light`: one unchanged round, no add/remove (see LIGHT_BEFORE_CHUNKS)."""
    folders = [str(p) for p in parts]
    load = [round(os.getloadavg()[0], 2)]
    warm = _run(source, data, ["ingest", *folders, "--json"]) if warm_up else None
    unchanged = [_run(source, data, ["ingest", *folders, "--json"]) for _ in range(1 if light else ROUNDS)]
    best = min(unchanged, key=lambda r: r[0])
    disk = _disk_mb(data / "lexical")
    skipped = (None, {})
    added = skipped if light else _run(source, data, ["ingest", str(extra), "--json"])
    removed = skipped if light else _run(source, data, ["remove", str(extra.resolve())])
    load.append(round(os.getloadavg()[0], 2))
    env = {**os.environ, "PYTHONPATH": str(source)}
    probe = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "growth_probe.py"), str(data), str(ROOT / "eval" / "qa.jsonl"), "3"],
        env=env, cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return {
        "unchanged_s": best[0],
        "unchanged_rounds_s": [r[0] for r in unchanged],
        "unchanged_peak_rss_mb": best[1].get("peak_rss_mb"),
        "add_one_s": added[0],
        "add_one_peak_rss_mb": added[1].get("peak_rss_mb"),
        "remove_one_s": removed[0],
        "lexical_disk_mb": disk,
        "serve": json.loads(probe.stdout.strip().splitlines()[-1]),
        "warm_up_s": warm[0] if warm else None,
        "warm_up_peak_rss_mb": warm[1].get("peak_rss_mb") if warm else None,
        "skipped": ["add_one", "remove_one", "unchanged round 2"] if light else [],
        "load_average_1m": [*load, round(os.getloadavg()[0], 2)],  # at the start, after the ingests, at the end
    }


def run_growth(
    cache: Path, sizes: dict[str, int], built: dict[str, dict[str, Any]], log: Callable[[str], None]
) -> dict[str, Any]:
    from bench.build import copy_index
    from bench.synth import write_parts

    source = exported_tree(cache, BASELINE)
    out: dict[str, Any] = {"baseline": BASELINE, "rounds": ROUNDS}
    for name, count in sizes.items():
        parts = write_parts(cache / "corpus", count)
        extra = cache / "growth-extra" / f"new-{name}.txt"
        extra.parent.mkdir(parents=True, exist_ok=True)
        extra.write_text(document(10**6, seed_sentences()), encoding="utf-8")
        row: dict[str, Any] = {"chunks": built[name]["chunks"], "documents": count * 25}
        for side, tree, warm in (("before", source, True), ("after", ROOT, False)):
            data = cache / f"growth-{name}-{side}"
            copy_index(cache / f"size-{name}", data)
            started = time.perf_counter()
            light = side == "before" and built[name]["chunks"] > LIGHT_BEFORE_CHUNKS
            row[side] = measure_side(tree, data, parts, extra, warm, light)
            log(f"growth {name} {side}: {time.perf_counter() - started:.0f} s")
        out[name] = row
    return out
