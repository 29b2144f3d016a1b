"""Counting requests in fixed windows, on Django's cache.

A ``Limit`` allows ``count`` events per key (an e-mail address, a client address) in a
window of ``seconds`` that starts with the first event. The counters live in the cache
(``CACHES``), so every web process that shares the cache shares the limit. Keys are hashed,
so no address is stored in the clear.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache

from core import clock


@dataclass(frozen=True)
class Limit:
    """At most ``count`` events per key in ``seconds``; ``name`` keeps limits apart."""

    name: str
    count: int
    seconds: int

    def _key(self, key: str) -> str:
        digest = hashlib.sha256(key.encode()).hexdigest()
        return f"ratelimit:{self.name}:{digest}"

    def _window(self, key: str) -> tuple[float, int]:
        """When the key's window started, and how many events it has had (0 when none)."""
        now = clock.now().timestamp()
        stored = cache.get(self._key(key))
        if isinstance(stored, tuple) and len(stored) == 2 and now < stored[0] + self.seconds:
            return float(stored[0]), int(stored[1])
        return now, 0

    def used(self, key: str) -> int:
        """How many events the key has had in its current window."""
        return self._window(key)[1]

    def reached(self, key: str) -> bool:
        """Has the key had all its events for this window?"""
        return self.used(key) >= self.count

    def hit(self, key: str) -> bool:
        """Count one event; True if it was within the limit."""
        started, used = self._window(key)
        used += 1
        # Kept until the window ends. Read-then-write rather than the cache's incr(), whose
        # database backend forgets the expiry: two requests at the same instant may count as
        # one, which a limit of this kind can bear.
        remaining = max(1, round(started + self.seconds - clock.now().timestamp()))
        cache.set(self._key(key), (started, used), timeout=remaining)
        return used <= self.count
