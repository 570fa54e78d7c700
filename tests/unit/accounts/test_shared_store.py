"""accounts/shared_store.py: one ledger per server thread, opened again whenever it must be."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from dunning_coach.accounts import shared_store
from dunning_coach.accounts.store import AccountStore


@pytest.fixture
def ledger(tmp_path, monkeypatch):
    path = tmp_path / "ledger.db"
    monkeypatch.setenv("DUNNING_DB", str(path))
    with AccountStore(path) as store:
        store.write_import({"reps": [dict(rep_id="R1", name="Dana", role="rep", rest_id="dana")]})
    return path


def _names(store: AccountStore) -> list[str]:
    return [r["name"] for r in store.db.query("select name from reps order by rep_id")]


def test_turns_on_one_thread_share_one_open_ledger_and_see_what_others_wrote(ledger):
    with shared_store.turn_store(1.0) as first:
        assert _names(first) == ["Dana"]
    with AccountStore(ledger) as importer:  # another process's import, between two turns
        importer.write_import({"reps": [dict(rep_id="R2", name="Sam", role="rep")]})
    with shared_store.turn_store(1.0) as second:
        assert second is first
        assert _names(second) == ["Dana", "Sam"]


def test_another_thread_gets_its_own_connection(ledger):
    with shared_store.turn_store(1.0) as mine:
        pass
    theirs: list[AccountStore] = []

    def turn() -> None:
        with shared_store.turn_store(1.0) as store:
            theirs.append(store)
            assert _names(store) == ["Dana"]
        shared_store.close()

    worker = threading.Thread(target=turn)
    worker.start()
    worker.join()
    assert theirs and theirs[0] is not mine


def test_a_ledger_rebuilt_at_the_same_path_is_opened_again(ledger):
    with shared_store.turn_store(1.0) as before:
        assert _names(before) == ["Dana"]
    for suffix in ("", "-wal", "-shm"):
        ledger.with_name(ledger.name + suffix).unlink(missing_ok=True)
    with AccountStore(ledger) as rebuilt:
        rebuilt.write_import({"reps": [dict(rep_id="R9", name="Kim", role="rep")]})
    with shared_store.turn_store(1.0) as after:
        assert after is not before
        assert _names(after) == ["Kim"]


def test_a_failed_turn_leaves_nothing_open_for_the_next(ledger):
    def failing_turn(store: AccountStore) -> None:
        with store.writing():
            store.db.execute("insert into reps (rep_id, name, role) values ('R3', 'X', 'rep')")
            store.db.execute("select * from no_such_table")

    with pytest.raises(sqlite3.OperationalError), shared_store.turn_store(1.0) as failing:
        failing_turn(failing)
    with shared_store.turn_store(1.0) as next_turn:
        assert next_turn is not failing
        assert not next_turn.db.in_transaction
        assert _names(next_turn) == ["Dana"]  # the failed turn's write was rolled back


def test_another_ledger_or_write_wait_opens_the_ledger_again(ledger, tmp_path, monkeypatch):
    with shared_store.turn_store(1.0) as first:
        pass
    with shared_store.turn_store(0.5) as waits_less:
        assert waits_less is not first
    other = tmp_path / "other.db"
    monkeypatch.setenv("DUNNING_DB", str(other))
    with shared_store.turn_store(0.5) as elsewhere:
        assert elsewhere.path == other and _names(elsewhere) == []
