"""The product's one error tree: every refusal the user should read is a `RagError` with its exit code and HTTP status.

It lives in `index/`, the root of the import graph, so every layer can raise from it. The CLI (`ui/cli.py`) and
the API (`ui/api/errors.py`) each turn a `RagError` into an exit code or a response in exactly one place; the message
is the text the user reads (in English); `key` and `params` name the same reason for a page that words it in its own
language (`ui/page_strings.py`). It holds no logic beyond that mapping.
"""

from __future__ import annotations


class RagError(Exception):
    """A failure the user can act on: the message says what happened and what to do."""

    exit_code: int = 1
    http_status: int = 500

    def __init__(self, message: str = "", key: str = "", **params: object) -> None:
        super().__init__(message)
        self.key, self.params = key, params


class UsageError(RagError):
    """Input that cannot be used as given (a setting, an argument, a question, a dataset)."""

    exit_code = 2
    http_status = 422


class SettingsError(UsageError):
    """A `RAG_*` setting with a value that cannot be used; the message names each variable."""


class NotFoundError(RagError, LookupError):
    """Something asked for by name does not exist; the message says how to find the right name."""

    http_status = 404


class UnavailableError(RagError):
    """A service the product needs (the vector store, a model package) cannot be reached or loaded now."""

    http_status = 503
