"""Delivery ids already taken, so a platform's retry of a message is never answered twice.

In process by default; `share` moves them to the Redis several Rasa servers share, so a retry
that lands on another server is still taken once (SET NX: one server wins)."""

from __future__ import annotations

from collections import OrderedDict

from channels.shared_redis import KEY_PREFIX, SharedRedis

REMEMBERED = 10_000  # ids kept; retries come within minutes, so this is hours of traffic
SHARED_SECONDS = 24 * 3600  # Slack retries for minutes and Telegram for about a day


class SeenDeliveries:
    def __init__(self, name: str, size: int = REMEMBERED) -> None:
        self.name = name
        self.size = size
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._shared: SharedRedis | None = None

    def share(self, redis: SharedRedis) -> None:
        self._shared = redis

    def first_time(self, delivery_id: str) -> bool:
        """True the first time an id is offered, False on every later offer."""
        if self._shared is not None:
            key = f"{KEY_PREFIX}{self.name}:seen:{delivery_id}"
            return bool(self._shared.set(key, "1", ex=SHARED_SECONDS, nx=True))
        if delivery_id in self._ids:
            return False
        self._ids[delivery_id] = None
        while len(self._ids) > self.size:
            self._ids.popitem(last=False)
        return True
