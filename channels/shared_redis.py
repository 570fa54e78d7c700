"""The Redis that several Rasa servers share, when they share one: the lock store's.

With the scale-out endpoints (endpoints-scaleout.yml) every server takes its conversation locks
from one Redis; what a channel must remember across servers (deliveries already taken, the
Telegram buttons offered) goes there too, under its own keys. With one server the lock store is
in memory, and so is what the channels remember.
"""

from __future__ import annotations

from typing import Any, Protocol

from rasa.core.lock_store import RedisLockStore

KEY_PREFIX = "dunning_coach:"


class SharedRedis(Protocol):
    """The calls the channels make: redis-py's, on the lock store's client."""

    def set(self, name: str, value: str, ex: int | None = None, nx: bool = False) -> Any: ...

    def get(self, name: str) -> Any: ...


def of(app: Any) -> SharedRedis | None:
    """The lock store's Redis client when this server's agent locks through Redis, else None."""
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    lock_store = getattr(agent, "lock_store", None)
    return lock_store.red if isinstance(lock_store, RedisLockStore) else None
