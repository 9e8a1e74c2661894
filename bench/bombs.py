"""Hostile-document timings: wall time and peak memory of reading a .docx zip bomb and a slow PDF, and of
ingesting 10 MiB of text as one file vs the same bytes as ten files (issue 13's bomb rows).

Each case runs in a fresh process so its peak memory is its own (the reader worker's, when there is one, is
counted too). Run with the code under test first on PYTHONPATH:
    PYTHONPATH=<tree> python bench/bombs.py [--readers-only] [--json OUT]
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = "10"  # RAG_READ_TIMEOUT for the readers here (where the tree has one), so a bomb meets the budget
READ = """
import sys, time
from pathlib import Path
from index.readers import read_document
from index.readers import SkipFile
try:  # the budgeted reader (issue 13); older trees have none
    from index.readers import Budget
    budget = (Budget(timeout=float(sys.argv[2])),)
except ImportError:
    budget = ()
start = time.perf_counter()
try:
    outcome = f"read {len(read_document(Path(sys.argv[1]), *budget)):,} characters"
except SkipFile as reason:
    outcome = f"skipped: {reason}"
print(f"{time.perf_counter() - start:.1f} s, {outcome}")
"""
INGEST = """
import sys, time
from pathlib import Path
from index.embedding import load_embedder
from index.ingest import Ingestor
from ui.settings import Settings
settings = Settings.load(None, data_dir=Path(sys.argv[2]))
ingestor = Ingestor(settings.index, load_embedder(settings.index))
start = time.perf_counter()
report = ingestor.run([Path(sys.argv[1])])
print(f"{time.perf_counter() - start:.1f} s, {report.chunks} chunks, {len(report.skipped)} skipped")
"""


def run(code: str, *args: str) -> str:
    """Run `code` in a fresh interpreter; its output plus the peak RSS of it or of any process it waited for
    (the reader worker), from wait4's rusage of that one child."""
    with tempfile.TemporaryFile("w+") as out:
        process = subprocess.Popen([sys.executable, "-c", code, *args], stdout=out, stderr=subprocess.STDOUT, text=True)
        _, _, usage = os.wait4(process.pid, 0)
        process.returncode = 0
        out.seek(0)
        lines = out.read().strip().splitlines() or ["(no output)"]
    return f"{lines[-1][:160]}; peak RSS {usage.ru_maxrss / 1024:.0f} MB"


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from tests.hostile_docs import docx_bomb, slow_pdf

    work = Path(tempfile.mkdtemp(prefix="rag-bombs-"))
    rows: dict[str, str] = {}
    try:
        bomb = work / "bomb.docx"
        bomb.write_bytes(docx_bomb(300))
        rows[f"read .docx bomb ({bomb.stat().st_size // 1024} KB -> 300 MiB XML)"] = run(READ, str(bomb), TIMEOUT)
        pdf = work / "slow.pdf"
        pdf.write_bytes(slow_pdf(600_000))
        name = f"read slow PDF ({pdf.stat().st_size // 1024} KB, one page of 600k operators)"
        rows[name] = run(READ, str(pdf), TIMEOUT)
        pdf.write_bytes(slow_pdf(300_000))
        name = f"read slow PDF ({pdf.stat().st_size // 1024} KB, one page of 300k operators)"
        rows[name] = run(READ, str(pdf), TIMEOUT)
        if "--readers-only" not in sys.argv:
            ingest_rows(work, rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    width = max(map(len, rows))
    for name, value in rows.items():
        print(f"{name:<{width}}  {value}")
    if "--json" in sys.argv:
        Path(sys.argv[sys.argv.index("--json") + 1]).write_text(json.dumps(rows, indent=1))


def ingest_rows(work: Path, rows: dict[str, str]) -> None:
    seeds = "".join(p.read_text(encoding="utf-8") + "\n\n" for p in sorted((ROOT / "seeds").glob("*.txt")))
    text = (seeds * (10 * 2**20 // len(seeds.encode()) + 1)).encode()[: 10 * 2**20].decode(errors="ignore")
    one, ten = work / "one", work / "ten"
    one.mkdir()
    ten.mkdir()
    (one / "big.txt").write_text(text, encoding="utf-8")
    step = len(text) // 10
    for n in range(10):
        (ten / f"part{n}.txt").write_text(text[n * step : (n + 1) * step if n < 9 else None], encoding="utf-8")
    rows["ingest 10 MiB text as ten files"] = run(INGEST, str(ten), str(work / "data-ten"))
    rows["ingest 10 MiB text as one file"] = run(INGEST, str(one), str(work / "data-one"))


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    main()
