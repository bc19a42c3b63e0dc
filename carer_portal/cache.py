"""A small per-process cache for what every visitor sees the same (the landing page's stories).

Each web process keeps its own: a publish in this process clears it at once, other processes
see the change within the time-to-live. Nothing personal is ever cached here.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any


class PublicCache:
    def __init__(self, ttl_seconds: float = 60.0) -> None:
        self.ttl = ttl_seconds
        self._entries: dict[str, tuple[float, Any]] = {}

    async def get_or_load(self, key: str, load: Callable[[], Awaitable[Any]]) -> Any:
        entry = self._entries.get(key)
        now = time.monotonic()
        if entry is not None and entry[0] > now:
            return entry[1]
        value = await load()
        self._entries[key] = (now + self.ttl, value)
        return value

    def clear(self) -> None:
        self._entries.clear()
