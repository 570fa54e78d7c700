"""Rasa's SQL tracker store with the last saved tracker of each conversation kept in memory.

Profiling an excuse turn showed a third of the Rasa server's time in `SQLTrackerStore.retrieve`:
every turn reads every event of the session back and rebuilds each one from JSON. Here a
conversation's tracker is rebuilt only when the database has moved on since this process saved
it (another Rasa server took a turn, or a turn failed before saving), which one indexed query
tells. The database stays the truth, so restarts and several servers behave as before; the lock
store keeps one conversation's turns in order across servers.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

CACHED_CONVERSATIONS = 2000  # least recently used ones beyond this are read from the database


@dataclass
class _Cached:
    tracker: DialogueStateTracker
    events: int  # len(tracker.events) when saved: more means a turn changed it unsaved
    last_id: int  # the newest event row of the conversation when saved


class CachedSQLTrackerStore(SQLTrackerStore):
    def __init__(
        self, *args: Any, cached_conversations: int = CACHED_CONVERSATIONS, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.capacity = int(cached_conversations)
        self._cache: OrderedDict[str, _Cached] = OrderedDict()
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_wal)

    def _last_id(self, sender_id: str) -> int:
        with self.session_scope() as session:
            newest = (
                session.query(sa.func.max(self.SQLEvent.id))
                .filter(self.SQLEvent.sender_id == sender_id)
                .scalar()
            )
        return newest or 0

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        last_id = self._last_id(sender_id)
        cached = self._cache.get(sender_id)
        if (
            cached is not None
            and len(cached.tracker.events) == cached.events
            and last_id == cached.last_id
        ):
            self._cache.move_to_end(sender_id)
            return cached.tracker
        self._cache.pop(sender_id, None)
        # last_id was read before the events: a row written meanwhile makes the next read reload.
        tracker = await super().retrieve(sender_id)
        if tracker is not None:
            self._remember(tracker, last_id)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        # Dropped first: if saving fails, the next turn reads the database.
        self._cache.pop(tracker.sender_id, None)
        await super().save(tracker)
        # Inside the conversation's lock, so the newest row is this save's.
        self._remember(tracker, self._last_id(tracker.sender_id))

    def _remember(self, tracker: DialogueStateTracker, last_id: int) -> None:
        self._cache[tracker.sender_id] = _Cached(tracker, len(tracker.events), last_id)
        self._cache.move_to_end(tracker.sender_id)
        while len(self._cache) > self.capacity:
            self._cache.popitem(last=False)


def _sqlite_wal(connection: Any, _record: Any) -> None:
    """A SQLite tracker file in WAL mode: a commit is one append instead of a journal rewritten
    and synced twice. NORMAL sync survives a crash of the server; a power cut may lose the last
    turns' conversation state, never account data (that is the action server's database)."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
