"""What the web chat and the JSON API both do besides answering: add uploaded documents, store votes, run the eval.

One `Service` per server process wraps the shared `Engine`. Uploads are checked (who may upload, extension
allowlist, size limit, readable text) before anything touches the index, saved under a sanitised name inside
`<data_dir>/uploads/`, ingested with the engine's own embedder and Chroma client, and made searchable at once
with `engine.reload()`. Ingests and eval runs are serialised with locks. Votes are kept by `ui/votes.py`. It does
not speak HTTP or render pages.
"""

from __future__ import annotations

import hmac
import ipaddress
import math
import re
import threading
import unicodedata
import uuid
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Literal

from rag.types import Answer, Citation
from ui.service_models import DocumentInfo, DocumentText, FeedbackRecord, Refused, Removal, UploadResult
from ui.settings import ServeSettings
from ui.votes import Votes

if TYPE_CHECKING:
    from index.ingest import Ingestor
    from index.settings import IndexSettings
    from rag.engine import Engine
    from rag.settings import RagSettings

Progress = Callable[[str, int, int], None]
MAX_NAME_CHARS = 100
TOKEN_FAILURES = (5, 300.0)  # wrong admin tokens a client may send per window (seconds) before it must wait


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def safe_file_name(name: str) -> str:
    """The last path component with only letters, digits, `.`, `-` and `_`: `../../x.txt` becomes `x.txt`."""
    base = PurePosixPath(str(name).replace("\\", "/")).name
    base = unicodedata.normalize("NFC", base)
    base = re.sub(r"[^\w.-]+", "_", base).strip("._")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = stem.strip("._") or "upload"
    suffix = suffix.lower()
    keep = MAX_NAME_CHARS - len(suffix) - 1
    return f"{stem[:keep]}.{suffix}" if suffix else stem[:MAX_NAME_CHARS]


