"""Rasa's SQL tracker store with the last saved tracker of each conversation kept in memory.

Profiling an excuse turn showed a third of the Rasa server's time in `SQLTrackerStore.retrieve`:
every turn reads every event of the session back and rebuilds each one from JSON. Here a
conversation's tracker is rebuilt only when the database has moved on since this process saved
it (another Rasa server took a turn, or a turn failed before saving), which one indexed query
tells. The database stays the truth, so restarts and several servers behave as before; the lock
store keeps one conversation's turns in order across servers.

A long session's tracker is handed out cut to its recent turns (stores/session_window.py), so a
turn's work does not grow with the session. The database still gets every event: the store knows
how many of each tracker's events it holds, instead of Rasa's count of the session's rows, which
is wrong for a cut tracker, and was for a cached one (it saved a new conversation's first turn
twice, because the tracker in memory holds events from before the session start's timestamp).

No request can stop the process: Rasa's `session_scope` takes any ValueError raised while a
session is open for its "PostgreSQL schema missing" check and exits, and a sender id the
database driver cannot encode (a lone surrogate) raises one. Here only the schema check exits.
"""

from __future__ import annotations

import contextlib
import itertools
import weakref
from collections import OrderedDict
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import Any

import rasa.shared.utils.cli
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, ensure_schema_exists
from rasa.shared.core.trackers import DialogueStateTracker

from stores import session_window

CACHED_CONVERSATIONS = 2000  # least recently used ones beyond this are read from the database


@dataclass
class _Cached:
    tracker: DialogueStateTracker
    last_id: int  # the newest event row of the conversation when saved


class CachedSQLTrackerStore(SQLTrackerStore):
    def __init__(
        self,
        *args: Any,
        cached_conversations: int = CACHED_CONVERSATIONS,
        recent_turns: int = session_window.RECENT_TURNS,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.capacity = int(cached_conversations)
        self.recent_turns = int(recent_turns)
        self._cache: OrderedDict[str, _Cached] = OrderedDict()
        # id(tracker) -> how many of its leading events the database holds, for each tracker
        # this store handed out or saved and that is still alive (trackers are not hashable).
        self._stored: dict[int, int] = {}
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_wal)

    @contextlib.contextmanager
    def session_scope(self) -> Generator[Any, None, None]:
        """Rasa's, except that an error inside the session is raised as itself."""
        session = self.sessionmaker()
        try:
            try:
                ensure_schema_exists(session)
            except ValueError as e:  # Rasa's words and exit, for the one error they describe
                rasa.shared.utils.cli.print_error_and_exit(
                    f"Requested PostgreSQL schema '{e}' was not found in the database. To "
                    f"continue, please create the schema by running 'CREATE DATABASE {e};' "
                    "or unset the 'POSTGRESQL_SCHEMA' environment variable in order to "
                    "use the default schema. Exiting application."
                )
            yield session
        finally:
            session.close()

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
            and last_id == cached.last_id
            and self._stored.get(id(cached.tracker)) == len(cached.tracker.events)
        ):
            tracker = cached.tracker
        else:
            self._cache.pop(sender_id, None)
            # last_id was read before the events: a row written meanwhile makes the next read
            # reload.
            tracker = await super().retrieve(sender_id)
            if tracker is None:
                return None
            self._holds(tracker, len(tracker.events))
        if self.domain is not None:
            window = session_window.recent(tracker, self.domain.slots, self.recent_turns)
            if window is not tracker:  # every event it holds is stored, or made from stored ones
                self._holds(window, len(window.events))
                tracker = window
        self._remember(tracker, last_id)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        # Dropped first: if saving fails, the next turn reads the database.
        self._cache.pop(tracker.sender_id, None)
        await super().save(tracker)
        self._holds(tracker, len(tracker.events))
        # Inside the conversation's lock, so the newest row is this save's.
        self._remember(tracker, self._last_id(tracker.sender_id))

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        stored = self._stored.get(id(tracker))
        if stored is None:  # not from this store (a new conversation's): Rasa's count
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, len(tracker.events))

    def _holds(self, tracker: DialogueStateTracker, stored: int) -> None:
        key = id(tracker)
        if key not in self._stored:  # forgotten when the tracker is, before its id is reused
            weakref.finalize(tracker, self._stored.pop, key, None)
        self._stored[key] = stored

    def _remember(self, tracker: DialogueStateTracker, last_id: int) -> None:
        self._cache[tracker.sender_id] = _Cached(tracker, last_id)
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
