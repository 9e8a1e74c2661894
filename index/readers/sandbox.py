"""Run the whole-file readers (.pdf, .docx, .html) in a worker process with a time and a memory budget.

A hostile document can make a parser run for minutes (a PDF content stream of millions of operators) or
expand a small file into gigabytes (a zip bomb in a .docx); neither can be interrupted from inside the same
process. `read_isolated(suffix, path, limits)` sends the job to one long-lived worker (started with `spawn`,
address space capped with RLIMIT_AS) and waits at most `limits.timeout` seconds; a worker that overruns is
killed and replaced, and the file is skipped with a reason (`SkipFile`). The readers' own limits (page count,
unzipped size, part count) are checked before they expand anything (`index/readers/formats.py`). It does not decide
which files to read, and plain text is not read here: it is streamed in-process with its own time check.
"""

from __future__ import annotations

import multiprocessing
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.readers.base import READERS, Extracted, Limits, SkipFile
from index.readers.reasons import reason
from index.settings import IndexSettings


@dataclass(frozen=True)
class Budget:
    limits: Limits = field(default_factory=Limits)
    timeout: float = 60.0
    memory_mb: int = 2048

    @classmethod
    def for_settings(cls, settings: IndexSettings) -> Budget:
        """The budget `RAG_READ_TIMEOUT`, `RAG_READ_MEMORY_MB` and the reader limits describe."""
        limits = Limits(
            pdf_pages=settings.max_pdf_pages,
            docx_bytes=int(settings.max_docx_mb * 2**20),
            docx_parts=settings.max_docx_parts,
        )
        return cls(limits, timeout=settings.read_timeout, memory_mb=settings.read_memory_mb)


def _worker(conn: Any, memory_mb: int) -> None:
    import resource

    import index.readers.formats
    import index.readers.text  # noqa: F401 (with formats: registers every reader in this process)

    cap = memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        suffix, path, limits = job
        try:
            result = READERS[suffix](Path(path), limits)
            extracted = result if isinstance(result, Extracted) else Extracted(result)
            conn.send(("ok", extracted.text, extracted.notes))
        except SkipFile as skipped:  # its Reason (kind and fields) crosses the pipe, for the page to word it
            conn.send(("skip", skipped.reason, []))
        except MemoryError:
            conn.send(("skip", reason("memory", memory=memory_mb), []))
        except OSError as exc:
            conn.send(("oserror", exc.strerror or str(exc), [exc.errno]))
        except Exception as exc:  # a reader bug must not kill the ingest: report it as this file's reason
            conn.send(("skip", reason("reader_failed", error=type(exc).__name__, detail=str(exc)[:100]), []))


class _Pool:
    """One worker process, replaced after a timeout or a crash; jobs are serialised with a lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: Any = None
        self._conn: Any = None
        self._memory = 0

    def _start(self, memory_mb: int) -> None:
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(target=_worker, args=(child, memory_mb), daemon=True, name="rag-reader")
        process.start()
        child.close()
        self._process, self._conn, self._memory = process, parent, memory_mb

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join(5)
            self._conn.close()
        self._process = self._conn = None

    def run(self, suffix: str, path: Path, budget: Budget) -> Extracted:
        with self._lock:
            if self._process is None or not self._process.is_alive() or self._memory != budget.memory_mb:
                self._stop()
                self._start(budget.memory_mb)
            try:
                self._conn.send((suffix, str(path), budget.limits))
                ready = self._conn.poll(budget.timeout)
                status, text, extra = self._conn.recv() if ready else ("timeout", "", [])
            except (EOFError, OSError, BrokenPipeError):
                status, text, extra = "crash", "", []
            if status in ("timeout", "crash"):
                self._stop()
        if status == "ok":
            return Extracted(text, list(extra))
        if status == "oserror":
            raise OSError(extra[0] if extra else None, text)
        if status == "timeout":
            raise SkipFile("timeout", seconds=f"{budget.timeout:g}")
        if status == "crash":
            raise SkipFile("crashed", memory=budget.memory_mb)
        raise SkipFile(text)  # the Reason the worker sent


_POOL = _Pool()


def read_isolated(suffix: str, path: Path, budget: Budget) -> Extracted:
    """The reader for `suffix` run in the worker process; raises `SkipFile` over the budget."""
    return _POOL.run(suffix, path, budget)
