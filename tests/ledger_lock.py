"""Another writer holding the account database's write lock, for the tests of what chat writes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dunning_coach.accounts.store import AccountStore


@contextmanager
def ledger_locked(location: Path | str) -> Iterator[None]:
    """An import or another turn in the middle of its write: the writer's lock taken and a row
    written, not committed until the block ends (then rolled back, so the row is never seen). A
    write by the store inside the block fails (one of `connection.UNAVAILABLE`), at once or
    after its wait for the lock. On SQLite or PostgreSQL, as `location` names."""
    other = AccountStore(location)
    try:
        other.db.begin_write(1.0)
        other.db.execute(  # a row that names no customer: any ledger takes it
            "insert into excuse_log (intent, logged_on, logged_at) "
            "values ('another_writer', '2026-11-23', '2026-11-23T09:00:00')"
        )
        yield
        other.db.rollback()
    finally:
        other.close()
