"""The JSON/SSE API under `/api`, one `APIRouter` per concern: `ask` (health, ask, chat), `documents` (list, upload,
delete), `feedback`; `errors` maps every `RagError` to a response in one place; `deps` hands routes the engine,
the service and the serving settings from `app.state`. `ui/server.py:create_app` includes them. The routes do
not retrieve, answer or ingest themselves (see `rag.engine` and `ui/service.py`).
"""
