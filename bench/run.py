"""`make bench`: every benchmark in one run, then `bench/results.json`, `docs/benchmarks.md` and the chart.

Stages run one after the other, each in its own process (`bench/measure.py`), so they never compete for the
two cores and each reports its own peak RSS. Built indexes, the ONNX exports and sentence vectors are cached
in `bench/cache` (git-ignored), so a rerun rebuilds only what its code or settings changed. `--quick` runs
tiny sizes to check the machinery. `--only SECTION ...` reruns some sections and keeps the others' figures
from the existing results file (each section records when and under which load it was measured).
It does not measure anything itself.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.synth import ROOT
from index.embedding.bundled import MINILM as ONNX_MODEL
from ui.settings import Settings

CACHE = ROOT / "bench" / "cache"
# Corpus parts (25 synthetic documents) per size: with the default model (use-multilingual-v3) a part makes about
# 151 chunks (183 parts made 27,703), so each size has about as many chunks as its name says.
SIZES = {"1k": 7, "10k": 66, "50k": 330, "150k": 990}
QUICK_SIZES = {"tiny": 1, "small": 2}
BACKENDS = ["torch", "onnx", "onnx-int8"]
SECTIONS = ["startup", "backends", "ingest", "sizes", "growth", "load", "eval", "external"]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def stage(name: str, *args: str, module: str = "bench.measure") -> dict[str, Any]:
    started = time.perf_counter()
    command = [sys.executable, "-m", module, name, *args]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stderr[-4000:])
        raise SystemExit(f"bench stage {name} failed (exit {result.returncode})")
    data = json.loads(result.stdout.strip().splitlines()[-1])
    data["stage_s"] = round(time.perf_counter() - started, 1)
    log(f"{name} {' '.join(args[:2])}: {data['stage_s']} s")
    return data


def build_sizes(sizes: dict[str, int], corpus: Path, sentences: Path) -> dict[str, dict[str, Any]]:
    """Each size's index, grown from the previous size's copy; cached across runs by `cache_key`."""
    from bench.build import cache_key, copy_index, mark, ready

    key = cache_key(Settings.load(None))
    built: dict[str, dict[str, Any]] = {}
    previous: tuple[Path, int] | None = None
    for name, parts in sizes.items():
        data = CACHE / f"size-{name}"
        if ready(data, key) and json.loads((data / "bench-build.json").read_text()).get("parts", parts) == parts:
            built[name] = json.loads((data / "bench-build.json").read_text(encoding="utf-8")) | {"cached": True}
            log(f"size {name}: cached index ({built[name]['chunks']} chunks)")
        else:
            first = 0
            if previous is not None:
                copy_index(previous[0], data)
                first = previous[1]
            else:
                import shutil

                shutil.rmtree(data, ignore_errors=True)
            grown = stage(
                "grow", "--data", str(data), "--corpus", str(corpus), "--parts", str(parts),
                "--first", str(first), "--sentence-cache", str(sentences),
            )  # fmt: skip
            mark(data, key, grown | {"parts": parts})
            built[name] = grown | {"cached": False}
        previous = (data, parts)
    return built


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }


def measure_section(section: str, quick: bool, sizes: dict[str, int], load_index: Path | None = None) -> Any:
    corpus, sentences = CACHE / "corpus", CACHE / "sentences.sqlite3"
    if section == "backends":  # ONNX export applies to transformer checkpoints: the bundled MiniLM
        return stage(
            "backends", "--data", str(CACHE / "backends"), "--corpus", str(corpus), "--parts", "1",
            "--chunks", "48" if quick else "128", "--rounds", "3", "--model", ONNX_MODEL,
        )  # fmt: skip
    if section == "startup":  # cold one-shot `rag ask` and `rag --help` processes over the seed index
        from bench.startup import run_startup

        return run_startup(CACHE, log, rounds=2 if quick else 5)
    if section == "ingest":
        return stage(
            "ingest", "--data", str(CACHE / "ingest"), "--corpus", str(corpus), "--parts", "1", "--rounds", "3"
        )
    if section == "sizes":
        built = build_sizes(sizes, corpus, sentences)
        out = {}
        for name in sizes:
            served = stage("serve", "--data", str(CACHE / f"size-{name}"), "--rounds", "2", "--every", "2")
            out[name] = {"build": built[name], **served}
        return out
    if section == "growth":  # before (the baseline commit) and after on copies of the size indexes
        from bench.growth import run_growth

        return run_growth(CACHE, sizes, build_sizes(sizes, corpus, sentences), log)
    if section == "load":  # `rag serve` under 50 clients: this code against older commits, seed scale and large
        from bench.load import large_index, run_load_section

        large = large_index(CACHE, sizes, load_index)
        return run_load_section(CACHE, large, log, seconds=5.0 if quick else 30.0)
    if section == "eval":
        if not (ROOT / "eval" / "harness.py").is_file():
            return None
        for backend in BACKENDS:  # one ONNX export for all stages: the eval data dirs link to it
            data = CACHE / f"eval-{backend}"
            data.mkdir(exist_ok=True)
            if not (data / "models").exists():
                (data / "models").symlink_to(CACHE / "backends" / "models", target_is_directory=True)
        return {
            b: stage("eval", "--data", str(CACHE / f"eval-{b}"), "--backend", b, "--model", ONNX_MODEL)
            for b in BACKENDS
        }
    from bench.external import run_external

    return run_external(stage, CACHE, quick)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny sizes and samples: checks the machinery only")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, help="rerun these sections, keep the others")
    parser.add_argument(
        "--sizes", nargs="+", help="with --only sizes: NAME or NAME=PARTS (25 documents a part), e.g. 10k=65"
    )
    parser.add_argument(
        "--load-index", type=Path, help="load section: the large data dir to copy (default: the largest size built)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    sizes = QUICK_SIZES if args.quick else SIZES
    if args.sizes:  # a model with larger chunks needs more parts for the same number of chunks
        wanted = dict(spec.split("=", 1) if "=" in spec else (spec, sizes[spec]) for spec in args.sizes)
        sizes = {name: int(parts) for name, parts in wanted.items()}
    CACHE.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict[str, Any] = {}
    if args.only and args.out.is_file():
        results = json.loads(args.out.read_text(encoding="utf-8"))
        results.pop("targets", None)
    results |= {"started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "quick": args.quick, "machine": machine()}
    results.setdefault("measured", {})
    for section in args.only or SECTIONS:
        log(section)
        section_started, load = time.perf_counter(), [round(x, 2) for x in os.getloadavg()]
        measured = measure_section(section, args.quick, sizes, args.load_index)
        if section == "sizes" and args.sizes:
            measured = results.get("sizes", {}) | measured
        results[section] = measured
        results["measured"][section] = {
            "at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "duration_s": round(time.perf_counter() - section_started, 1),
            "load_average_start": load,
            "load_average_end": [round(x, 2) for x in os.getloadavg()],
            "default_embed_model": Settings.load(None).index.embed_model,
        }
        if max(load[0], os.getloadavg()[0]) > 1.0:  # other jobs took a core or more: say so next to the figures
            results["measured"][section]["machine"] = "loaded (shared with other jobs: 1-minute load above 1)"
        partial = args.out.with_suffix(".partial.json")  # a section measured is never lost to a later failure
        partial.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    results["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    results["duration_s"] = round(time.perf_counter() - started, 1)

    from bench.report import evaluate_targets, write_docs

    results["targets"] = evaluate_targets(results)
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    write_docs(results, args.docs)
    log(f"done in {results['duration_s']} s: {args.out}, {args.docs}")


if __name__ == "__main__":
    main()
