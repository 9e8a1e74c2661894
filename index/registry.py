"""A tiny registry of swappable parts (embedding backends, vector-store clients, answer modes).

Factories are registered by key and imported lazily, so `rag --help` never pays for torch or chromadb.
It does not configure the parts; callers pass Settings to the factory.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from index.errors import RagError

T = TypeVar("T")


class UnknownKeyError(RagError, ValueError):
    """Raised for a key nobody registered; the message lists what exists."""


class Registry(Generic[T]):
    """Maps a key to a factory; `get` fails with the list of valid keys."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._factories: dict[str, Callable[..., T]] = {}

    def register(self, key: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
        def decorator(factory: Callable[..., T]) -> Callable[..., T]:
            self._factories[key] = factory
            return factory

        return decorator

    def keys(self) -> list[str]:
        return sorted(self._factories)

    def get(self, key: str) -> Callable[..., T]:
        try:
            return self._factories[key]
        except KeyError:
            raise UnknownKeyError(f"unknown {self.kind} {key!r}; valid: {', '.join(self.keys())}") from None

    def create(self, key: str, *args: object, **kwargs: object) -> T:
        return self.get(key)(*args, **kwargs)
