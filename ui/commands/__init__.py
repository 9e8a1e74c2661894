"""The `rag` commands, grouped by what they work on: `index` (ingest, info, doctor, remove), `answer` (ask, chat,
serve) and `evaluate` (eval); `common` holds what they share (settings, the engine, the one-line failure).
`ui/cli.py` registers them on the Typer app and maps every `RagError` to its exit code in one place.
"""
