"""Another writer holding the account database's write lock, for the tests of what chat writes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def ledger_locked(path: Path) -> Iterator[None]:
    """An import or another turn in the middle of its write: BEGIN IMMEDIATE and a row, not
    committed until the block ends (then rolled back, so the row is never seen). A write by the
    store inside the block fails with "database is locked", at once or after its busy timeout."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute(
            "insert into notes (customer_id, text, noted_on) "
            "values ('C1', 'another writer', '2026-11-23')"
        )
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()