class Service:
    """Uploads, votes and eval runs over one shared engine; thread-safe."""

    def __init__(self, serve: ServeSettings, engine: Engine) -> None:
        self.serve = serve
        self.engine = engine
        self._ingest_lock = threading.Lock()
        self._eval_lock = threading.Lock()
        self.votes = Votes(serve.feedback_path)  # the shown answers and the feedback file
        self._ingestor: Ingestor | None = None
        from ui.security import RateLimiter, parse_rate

        limit, window = parse_rate(serve.rate_limit)
        self.limiter = RateLimiter(limit, window) if limit > 0 else None  # shared by /api and the chat page
        self._token_failures = RateLimiter(*TOKEN_FAILURES)

    # -- what the engine was built with (the one source of the index and answering settings) ---------------
    @property
    def index(self) -> IndexSettings:
        """The engine's `IndexSettings` (data dir, languages, embedding)."""
        return self.engine.index_settings

    @property
    def rag(self) -> RagSettings:
        """The engine's `RagSettings` (top_k, question length, answer mode)."""
        return self.engine.settings

    def admit(self, client: str | None) -> None:
        """Counts one question (or upload, vote, eval run) for `client`; `Refused` (429) over RAG_RATE_LIMIT."""
        wait = self.limiter.check(client or "unknown") if self.limiter else 0.0
        if wait > 0:
            seconds = max(1, math.ceil(wait))
            message = f"too many questions from your address; try again in {seconds} s (RAG_RATE_LIMIT)"
            raise Refused(429, message, "refused_rate", seconds=seconds)

    # -- who may change the index ---------------------------------------------------------------------
    @property
    def upload_policy(self) -> str:
        if self.serve.admin_token:
            return "token"
        return "loopback" if is_loopback(self.serve.host) else "closed"

    def authorise(self, token: str | None, client: str | None = None) -> None:
        """Raises `Refused` unless this caller may add documents or run the eval; after 5 wrong tokens from one
        client address in 5 minutes, that client gets 429 until the window has passed (right token or not)."""
        expected = self.serve.admin_token
        if expected:
            key = client or "unknown"
            wait = self._token_failures.blocked_for(key)
            if wait > 0:
                seconds = max(1, math.ceil(wait))
                raise Refused(
                    429, f"too many wrong admin tokens; try again in {seconds} s", "refused_tokens", seconds=seconds
                )
            if not token:
                message = "this needs the admin token (RAG_ADMIN_TOKEN): send it as 'Authorization: Bearer …'"
                raise Refused(401, message, "refused_no_token")
            if not hmac.compare_digest(token.encode("utf-8", "surrogatepass"), expected.encode("utf-8")):
                self._token_failures.check(key)
                raise Refused(403, "wrong admin token", "refused_wrong_token")
            return
        if not is_loopback(self.serve.host):
            raise Refused(
                403,
                f"uploads are disabled: the server listens on {self.serve.host}, not loopback, "
                "and RAG_ADMIN_TOKEN is not set",
                "refused_closed",
            )

    # -- uploads ----------------------------------------------------------------------------------------
    @property
    def max_upload_bytes(self) -> int:
        return int(self.serve.max_upload_mb * 1024 * 1024)

    @staticmethod
    def supported_suffixes() -> list[str]:
        from index.readers import supported_suffixes

        return supported_suffixes()

    def check_name(self, name: str) -> str:
        """The sanitised name to store, or `Refused` (415) for a type the ingestion cannot read."""
        safe = safe_file_name(name)
        suffix = Path(safe).suffix.lower()
        allowed = self.supported_suffixes()
        if suffix not in allowed:
            shown = suffix or "(none)"
            message = f"unsupported file type {shown} for {name!r}; supported: {', '.join(allowed)}"
            raise Refused(415, message, "refused_type", suffix=shown, name=name, allowed=", ".join(allowed))
        return safe

    def check_size(self, size: int, name: str) -> None:
        if size > self.max_upload_bytes:
            size_mb, limit = f"{size / 1048576:.1f}", f"{self.serve.max_upload_mb:g}"
            message = f"{name!r} is {size_mb} MiB; the upload limit is {limit} MiB"
            raise Refused(413, message, "refused_size", name=name, size=size_mb, limit=limit)
        if size == 0:
            raise Refused(422, f"{name!r} is empty", "refused_empty", name=name)

    def add_document(self, name: str, data: bytes, progress: Progress | None = None) -> UploadResult:
        """Validate, save and ingest one upload (parsed once, by the ingest); on any refusal the index and the
        uploads folder are unchanged."""
        safe = self.check_name(name)
        self.check_size(len(data), name)
        folder = self.serve.uploads_dir
        folder.mkdir(parents=True, exist_ok=True)
        target = (folder / safe).resolve()
        if target.parent != folder.resolve():  # belt and braces: safe_file_name already removed any path
            raise Refused(422, f"invalid file name {name!r}", "refused_name", name=name)
        incoming = folder / f".incoming-{uuid.uuid4().hex}{target.suffix}"
        incoming.write_bytes(data)
        try:
            with self._ingest_lock:
                return self._ingest(incoming, target, progress)
        finally:
            incoming.unlink(missing_ok=True)

    def _ingest(self, incoming: Path, target: Path, progress: Progress | None) -> UploadResult:
        from index.ingest import Ingestor

        previous = target.read_bytes() if target.exists() else None
        incoming.replace(target)
        try:
            if self._ingestor is None:
                self._ingestor = Ingestor(self.index, self.engine.embedder, client=self.engine.client)
            # keep_unreadable: a refused new version must not drop the indexed old one (it is restored below).
            report = self._ingestor.run([target], progress=progress, keep_unreadable=True)
            if report.skipped:  # `why`: the same reason as a kind and its fields, for the page's language
                reason, why = report.skipped[0]["reason"], report.skip_reasons[0]
                message = f"{target.name!r} cannot be indexed: {reason}"
                raise Refused(422, message, "refused_unreadable", name=target.name, reason=reason, why=why)
        except BaseException:
            if previous is None:
                target.unlink(missing_ok=True)
            else:
                target.write_bytes(previous)
            raise
        finally:
            self.engine.reload()
        status = "added" if report.added else "updated" if report.updated else "unchanged"
        manifest = self.engine.snapshot().commit.manifest
        entry = manifest.documents[str(target)]
        return UploadResult(
            status=status,
            document=DocumentInfo(
                source=entry.source, title=entry.title, language=entry.language, chunks=len(entry.chunk_ids)
            ),
            documents=len(manifest.documents),
            chunks=report.chunks,
        )

    def remove_document(self, source: str) -> Removal:
        """Remove a document from the index (`UnknownDocumentError`, a 404, if unknown; `AmbiguousDocumentError`, a
        422 that changes nothing, for a name several documents match); an uploaded copy is deleted with it."""
        from index import catalog

        with self._ingest_lock:
            try:
                key = catalog.find(self.engine.snapshot().commit.manifest, source)
                removed = catalog.remove(self.index, key, client=self.engine.client)
            finally:
                self.engine.reload()
            uploads = self.serve.uploads_dir.resolve()
            if Path(key).parent == uploads:  # our own copy of an upload, not a user's file
                Path(key).unlink(missing_ok=True)
        return Removal(removed=removed.source, chunks=removed.chunks, documents=removed.documents)

    def document_text(self, source: str, quote: str = "", passage: str = "") -> DocumentText:
        """The whole text of an indexed document, from the index only (`UnknownDocumentError`, a 404, if unknown),
        with where `quote` (searched inside or after `passage`) lies in it."""
        from index.fulltext import document_text
        from ui.document_view import locate

        commit = self.engine.snapshot().commit  # one commit, followed if another process ingested or removed
        doc = document_text(commit.manifest, commit.collection, source)
        span = locate(doc.text, quote, passage)
        return DocumentText(source=doc.source, title=doc.title, language=doc.language, text=doc.text, highlight=span)

    def documents(self) -> list[DocumentInfo]:
        return [DocumentInfo.model_validate(doc) for doc in self.engine.documents()]

    def document_picks(self) -> list[tuple[str, str, str]]:
        """(source, title, the name that picks it for `remove_document`), by source."""
        from index.catalog import picks

        return picks(self.engine.snapshot().commit.manifest)

    # -- votes (ui/votes.py) ----------------------------------------------------------------------------
    def remember(self, answer: Answer) -> str:
        """Keep a shown answer so a later vote on it can store its citations; returns its id."""
        return self.votes.remember(answer)

    def recall(self, key: str) -> Answer | None:
        return self.votes.recall(key)

    def record_vote(
        self, vote: Literal["up", "down"], question: str, answer: str, citations: list[Citation], origin: str
    ) -> FeedbackRecord:
        return self.votes.record(vote, question, answer, citations, origin)

    # -- eval -----------------------------------------------------------------------------------------------
    def latest_report(self) -> tuple[str | None, Path | None]:
        folder = self.serve.latest_report_dir
        md, png = folder / "report.md", folder / "report.png"
        return (md.read_text(encoding="utf-8") if md.is_file() else None, png if png.is_file() else None)

    def run_eval(self, progress: Progress | None = None) -> Path:
        """Run the bundled eval set (with baselines and conversations) and write the report to the data dir."""
        if not self._eval_lock.acquire(blocking=False):
            raise Refused(409, "an eval is already running", "refused_eval_running")
        try:
            import eval as eval_package
            from eval.harness import run_eval, write_report

            folder = Path(eval_package.__file__).resolve().parent
            result = run_eval(
                self.engine,
                folder / "qa.jsonl",
                baselines=True,
                progress=progress,
                conversations_path=folder / "conversations.jsonl",
            )
            return write_report(result, self.serve.latest_report_dir)
        finally:
            self._eval_lock.release()
