"""What an ingest run reports: files added, updated, removed, unchanged, skipped (with reasons) and warnings.

`IngestReport` is the JSON contract of `rag ingest --json` and of the upload endpoints (each skipped file's
reason in English; the kind and fields of each, `skip_reasons`, stay out of the JSON); `peak_rss_mb` measures
the process's peak memory for it. It does not ingest anything.
"""

from __future__ import annotations

import resource
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from index.readers.reasons import Reason

# progress(stage, done, total): the CLI draws a bar from it; the web upload shows a percentage.
Progress = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    files: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)  # not indexed: {"path", "reason"}
    warnings: list[dict[str, str]] = field(default_factory=list)  # indexed, with a caveat: {"path", "reason"}
    chunks: int = 0
    peak_rss_mb: float = 0.0  # the process's peak resident memory so far, measured at the end of the run
    # The reason of each `skipped` entry (same order) as a kind with its fields, for a page that words it in its
    # own language; not part of the JSON (`to_dict`), which keeps each reason's English text.
    skip_reasons: list[Reason] = field(default_factory=list)

    def skip(self, path: str, reason: Reason) -> None:
        """Report `path` as not indexed, for `reason`."""
        self.skipped.append({"path": path, "reason": reason.text})
        self.skip_reasons.append(reason)

    @property
    def warning_count(self) -> int:
        return len(self.skipped) + len(self.warnings)

    @property
    def nothing_read(self) -> bool:
        """Files were given and not one of them could be read (the CLI exits non-zero then)."""
        return bool(self.skipped) and not (self.added or self.updated or self.unchanged)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["skip_reasons"]
        return {**data, "warning_count": self.warning_count}


def peak_rss_mb() -> float:
    """Peak resident set size of this process: Linux's VmHWM (ru_maxrss would include a parent's peak from
    before exec), else ru_maxrss (KiB on Linux, bytes on macOS)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (2**20 if sys.platform == "darwin" else 2**10), 1)
