"""stores/cached_sql.py: a tracker read from memory only while the database has not moved on."""

from __future__ import annotations

import asyncio

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from stores.cached_sql import CachedSQLTrackerStore


def store(path) -> CachedSQLTrackerStore:
    return CachedSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(path))


def said(tracker: DialogueStateTracker) -> list[str]:
    return [e.text for e in tracker.events if isinstance(e, UserUttered)]


def test_a_saved_tracker_is_served_from_memory_and_survives_a_new_process(tmp_path):
    first = store(tmp_path / "t.db")
    tracker = DialogueStateTracker.from_events("s", [UserUttered("hi"), ActionExecuted("utter_x")])
    asyncio.run(first.save(tracker))
    assert asyncio.run(first.retrieve("s")) is tracker  # no rebuild from the database
    restarted = store(tmp_path / "t.db")  # a restart: nothing in memory
    assert said(asyncio.run(restarted.retrieve("s"))) == ["hi"]
    assert asyncio.run(first.retrieve("nobody")) is None


def test_another_server_writing_the_conversation_makes_the_next_read_go_to_the_database(tmp_path):
    here, there = store(tmp_path / "t.db"), store(tmp_path / "t.db")
    asyncio.run(here.save(DialogueStateTracker.from_events("s", [UserUttered("one")])))
    theirs = asyncio.run(there.retrieve("s"))
    theirs.update(UserUttered("two"))
    asyncio.run(there.save(theirs))
    assert said(asyncio.run(here.retrieve("s"))) == ["one", "two"]


def test_a_turn_that_changed_the_tracker_without_saving_is_not_served_again(tmp_path):
    here = store(tmp_path / "t.db")
    asyncio.run(here.save(DialogueStateTracker.from_events("s", [UserUttered("one")])))
    half_done = asyncio.run(here.retrieve("s"))
    half_done.update(UserUttered("lost in a crash"))  # never saved
    assert said(asyncio.run(here.retrieve("s"))) == ["one"]


def test_the_tracker_file_is_in_wal_mode(tmp_path):
    here = store(tmp_path / "t.db")
    asyncio.run(here.save(DialogueStateTracker.from_events("s", [UserUttered("one")])))
    with here.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
