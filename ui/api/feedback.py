"""`POST /api/feedback`: a thumbs up/down on an answer, stored by `Service.record_vote` (one JSONL line)."""

from __future__ import annotations

from fastapi import APIRouter

from ui.api.deps import ServiceDep
from ui.api.models import FeedbackIn, Stored

router = APIRouter(tags=["api"])


@router.post("/api/feedback", status_code=201)
def feedback(body: FeedbackIn, service: ServiceDep) -> Stored:
    """Store a thumbs up/down on an answer as one JSONL line in the data dir."""
    record = service.record_vote(body.vote, body.question, body.answer, body.citations, origin="api")
    return Stored(time=record.time)
