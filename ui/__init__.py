"""Serving: the `rag` command line, the FastAPI JSON/SSE API, the Gradio chat and the embeddable widget."""
