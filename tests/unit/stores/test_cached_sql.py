"""stores/cached_sql.py: a tracker read from memory only while the database has not moved on,
cut to its recent turns when long, and every event stored exactly once."""

from __future__ import annotations

import asyncio

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from stores import cached_sql
from stores.cached_sql import CachedSQLTrackerStore
from stores.session_window import RECENT_TURNS
from tests.unit.components.policies import domain
from tests.unit.stores.sessions import BEGAN, said, session, turn


def store(path, the_domain: Domain | None = None) -> CachedSQLTrackerStore:
    return CachedSQLTrackerStore(the_domain or Domain.empty(), dialect="sqlite", db=str(path))


def rows(store: CachedSQLTrackerStore, sender: str) -> list[str]:
    with store.engine.connect() as connection:
        query = "select data from events where sender_id = ? order by id"
        return [r[0] for r in connection.exec_driver_sql(query, (sender,))]


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


def test_a_new_conversations_first_turns_are_stored_once(tmp_path):
    """The in-memory tracker holds events stamped before its session start; counting the
    session's rows (Rasa's way) stored the first turn's last events a second time."""
    here = store(tmp_path / "t.db")
    opening = [
        SlotSet("session_started_metadata", {}, timestamp=BEGAN - 0.3),
        ActionExecuted("action_session_start", timestamp=BEGAN - 0.2),
        SessionStarted(timestamp=BEGAN),
        ActionExecuted("action_listen", timestamp=BEGAN + 0.1),
        *turn(5),
    ]
    asyncio.run(here.save(DialogueStateTracker.from_events("s", opening)))
    tracker = asyncio.run(here.retrieve("s"))
    for event in turn(6):
        tracker.update(event)
    asyncio.run(here.save(tracker))
    assert len(rows(here, "s")) == len(set(rows(here, "s"))) == len(opening) + len(turn(6))


def test_a_long_session_is_handed_out_cut_and_stored_whole(tmp_path):
    here = store(tmp_path / "t.db", domain())
    asyncio.run(here.save(session(100)))
    tracker = asyncio.run(here.retrieve("rep"))
    assert said(tracker) == [f"message {n}" for n in range(91, 101)]
    assert tracker.get_slot("registered") is True  # set at the session's start
    for n in range(101, 101 + 3 * RECENT_TURNS):  # turns through cuts
        tracker = asyncio.run(here.retrieve("rep"))
        for event in turn(n):
            tracker.update(event)
        asyncio.run(here.save(tracker))
    stored = rows(here, "rep")
    assert len(stored) == len(set(stored)) == len(session(100 + 3 * RECENT_TURNS).events)
    restarted = store(tmp_path / "t.db", domain())
    full = asyncio.run(restarted.retrieve_full_tracker("rep"))
    assert said(full) == [f"message {n}" for n in range(1, 101 + 3 * RECENT_TURNS)]
    assert said(asyncio.run(restarted.retrieve("rep")))[-1] == f"message {100 + 3 * RECENT_TURNS}"


def test_a_sender_id_the_database_cannot_encode_is_an_error_not_the_end_of_the_process(tmp_path):
    # Rasa's session_scope takes every ValueError for a missing PostgreSQL schema and exits;
    # a lone surrogate in a sender id is a UnicodeEncodeError (a ValueError) from the driver.
    here = store(tmp_path / "t.db")
    odd = "x\udc80y"
    with pytest.raises(UnicodeEncodeError):
        asyncio.run(here.retrieve(odd))
    with pytest.raises(UnicodeEncodeError):
        asyncio.run(here.save(DialogueStateTracker.from_events(odd, [UserUttered("hi")])))
    asyncio.run(here.save(DialogueStateTracker.from_events("s", [UserUttered("still here")])))
    assert said(asyncio.run(store(tmp_path / "t.db").retrieve("s"))) == ["still here"]


def test_a_missing_postgresql_schema_still_stops_start_up(tmp_path, monkeypatch):
    here = store(tmp_path / "t.db")
    monkeypatch.setattr(cached_sql, "ensure_schema_exists", _schema_missing)
    with pytest.raises(SystemExit):
        asyncio.run(here.retrieve("s"))


def _schema_missing(session) -> None:
    raise ValueError("dunning")
