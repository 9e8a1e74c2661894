"""`/api/documents`: list the indexed documents, read one's whole text, upload one (add or replace), delete one.

Reads need what every `/api` read needs (nothing, or an API key when `RAG_API_KEYS` is set); uploads and deletions
need the admin token rule of `Service.authorise` (token, loopback or closed); every check, the text (from the
index, never from a file) and the ingest itself are `ui/service.py`'s. Refusals are `Refused` errors, answered
by `ui/api/errors.py`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool

from ui.api.deps import ServiceDep, TokenDep
from ui.security import client_key
from ui.service_models import DocumentInfo, DocumentText, Removal, UploadResult

router = APIRouter(tags=["api"])


@router.get("/api/documents")
def documents(service: ServiceDep) -> list[DocumentInfo]:
    """The indexed documents with their language and chunk count."""
    return service.documents()


@router.get(
    "/api/documents/{source:path}/text",
    responses={404: {"description": "No such indexed document"}, 422: {"description": "Several documents match"}},
)
def document_text(
    source: str,
    service: ServiceDep,
    quote: Annotated[str, Query(max_length=5000, description="A sentence to find (a citation's `quote`).")] = "",
    passage: Annotated[
        str, Query(max_length=5000, description="Text the quote lies in (a citation's `text`, or its start).")
    ] = "",
) -> DocumentText:
    """The whole text of one indexed document (its `source` from GET /api/documents), reassembled from the index,
    and where `quote` lies in it (`highlight`)."""
    return service.document_text(source, quote, passage)


@router.post("/api/documents", status_code=201, responses={401: {}, 403: {}, 413: {}, 415: {}, 422: {}})
async def upload(
    request: Request,
    file: Annotated[UploadFile, File(description="One document (RAG_MAX_UPLOAD_MB at most).")],
    token: TokenDep,
    service: ServiceDep,
) -> UploadResult:
    """Add (or replace) one document; it is searchable as soon as this returns."""
    service.authorise(token, client_key(request.scope))
    name = file.filename or "upload"
    service.check_name(name)
    if file.size is not None:
        service.check_size(file.size, name)
    data = await file.read(service.max_upload_bytes + 1)
    return await run_in_threadpool(service.add_document, name, data)


@router.delete("/api/documents/{source:path}", responses={401: {}, 403: {}, 404: {}, 422: {}})
def delete_document(request: Request, source: str, token: TokenDep, service: ServiceDep) -> Removal:
    """Remove one document (its `source` from GET /api/documents); needs the same token as uploads."""
    service.authorise(token, client_key(request.scope))
    return service.remove_document(source)
