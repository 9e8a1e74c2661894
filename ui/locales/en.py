"""The chat page in English: its own strings, the reasons it shows and the keys Gradio's tables lack.

English is what every other language falls back to, key by key, and the language of the API and the CLI: the
index's refusals and why a file is not indexed (`SKIP_REASONS`) are its own English texts. Gradio renders its
hard-coded English labels as they are, so `LABELS` and `PATTERNS` are empty. Data only (`ui/locales/__init__.py`).
"""

from __future__ import annotations

from index.readers.reasons import REASON_TEXTS, REMOVED_TEXT

# The page's own strings and the messages its handlers word (`ui/page_strings.py`).
PAGE: dict[str, str] = {
    "intro": "## polyglot-rag\nAsk in any language; answers quote the documents with numbered sources.",
    "chat": "Chat", "documents": "Documents", "eval": "Eval",
    "top_k": "Passages to retrieve (top-k)", "only_in": "Document language",
    "chat_placeholder": "Ask about your documents in English, Italian, Russian or another language.",
    "ask": "Ask a question…", "token": "Admin token", "files": "Documents", "add": "Add to the index",
    "remove_pick": "Remove a document from the index", "remove": "Remove",
    "eval_note": "The latest eval report of this index (`<data dir>/reports/latest`).",
    "no_report": "No eval report yet: run it here or with `make eval`.",
    "run_eval": "Run the eval", "chart": "Chart", "page_language": "Page language", "any_language": "Any language",
    "col_document": "Document", "col_title": "Title", "col_language": "Language", "col_chunks": "Chunks",
    "supported": "Supported: {formats} · ≤ {limit} MiB",
    "policy_token": "Adding documents needs the admin token.",
    "policy_loopback": "Adding documents is open because the server only listens on this machine.",
    "policy_closed": "Adding documents is disabled: set RAG_ADMIN_TOKEN to enable it on a network address.",
    "vote_saved": "Thanks, your vote was saved.",
    "rename_label": "New name…", "rename": "Rename", "renamed": "Renamed.",
    "rename_none": "Start or open a conversation first: there is nothing to rename yet.",
    "rename_empty": "Type a name first; nothing was changed.",
    "rename_long": "A name has at most 80 characters; nothing was changed.",
    "doc_hint": "Open a source's title in an answer to read the whole document here, its cited sentence marked.",
    # messages the server words itself (formatted by `page_message`, `refusal_words`, `chunks`)
    "upload_added": "✅ added `{source}` ({language}, {chunks})", "upload_updated": "✅ updated `{source}` "
    "({language}, {chunks})", "upload_unchanged": "✅ unchanged `{source}` ({language}, {chunks})",
    "upload_refused": "Upload refused", "nothing_to_upload": "Nothing to upload",
    "choose_files": "Choose one or more files first.", "eval_not_run": "Eval not run",
    "choose_removal": "Choose a document to remove first.",
    "removed": "🗑️ removed `{source}` ({chunks}); {documents} left",
    "chunks_one": "{n} chunk", "chunks_few": "{n} chunks", "chunks_many": "{n} chunks",
    "refused_rate": "Too many questions from your address; try again in {seconds} s.",
    "refused_tokens": "Too many wrong admin tokens; try again in {seconds} s.",
    "refused_no_token": "This needs the admin token: type it in the admin token field.",
    "refused_wrong_token": "Wrong admin token.",
    "refused_closed": "Adding documents is disabled: the server listens on a network address and "
    "RAG_ADMIN_TOKEN is not set.",
    "refused_type": "{name}: unsupported file type {suffix}; supported: {allowed}.",
    "refused_size": "{name} is {size} MiB; the upload limit is {limit} MiB.", "refused_empty": "{name} is empty.",
    "refused_name": "Invalid file name {name}.", "refused_unreadable": "{name} cannot be indexed: {reason}",
    "refused_not_uploaded": "{name} was not uploaded through this page; refused.",
    "refused_eval_running": "An eval is already running.",
    "refused_no_source": "No document named: open a source from an answer.",
    "refused_unknown": "{source} is not in the index (removed meanwhile?).",
}  # fmt: skip
# Reasons from outside the page's handlers (the index's refusals, a full queue or upload space) and progress stages.
REASONS: dict[str, str] = {
    "index_mismatch": "The index was built with other settings ({diff}); rebuild it with `rag ingest --reset`.",
    "index_owned": "The collection {collection} on {url} belongs to another data dir: point RAG_DATA_DIR at that "
    "data dir, choose another RAG_COLLECTION, or replace its contents with `rag ingest --reset`.",
    "store_lost": "Lost the Chroma server at {url}; try again once it is back.",
    "lexical_damaged": "The lexical index is damaged; `rag doctor --repair` rebuilds it from Chroma.",
    "lexical_old": "The lexical index has an older format; `rag ingest` migrates it in place (or rebuild "
    "everything with `rag ingest --reset`).",
    "unavailable": "A service the index needs is not available now ({reason}); try again later.",
    "index_error": "The index cannot do this: {reason}.",
    "upload_full": "The upload space is full ({used} MiB waiting to be indexed); try again later.",
    "queue_mine": "You already have {requests} waiting or running; wait before sending more "
    "(RAG_QUEUE_PER_CLIENT).",
    "queue_full": "The server is busy ({requests} waiting); try again in a moment.",
    "requests_one": "{n} request", "requests_few": "{n} requests", "requests_many": "{n} requests",
    "stage_reading": "reading", "stage_embedding": "embedding", "stage_lexical": "lexical index",
    "stage_questions": "questions", "stage_baseline": "baseline {mode}", "stage_sweep": "abstention sweep",
    "stage_conversations": "conversations",
    "ambiguous_document": "The index holds {count} named `{name}`: {matches}. Nothing was removed; pick one by "
    "the path shown for it.",
    "documents_one": "{n} document", "documents_few": "{n} documents", "documents_many": "{n} documents",
}  # fmt: skip
# Why a file is not indexed, by `index.readers.reasons.Reason` kind ("removed": after an indexed file's reason).
SKIP_REASONS: dict[str, str] = {**REASON_TEXTS, "removed": REMOVED_TEXT}
# Keys in no Gradio table: the uploaded file's button and what the status tracker announces when an event ends.
GRADIO_KEYS: dict[str, str] = {"common.upload": "Upload", "common.complete": "Complete"}
# Gradio's hard-coded labels are English already.
LABELS: dict[str, str] = {}
PATTERNS: dict[str, str] = {}
