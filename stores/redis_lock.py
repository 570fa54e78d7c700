"""Rasa's Redis lock store with its tickets issued and returned atomically.

Rasa 3.6's RedisLockStore issues a ticket by reading the conversation's lock, adding a ticket and
writing it back, with nothing in between to stop another server doing the same. Two Rasa servers
taking turns of one conversation at the same moment could then both hold the lock, and the turns'
tracker events overwrote each other (tests/e2e/test_scale_out.py caught it). Here each read-modify-
write runs under a short Redis mutex for that conversation: issuing a ticket, returning it, and the
waiters' once-a-second `update_lock`. Unguarded, a waiter could write back a ticket that its holder
had just returned, and every later turn of the conversation waited for it to expire (60 s).
"""

from __future__ import annotations

from typing import Any

from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

MUTEX_SECONDS = 5  # held for one Redis round trip; the timeout only frees it if a server dies


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        # Rasa hands a custom lock store its endpoint; `type: redis` is built from it like this.
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def _mutex(self, conversation_id: str) -> Any:
        return self.red.lock(
            f"{self.key_prefix}{conversation_id}:mutex",
            timeout=MUTEX_SECONDS,
            blocking_timeout=MUTEX_SECONDS,
        )

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: str) -> None:
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # Calls finish_serving, which is not guarded itself: Redis locks are not re-entrant.
        with self._mutex(conversation_id):
            super().cleanup(conversation_id, ticket_number)
